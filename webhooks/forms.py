from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks.addresses import url_problem
from webhooks.models import Event


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the events are sent (POST, JSON); https:// only."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Nothing is sent to an endpoint that is switched off."),
    )

    def __init__(self, *args, endpoint=None, **kwargs):
        if endpoint is not None:
            kwargs.setdefault(
                "initial",
                {"url": endpoint.url, "events": endpoint.events, "active": endpoint.active},
            )
        super().__init__(*args, **kwargs)
        if endpoint is None:
            del self.fields["active"]

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        problem = url_problem(url)
        if problem:
            raise forms.ValidationError(problem)
        return url

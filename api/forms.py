"""Settings → API: the form that creates a token (api.tokens.token_create)."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import no_control_characters
from accounts.widgets import DateInput
from api.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        validators=[no_control_characters],
        help_text=_("What the token is for, e.g. “Nightly export to the data warehouse”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Read only suits exports and dashboards. Read and write lets the token change "
            "teams, targets, rounds, actions and answers as a manager of the organisation can."
        ),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        help_text=_("From this day on the token no longer works. Leave empty: no expiry."),
    )

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return expires_on

    def expires_at(self):
        """The moment the token stops working: the start of the chosen day, local time."""
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on is None:
            return None
        return timezone.make_aware(datetime.combine(expires_on, time.min))

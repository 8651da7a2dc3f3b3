from django import forms
from django.utils.translation import gettext_lazy

from accounts.widgets import DateInput
from dashboards.selectors import SORTS, Filters


class FilterForm(forms.Form):
    model = forms.TypedChoiceField(
        label=gettext_lazy("Model"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=DateInput(attrs={"class": "form-control"}),
    )
    end = forms.DateField(
        label=gettext_lazy("Until"),
        required=False,
        widget=DateInput(attrs={"class": "form-control"}),
    )
    stale = forms.IntegerField(
        label=gettext_lazy("Not assessed for (months)"),
        min_value=1,
        max_value=60,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "placeholder": "6"}),
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args, models, **kwargs):
        super().__init__(*args, **kwargs)
        self.models = {model.pk: model for model in models}
        # The version only where two models share a name: the name alone is long already.
        names = [str(model.name) for model in models]
        self.fields["model"].choices = [
            (model.pk, f"{model.name} {model.version}" if names.count(name) > 1 else name)
            for model, name in zip(models, names, strict=True)
        ]

    def filters(self, default_model):
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            start, end = end, start
        return Filters(
            model=self.models.get(data.get("model")) or default_model,
            start=start,
            end=end,
            stale_months=data.get("stale") or 6,
            sort=data.get("sort") or "name",
        )

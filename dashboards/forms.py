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
    round = forms.TypedChoiceField(
        label=gettext_lazy("Round"),
        coerce=int,
        required=False,
        empty_value=None,
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

    def __init__(self, *args, models, rounds=(), **kwargs):
        """`rounds`: the organisation's rounds of these models, the most recent first."""
        super().__init__(*args, **kwargs)
        self.models = {model.pk: model for model in models}
        self.rounds = {round_.pk: round_ for round_ in rounds}
        # The version only where two models share a name: the name alone is long already.
        names = [str(model.name) for model in models]
        self.fields["model"].choices = [
            (model.pk, f"{model.name} {model.version}" if names.count(name) > 1 else name)
            for model, name in zip(models, names, strict=True)
        ]
        # Any of the organisation's rounds is accepted (one of the model chosen before is
        # dropped in `filters`), but the list shows the rounds of the model shown.
        every_round = [("", gettext_lazy("Latest results"))]
        self.fields["round"].choices = every_round + [(r.pk, r.label) for r in rounds]
        shown = self._shown_model(models[0] if models else None)
        self.fields["round"].widget.choices = every_round + [
            (r.pk, r.label) for r in rounds if shown is not None and r.model_id == shown.pk
        ]
        if not rounds:  # an organisation that has run no round is not asked to choose one
            self.fields["round"].widget = forms.HiddenInput()

    def _shown_model(self, default_model):
        """The model the page shows, read from the raw data as `filters` reads it cleaned."""
        data = self.data if self.is_bound else {}
        return self._model(_number(data.get("model")), _number(data.get("round")), default_model)

    def _model(self, model_pk, round_pk, default_model):
        if model_pk in self.models:
            return self.models[model_pk]
        if round_pk in self.rounds:  # a link to a round alone shows the round's model
            return self.models.get(self.rounds[round_pk].model_id, default_model)
        return default_model

    def filters(self, default_model):
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            start, end = end, start
        model = self._model(data.get("model"), data.get("round"), default_model)
        round_ = self.rounds.get(data.get("round"))
        if round_ is not None and (model is None or round_.model_id != model.pk):
            round_ = None  # the model was changed: the round of the other one no longer applies
        return Filters(
            model=model,
            round=round_,
            start=start,
            end=end,
            stale_months=data.get("stale") or 6,
            sort=data.get("sort") or "name",
        )


def _number(text):
    text = str(text or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None

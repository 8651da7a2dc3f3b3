"""The filters of the common gaps (page, exports): model version, dimension and round."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy

from assessments import selectors
from rounds.models import Round

if TYPE_CHECKING:
    from accounts.models import Organisation
    from maturity.models import MaturityModel


@dataclass(frozen=True)
class GapFilters:
    model: MaturityModel | None  # None: the organisation uses no model
    round: Round | None = None
    dimension: str | None = None

    def query(self) -> str:
        """The filters as a query string, for links to the exports and the team lists."""
        parts = []
        if self.model is not None:
            parts.append(f"model={self.model.pk}")
        if self.dimension:
            parts.append(f"dimension={self.dimension}")
        if self.round is not None:
            parts.append(f"round={self.round.pk}")
        return "&".join(parts)


class GapFilterForm(forms.Form):
    model = forms.TypedChoiceField(
        label=gettext_lazy("Model"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    dimension = forms.ChoiceField(
        label=gettext_lazy("Dimension"),
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

    def __init__(self, *args, models, rounds=(), **kwargs):
        """`models`: the organisation's model versions (the first is the default); `rounds`:
        its rounds of them, the most recent first. Only the chosen model's dimensions and
        rounds are accepted: another one is an error, and the filter is then ignored."""
        super().__init__(*args, **kwargs)
        self.models = {model.pk: model for model in models}
        names = [str(model.name) for model in models]
        self.fields["model"].choices = [
            (model.pk, f"{model.name} {model.version}" if names.count(name) > 1 else name)
            for model, name in zip(models, names, strict=True)
        ]
        self.model = self._shown_model(models[0] if models else None)
        dimensions = selectors.ModelDisplay.of(self.model).dimensions if self.model else {}
        self.fields["dimension"].choices = [("", gettext_lazy("All dimensions"))] + [
            (key, dimension.name) for key, dimension in dimensions.items()
        ]
        self.rounds = {r.pk: r for r in rounds if self.model and r.model_id == self.model.pk}
        self.fields["round"].choices = [("", gettext_lazy("Latest results"))] + [
            (r.pk, r.label) for r in self.rounds.values()
        ]
        if not self.rounds:  # no round of this model: nothing to choose
            self.fields["round"].widget = forms.HiddenInput()

    def _shown_model(self, default_model):
        text = str(self.data.get("model") or "") if self.is_bound else ""
        if text.isascii() and text.isdigit() and len(text) <= 18:
            return self.models.get(int(text), default_model)
        return default_model

    def filters(self) -> GapFilters:
        self.is_valid()  # an invalid field is left out of cleaned_data: that filter is ignored
        data = getattr(self, "cleaned_data", {})
        return GapFilters(
            model=self.model,
            round=self.rounds.get(data.get("round")),
            dimension=data.get("dimension") or None,
        )


def gap_filters(organisation: Organisation, data=None) -> tuple[GapFilterForm, GapFilters]:
    """The form for the request's query (`data`, None when there is none) and the filters it
    gives: two queries (the models and the rounds)."""
    models = list(selectors.models_for(organisation))
    rounds = list(
        Round.objects.filter(organisation=organisation, model__in=[m.pk for m in models]).order_by(
            "-opens_on", "-pk"
        )
    )
    form = GapFilterForm(data or None, models=models, rounds=rounds)
    return form, form.filters()

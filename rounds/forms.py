import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import ModelIdsField
from accounts.models import Team, User
from accounts.validators import no_control_characters
from accounts.widgets import DateInput
from assessments import selectors as assessment_selectors
from assessments.dates import date_window, validate_assessment_date
from rounds import selectors, services

DEFAULT_WEEKS = 2
ALL_TEAMS, CHOSEN_TEAMS = "all", "chosen"


def parse_days(text: str) -> list[int]:
    """ "3, 1" → [3, 1]: whole days before the deadline, separated by commas or spaces."""
    parts = text.replace(",", " ").split()
    if any(not (part.isascii() and part.isdigit()) or len(part) > 3 for part in parts):
        raise forms.ValidationError(
            _("Write whole days, separated by commas, such as “3, 1”."), code="days"
        )
    try:
        return services.clean_reminder_days(int(part) for part in parts)
    except services.RoundError as error:
        raise forms.ValidationError(str(error), code="days") from None


def _dates(field):
    earliest, latest = date_window()
    field.widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())
    return field


class RoundForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=60,
        validators=[no_control_characters],
        help_text=_("For example “2027 Q1”; each team's assessment is named after it."),
    )
    model = forms.ModelChoiceField(label=_("Maturity model"), queryset=None, empty_label=None)
    opens_on = forms.DateField(
        label=_("Opening date"),
        widget=DateInput(),
        validators=[validate_assessment_date],
        help_text=_("The respondents are invited by e-mail on this day."),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput(),
        validators=[validate_assessment_date],
        help_text=_(
            "The last day to answer. Afterwards complete assessments are submitted; "
            "the others stay open and are listed as late."
        ),
    )
    which_teams = forms.ChoiceField(
        label=_("Teams"),
        choices=[
            (ALL_TEAMS, _("All active teams")),
            (CHOSEN_TEAMS, _("The teams chosen below")),
        ],
        widget=forms.RadioSelect,
        initial=ALL_TEAMS,
    )
    teams = ModelIdsField(
        label=_("Chosen teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "round-team"}),
        help_text=_("Archived teams do not take part."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        help_text=_(
            "Managers and facilitators see how many chose each level, never who chose what."
        ),
    )
    reminder_days = forms.CharField(
        label=_("Reminders (days before the deadline)"),
        required=False,
        max_length=40,
        initial="3, 1",
        help_text=_("Those who have not finished are reminded on these days; empty: no reminders."),
    )

    def __init__(self, *args, organisation, **kwargs):
        today = timezone.localdate()
        initial = {
            "opens_on": today,
            "deadline": today + datetime.timedelta(weeks=DEFAULT_WEEKS),
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.organisation = organisation
        self.active_teams = Team.objects.filter(organisation=organisation, archived=False)
        self.fields["model"].queryset = assessment_selectors.models_for(organisation)
        self.fields["teams"].queryset = self.active_teams.order_by("name", "pk")
        _dates(self.fields["opens_on"])
        _dates(self.fields["deadline"])

    def clean_reminder_days(self):
        return parse_days(self.cleaned_data["reminder_days"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("which_teams") == CHOSEN_TEAMS and not cleaned.get("teams"):
            self.add_error("teams", _("Choose at least one team, or all active teams."))
        return cleaned

    def chosen_teams(self) -> list[Team]:
        if self.cleaned_data["which_teams"] == ALL_TEAMS:
            return list(self.active_teams.select_related("organisation"))
        return list(self.cleaned_data["teams"])


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"), widget=DateInput(), validators=[validate_assessment_date]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dates(self.fields["deadline"]).widget.attrs["class"] = "form-control form-control-sm"


class RespondentField(ModelIdsField):
    def label_from_instance(self, user):
        return f"{user.name} <{user.email}>" if user.name else user.email


class RespondentsForm(forms.Form):
    respondents = RespondentField(
        label=_("Respondents"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The team's members and the organisation's managers and administrators may "
            "answer; viewers only read results."
        ),
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondents"].queryset = selectors.respondent_candidates(entry)


class ProgressFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        choices=[
            ("", _("All teams")),
            (selectors.NOT_STARTED, _("Not started")),
            (selectors.ANSWERING, _("Answering")),
            (selectors.FINISHED, _("All respondents finished")),
            (selectors.DISAGREEMENT, _("Disagreement waiting")),
            (selectors.SUBMITTED, _("Submitted")),
            (selectors.LATE, _("Late")),
        ],
    )
    q = forms.CharField(
        label=_("Team name"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )

    def filters(self) -> tuple[str, str]:
        """(state, search) as understood; a value that is not understood is left out."""
        if not self.is_bound:
            return "", ""
        self.is_valid()
        return self.cleaned_data.get("state", ""), self.cleaned_data.get("q", "")

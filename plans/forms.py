import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role, User
from accounts.validators import no_control_characters
from accounts.widgets import DateInput
from assessments.selectors import models_for
from maturity.models import Area, Characteristic
from plans import services
from plans.models import MAX_NOTE_LENGTH, MAX_TITLE_LENGTH, Action
from plans.selectors import PENDING, UNASSIGNED

# The statuses as plans name them, in a context of their own: "Done" and "In progress" are
# translated for reports and rounds already, differently from what an action's status says.
STATUS_LABELS = dict(Action.Status.choices)  # "action status" labels


def possible_owners(team):
    """The people who may own the team's actions (services.owner_problem's rule): named in
    the team, not viewers."""
    named = Membership.objects.filter(organisation_id=team.organisation_id, teams=team)
    return User.objects.filter(pk__in=named.exclude(role=Role.VIEWER).values("user_id")).order_by(
        "name", "email"
    )


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return str(user)


class CharacteristicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, characteristic):
        return f"{characteristic.area.name} · {characteristic.text}"


class ActionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=MAX_TITLE_LENGTH, validators=[no_control_characters]
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    owner = OwnerChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("A member of the team."),
        # The team's people, not what they answered (tests/security/test_anonymous.py).
        widget=forms.Select(attrs={"data-people-list": True}),
    )
    due = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=list(STATUS_LABELS.items()))
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("No area")
    )
    characteristic = CharacteristicChoiceField(
        label=_("Characteristic it serves"),
        queryset=Characteristic.objects.none(),
        required=False,
        empty_label=_("None: a free action"),
        help_text=_("Its area is taken from it."),
    )
    # When the action was last changed as the form showed it: a later change is not overwritten.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, team, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        owners = possible_owners(team)
        if getattr(action, "owner_id", None):  # kept while they own it, even after leaving
            owners = owners | User.objects.filter(pk=action.owner_id)
        self.fields["owner"].queryset = owners
        # What the action serves stays choosable even when its model is no longer in use.
        in_use = Q(model__in=models_for(team.organisation))
        self.fields["area"].queryset = (
            Area.objects.filter(in_use | Q(pk=getattr(action, "area_id", None)))
            .select_related("model")
            .order_by("model__slug", "model__version", "position")
        )
        self.fields["characteristic"].queryset = (
            Characteristic.objects.filter(in_use | Q(pk=getattr(action, "characteristic_id", None)))
            .select_related("area")
            .order_by(
                "model__slug", "model__version", "area__position", "level__number", "position"
            )
        )
        if action is not None:
            self.initial = {
                "title": action.title,
                "note": action.note,
                "owner": action.owner_id,
                "due": action.due,
                "status": action.status,
                "area": action.area_id,
                "characteristic": action.characteristic_id,
                "seen": action.updated_at.isoformat(),
                **self.initial,
            }

    def clean_seen(self):
        value = self.cleaned_data.get("seen") or ""
        if not value:
            return None
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(_("Open the action again and repeat the change.")) from None

    def fields_for_service(self):
        data = self.cleaned_data
        return {name: data[name] for name in services.EDITABLE}


class PlanFilterForm(forms.Form):
    """The plan page's filters (GET): by owner and by status."""

    owner = forms.ChoiceField(
        label=_("Owner"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select", "data-people-list": True}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("Everybody")),
            (UNASSIGNED, _("Nobody yet")),
            *((str(user.pk), str(user)) for user in possible_owners(team)),
        ]
        self.fields["status"].choices = [
            ("", _("Any status")),
            (PENDING, _("Open or in progress")),
            *STATUS_LABELS.items(),
        ]

    def filters(self):
        """(owner, status) for plans.selectors.team_plan; a value not understood is no filter."""
        if not self.is_bound:
            return None, None
        self.is_valid()
        data = self.cleaned_data
        return data.get("owner") or None, data.get("status") or None

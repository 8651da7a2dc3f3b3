from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from accounts.widgets import DateInput
from api.models import ApiToken
from audit import scope
from audit.models import Kind


class EntryFilterForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int)
    object_kind = forms.ChoiceField(label=_("Object"), required=False)
    kind = forms.ChoiceField(label=_("Change"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, data, *, organisation):
        super().__init__(data)
        people = [
            (membership.user_id, str(membership.user))
            for membership in Membership.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("user__name", "user__email")
        ]
        tokens = [
            (token.user_id, f"API: {token.name}")
            for token in ApiToken.objects.filter(organisation=organisation).order_by("name")
        ]
        everyone = [("", _("Everyone"))]
        self.fields["person"].choices = everyone + people + tokens
        self.fields["object_kind"].choices = [("", _("All objects"))] + scope.object_kinds()
        self.fields["kind"].choices = [("", _("All changes")), *Kind.choices]
        for name, field in self.fields.items():
            css = "form-control" if name in ("since", "until") else "form-select"
            field.widget.attrs["class"] = css

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "person": data.get("person") or None,
            "object_kind": data.get("object_kind") or "",
            "kind": data.get("kind") or "",
            "since": data.get("since"),
            "until": data.get("until"),
        }

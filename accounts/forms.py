from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.addresses import normalise_email, unambiguous_email
from accounts.models import Organisation, Role, Team, User
from accounts.validators import no_control_characters


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class EmailPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        """Active users with a password whose stored address is this one, normalised.

        Django's own form looks up with `email__iexact`, which PostgreSQL's UPPER() lets
        match look-alikes (ı for i); the link still goes to the stored address.
        """
        users = User._default_manager.filter(email=normalise_email(email), is_active=True)
        return (user for user in users if user.has_usable_password())


def clean_slug_from_name(form, cleaned, name_field, slug_field):
    """The slug as given, or made from the name (cut to the field's length: a long name would
    not fit the column); an error beside the field if none results."""
    name = cleaned.get(name_field)
    slug = cleaned.get(slug_field)
    if not slug and name:
        slug = slugify(name)[: form.fields[slug_field].max_length].strip("-")
    if name and not slug:
        form.add_error(slug_field, _("Choose a short name of letters and digits."))
    cleaned[slug_field] = slug
    return slug


class PasswordFieldsMixin:
    """Two password fields, checked against each other and Django's validators."""

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise forms.ValidationError(_("The two passwords do not match."))
        if password2:
            user = User(
                email=self.cleaned_data.get("email") or "", name=self.cleaned_data.get("name", "")
            )
            password_validation.validate_password(password2, user)
        return password2


def password_fields():
    return (
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=password_validation.password_validators_help_text_html(),
        ),
        forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


class SignupForm(PasswordFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, validators=[no_control_characters])
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        validators=[unambiguous_email],
    )
    password1, password2 = password_fields()
    organisation_name = forms.CharField(
        label=_("Organisation"), max_length=120, validators=[no_control_characters]
    )
    organisation_slug = forms.SlugField(
        label=_("Short name of the organisation"),
        max_length=60,
        required=False,
        help_text=_("Used in addresses; made from the name if left empty."),
    )

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("An account with this e-mail address exists already."))
        return email

    def clean(self):
        cleaned = super().clean()
        slug = clean_slug_from_name(self, cleaned, "organisation_name", "organisation_slug")
        if slug and Organisation.objects.filter(slug=slug).exists():
            self.add_error(
                "organisation_slug",
                _("The short name “%(slug)s” is already taken. Choose another.") % {"slug": slug},
            )
        return cleaned


class InvitationAcceptForm(PasswordFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150, validators=[no_control_characters])
    password1, password2 = password_fields()

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password2(self):
        self.cleaned_data["email"] = self.email
        return super().clean_password2()


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name"]


# Words that stand beside team slugs in addresses (settings/teams/new/).
RESERVED_TEAM_SLUGS = {"new"}


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "slug", "description", "archived"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Used in addresses; made from the name if left empty.")
        if self.instance.pk is None:
            del self.fields["archived"]

    def clean(self):
        cleaned = super().clean()
        slug = clean_slug_from_name(self, cleaned, "name", "slug")
        if slug in RESERVED_TEAM_SLUGS:
            self.add_error("slug", _("“%(slug)s” is reserved. Choose another.") % {"slug": slug})
        taken = Team.objects.filter(organisation=self.organisation, slug=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if slug and taken.exists():
            self.add_error(
                "slug",
                _("A team with the short name “%(slug)s” exists already. Choose another.")
                % {"slug": slug},
            )
        return cleaned

    def validate_unique(self):
        # Uniqueness within the organisation is checked in clean(), with a clearer message.
        pass


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Several objects chosen by id; an id beyond 64 bits is an invalid choice.

    Django 5.2 passes such an id on to an `__in` query, where SQLite raises OverflowError
    (a server error) instead of finding nothing.
    """

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            try:
                too_large = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue  # not a number: Django's own check names it
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


def teams_field():
    return ModelIdsField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members and viewers see only the teams they belong to."),
    )


class TeamChoiceMixin:
    def limit_teams(self, organisation):
        self.fields["teams"].queryset = Team.objects.filter(
            organisation=organisation, archived=False
        )


class InvitationForm(TeamChoiceMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), validators=[unambiguous_email])
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    teams = teams_field()

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_teams(organisation)


class MembershipForm(TeamChoiceMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    teams = teams_field()

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_teams(organisation)

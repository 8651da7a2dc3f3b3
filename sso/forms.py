import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from accounts.forms import EmailAuthenticationForm
from accounts.models import Team
from sso.models import Provider, parse_team_map, split_domains
from sso.providers import sso_required_for

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class SsoAwareAuthenticationForm(EmailAuthenticationForm):
    """The login page's form: a right password of a member of an organisation that requires
    single sign-on is refused, with the way in that works instead."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        required = sso_required_for(user)
        if required:
            # A failed sign-in for the audit log (and django-axes' count), though the
            # password was right.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.email}, request=self.request
            )
            raise forms.ValidationError(
                _(
                    "%(organisation)s requires single sign-on: use “Sign in with single "
                    "sign-on” below with your e-mail address instead of your password."
                )
                % {"organisation": required[0].name},
                code="sso_required",
            )


class FindProviderForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class ProviderForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again; leave empty to keep the saved one."),
    )

    issuer = forms.URLField(
        label=_("Issuer URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "The address before /.well-known/openid-configuration, "
            "e.g. https://login.microsoftonline.com/<tenant>/v2.0."
        ),
    )

    class Meta:
        model = Provider
        fields = [
            "name",
            "issuer",
            "client_id",
            "client_secret",
            "allowed_domains",
            "default_role",
            "groups_claim",
            "team_map",
            "require_sso",
            "enabled",
        ]
        widgets = {
            "allowed_domains": forms.TextInput(),
            "team_map": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _("Shown on the button, e.g. “Contoso Entra ID”."),
            "allowed_domains": _("E-mail domains that may sign in, comma-separated."),
            "default_role": _("The role of people who join by signing in for the first time."),
            "groups_claim": _("The ID token's claim listing the person's groups, e.g. groups."),
            "team_map": _("One “group = team-slug” per line: members of the group join the team."),
            "require_sso": _("Members can no longer log in with a password."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["client_secret"].required = not (
            self.instance.pk and self.instance.client_secret_encrypted
        )

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"].strip().rstrip("/")
        parts = urlsplit(issuer)
        if parts.scheme != "https" and not (settings.DEBUG or settings.SSO_ALLOW_HTTP):
            raise forms.ValidationError(_("The issuer must be an https:// address."))
        if parts.scheme not in ("http", "https") or parts.query or parts.fragment:
            raise forms.ValidationError(_("Enter the issuer without query or fragment."))
        return issuer

    def clean_allowed_domains(self):
        domains = split_domains(self.cleaned_data["allowed_domains"])
        if not domains:
            raise forms.ValidationError(_("Enter at least one e-mail domain."))
        bad = [domain for domain in domains if not DOMAIN.match(domain)]
        if bad:
            raise forms.ValidationError(
                _("Not a domain: %(domains)s") % {"domains": ", ".join(bad)}
            )
        taken = set()
        others = Provider.objects.exclude(organisation=self.organisation)
        for other in others.values_list("allowed_domains", flat=True):
            taken |= set(split_domains(other)) & set(domains)
        if taken:
            raise forms.ValidationError(
                _("Another organisation signs in %(domains)s.")
                % {"domains": ", ".join(sorted(taken))}
            )
        return ", ".join(dict.fromkeys(domains))

    def clean_team_map(self):
        text = self.cleaned_data["team_map"]
        mapping = parse_team_map(text)
        lines = [line for line in text.splitlines() if line.strip()]
        if len(mapping) != len(lines):
            raise forms.ValidationError(_("Write one “group = team-slug” per line."))
        slugs = set(mapping.values())
        known = set(
            Team.objects.filter(organisation=self.organisation, slug__in=slugs).values_list(
                "slug", flat=True
            )
        )
        unknown = sorted(slugs - known)
        if unknown:
            raise forms.ValidationError(
                _("No such team: %(teams)s") % {"teams": ", ".join(unknown)}
            )
        return "\n".join(f"{group} = {team}" for group, team in mapping.items())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("team_map") and not cleaned.get("groups_claim"):
            self.add_error("groups_claim", _("Name the groups claim for the team mapping."))
        return cleaned

    def save(self, commit=True):
        provider = super().save(commit=False)
        provider.organisation = self.organisation
        if self.cleaned_data.get("client_secret"):
            provider.client_secret = self.cleaned_data["client_secret"]
        if commit:
            provider.save()
        return provider

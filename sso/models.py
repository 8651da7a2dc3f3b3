"""An organisation's own OpenID Connect provider (Settings → Sign-in)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Role
from sso import crypto


def split_domains(text):
    """'Acme.example, acme.de' → ['acme.example', 'acme.de'] (lower case, no blanks)."""
    parts = text.replace("\n", ",").replace(" ", ",").split(",")
    return [part.strip().lower().lstrip("@") for part in parts if part.strip()]


def parse_team_map(text):
    """'group = team-slug' per line → {'group': 'team-slug'}."""
    mapping = {}
    for line in text.splitlines():
        group, sep, team = line.partition("=")
        if sep and group.strip() and team.strip():
            mapping[group.strip()] = team.strip()
    return mapping


class Provider(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="sso_provider",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=80)
    issuer = models.URLField(_("issuer URL"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=200)
    # Fernet token (sso/crypto.py): never the secret itself.
    client_secret_encrypted = models.TextField(_("client secret (encrypted)"), blank=True)
    allowed_domains = models.TextField(_("allowed e-mail domains"))
    default_role = models.CharField(
        _("default role"), max_length=16, choices=Role.choices, default=Role.MEMBER
    )
    groups_claim = models.CharField(_("groups claim"), max_length=100, blank=True)
    team_map = models.TextField(_("groups to teams"), blank=True)
    require_sso = models.BooleanField(_("require single sign-on for members"), default=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sign-in provider")
        verbose_name_plural = _("sign-in providers")

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def client_secret(self):
        return crypto.decrypt(self.client_secret_encrypted)

    @client_secret.setter
    def client_secret(self, value):
        self.client_secret_encrypted = crypto.encrypt(value)

    @property
    def domains(self):
        return split_domains(self.allowed_domains)

    @property
    def teams_by_group(self):
        return parse_team_map(self.team_map)

"""Accounts and memberships made or found by a single sign-on."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, Team, User


class SignInRefused(Exception):
    def __init__(self, message, email=""):
        super().__init__(message)
        self.email = email


def _groups(claims, claim):
    value = claims.get(claim) if claim else None
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value] if isinstance(value, list) else []


@transaction.atomic
def join(*, user, claims, provider):
    """A membership with the provider's default role in its organisation (first sign-in only)
    and the teams the groups claim maps to (added, never taken away)."""
    organisation = provider.organisation
    if organisation is None:
        return None
    role = provider.default_role if provider.default_role in Role.values else Role.MEMBER
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    slugs = {
        provider.teams_by_group[g]
        for g in _groups(claims, provider.groups_claim)
        if g in provider.teams_by_group
    }
    if slugs:
        teams = Team.objects.filter(organisation=organisation, slug__in=slugs, archived=False)
        membership.teams.add(*teams)
    return membership


def _printable(value):
    return "".join(ch for ch in str(value or "") if ch.isprintable()).strip()


def account_create(*, claims, provider):
    """Just in time: the account of the verified address, without a usable password."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=claims["email"], password=None, name=_printable(claims.get("name"))[:150]
        )
        join(user=user, claims=claims, provider=provider)
    return user


def account_sign_in(*, user, claims, provider):
    """An existing account: an organisation's provider signs in only its own members (or
    accounts that belong to no organisation), so that an administrator who lists another
    company's domain cannot take over that company's accounts; the site's provider is the
    operator's and signs in anyone it vouches for."""
    organisation = provider.organisation
    if provider.key != "site" and organisation is not None:
        memberships = set(user.memberships.values_list("organisation_id", flat=True))
        if memberships and organisation.pk not in memberships:
            raise SignInRefused(
                _(
                    "An account with this address already exists in another organisation. "
                    "Sign in with your password."
                ),
                user.email,
            )
    join(user=user, claims=claims, provider=provider)
    return user

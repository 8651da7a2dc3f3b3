"""Writes for accounts: sign-up, organisations, teams, memberships and invitations.

Each function runs in one transaction and raises `AccountsError` with a message for
the user when a rule forbids the change; views turn it into a message or form error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.addresses import email_problem, normalise_email
from accounts.models import Invitation, Membership, Organisation, Role, Team, User
from accounts.signals import organisation_created
from accounts.tasks import send_invitation_email

logger = logging.getLogger(__name__)


class AccountsError(Exception):
    """A change that the rules of the product forbid; the message is for the user.

    `field` names the form field the message belongs beside, if one does.
    """

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def _check_address(email):
    problem = email_problem(email)
    if problem:
        raise AccountsError(problem, field="email")


@transaction.atomic
def organisation_create(*, name: str, slug: str, admin: User) -> Organisation:
    taken = AccountsError(
        _("The short name “%(slug)s” is already taken.") % {"slug": slug},
        field="organisation_slug",
    )
    if Organisation.objects.filter(slug=slug).exists():
        raise taken
    try:
        # A concurrent sign-up may take the slug between the check and the insert.
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name, slug=slug)
    except IntegrityError:
        raise taken from None
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    organisation_created.send(sender=Organisation, organisation=organisation)
    return organisation


@transaction.atomic
def user_signup(
    *, email: str, name: str, password: str, organisation_name: str, organisation_slug: str
) -> tuple[User, Organisation]:
    """Create a user and their organisation, with them as its admin."""
    _check_address(email)
    email = normalise_email(email)
    exists = AccountsError(_("An account with this e-mail address exists already."), field="email")
    if User.objects.filter(email=email).exists():
        raise exists
    try:
        # A concurrent sign-up may take the address between the check and the insert.
        with transaction.atomic():
            user = User.objects.create_user(email=email, name=name, password=password)
    except IntegrityError:
        raise exists from None
    organisation = organisation_create(name=organisation_name, slug=organisation_slug, admin=user)
    return user, organisation


@transaction.atomic
def organisation_rename(*, organisation: Organisation, name: str) -> Organisation:
    organisation.name = name
    organisation.save(update_fields=["name"])
    return organisation


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, slug: str, description: str = "") -> Team:
    if Team.objects.filter(organisation=organisation, slug=slug).exists():
        raise AccountsError(
            _("A team with the short name “%(slug)s” exists already.") % {"slug": slug}
        )
    return Team.objects.create(
        organisation=organisation, name=name, slug=slug, description=description
    )


@transaction.atomic
def team_update(*, team: Team, name: str, slug: str, description: str, archived: bool) -> Team:
    if Team.objects.filter(organisation=team.organisation, slug=slug).exclude(pk=team.pk).exists():
        raise AccountsError(
            _("A team with the short name “%(slug)s” exists already.") % {"slug": slug}
        )
    team.name, team.slug, team.description, team.archived = name, slug, description, archived
    team.save(update_fields=["name", "slug", "description", "archived"])
    return team


def _ensure_an_admin_remains(membership):
    others = Membership.objects.select_for_update().filter(
        organisation=membership.organisation, role=Role.ADMIN
    )
    if not others.exclude(pk=membership.pk).exists():
        raise AccountsError(_("An organisation must keep at least one administrator."))


@transaction.atomic
def membership_update(*, membership: Membership, role: str, teams: Iterable[Team]) -> Membership:
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _ensure_an_admin_remains(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    membership.teams.set(teams)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    if membership.role == Role.ADMIN:
        _ensure_an_admin_remains(membership)
    membership.delete()


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    teams: Iterable[Team],
    by: User,
    base_url: str | None = None,
) -> Invitation:
    _check_address(email)
    email = normalise_email(email)
    if Membership.objects.filter(organisation=organisation, user__email=email).exists():
        raise AccountsError(
            _("%(email)s is already a member of this organisation.") % {"email": email}
        )
    _check_invitation_limits(email=email, by=by)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=by,
        language=get_language() or settings.LANGUAGE_CODE,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.teams.set(teams)
    _send_on_commit(invitation, base_url)
    return invitation


def _check_invitation_limits(*, email: str, by: User | None) -> None:
    """At most so many invitations an hour from one person, and to one address.

    Counted from the invitations' rows (each sends one e-mail at most), so the limits hold
    across processes and without the cache. Two requests at the same moment may both pass:
    a limit against flooding, not an exact quota.
    """
    recent = Invitation.objects.filter(created_at__gte=timezone.now() - timedelta(hours=1))
    per_sender = settings.INVITATIONS_PER_SENDER_PER_HOUR
    if by is not None and per_sender and recent.filter(invited_by=by).count() >= per_sender:
        raise AccountsError(
            ngettext(
                "You have sent %(count)s invitation in the last hour, as many as allowed. "
                "Try again later.",
                "You have sent %(count)s invitations in the last hour, as many as allowed. "
                "Try again later.",
                per_sender,
            )
            % {"count": per_sender}
        )
    per_address = settings.INVITATIONS_PER_ADDRESS_PER_HOUR
    # Across organisations: the limit protects the person who receives them.
    if per_address and recent.filter(email=email).count() >= per_address:
        raise AccountsError(
            _("%(email)s has been invited too often in the last hour. Try again later.")
            % {"email": email}
        )


def _send_on_commit(invitation, base_url):
    invitation.email_queued = None  # until the transaction commits
    transaction.on_commit(lambda: invitation_send(invitation=invitation, base_url=base_url))


def invitation_send(*, invitation: Invitation, base_url: str | None = None) -> bool:
    """Hand the invitation's e-mail to the queue, once committed; True if the queue took it.

    `base_url` ("https://host:port/") is where the link in the e-mail points; None: SITE_URL.

    A queue that cannot be reached (Redis down) must not turn the saved invitation into a
    server error: it is logged, `invitation.email_queued` is False, and the invitation stays
    listed as not sent, with "Send again". The task sends at most once, so again is harmless.
    """
    try:
        send_invitation_email.delay(invitation.pk, base_url)
    except Exception as error:  # the broker is down; in process, the mail server may be
        logger.warning("invitation %s: e-mail not sent, the queue failed: %r", invitation.pk, error)
        invitation.email_queued = False
        return False
    invitation.email_queued = True
    return True


@transaction.atomic
def invitation_resend(*, invitation: Invitation, base_url: str | None = None) -> Invitation:
    """Queue the e-mail of an open invitation whose e-mail has not gone out (again)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    email = {"email": invitation.email}
    if invitation.accepted_at:
        raise AccountsError(
            _("The invitation to %(email)s was accepted meanwhile: they are a member now.") % email
        )
    if invitation.revoked_at:
        raise AccountsError(_("The invitation to %(email)s has been withdrawn.") % email)
    if invitation.is_expired:
        raise AccountsError(
            _("The invitation to %(email)s has expired: withdraw it and invite again.") % email
        )
    if invitation.email_sent_at:
        raise AccountsError(_("The invitation e-mail to %(email)s has been sent already.") % email)
    _send_on_commit(invitation, base_url)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Withdraw an invitation that has not been used; withdrawing twice is harmless.

    The row is locked and read again (as `invitation_accept` does), so an acceptance that
    came in since the caller loaded it wins and is reported, rather than both succeeding.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise AccountsError(
            _("The invitation to %(email)s was accepted meanwhile: they are a member now.")
            % {"email": invitation.email}
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_problem(invitation: Invitation) -> str | None:
    """Why this invitation cannot be accepted, or None if it can."""
    if invitation.revoked_at:
        return _("This invitation has been withdrawn.")
    if invitation.accepted_at:
        return _("This invitation has been used already.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask for a new one.")
    return None


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None = None, name: str = "", password: str | None = None
) -> Membership:
    """Accept an invitation: attach `user`, or create an account from name and password.

    The invitation row is locked, so a double click or two tabs use it exactly once.
    """
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None:
        raise AccountsError(_("This invitation link is not valid."))
    problem = invitation_problem(invitation)
    if problem:
        raise AccountsError(problem)
    if user is None:
        _check_address(invitation.email)  # one invited before look-alikes were refused
        exists = AccountsError(
            _("An account for %(email)s exists already: log in to accept.")
            % {"email": invitation.email}
        )
        if User.objects.filter(email=invitation.email).exists():
            raise exists
        try:
            with transaction.atomic():  # a concurrent sign-up may take the address
                user = User.objects.create_user(
                    email=invitation.email, name=name, password=password
                )
        except IntegrityError:
            raise exists from None
    elif user.email != invitation.email:
        raise AccountsError(
            _("This invitation is for %(email)s, but you are logged in as %(you)s.")
            % {"email": invitation.email, "you": user.email}
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user, organisation=invitation.organisation, role=invitation.role
            )
    except IntegrityError:
        raise AccountsError(_("You are already a member of this organisation.")) from None
    membership.teams.set(invitation.teams.all())
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership

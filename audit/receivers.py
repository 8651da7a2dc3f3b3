"""Entries for what is not a plain row change: submits and reopens (sent once they have
committed), sign-ins and failed sign-ins. A failure to record is logged and never reaches the
person whose change it was (a savepoint keeps their transaction usable)."""

import logging
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from accounts.addresses import normalise_email
from accounts.models import Membership, Organisation
from accounts.throttling import client_address
from assessments.models import Assessment
from assessments.signals import assessment_reopened, assessment_submitted
from audit.events import entry_record
from audit.models import Kind
from audit.recording import deleted_organisations

logger = logging.getLogger(__name__)


def safely(receive):
    @wraps(receive)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                receive(*args, **kwargs)
        except Exception:
            logger.exception("an audit entry was not recorded (%s)", receive.__name__)

    return wrapper


def _assessments(ids, kind):
    for assessment in Assessment.objects.filter(pk__in=ids).select_related("team"):
        entry_record(obj=assessment, kind=kind, organisation_id=assessment.team.organisation_id)


@receiver(assessment_submitted, dispatch_uid="audit-submitted")
@safely
def assessment_submitted_record(sender, assessment_ids, **kwargs):
    _assessments(assessment_ids, Kind.SUBMITTED)


@receiver(assessment_reopened, dispatch_uid="audit-reopened")
@safely
def assessment_reopened_record(sender, assessment_ids, **kwargs):
    _assessments(assessment_ids, Kind.REOPENED)


@receiver(pre_delete, sender=Organisation, dispatch_uid="audit-organisation-deleted")
def organisation_deleting(sender, instance, **kwargs):
    deleted_organisations.add(instance.pk)


# The organisation's own row is deleted last (the rows that refer to it go first).
@receiver(post_delete, sender=Organisation, dispatch_uid="audit-organisation-deleted")
def organisation_deleted(sender, instance, **kwargs):
    deleted_organisations.discard(instance.pk)


def _organisations(user):
    return list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def _address(request):
    return client_address(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit-signed-in")
@safely
def signed_in_record(sender, request, user, **kwargs):
    # One entry in each organisation the person belongs to: each admin sees the sign-ins of
    # their own people (none for an API token's account, which never signs in).
    for organisation_id in _organisations(user) or [None]:
        entry_record(
            obj=user,
            kind=Kind.SIGNED_IN,
            organisation_id=organisation_id,
            actor=user,
            address=_address(request),
        )


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
@safely
def sign_in_failed_record(sender, credentials, request=None, **kwargs):
    # Only the account named is kept, never what was typed as a password. An address that
    # names no account is recorded for no organisation (the operator sees it in the Django
    # admin), without the text typed, which may be a mistyped password.
    named = credentials.get("username") or credentials.get("email") or ""
    email = normalise_email(str(named)).replace("\x00", "")
    user = get_user_model().objects.filter(email__iexact=email).first() if email else None
    if user is None:
        entry_record(
            obj=None,
            model=get_user_model(),
            kind=Kind.SIGN_IN_FAILED,
            organisation_id=None,
            address=_address(request),
        )
        return
    for organisation_id in _organisations(user) or [None]:
        entry_record(
            obj=user,
            kind=Kind.SIGN_IN_FAILED,
            organisation_id=organisation_id,
            address=_address(request),
        )

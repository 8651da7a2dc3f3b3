"""Entries for what is not a plain row change: submits and reopens (sent once they have
committed), sign-ins and failed sign-ins. A failure to record is logged and never reaches the
person whose change it was."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts.addresses import normalise_email
from accounts.models import Membership
from accounts.throttling import client_address
from assessments.models import Assessment
from assessments.signals import assessment_reopened, assessment_submitted
from audit.events import entry_record
from audit.models import Kind

logger = logging.getLogger(__name__)


def _assessments(ids, kind):
    try:
        for assessment in Assessment.objects.filter(pk__in=ids).select_related("team"):
            entry_record(obj=assessment, kind=kind, organisation_id=assessment.team.organisation_id)
    except Exception:
        logger.exception("audit entry %s was not recorded", kind)


@receiver(assessment_submitted, dispatch_uid="audit-submitted")
def assessment_submitted_record(sender, assessment_ids, **kwargs):
    _assessments(assessment_ids, Kind.SUBMITTED)


@receiver(assessment_reopened, dispatch_uid="audit-reopened")
def assessment_reopened_record(sender, assessment_ids, **kwargs):
    _assessments(assessment_ids, Kind.REOPENED)


def _organisations(user):
    return list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


@receiver(user_logged_in, dispatch_uid="audit-signed-in")
def signed_in_record(sender, request, user, **kwargs):
    # One entry in each organisation the person belongs to: each admin sees the sign-ins of
    # their own people.
    address = client_address(request) if request is not None else None
    try:
        for organisation_id in _organisations(user) or [None]:
            entry_record(
                obj=user,
                kind=Kind.SIGNED_IN,
                organisation_id=organisation_id,
                actor=user,
                address=address,
            )
    except Exception:
        logger.exception("audit entry for a sign-in was not recorded")


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def sign_in_failed_record(sender, credentials, request=None, **kwargs):
    # Only the account named is kept, never what was typed as a password; an address that names
    # no account is recorded for no organisation (the operator sees it in the Django admin),
    # without the text typed, which may be a mistyped password.
    address = client_address(request) if request is not None else None
    email = normalise_email(credentials.get("username") or credentials.get("email") or "")
    user = get_user_model().objects.filter(email__iexact=email).first() if email else None
    try:
        if user is None:
            entry_record(
                obj=None,
                model=get_user_model(),
                kind=Kind.SIGN_IN_FAILED,
                organisation_id=None,
                address=address,
            )
            return
        for organisation_id in _organisations(user) or [None]:
            entry_record(
                obj=user,
                kind=Kind.SIGN_IN_FAILED,
                organisation_id=organisation_id,
                actor=None,
                address=address,
            )
    except Exception:
        logger.exception("audit entry for a failed sign-in was not recorded")

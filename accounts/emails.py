from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Invitation


def invitation_url(invitation, base_url=None):
    """The link on the site's address the inviter used; SITE_URL when sent without a request."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    return base + reverse("accounts:invitation", args=[invitation.token])


def invitation_sender(invitation):
    """The sender as the invitee sees it, "Ann Admin via Maturity Assessments <noreply@…>":
    who invites them, from the address DEFAULT_FROM_EMAIL names (the one the site may send
    from)."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    site = gettext("Maturity Assessments")
    name = site
    if invitation.invited_by is not None:
        name = gettext("%(inviter)s via %(site)s") % {
            "inviter": invitation.invited_by,
            "site": site,
        }
    # One line: a name stored before line breaks were refused must not break the header.
    return str(Address(display_name=" ".join(name.split()), addr_spec=address))


def send_invitation(invitation_id, base_url=None):
    """Send the invitation e-mail once; a redelivered task finds it sent and stops.

    `base_url` is the address of the request that asked for it (already checked against
    ALLOWED_HOSTS by Django); a worker has no request of its own to read it from.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organisation", "invited_by")
            .filter(pk=invitation_id, email_sent_at__isnull=True, revoked_at__isnull=True)
            .first()
        )
        if invitation is None:
            return False
        with translation.override(invitation.language):
            context = {"invitation": invitation, "url": invitation_url(invitation, base_url)}
            subject = render_to_string("accounts/email/invitation_subject.txt", context)
            # One line: a name stored before line breaks were refused must not break the header.
            subject = " ".join(subject.split())
            body = render_to_string("accounts/email/invitation_body.txt", context)
            sender = invitation_sender(invitation)
        send_mail(subject, body, sender, [invitation.email])
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["email_sent_at"])
    return True

"""E-mails are plain text: names appear as written, never HTML-escaped (issue 14, item 11)."""

from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from accounts.emails import send_invitation
from tests.factories import InvitationFactory, OrganisationFactory, UserFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.django_db
def test_invitation_subject_and_body_show_names_as_written():
    organisation = OrganisationFactory(name="Smith & Sons <b>Ltd</b>")
    inviter = UserFactory(name='Ann "Nan" O\'Neil & Co')
    invitation = InvitationFactory(organisation=organisation, invited_by=inviter)

    assert send_invitation(invitation.pk)

    [message] = mail.outbox
    assert "Smith & Sons <b>Ltd</b>" in message.subject
    assert "Smith & Sons <b>Ltd</b>" in message.body
    assert 'Ann "Nan" O\'Neil & Co' in message.body
    for escaped in ("&amp;", "&lt;", "&quot;", "&#x27;", "&#39;"):
        assert escaped not in message.subject + message.body
    assert getattr(message, "alternatives", []) == []  # no HTML part that would need escaping


@pytest.mark.django_db
def test_password_reset_email_is_plain_text(client, member):
    client.post(reverse("accounts:password_reset"), {"email": member.email})

    [message] = mail.outbox
    assert "&amp;" not in message.subject + message.body
    assert "/accounts/password/reset/" in message.body
    assert getattr(message, "alternatives", []) == []


def mail_templates():
    return sorted(
        [*TEMPLATES.glob("*/email/*.txt"), *TEMPLATES.glob("registration/*_email.txt")]
        + list(TEMPLATES.glob("registration/*_subject.txt"))
    )


def test_every_plain_text_mail_template_turns_auto_escaping_off():
    """A subject or body rendered with Django's HTML escaping would show "&amp;" for "&"."""
    templates = mail_templates()

    assert len(templates) >= 4
    for template in templates:
        text = template.read_text(encoding="utf-8")
        assert "{% autoescape off %}" in text and text.rstrip().endswith("{% endautoescape %}"), (
            template.relative_to(TEMPLATES)
        )


@pytest.mark.django_db
def test_a_line_break_in_an_older_organisation_name_does_not_break_the_subject():
    """Names with line breaks are refused now, but one may have been stored before."""
    organisation = OrganisationFactory(name="Acme\nBcc: all@example.com")
    invitation = InvitationFactory(organisation=organisation)

    assert send_invitation(invitation.pk)

    [message] = mail.outbox
    assert "\n" not in message.subject
    assert "Acme Bcc: all@example.com" in message.subject
    assert message.bcc == []


@pytest.mark.django_db
def test_the_invitation_comes_from_the_inviter_via_the_site(settings):
    settings.DEFAULT_FROM_EMAIL = "Maturity Assessments <noreply@example.com>"
    inviter = UserFactory(name="Max Muster")
    invitation = InvitationFactory(invited_by=inviter, language="de")

    assert send_invitation(invitation.pk)

    [message] = mail.outbox
    assert message.from_email == "Max Muster via Reifegradbewertungen <noreply@example.com>"


@pytest.mark.django_db
def test_an_invitation_without_inviter_comes_from_the_site(settings):
    settings.DEFAULT_FROM_EMAIL = "noreply@example.com"
    invitation = InvitationFactory(invited_by=None, language="en")

    assert send_invitation(invitation.pk)

    assert mail.outbox[0].from_email == "Maturity Assessments <noreply@example.com>"


@pytest.mark.django_db
def test_the_german_invitation_reads_well():
    organisation = OrganisationFactory(name="Demo GmbH")
    inviter = UserFactory(name="Max Muster")
    invitation = InvitationFactory(
        organisation=organisation, invited_by=inviter, language="de", role="member"
    )

    assert send_invitation(invitation.pk)

    [message] = mail.outbox
    assert message.subject == "Einladung in die Organisation Demo GmbH bei Reifegradbewertungen"
    assert (
        "Max Muster lädt Sie ein, der Organisation Demo GmbH als Teammitglied beizutreten."
        in message.body
    )
    assert "Der Link lässt sich einmal verwenden und gilt bis " in message.body

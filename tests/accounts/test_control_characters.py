"""Names and labels with control characters are refused at the form (issue 14, items 5 and 11).

A line break in an organisation's name ends up in e-mail subjects and export cells; a
bidirectional override makes a name read differently from what it is.
"""

import pytest
from django.urls import reverse

from accounts.models import Organisation, Team, User
from accounts.validators import control_characters
from tests.accounts.test_signup import signup_data

HOSTILE = ["Acme\nBcc: all@example.com", "Acme\rX", "Acme\x00", "Acme\x1b[31m", "Acme\u202efdp"]


@pytest.mark.parametrize("text", HOSTILE)
def test_control_characters_are_found(text):
    assert control_characters(text)


def test_ordinary_names_and_multiline_text_pass():
    assert control_characters("Müller & Söhne – Data Team (ß)") == []
    assert control_characters("line one\nline two\ttab", multiline=True) == []
    assert control_characters("line one\nline two") == ["\n"]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "organisation_name"])
@pytest.mark.parametrize("text", HOSTILE)
def test_signup_refuses_control_characters_in_names(client, field, text):
    response = client.post(reverse("accounts:signup"), signup_data(**{field: text}))

    assert response.status_code == 200
    assert "control character" in response.content.decode()
    assert not User.objects.exists() and not Organisation.objects.exists()


@pytest.mark.django_db
def test_team_names_with_a_line_break_are_refused(client_for, admin, organisation):
    client = client_for(admin)
    url = reverse("orgs:team_create", args=[organisation.slug])

    response = client.post(url, {"name": "Data\nTeam", "slug": "data", "description": "a\nb"})

    assert response.status_code == 200
    assert "control character" in response.content.decode()
    assert not Team.objects.filter(slug="data").exists()


@pytest.mark.django_db
def test_renaming_the_organisation_refuses_a_line_break(client_for, admin, organisation):
    client = client_for(admin)
    name = organisation.name

    response = client.post(
        reverse("orgs:settings", args=[organisation.slug]), {"name": "Evil\nCorp"}
    )

    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.name == name

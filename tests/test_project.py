"""Project-wide checks: migrations, the German catalogue, the demo data, the start page."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership, Organisation, Team, User
from assessments.models import Answer, Assessment

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_migrations_are_in_step_with_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_german_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))

    assert len(catalogue) > 100
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_compiled_german_catalogue_matches_the_source():
    source = polib.pofile(str(CATALOGUE))
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))

    def entries(catalogue):
        return {
            (e.msgctxt, e.msgid): e.msgstr or tuple(sorted(e.msgstr_plural.items()))
            for e in catalogue
            if not e.obsolete
        }

    assert entries(compiled) == entries(source)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_marked_string_is_in_the_german_catalogue(tmp_path):
    """`make messages` would add nothing: no string is missing from the catalogue."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", ".git", "static", "staticfiles", "media", "*.sqlite3"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "de",
            "--no-obsolete",
            "--ignore",
            "tests/*",
            "--ignore",
            "static/*",
        ],
        cwd=copy,
        env={"DEBUG": "1", "ENV_FILE": "", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / CATALOGUE.relative_to(ROOT)))}
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE))}

    assert sorted(fresh - committed) == []


@pytest.mark.django_db
def test_pages_follow_the_browsers_language(client):
    german = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    english = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="de">' in german.content.decode()
    assert "Anmelden" in german.content.decode()
    assert "Log in" in english.content.decode()


@pytest.mark.django_db
def test_user_switches_language(client):
    response = client.post(
        reverse("set_language"),
        {"language": "de", "next": "/accounts/login/"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302

    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert "E-Mail-Adresse" in page.content.decode()


@pytest.mark.django_db
def test_role_names_are_translated():
    from accounts.models import Role

    with translation.override("de"):
        assert str(Role.MEMBER.label) != "Team member"


@pytest.mark.django_db
def test_seed_demo_is_idempotent(capsys):
    call_command("load_models")
    call_command("seed_demo")
    output = capsys.readouterr().out

    def snapshot():
        return (
            list(User.objects.order_by("email").values_list("email", "name", "password")),
            list(Organisation.objects.values_list("slug", "name")),
            list(Team.objects.order_by("slug").values_list("slug", "name", "description")),
            sorted(Membership.objects.values_list("user__email", "role")),
            sorted(Membership.teams.through.objects.values_list("membership_id", "team_id")),
            list(Organisation.objects.get(slug="demo").models_in_use.values_list("slug")),
            list(Assessment.objects.order_by("pk").values_list("team__slug", "label", "state")),
            Answer.objects.count(),
        )

    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert len(first[2]) >= 6
    assert first[5] == [("mlops",), ("platform",)]  # both shipped models
    assert "admin@demo.example" in output and "demo-password" in output


@pytest.mark.django_db
def test_demo_login_works(client):
    call_command("seed_demo")

    response = client.post(
        reverse("accounts:login"),
        {"username": "admin@demo.example", "password": "demo-password"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.context["current_organisation"].slug == "demo"


@pytest.mark.django_db
def test_load_models_loads_the_shipped_models(capsys):
    call_command("load_models")

    assert "loaded mlops 1" in capsys.readouterr().out


@pytest.mark.django_db
def test_start_page_explains_the_product_to_visitors(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "maturity model" in response.content.decode()
    assert reverse("accounts:signup") in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_gets_the_helpful_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_admin_site_works_with_the_email_user(admin_client):
    for name in ("accounts_user", "accounts_organisation", "accounts_team", "accounts_invitation"):
        assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


@pytest.mark.django_db
def test_createsuperuser_takes_an_email(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long operator passphrase")
    call_command("createsuperuser", "--noinput", "--email", "Ops@Example.com", verbosity=0)

    user = User.objects.get()
    assert user.is_superuser
    assert user.check_password("a long operator passphrase")


@pytest.mark.django_db
def test_admin_lists_assessments(admin_client):
    assert admin_client.get(reverse("admin:assessments_assessment_changelist")).status_code == 200

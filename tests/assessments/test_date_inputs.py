"""Every date input carries an ISO value (`YYYY-MM-DD`) in every language: a browser's
`<input type="date">` shows nothing for "02.12.2026", and the form then says the field is
required. Typed or posted ISO dates are accepted in every language too."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.forms import StartForm
from dashboards.forms import FilterForm

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 2)
LANGUAGES = ["en", "de"]


def start_form(organisation, name):
    return StartForm(organisation=organisation, initial={name: DAY})


def filter_form(organisation, name):
    return FilterForm(models=[], initial={name: DAY})


# (form, field name) for every date input of the project's forms.
DATE_INPUTS = [(start_form, "date"), (filter_form, "start"), (filter_form, "end")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("make", "name"), DATE_INPUTS)
def test_a_date_input_shows_an_iso_date(organisation, make, name, language):
    with translation.override(language):
        html = str(make(organisation, name)[name])

    assert 'type="date"' in html
    assert 'value="2026-12-02"' in html


@pytest.fixture
def language_restored():
    # The test client's request leaves its language active in this thread for later tests.
    yield
    translation.deactivate()


@pytest.mark.usefixtures("language_restored")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_start_page_prefills_todays_date_as_iso(
    client_for, manager, team, model_in_use, language
):
    response = client_for(manager).get(
        reverse("assessments:start", args=[team.organisation.slug, team.slug]),
        HTTP_ACCEPT_LANGUAGE=language,
    )

    field = re.search(r'<input type="date" name="date" value="([^"]*)"', response.content.decode())
    assert field and re.fullmatch(r"\d{4}-\d\d-\d\d", field.group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_iso_date_is_accepted_in_every_language(organisation, model_in_use, language):
    with translation.override(language):
        start = StartForm(
            {"label": "2026 Q4", "date": "2026-12-02", "model": model_in_use.pk},
            organisation=organisation,
        )
        filters = FilterForm({"start": "2026-12-02", "end": "2026-12-31"}, models=[])

        assert start.is_valid(), start.errors
        assert filters.is_valid(), filters.errors
    assert start.cleaned_data["date"] == DAY
    assert filters.cleaned_data["start"] == DAY


def test_every_date_input_of_the_project_uses_the_iso_widget():
    root = Path(__file__).resolve().parents[2]
    apps = ["accounts", "maturity", "assessments", "dashboards", "reports", "transfer", "demo"]
    sources = [p for app in apps for p in (root / app).rglob("*.py") if "migrations" not in p.parts]
    sources += list((root / "templates").rglob("*.html"))
    found = [
        path.relative_to(root).as_posix()
        for path in sources
        if re.search(r"forms\.DateInput\(|type\"?: ?\"date\"|type=\"date\"", path.read_text())
    ]
    assert found == ["accounts/widgets.py"]  # the one widget; the rest use it

"""Issue 21's proof: an organisation brings a model of its own, written in English only, with
5 dimensions, 15 areas and levels 0–3 (shaped like OWASP SAMM 2.2), assesses three teams with
it, and every page and PDF speaks of that model alone, in English and in German: every area
name is there, and nothing of the MLOps model's scale."""

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import services
from maturity.interchange import import_model
from maturity.models import MaturityModel
from reports.models import Report
from tests.byo.samm import area_names, samm_model
from tests.factories import TeamFactory

FIXTURE = Path(__file__).resolve().parents[2] / "maturity" / "fixtures" / "mlops-1.json"


def mlops_scale_words():
    """What only the MLOps model's scale says: its level names and titles in both languages,
    its dimensions' names, and its range 0 to 4."""
    seed = json.loads(FIXTURE.read_text(encoding="utf-8"))
    words = {"MLOps", "0 to 4", "0 bis 4", "0–4", "0-4", "Level 4", "Ebene 4", "Stufe 4"}
    for level in seed["levels"]:
        words |= set(level["name"].values()) | set(level["title"].values())
    for dimension in seed["dimensions"]:
        words |= set(dimension["name"].values())
    return words


# Each team answers every practice at its own level (0–3); the third leaves two at 0.
LEVELS = {"alpha": 1, "beta": 2, "gamma": 3}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def samm(organisation, mlops):
    """The organisation's own English-only model, the only one it uses; the shipped MLOps
    model is loaded beside it (so that anything that leaks from it would be found)."""
    model = import_model(
        samm_model(), organisation=organisation, status=MaturityModel.Status.PUBLISHED
    )
    organisation.models_in_use.set([model])
    return model


@pytest.fixture
def assessed(samm, organisation, manager):
    """Three teams, each with a submitted assessment of the model."""
    keys = [area.key for area in samm.areas.all()]
    assessments = {}
    for slug, level in LEVELS.items():
        team = TeamFactory(organisation=organisation, name=f"Team {slug.title()}", slug=slug)
        assessment = services.assessment_start(
            team=team, model=samm, label="2026 Q4", date=date(2026, 12, 1), by=manager
        )
        for n, key in enumerate(keys):
            chosen = 0 if slug == "gamma" and n < 2 else level
            services.answer_record(
                assessment=assessment, respondent=manager, area_key=key, level=chosen
            )
        assessments[slug] = services.assessment_submit(assessment=assessment, by=manager)
    return assessments


def flat(text):
    """Text with hyphenated line ends joined and every run of white space one space."""
    return " ".join(re.sub(r"[‐\-\u00ad]\n", "-", text).split())


def check(text, what, language):
    for name in area_names():
        assert name in text, f"{what} ({language}): no “{name}”"
    leaks = sorted(word for word in mlops_scale_words() if word in text)
    assert not leaks, f"{what} ({language}) speaks of the MLOps model: {leaks}"
    if language == "de":
        assert "[EN]" in text, f"{what} (de): the English texts carry no marker"


def page_text(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'lang="{language}"' in html
    return flat(re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&"))


@pytest.mark.parametrize("language", ["en", "de"])
def test_pages_show_the_own_model_alone(
    client_for, organisation, manager, samm, assessed, language
):
    client = client_for(manager)
    model = f"?model={samm.pk}"
    pages = {
        "organisation dashboard": reverse("organisation", args=[organisation.slug]) + model,
        "team page": reverse("dashboards:team", args=[organisation.slug, "beta"]),
        "results page": reverse(
            "assessments:detail", args=[organisation.slug, "gamma", assessed["gamma"].pk]
        ),
    }
    for what, url in pages.items():
        check(page_text(client, url, language), what, language)
    dashboard = page_text(client, pages["organisation dashboard"], language)
    # The scale as the model has it: 0 to 3.
    scale = "score 0 “Not started” to 3 “Comprehensive”"
    if language == "de":
        scale = "Punktzahl 0 „Not started [EN]“ bis 3 „Comprehensive [EN]“"
    assert scale in dashboard


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "de"])
def test_reports_show_the_own_model_alone(
    client_for,
    organisation,
    manager,
    samm,
    assessed,
    language,
    django_capture_on_commit_callbacks,
):
    client = client_for(manager)
    orders = {
        "organisation report": {"kind": "organisation", "model": samm.pk},
        "team report": {"kind": "team", "team": "gamma"},
        "assessment report": {"kind": "assessment", "assessment": f"beta/{assessed['beta'].pk}"},
    }
    for what, order in orders.items():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("reports:order", args=[organisation.slug]),
                {**order, "language": language},
            )
        assert response.status_code == 302
        report = Report.objects.latest("pk")
        assert report.state == Report.State.DONE, (what, report.error)
        reader = PdfReader(io.BytesIO(report.file.read()))
        text = flat("\n".join(page.extract_text() for page in reader.pages))
        check(text, what, language)


def test_the_common_gaps_export_marks_the_english_texts_in_german(
    client_for, organisation, manager, samm, assessed
):
    client = client_for(manager)
    client.cookies["django_language"] = "de"
    url = reverse("reports:gaps_csv", args=[organisation.slug]) + f"?model={samm.pk}"
    response = client.get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    text = text.decode("utf-8-sig")
    assert "Threat Assessment [EN]" in text
    assert "activity 1 of maturity 2 is carried out. [EN]" in text

"""Page 1 of every report: the executive summary (reports.summary), its figures, its sentences
in English and German, its queries, and the PDFs read with pypdf (summary on page 1, the
scale's legend in every kind, the levels' highlights in the organisation's appendix)."""

import io
import statistics

import pytest
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader

from accounts.models import Organisation, Team
from assessments import selectors
from assessments.models import Assessment
from dashboards import rounds as dashboard_rounds
from dashboards import selectors as dashboards
from dashboards.history import team_history
from dashboards.selectors import Filters
from plans.gaps import common_gaps
from plans.models import Action
from reports import contexts, pdf, summary
from reports.models import Report
from rounds.models import Round


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(db):
    call_command("load_models", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return Organisation.objects.get(slug="demo")


def text_of(pages) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def build(report: Report) -> PdfReader:
    return PdfReader(io.BytesIO(pdf.build_pdf(report)))


def org_report(organisation, language="en") -> Report:
    return Report(kind="organisation", organisation=organisation, language=language)


def latest_of(slug) -> Assessment:
    return Assessment.objects.filter(team__slug=slug, state="submitted").latest("date")


@pytest.mark.django_db
def test_organisation_summary_figures_and_sentences_in_english(demo, django_assert_max_num_queries):
    with translation.override("en"):
        context = contexts.organisation_context(org_report(demo))
        with django_assert_max_num_queries(3):  # rounds, completion, the earlier median
            figures = summary.organisation_summary(demo, context)
    model = context["model"]
    latest = Assessment.objects.filter(team__organisation=demo, model=model, is_latest=True)
    assert figures["teams"] == Team.objects.filter(organisation=demo, archived=False).count()
    assert figures["assessed"] == latest.count() == 6
    assert figures["first_date"] == min(latest.values_list("date", flat=True))
    assert figures["median"] == statistics.median(latest.values_list("overall_score", flat=True))
    assert [level.name for level in figures["levels"]][:2] == ["No MLOps", "DevOps but no MLOps"]
    for row in figures["distribution"]:
        assert row["teams"] == 6
        assert [level.number for level, _n in row["counts"]] == [0, 1, 2, 3, 4]
    below = dashboards.teams_below_target(demo, Filters(model=model))
    assert figures["below_target"] == len({name for _s, name, *_r in below})
    assert figures["below_names"] == sorted({name for _s, name, *_r in below})[:5]
    everything = [g for area in common_gaps(demo, model).areas for g in area.gaps]
    assert [g.teams for _a, g in figures["gaps"]] == sorted(
        (g.teams for g in everything), reverse=True
    )[:5]
    round_ = Round.objects.get()
    completion = dashboard_rounds.completion(round_)
    assert figures["round"] == round_ and figures["completion"] == completion

    weakest = max(figures["distribution"], key=lambda row: row["low"] / row["teams"])
    top_area, top_gap = figures["gaps"][0]
    assert figures["sentences"] == [
        f"{weakest['dimension'].name} is the weakest dimension: {weakest['low']} of 6 teams are"
        " at level 0 (No MLOps) or 1 (DevOps but no MLOps).",
        f"The most common gap is “{top_gap.characteristic.text}”: {top_gap.teams} of 6 teams do"
        " not have it in place.",
        f"The 2026 Q4 round is {completion.percent} % complete: {completion.submitted} of"
        f" {completion.teams} teams have submitted.",
    ]


@pytest.mark.django_db
def test_organisation_summary_in_german(demo):
    with translation.override("de"):
        context = contexts.organisation_context(org_report(demo, "de"))
        sentences = context["summary"]["sentences"]
    assert " ist die schwächste Dimension: " in sentences[0]
    assert "Stufe 0 (Keine MLOps) oder 1 (DevOps, aber keine MLOps)" in sentences[0]
    assert sentences[1].startswith("Die häufigste Lücke ist „")
    assert sentences[2].startswith("Die Runde 2026 Q4 ist zu ")


@pytest.mark.django_db
def test_a_rounds_summary_compares_with_before_the_round(demo):
    round_ = Round.objects.get()
    report = Report(kind="round", round=round_, organisation=demo, language="en")
    with translation.override("en"):
        figures = contexts.round_context(report)["summary"]
    # The demo's round is its first: the median is compared with the quarter before it.
    assert figures["round"] == round_ and figures["previous_label"] == "2026 Q3"
    assert figures["completion"] == dashboard_rounds.completion(round_)


@pytest.mark.django_db
def test_team_summary_figures_and_sentences(demo, django_assert_max_num_queries):
    team = Team.objects.get(slug="fraud-ml")
    history = list(Assessment.objects.filter(team=team, state="submitted").order_by("date", "pk"))
    outline = selectors.outline(history[-1].model)
    history = team_history(history, outline["dimensions"])
    with translation.override("en"), django_assert_max_num_queries(2):  # targets, actions
        figures = summary.team_summary(team, history)
    latest, previous = history.latest, history.previous
    assert figures["latest"] == latest and figures["previous"] == previous
    assert figures["overall_level"].number == latest.overall_level
    assert [row["dimension"].key for row in figures["rows"]] == [
        d.key for d in outline["dimensions"]
    ]
    targets = selectors.current_targets(team)
    for row in figures["rows"]:
        score, level = history.scores[(latest.pk, row["dimension"].key)]
        assert row["score"] == score and row["level"].number == level
        if row["dimension"].key in targets:
            assert row["gap"] == targets[row["dimension"].key] - level
    pending = Action.objects.filter(team=team, status__in=Action.PENDING).count()
    assert figures["open_actions"] == pending > 0
    level = figures["overall_level"]
    assert figures["sentences"][0].startswith(
        f"In {latest.label} the team reached level {level.number} ({level.name}), overall score"
    )
    assert f"since {previous.label}." in figures["sentences"][0]
    assert figures["sentences"][1].startswith("Its weakest dimension is ")
    assert f"the plan has {pending} open actions." in figures["sentences"][2]
    with translation.override("de"):
        german_sentences = summary.team_summary(team, history)["sentences"]
    assert german_sentences[0].startswith(f"In {latest.label} erreichte das Team Stufe ")
    assert f"der Plan hat {pending} offene Maßnahmen." in german_sentences[2]


@pytest.mark.django_db
def test_assessment_summary_counts_where_the_answers_came_from(demo, django_assert_num_queries):
    assessment = latest_of("fraud-ml")
    display = selectors.ModelDisplay.of(assessment.model)
    result = selectors.result(assessment, {assessment.model_id: display.area_models()})
    with translation.override("en"), django_assert_num_queries(0):
        figures = summary.assessment_summary(assessment, result, display)
    sources = [r.source for r in result.areas.values()]
    assert figures["areas"] == len(result.areas) == len(display.areas)
    assert (figures["agreed"], figures["median"], figures["single"]) == (
        sources.count("agreed"),
        sources.count("median"),
        sources.count("single"),
    )
    weakest = min(result.areas.values(), key=lambda r: r.score)
    assert figures["weakest"].key == weakest.key
    assert figures["overall_level"].number == result.overall.level
    assert figures["sentences"][2].startswith(f"The counted answers of {len(result.areas)} areas")
    with translation.override("de"):
        german_sentences = summary.assessment_summary(assessment, result, display)["sentences"]
    assert german_sentences[0].startswith(f"{assessment.label}: Das Team ist auf Stufe ")
    assert german_sentences[1].startswith("Der schwächste Bereich ist ")


@pytest.mark.slow  # four PDFs: make test and CI
@pytest.mark.django_db
def test_page_one_of_every_kind_is_its_summary_with_the_levels_explained(demo):
    team = Team.objects.get(slug="fraud-ml")
    reports = {
        "organisation": org_report(demo),
        "round": Report(kind="round", round=Round.objects.get(), organisation=demo, language="en"),
        "team": Report(kind="team", team=team, organisation=demo, language="en"),
        "assessment": Report(
            kind="assessment", assessment=latest_of("fraud-ml"), organisation=demo, language="en"
        ),
    }
    builders = {
        "organisation": contexts.organisation_context,
        "round": contexts.round_context,
        "team": contexts.team_context,
        "assessment": contexts.assessment_context,
    }
    level_names = ["No MLOps", "DevOps but no MLOps", "Automated Training"]
    for kind, report in reports.items():
        with translation.override("en"):
            sentences = builders[kind](report)["summary"]["sentences"]
        document = build(report)
        first = text_of(document.pages[:1])
        assert "Summary: " in first, kind
        assert "The scale: the model's levels" in first, kind
        assert all(name in first for name in level_names), kind
        # The demo's round has no submitted result yet: only its completion is said.
        assert len(sentences) >= (1 if kind == "round" else 3), kind
        for sentence in sentences:
            assert sentence in first, (kind, sentence)
        # The contents follow the summary, on page 2 or later.
        if kind in ("organisation", "round"):
            assert "Contents" not in first and "Contents" in text_of(document.pages[1:2])
        appendix = "Appendix: the levels in detail" in text_of(document.pages)
        assert appendix == (kind in ("organisation", "round")), kind


@pytest.mark.django_db
def test_the_organisation_report_in_german_explains_the_levels(demo):
    model = contexts.selectors.models_for(demo)[0]
    levels = list(model.levels.order_by("number"))
    document = build(org_report(demo, "de"))
    first = text_of(document.pages[:1])
    assert "Zusammenfassung: Demo GmbH" in first
    assert "Die Skala: die Stufen des Modells" in first
    assert " ist die schwächste Dimension: " in first
    assert "Keine MLOps" in first and "DevOps, aber keine MLOps" in first
    last = text_of(document.pages[-3:])
    assert "Anhang: die Stufen im Einzelnen" in last
    with translation.override("de"):
        highlight = next(text for level in levels for text in level.highlight_texts)
    assert " ".join(highlight.split()) in last

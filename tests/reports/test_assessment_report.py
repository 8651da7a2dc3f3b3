"""The assessment report per area: the counted answer and its source (agreed with the
facilitator's note, median, single), the respondents' levels (counts only when anonymous),
comments folded with an appendix holding them whole, the plan's actions; in a fixed number
of queries. Read from the PDF with pypdf, in English and German."""

import io
import time

import pytest
from pypdf import PdfReader

from assessments import services
from maturity.models import Characteristic
from plans.services import action_create, action_from_characteristic, action_update
from reports import pdf as report_pdf
from reports.contexts import assessment_context
from reports.models import Report
from tests.answers import answer_everything
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTE = "Agreed in the retro: the guild counts"
LONG = "Start of a long comment about the platform. " + "Middle part of it. " * 20 + "The end."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def answered(assessment, member, second_member, manager):
    """Bob at level 2 everywhere, Dora at level 3 (a median of two); people agreed at 2 with
    a note; a long comment and a link on technology; two actions on model creation."""
    member.name = "Bob Brightwater"
    member.save(update_fields=["name"])
    answer_everything(assessment, member, level=2)
    answer_everything(assessment, second_member, level=3)
    services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="technology",
        level=2,
        comment=LONG,
        evidence=["https://wiki.example/platform"],
    )
    services.agreed_record(assessment=assessment, area_key="people", level=2, note=NOTE, by=manager)
    team, model = assessment.team, assessment.model
    taken = action_from_characteristic(
        team=team,
        characteristic=Characteristic.objects.get(model=model, key="model-creation.4.2"),
        by=member,
    )
    action_update(action=taken, by=member, status="in_progress")
    action_create(
        team=team,
        by=member,
        title="Write a runbook",
        area=taken.area,
    )
    return assessment


def report_for(assessment, language):
    return Report(
        kind="assessment",
        assessment=assessment,
        organisation=assessment.team.organisation,
        language=language,
    )


def text_of(report):
    pages = PdfReader(io.BytesIO(report_pdf.build_pdf(report))).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def area_text(text, name, following):
    """The text of an area's section in the Areas part: from its heading to the next one."""
    areas = text.split("Roadmap to the next level", 1)[0].rsplit(" Areas ", 1)[-1]
    return areas.split(f"{name}:", 1)[1].split(f"{following}:", 1)[0]


def test_an_agreed_area_shows_agreed_with_the_note_and_who_agreed(answered, manager):
    text = text_of(report_for(answered, "en"))

    people = area_text(text, "People", "Model creation")
    assert f"agreed by {manager}" in people
    assert NOTE in people


def test_a_median_area_shows_its_respondents_levels_with_names(answered):
    text = text_of(report_for(answered, "en"))

    creation = area_text(text, "Model creation", "Model release")
    assert "the median of 2 respondents" in creation
    assert "Bob Brightwater: 2 (" in creation and "Dora: 3 (" in creation


def test_a_long_comment_is_folded_and_the_appendix_holds_it_whole(answered):
    text = text_of(report_for(answered, "en"))

    body, appendix = text.split("Appendix: comments in full", 1)
    assert "Start of a long comment about the platform." in body
    assert "see appendix A1" in body and "The end." not in body
    assert "1 evidence link: see appendix A1" in body
    assert "A1 · Technology" in appendix
    assert " ".join(LONG.split()) in appendix and "https://wiki.example/platform" in appendix


def test_the_plans_actions_appear_with_their_status(answered):
    text = text_of(report_for(answered, "en"))

    creation = area_text(text, "Model creation", "Model release")
    assert "Actions of the plan" in creation
    assert "Write a runbook — Open" in creation
    assert "— In progress" in creation
    assert "Plan check" not in creation  # the plan check stays a section of its own


def test_in_german_the_sources_and_statuses_read_in_german(answered):
    text = text_of(report_for(answered, "de"))

    assert NOTE in text and "Write a runbook — Offen" in text
    assert "Bob Brightwater: 2 (" in text and "A1 · Technologie" in text
    assert "Anhang" in text and "appendix A1" not in text


def test_an_anonymous_assessment_shows_counts_and_no_names(
    answered, manager, member, second_member
):
    answered.anonymous = True
    answered.save(update_fields=["anonymous"])

    for language in ("en", "de"):
        text = text_of(report_for(answered, language))
        for person in (member, second_member, manager):
            assert person.name not in text and person.email not in text
    text = text_of(report_for(answered, "en"))
    creation = area_text(text, "Model creation", "Model release")
    assert "Level 2 (" in creation and "): 1 respondent" in creation
    assert "Level 3 (" in creation
    people = area_text(text, "People", "Model creation")
    assert ", agreed" in people and NOTE in people
    assert " ".join(LONG.split()) in text.split("Appendix: comments in full", 1)[1]


def test_the_context_takes_a_fixed_number_of_queries(
    answered, organisation, team, django_assert_max_num_queries, capsys
):
    report = report_for(answered, "en")
    assessment_context(report)  # warm: the model's display is read once per process
    with django_assert_max_num_queries(12) as few:
        assessment_context(report)
    for n in range(4):
        person = UserFactory()
        MembershipFactory(user=person, organisation=organisation, role="member", teams=[team])
        answer_everything(answered, person, level=n % 5)
        services.answer_record(
            assessment=answered, respondent=person, area_key="people", level=1, comment="x" * 300
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assessment_context(report)
    with capsys.disabled():
        print(f"\nassessment context: {len(few.captured_queries)} queries")


def test_building_the_pdf_warm_is_quick(answered, capsys):
    """Not a timed assertion: the figure is printed for the report (issue 18: ≤ 0.4 s warm)."""
    report = report_for(answered, "en")
    report_pdf.build_pdf(report)  # warm
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        report_pdf.build_pdf(report)
        runs.append(time.perf_counter() - start)
    with capsys.disabled():
        print(f"\nassessment report warm: {min(runs):.3f} s (best of 3), {max(runs):.3f} s worst")

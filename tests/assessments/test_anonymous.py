"""An anonymous assessment: what respondents said, without who said it (assessments/responses.py),
on the result pages, the submit confirmation and the PDF; the whole walk of every page is in
tests/security/test_anonymous.py."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from assessments import responses, selectors, services
from assessments.models import Answer
from reports import pdf as report_pdf
from reports.contexts import assessment_context
from reports.models import Report
from tests.answers import answer_everything
from tests.factories import MembershipFactory, UserFactory


def url(name, assessment, *extra):
    team = assessment.team
    return reverse(
        f"assessments:{name}", args=[team.organisation.slug, team.slug, assessment.pk, *extra]
    )


@pytest.fixture
def anonymous(assessment):
    assessment.anonymous = True
    assessment.save(update_fields=["anonymous"])
    return assessment


@pytest.fixture
def said(anonymous, member, second_member):
    """Bob (level 1) and Dora (level 3) on people, each with a comment and a link; their
    comments sort the other way round from their names."""
    member.name = "Bob Brightwater"
    member.save(update_fields=["name"])
    for person, level, comment, link in [
        (member, 1, "Zero onboarding for data scientists", "https://wiki.example/z"),
        (second_member, 3, "A guild meets every month", "https://wiki.example/a"),
    ]:
        services.answer_record(
            assessment=anonymous,
            respondent=person,
            area_key="people",
            level=level,
            comment=comment,
            evidence=[link],
        )
    return anonymous


@pytest.mark.django_db
def test_the_anonymous_shape_holds_counts_and_sorted_texts_and_no_person(said):
    display = selectors.ModelDisplay.of(said.model)

    shape = responses.responses(said, display)

    people = shape.areas["people"]
    assert shape.anonymous and shape.respondents == () and shape.respondent_count == 2
    assert people.answers == ()
    assert [(level.number, n) for level, n in people.chosen] == [(1, 1), (3, 1)]
    assert people.comments == ("A guild meets every month", "Zero onboarding for data scientists")
    assert people.evidence == ("https://wiki.example/a", "https://wiki.example/z")
    held = [value for area in shape.areas.values() for value in vars(area).values()]
    assert not any(isinstance(v, User | Answer) for value in held for v in value)
    assert shape.areas["technology"].respondents == 0


@pytest.mark.django_db
def test_the_named_shape_gives_each_answer_by_name(assessment, member, second_member):
    answer_everything(assessment, second_member, level=3)
    answer_everything(assessment, member, level=1)
    display = selectors.ModelDisplay.of(assessment.model)

    shape = responses.responses(assessment, display)

    assert [p.email for p in shape.respondents] == ["dora@acme.example", "bob@acme.example"]
    people = shape.areas["people"]
    assert [(a.respondent.email, a.level) for a in people.answers] == [
        ("dora@acme.example", 3),
        ("bob@acme.example", 1),
    ]
    assert people.comments == () and people.respondents == 2


@pytest.mark.django_db
def test_the_agree_page_shows_counts_and_comments_in_text_order_without_names(
    client_for, said, manager
):
    page = client_for(manager).get(url("agree", said, "people"))

    html = page.content.decode()
    assert "Brightwater" not in html and "bob@" not in html and "Dora" not in html
    assert html.index("A guild meets") < html.index("Zero onboarding")
    assert html.index("https://wiki.example/a") < html.index("https://wiki.example/z")
    assert "Level 1 (" in html and "Level 3 (" in html and ": 1 respondent" in html


@pytest.mark.django_db
def test_the_results_page_names_neither_respondents_nor_who_agreed(
    client_for, said, manager, second_member
):
    said.facilitator = second_member
    said.save(update_fields=["facilitator"])
    client_for(second_member).post(url("agree", said, "people"), {"level": 2, "note": "Settled"})

    html = client_for(manager).get(url("detail", said)).content.decode()

    assert "Dora" not in html and "dora@" not in html and "Brightwater" not in html
    assert "2 respondents" in html and "Settled" in html
    assert html.index("A guild meets") < html.index("Zero onboarding")


@pytest.mark.django_db
def test_the_submit_confirmation_says_how_many_have_not_finished_not_who(client_for, said, manager):
    check = selectors.before_submit(said, selectors.ModelDisplay.of(said.model))
    assert check.unfinished == [] and check.unfinished_count == 2

    html = client_for(manager).get(url("submit", said)).content.decode()

    assert "2 respondents have not answered every area yet" in html
    assert "Brightwater" not in html and "Dora" not in html


@pytest.mark.django_db
def test_a_respondent_still_sees_their_own_answer_on_their_answering_page(client_for, said, member):
    html = client_for(member).get(url("answer_area", said, "people")).content.decode()

    assert "Zero onboarding for data scientists" in html
    assert "A guild meets every month" not in html


@pytest.mark.django_db
def test_the_pdf_lists_comments_unnamed_and_sorted_with_a_long_one_in_the_appendix(
    said, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    long = "Nobody owns the release checklist. " * 30
    services.answer_record(
        assessment=said, respondent=member, area_key="model-release", level=1, comment=long
    )
    report = Report(
        kind="assessment", assessment=said, organisation=said.team.organisation, language="en"
    )

    context = assessment_context(report)
    pages = PdfReader(io.BytesIO(report_pdf.build_pdf(report))).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)

    people = next(item for item in context["areas"] if item["area"].key == "people")
    assert [r["who"] for r in people["remarks"]] == [None, None, None]
    assert [r["comment"] for r in people["remarks"]][:2] == [
        "A guild meets every month",
        "Zero onboarding for data scientists",
    ]
    # Every comment and link is whole in the appendix, per area, with nobody's name.
    assert [s["area"].key for s in context["appendix"]] == ["people", "model-release"]
    assert {r["who"] for s in context["appendix"] for r in s["remarks"]} == {None}
    assert "Brightwater" not in text and "Dora" not in text and "acme.example" not in text
    assert "A2 · Model release" in text and "see appendix A2" in text


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "area"), [("detail", None), ("facilitate", None), ("agree", 1)])
def test_anonymous_pages_query_count_does_not_grow_with_respondents(
    client_for, organisation, team, anonymous, manager, django_assert_max_num_queries, name, area
):
    def respondents(count):
        for n in range(count):
            person = UserFactory()
            MembershipFactory(user=person, organisation=organisation, role="member", teams=[team])
            answer_everything(anonymous, person, level=n % 5)

    address = url(name, anonymous, *(["people"] if area else []))
    respondents(2)
    client = client_for(manager)
    with django_assert_max_num_queries(40) as few:
        client.get(address)
    respondents(10)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(address)

"""A round's PDF: the organisation's report limited to the round's assessments, with the
round's completion; ordered, built and downloaded like the other reports."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services as assessment_services
from assessments.models import Answer
from reports.models import Report
from rounds.models import Respondent
from tests.answers import answer_everything
from tests.dashboards.test_rounds import (
    open_round,
    pass_the_deadline,
    round_assessment,
    round_in_bulk,
)
from tests.factories import MembershipFactory, TeamFactory, UserFactory


def pdf_text(data):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(data).pages)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def search(organisation):
    return TeamFactory(organisation=organisation, name="Search", slug="search")


@pytest.fixture
def respondent(organisation, team, other_team, search):
    """Answers for every team of the round; named, so that a report naming them shows."""
    user = UserFactory(email="rhea@acme.example", name="Rhea Respondent")
    MembershipFactory(
        user=user, organisation=organisation, role="member", teams=[team, other_team, search]
    )
    return user


def the_round(organisation, team, other_team, search, manager, respondent, model, **kwargs):
    """2027 Q1: Fraud ML submitted; Search complete when the deadline passes (submitted by
    it); Forecasting half answered (late). Payments, in no round, has a submitted result."""
    round_ = open_round(organisation, [team, other_team, search], manager, model, **kwargs)
    done = round_assessment(round_, team)
    answer_everything(done, respondent, level=3)
    Answer.objects.filter(assessment=done).update(comment="Rhea wrote this")
    assessment_services.assessment_submit(assessment=done, by=manager)
    answer_everything(round_assessment(round_, search), respondent, level=1)
    assessment_services.answer_record(
        assessment=round_assessment(round_, other_team),
        respondent=respondent,
        area_key="people",
        level=2,
    )
    pass_the_deadline(round_)
    payments = TeamFactory(organisation=organisation, name="Payments", slug="payments")
    alone = assessment_services.assessment_start(
        team=payments, model=model, label="Alone", date=timezone.localdate(), by=manager
    )
    answer_everything(alone, manager, level=4)
    assessment_services.assessment_submit(assessment=alone, by=manager)
    return round_


def order(client, organisation, round_id, **data):
    return client.post(
        reverse("reports:order", args=[organisation.slug]),
        {"kind": "round", "round": round_id, "language": "en", **data},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("anonymous", [False, True])
def test_the_round_report_shows_the_round_its_completion_and_its_teams_only(
    client_for,
    manager,
    organisation,
    team,
    other_team,
    search,
    respondent,
    model_in_use,
    django_capture_on_commit_callbacks,
    anonymous,
):
    round_ = the_round(
        organisation,
        team,
        other_team,
        search,
        manager,
        respondent,
        model_in_use,
        anonymous=anonymous,
    )
    assert Respondent.objects.filter(entry__round=round_, user=respondent).count() == 3
    client = client_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = order(client, organisation, round_.pk)

    report = Report.objects.get()
    assert (report.kind, report.round, report.state) == ("round", round_, "done")
    assert response["Location"].endswith(f"#report-{report.pk}")
    assert "A round: 2027 Q1" in client.get(response["Location"]).content.decode()
    download = client.get(reverse("reports:download", args=[organisation.slug, report.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="acme-2027-q1-round-en.pdf"'
    text = pdf_text(io.BytesIO(b"".join(download.streaming_content)))
    assert "Round 2027 Q1" in text and "2 of 3 teams submitted" in text
    assert "Submitted 2 Late 1 Not finished 0 In the round 3" in text
    for name, status in (("Forecasting", "Late"), ("Fraud ML", "Submitted"), ("Search", "Sub")):
        assert f"{name} {status}" in text
    assert "Teams and areas" in text and "Trend of the organisation" not in text
    assert "Payments" not in text  # in no round
    # No respondent is named, nor what they wrote: the round's report is about teams.
    for secret in ("Rhea", "rhea@acme.example", "Respondent"):
        assert secret not in text
    assert ("An anonymous round" in text) is anonymous


@pytest.mark.django_db
def test_the_round_report_and_the_dashboard_share_their_figures(
    client_for,
    manager,
    organisation,
    team,
    other_team,
    search,
    respondent,
    model_in_use,
    django_capture_on_commit_callbacks,
):
    from reports.contexts import round_context

    round_ = the_round(organisation, team, other_team, search, manager, respondent, model_in_use)
    client = client_for(manager)
    page = client.get(reverse("organisation", args=[organisation.slug]), {"round": round_.pk})
    assert f'name="round" value="{round_.pk}"' in page.content.decode()  # its PDF button
    with django_capture_on_commit_callbacks(execute=True):
        order(client, organisation, round_.pk)

    context = round_context(Report.objects.get())
    assert context["distribution"] == page.context["distribution"]
    assert [(t.name, t.latest_score) for t, _v in context["teams"]] == [
        (row["team"].name, row["team"].latest_score) for row in page.context["heat_rows"]
    ]
    assert context["completion"] == page.context["completion"]


@pytest.mark.django_db
def test_another_organisations_round_is_no_round(
    client_for, manager, outsider, organisation, other_organisation, model_in_use
):
    other_organisation.models_in_use.add(model_in_use)
    theirs = open_round(
        other_organisation, [TeamFactory(organisation=other_organisation)], outsider, model_in_use
    )
    client = client_for(manager)

    assert order(client, organisation, theirs.pk).status_code == 404
    assert order(client, organisation, "²").status_code == 404
    assert order(client, organisation, "9" * 30).status_code == 404
    assert order(client, organisation, "").status_code == 404
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_members_and_viewers_order_no_round_report(
    client_for, member, viewer, organisation, team, manager, model_in_use
):
    round_ = open_round(organisation, [team], manager, model_in_use)

    for person in (member, viewer):
        assert order(client_for(person), organisation, round_.pk).status_code == 403
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_round_reports_wait_within_the_same_limits(
    client_for, manager, organisation, team, model_in_use, settings
):
    settings.REPORT_PENDING_PER_USER = 1
    round_ = open_round(organisation, [team], manager, model_in_use)
    Report.objects.create(
        organisation=organisation, kind="organisation", ordered_by=manager, language="en"
    )

    response = order(client_for(manager), organisation, round_.pk)

    assert response.status_code == 302
    assert Report.objects.filter(kind="round").count() == 0
    assert (
        "You have 1 report waiting"
        in client_for(manager).get(response["Location"]).content.decode()
    )


@pytest.mark.django_db
def test_the_same_round_report_waiting_is_not_ordered_twice(
    client_for, manager, organisation, team, other_team, model_in_use, monkeypatch
):
    from reports import services

    monkeypatch.setattr(services, "report_send", lambda report_id: None)  # stays queued
    first = open_round(organisation, [team], manager, model_in_use, label="First")
    second = open_round(organisation, [other_team], manager, model_in_use, label="Second")
    client = client_for(manager)

    for round_ in (first, first, second):
        order(client, organisation, round_.pk)

    assert sorted(Report.objects.values_list("round__label", flat=True)) == ["First", "Second"]


@pytest.mark.django_db
def test_a_round_report_whose_round_is_gone_fails_with_a_message(organisation, manager):
    from reports.build import report_build

    report = Report.objects.create(organisation=organisation, kind="round", language="en")

    report = report_build(report.pk)

    assert report.state == "failed" and "round" in report.error


@pytest.mark.django_db
def test_build_report_command_builds_a_rounds_report(
    tmp_path, organisation, team, manager, model_in_use
):
    from django.core.management import CommandError, call_command

    open_round(organisation, [team], manager, model_in_use)
    output = tmp_path / "round.pdf"

    call_command("build_report", "--round", "acme/2027 Q1", "-o", str(output), verbosity=0)

    text = pdf_text(io.BytesIO(output.read_bytes()))
    assert "Round 2027 Q1" in text and "0 of 1 team submitted" in text and "Fraud ML" in text
    with pytest.raises(CommandError, match="No round acme/2027 Q2"):
        call_command("build_report", "--round", "acme/2027 Q2", "-o", str(output))


@pytest.mark.django_db
def test_the_round_report_reads_a_fixed_number_of_queries(
    organisation, manager, model_in_use, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.contexts import round_context

    settings.DASHBOARD_CACHE_SECONDS = 0
    counts = []
    for size, label in ((5, "Small"), (50, "Large")):
        round_ = round_in_bulk(organisation, model_in_use, manager, size, label=label)
        report = Report.objects.create(
            organisation=organisation, kind="round", round=round_, language="en"
        )
        round_context(report)  # warm the in-process model outline
        with CaptureQueriesContext(connection) as captured:
            context = round_context(report)
        assert len(context["teams"]) == len(context["statuses"]) == size
        counts.append(len(captured))
    assert counts[0] == counts[1]

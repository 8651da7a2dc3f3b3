"""Orders of PDF reports: the same report waiting is not ordered twice, a person and an
organisation have only so many waiting, and the reports have a queue of their own."""

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from reports import services as report_services
from reports.models import Report
from tests.answers import answer_everything
from tests.factories import TeamFactory


def order(client, organisation, follow=False, **data):
    return client.post(reverse("reports:order", args=[organisation.slug]), data, follow=follow)


def waiting(organisation, by, count, state=Report.State.QUEUED):
    """`count` reports of other teams, ordered by `by`, in `state`."""
    return [
        Report.objects.create(
            organisation=organisation,
            kind=Report.Kind.TEAM,
            team=TeamFactory(organisation=organisation),
            language="en",
            ordered_by=by,
            state=state,
        )
        for _ in range(count)
    ]


@pytest.mark.django_db
def test_ordering_the_report_already_waiting_returns_it_and_queues_nothing(
    client_for, member, organisation, team, django_capture_on_commit_callbacks
):
    client = client_for(member)
    with django_capture_on_commit_callbacks() as sent:
        first = order(client, organisation, kind="team", team=team.slug, language="de")
        again = order(client, organisation, kind="team", team=team.slug, language="de")

    (report,) = Report.objects.all()
    assert len(sent) == 1
    assert first.url == again.url == f"/o/acme/reports/#report-{report.pk}"


@pytest.mark.django_db
@pytest.mark.parametrize("state", [Report.State.QUEUED, Report.State.RUNNING])
def test_the_service_returns_the_same_report_queued_or_being_built(
    organisation, team, manager, state
):
    report = report_services.report_order(
        organisation=organisation, kind="team", team=team, by=manager, language="en"
    )
    Report.objects.filter(pk=report.pk).update(state=state)

    again = report_services.report_order(
        organisation=organisation, kind="team", team=team, by=None, language="en"
    )

    assert again == report and Report.objects.count() == 1


@pytest.mark.django_db
def test_another_language_or_a_finished_report_is_ordered_anew(organisation, team, manager):
    english = report_services.report_order(
        organisation=organisation, kind="team", team=team, by=manager, language="en"
    )
    german = report_services.report_order(
        organisation=organisation, kind="team", team=team, by=manager, language="de"
    )
    Report.objects.filter(pk=english.pk).update(state=Report.State.DONE)
    anew = report_services.report_order(
        organisation=organisation, kind="team", team=team, by=manager, language="en"
    )

    assert len({english.pk, german.pk, anew.pk}) == 3


@pytest.mark.django_db
def test_a_person_with_as_many_reports_waiting_as_allowed_is_told_and_nothing_is_queued(
    client_for, manager, organisation, team, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PENDING_PER_USER = 3
    waiting(organisation, manager, 3)
    waiting(organisation, manager, 2, state=Report.State.DONE)  # finished ones do not count

    with django_capture_on_commit_callbacks() as sent:
        response = order(client_for(manager), organisation, follow=True, kind="organisation")

    assert sent == []
    assert Report.objects.count() == 5
    assert "You have 3 reports waiting to be built" in response.content.decode()


@pytest.mark.django_db
def test_an_organisation_with_as_many_reports_waiting_as_allowed_takes_no_more(
    client_for, member, manager, organisation, team, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PENDING_PER_ORGANISATION = 10
    waiting(organisation, manager, 4)
    waiting(organisation, None, 6, state=Report.State.RUNNING)

    with django_capture_on_commit_callbacks() as sent:
        response = order(client_for(member), organisation, follow=True, kind="team", team=team.slug)

    assert sent == []
    assert not Report.objects.filter(team=team).exists()
    assert "Your organisation has 10 reports waiting to be built" in response.content.decode()
    # Another organisation's queue is its own.
    other = TeamFactory()
    assert report_services.report_order(
        organisation=other.organisation, kind="team", team=other, by=None, language="en"
    )


@pytest.mark.django_db
def test_trying_a_failed_report_again_keeps_to_the_limits_and_to_the_one_waiting(
    client_for, manager, organisation, team, settings
):
    settings.REPORT_PENDING_PER_USER = 1
    (failed,) = waiting(organisation, manager, 1, state=Report.State.FAILED)
    (other,) = waiting(organisation, manager, 1)
    client = client_for(manager)

    refused = client.post(reverse("reports:retry", args=["acme", failed.pk]), follow=True)
    assert "You have 1 report waiting to be built" in refused.content.decode()
    failed.refresh_from_db()
    assert failed.state == Report.State.FAILED

    same = Report.objects.create(
        organisation=organisation, kind="team", team=failed.team, language="en"
    )
    assert report_services.report_retry(report=failed) == same
    failed.refresh_from_db()
    assert failed.state == Report.State.FAILED and other.state == Report.State.QUEUED


def test_reports_are_built_from_a_queue_of_their_own():
    from config.celery import app
    from reports.tasks import build_report, cleanup_reports

    def queue(task):
        return app.amqp.router.route({}, task.name)["queue"].name

    assert queue(build_report) == "reports"
    assert queue(cleanup_reports) == app.conf.task_default_queue == "celery"
    # A worker started without -Q reads every queue a task is routed to.
    assert {"celery", "reports"} <= set(app.amqp.queues)


@pytest.mark.django_db
def test_a_viewer_sees_no_report_button_and_may_not_order(
    client_for, viewer, member, manager, organisation, team, assessment
):
    """Viewers read their team's results and nothing more (issue 15, item 13)."""
    answer_everything(assessment, member, level=2)
    assessment_services.assessment_submit(assessment=assessment, by=manager)
    order_url = reverse("reports:order", args=[organisation.slug])
    pages = [
        reverse("dashboards:team", args=[organisation.slug, team.slug]),
        reverse("assessments:detail", args=[organisation.slug, team.slug, assessment.pk]),
    ]
    for url in pages:
        assert order_url in client_for(member).get(url).content.decode()

    client = client_for(viewer)
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200
        assert order_url not in page.content.decode()
    assert order(client, organisation, kind="team", team=team.slug).status_code == 403
    assert not Report.objects.exists()

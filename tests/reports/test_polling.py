"""The reports page polls once for all its unfinished reports, waiting longer each time, and
says when one is ready."""

import re

import pytest
from django.urls import reverse

from reports import build
from reports import services as report_services
from reports.models import Report
from tests.factories import TeamFactory


def reports_of(organisation, count, state=Report.State.QUEUED):
    return [
        Report.objects.create(
            organisation=organisation,
            kind=Report.Kind.TEAM,
            team=TeamFactory(organisation=organisation, name=f"Team {n}"),
            language="en",
            state=state,
        )
        for n in range(count)
    ]


def pollers(html):
    return re.findall(r"<[^>]*hx-trigger[^>]*>", html)


def poll(client, reports, delay=1):
    watch = ",".join(str(report.pk) for report in reports)
    return client.get(
        reverse("reports:poll", args=["acme"]), {"watch": watch, "delay": delay}
    ).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("unfinished", [1, 7])
def test_the_page_has_one_poller_whatever_the_number_of_unfinished_reports(
    client_for, manager, organisation, unfinished
):
    reports = reports_of(organisation, unfinished)
    reports_of(organisation, 2, state=Report.State.DONE)

    page = client_for(manager).get(reverse("reports:list", args=["acme"])).content.decode()

    (poller,) = pollers(page)
    assert 'hx-trigger="load delay:1s"' in poller
    assert f"watch={','.join(str(r.pk) for r in reversed(reports))}" in poller
    assert 'aria-live="polite"' in page


@pytest.mark.django_db
def test_a_page_of_finished_reports_does_not_poll(client_for, manager, organisation):
    reports_of(organisation, 2, state=Report.State.DONE)
    reports_of(organisation, 1, state=Report.State.FAILED)

    page = client_for(manager).get(reverse("reports:list", args=["acme"])).content.decode()

    assert pollers(page) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("waited", "next_wait"), [(1, 2), (2, 4), (8, 16), (16, 30), (30, 30)])
def test_each_poll_waits_twice_as_long_up_to_30_seconds(
    client_for, manager, organisation, waited, next_wait
):
    reports = reports_of(organisation, 2)

    (poller,) = pollers(poll(client_for(manager), reports, delay=waited))

    assert f'hx-trigger="load delay:{next_wait}s"' in poller
    assert f"delay={next_wait}" in poller


@pytest.mark.django_db
def test_a_finished_report_is_announced_and_polling_stops_when_none_is_left(
    client_for, manager, organisation, team, assessment, member
):
    from assessments import services
    from tests.answers import answer_everything

    answer_everything(assessment, member, level=2)
    services.assessment_submit(assessment=assessment, by=manager)
    report = report_services.report_order(
        organisation=organisation, kind="team", team=team, by=manager, language="en"
    )
    client = client_for(manager)

    waiting = poll(client, [report])
    assert "is ready" not in waiting and len(pollers(waiting)) == 1
    build.report_build(report.pk)
    done = poll(client, [report])

    assert "Report “A team's history: Fraud ML” is ready." in done.replace("&#x27;", "'")
    assert '<div id="report-announcements" hx-swap-oob="innerHTML">' in done
    assert f'<tr id="report-{report.pk}" hx-swap-oob="true">' in done and "Download PDF" in done
    assert pollers(done) == []


@pytest.mark.django_db
def test_a_poll_runs_the_same_few_queries_for_one_report_or_many(
    client_for, manager, organisation, django_assert_max_num_queries
):
    client = client_for(manager)
    one, many = reports_of(organisation, 1), reports_of(organisation, 25)
    poll(client, one)  # the first request of a session writes the session

    with django_assert_max_num_queries(4):
        poll(client, one)
    with django_assert_max_num_queries(4):
        poll(client, many)


@pytest.mark.django_db
def test_a_poll_shows_nothing_of_reports_the_user_may_not_see(
    client_for, member, outsider, organisation, other_team
):
    (hidden,) = reports_of(organisation, 1)  # another team's report than the member's
    hidden.team = other_team
    hidden.save()

    answer = poll(client_for(member), [hidden])
    assert f"report-{hidden.pk}" not in answer and pollers(answer) == []
    url = reverse("reports:poll", args=["acme"])
    assert client_for(outsider).get(url, {"watch": hidden.pk}).status_code == 404
    assert client_for(member).get(url, {"watch": "x,²,1" + "0" * 30}).status_code == 200

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from plans import services
from plans.models import Action
from tests.factories import TeamFactory
from tests.plans.plan_helpers import characteristic, submit

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def url(name, team, *args):
    return reverse(f"plans:{name}", args=[team.organisation.slug, team.slug, *args])


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def action(team, member):
    return services.action_create(team=team, by=member, title="Write a runbook", owner=member)


@pytest.fixture
def submitted(assessment, member, manager):
    return submit(assessment, member, manager, level=1)


@pytest.fixture
def foreign_team(other_organisation):
    return TeamFactory(organisation=other_organisation, name="Globex ML", slug="globex-ml")


# The plan page


def test_the_plan_shows_actions_by_area_with_overdue_marked(
    client_for, team, member, model_in_use, submitted
):
    item = characteristic(model_in_use, "model-creation.2.2")
    taken = services.action_from_characteristic(team=team, characteristic=item, by=member)
    services.action_update(action=taken, by=member, owner=member, due=YESTERDAY, note="Ask Ops")
    services.action_create(team=team, by=member, title="Tidy the wiki")

    page = client_for(member).get(url("plan", team)).content.decode()

    assert "Model creation" in page or item.area.name in page
    assert "Free actions" in page and "Tidy the wiki" in page
    assert item.text in page and "Ask Ops" in page and str(member) in page
    assert "overdue" in page and "the due date has passed" in page
    assert "next step: level 2" in page
    assert 'href="' + url("new", team) in page
    assert url("status", team, taken.pk) in page and "csrfmiddlewaretoken" in page


def test_an_empty_plan_says_how_to_start(client_for, team, member):
    page = client_for(member).get(url("plan", team)).content.decode()
    assert "The plan has no action yet." in page and url("new", team) in page


def test_the_plan_filters_by_owner_and_status(client_for, team, member, second_member):
    services.action_create(team=team, by=member, title="Task of Bob", owner=member)
    services.action_create(team=team, by=member, title="Task of Dora", owner=second_member)
    services.action_create(team=team, by=member, title="Finished", owner=member, status="done")
    client = client_for(member)

    page = client.get(url("plan", team), {"owner": member.pk, "status": "pending"})
    assert "Task of Bob" in page.content.decode()
    assert "Task of Dora" not in page.content.decode() and "Finished" not in page.content.decode()
    nothing = client.get(url("plan", team), {"status": "dropped"}).content.decode()
    assert "No action matches these filters." in nothing
    # A value not understood is no filter.
    everything = client.get(url("plan", team), {"owner": "x", "status": "\x00"})
    assert everything.status_code == 200 and "Task of Dora" in everything.content.decode()


def test_a_viewer_reads_the_plan_without_forms(client_for, team, viewer, action):
    page = client_for(viewer).get(url("plan", team)).content.decode()
    assert "Write a runbook" in page
    assert url("new", team) not in page and url("status", team, action.pk) not in page
    assert url("edit", team, action.pk) not in page and "Mark done" not in page


def test_a_manager_changes_any_team_s_plan(client_for, team, manager, action):
    client = client_for(manager)
    assert client.get(url("plan", team)).status_code == 200
    client.post(url("status", team, action.pk), {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done" and action.done_by == manager


def test_other_teams_and_organisations_are_a_404(
    client_for, team, other_team, organisation, outsider, foreign_team, member, action
):
    from tests.factories import MembershipFactory, UserFactory

    elsewhere = UserFactory()
    MembershipFactory(user=elsewhere, organisation=organisation, role="viewer", teams=[other_team])
    for user in (outsider, elsewhere):
        client = client_for(user)
        for name, args in (
            ("plan", ()),
            ("new", ()),
            ("edit", (action.pk,)),
            ("delete", (action.pk,)),
        ):
            assert client.get(url(name, team, *args)).status_code == 404, (user, name)
        for name, args in (("take", ()), ("status", (action.pk,)), ("delete", (action.pk,))):
            assert client.post(url(name, team, *args), {"status": "done"}).status_code == 404
    # The member's organisation, the foreign team's slug: no such team here.
    assert (
        client_for(member).get(url("plan", team).replace(team.slug, foreign_team.slug)).status_code
        == 404
    )


def test_another_organisation_s_action_id_is_a_404(
    client_for, team, member, foreign_team, outsider
):
    foreign = services.action_create(team=foreign_team, by=outsider, title="Globex secret")
    client = client_for(member)
    for name in ("edit", "status", "delete"):
        assert client.get(url(name, team, foreign.pk)).status_code == 404
        assert client.post(url(name, team, foreign.pk), {"status": "done"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "open"


def test_another_team_s_action_at_this_team_s_address_is_a_404(
    client_for, team, other_team, manager, member
):
    theirs = services.action_create(team=other_team, by=manager, title="Forecasting's")
    assert client_for(manager).get(url("edit", team, theirs.pk)).status_code == 404


def test_a_viewer_gets_a_403_on_every_change(client_for, team, viewer, action, model_in_use):
    client = client_for(viewer)
    item = characteristic(model_in_use, "people.2.1")
    assert client.get(url("new", team)).status_code == 403
    assert client.post(url("new", team), {"title": "Mine", "status": "open"}).status_code == 403
    assert client.post(url("take", team), {"characteristic": item.pk}).status_code == 403
    assert client.get(url("edit", team, action.pk)).status_code == 403
    assert client.post(url("edit", team, action.pk), {"title": "x"}).status_code == 403
    assert client.post(url("status", team, action.pk), {"status": "done"}).status_code == 403
    assert client.get(url("delete", team, action.pk)).status_code == 403
    assert client.post(url("delete", team, action.pk)).status_code == 403
    assert Action.objects.count() == 1 and Action.objects.get().status == "open"


# New, edit, status, delete


def test_a_member_adds_a_free_action(client_for, team, member, second_member):
    client = client_for(member)
    form = client.get(url("new", team)).content.decode()
    assert "csrfmiddlewaretoken" in form and 'type="date"' in form
    assert str(second_member) in form
    response = client.post(
        url("new", team),
        {
            "title": "Write a runbook",
            "owner": second_member.pk,
            "due": "2027-01-15",
            "status": "open",
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#action-{action.pk}")
    assert (action.owner, action.due, action.area) == (
        second_member,
        datetime.date(2027, 1, 15),
        None,
    )


def test_the_owner_list_leaves_out_viewers_and_other_teams(
    client_for, team, member, viewer, manager
):
    form = client_for(member).get(url("new", team)).content.decode()
    assert f'value="{viewer.pk}"' not in form and f'value="{manager.pk}"' not in form


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "status": "open"},
        {"title": "x" * 201, "status": "open"},
        {"title": "Bad status", "status": "finished"},
        {"title": "Bad date", "status": "open", "due": "15.01.2027x"},
        {"title": "Far away", "status": "open", "due": "2199-01-01"},
        {"title": "Bad owner", "status": "open", "owner": "999999"},
        {"title": "Nul\x00", "status": "open"},
    ],
)
def test_bad_input_is_explained_and_adds_nothing(client_for, team, member, data):
    response = client_for(member).post(url("new", team), data)
    assert response.status_code == 200
    assert (
        "invalid-feedback" in response.content.decode()
        or "alert-danger" in response.content.decode()
    )
    assert not Action.objects.exists()


def test_a_viewer_cannot_be_made_owner(client_for, team, member, viewer):
    response = client_for(member).post(
        url("new", team), {"title": "For Vic", "status": "open", "owner": viewer.pk}
    )
    assert response.status_code == 200 and not Action.objects.exists()


def test_an_archived_team_s_plan_is_read_only(client_for, team, member, action):
    team.archived = True
    team.save()
    client = client_for(member)
    page = client.get(url("plan", team)).content.decode()
    assert "archived" in page and url("new", team) not in page
    response = client.post(url("status", team, action.pk), {"status": "done"}, follow=True)
    assert "archived" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


def test_editing_saves_and_returns_to_the_plan(client_for, team, member, second_member, action):
    client = client_for(member)
    form = client.get(url("edit", team, action.pk)).content.decode()
    assert action.updated_at.isoformat() in form and "csrfmiddlewaretoken" in form
    assert url("delete", team, action.pk) in form
    response = client.post(
        url("edit", team, action.pk),
        {
            "title": "Write two runbooks",
            "note": "One per service",
            "owner": second_member.pk,
            "status": "in_progress",
            "seen": action.updated_at.isoformat(),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner, action.status) == (
        "Write two runbooks",
        second_member,
        "in_progress",
    )


def test_a_change_made_meanwhile_is_shown_not_overwritten(
    client_for, team, member, second_member, action
):
    seen = action.updated_at.isoformat()
    services.action_update(action=action, by=second_member, title="Dora's title")
    response = client_for(member).post(
        url("edit", team, action.pk),
        {"title": "Bob's title", "status": "open", "seen": seen},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone changed this action after you opened it" in page
    assert 'value="Dora\'s title"' in page or "Dora&#x27;s title" in page
    action.refresh_from_db()
    assert action.title == "Dora's title"


def test_an_action_whose_owner_left_the_team_can_still_be_edited(
    client_for, team, member, second_member
):
    action = services.action_create(team=team, by=member, title="Dora's", owner=second_member)
    second_member.memberships.get().teams.remove(team)
    response = client_for(member).post(
        url("edit", team, action.pk),
        {
            "title": "Dora's, finished",
            "owner": second_member.pk,
            "status": "done",
            "seen": action.updated_at.isoformat(),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.owner) == ("done", second_member)


def test_a_garbled_seen_value_changes_nothing(client_for, team, member, action):
    response = client_for(member).post(
        url("edit", team, action.pk), {"title": "New", "status": "open", "seen": "yesterday"}
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.title == "Write a runbook"


def test_the_quick_status_change(client_for, team, member, action):
    client = client_for(member)
    response = client.post(url("status", team, action.pk), {"status": "done"})
    assert response.status_code == 302 and response["Location"].endswith(f"#action-{action.pk}")
    action.refresh_from_db()
    assert action.status == "done" and action.done_by == member
    bad = client.post(url("status", team, action.pk), {"status": "finished"})
    assert "Choose a status from the list." in said(bad)
    action.refresh_from_db()
    assert action.status == "done"
    assert client.get(url("status", team, action.pk)).status_code == 405


def test_removing_asks_first(client_for, team, member, action):
    client = client_for(member)
    confirm = client.get(url("delete", team, action.pk)).content.decode()
    assert "Write a runbook" in confirm and "csrfmiddlewaretoken" in confirm
    assert Action.objects.exists()
    response = client.post(url("delete", team, action.pk))
    assert response.status_code == 302 and not Action.objects.exists()


def test_forms_are_protected_against_cross_site_requests(team, member, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    for name, args in (("new", ()), ("status", (action.pk,)), ("delete", (action.pk,))):
        assert client.post(url(name, team, *args), {"status": "done"}).status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


def test_the_plan_page_costs_the_same_queries_however_many_actions(
    client_for, team, member, second_member, model_in_use, submitted, django_assert_max_num_queries
):
    client = client_for(member)
    services.action_create(team=team, by=member, title="First", owner=member)
    services.action_from_characteristic(
        team=team, characteristic=characteristic(model_in_use, "people.2.1"), by=member
    )
    client.get(url("plan", team))  # the session's once-a-minute refresh
    with django_assert_max_num_queries(20) as few:
        client.get(url("plan", team))
    for key in model_in_use.characteristics.exclude(key="people.2.1").values_list("key", flat=True)[
        :30
    ]:
        action = services.action_from_characteristic(
            team=team, characteristic=characteristic(model_in_use, key), by=member
        )
        services.action_update(action=action, by=member, owner=second_member, due=YESTERDAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("plan", team)).content.decode()
    assert page.count('class="list-group-item plan-action') == 32

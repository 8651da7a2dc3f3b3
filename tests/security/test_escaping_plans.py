"""Plans (issue 17): an action's title and note, and everything the plans show from the
hostile world (team, people, the model's texts), are text on every page, in the digest's
HTML and in messages; the spreadsheets (the plan's CSV, the common gaps' CSV and XLSX) carry
no formula."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Team
from maturity.models import Characteristic
from plans import digests, gaps
from plans.models import Action
from tests.security.hostile import escaped, hostile, url
from tests.security.test_escaping import assert_escaped

FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture
def plan(world, team, member, manager):
    """Fraud ML's plan for the hostile model's first area: one action in progress, one done
    (for the results' plan check), one whose title and note are formulas."""
    serves = (
        Characteristic.objects.select_related("area")
        .filter(model=world["model"], area__key="collaboration")
        .order_by("level__number", "position")
    )
    made = {}
    for tag, status, characteristic in (
        ("act", Action.Status.IN_PROGRESS, None),
        ("dact", Action.Status.DONE, serves.last()),
    ):
        made[tag] = Action.objects.create(
            team=team,
            title=hostile(tag),
            note=hostile(f"{tag}note"),
            owner=member,
            area=serves.first().area,
            characteristic=characteristic,
            status=status,
            due=timezone.localdate(),
            done_at=timezone.now() if status == Action.Status.DONE else None,
            done_by=member if status == Action.Status.DONE else None,
            created_by=manager,
        )
    made["formula"] = Action.objects.create(
        team=team, title=FORMULA, note=f"{FORMULA}\n@SUM(1,2)", owner=member, created_by=manager
    )
    return made


def _pages(world, organisation, team, plan):
    org, slug, act = organisation.slug, team.slug, plan["act"].pk
    reopened = world["reopened"].pk
    found = gaps.common_gaps(organisation, world["model"])
    gap = found.areas[0].gaps[0].characteristic.pk  # Fraud ML misses it
    return {
        # name: (url, who looks, the tags of the texts the page shows)
        "plan": (
            url("plans:plan", org, slug),
            "admin",
            ["team", "act", "actnote", "dact", "dactnote", "mem"],
        ),
        "filtered plan": (
            url("plans:plan", org, slug) + "?status=in_progress",
            "member",
            ["team", "act", "actnote", "mem"],
        ),
        "edit action": (url("plans:edit", org, slug, act), "admin", ["team", "act", "actnote"]),
        "new action": (url("plans:new", org, slug), "admin", ["team", "mem", "area0"]),
        "delete action": (url("plans:delete", org, slug, act), "admin", ["act"]),
        "answering box": (
            url("assessments:answer_area", org, slug, reopened, "collaboration"),
            "member",
            ["act", "dact"],
        ),
        "plan check": (url("assessments:detail", org, slug, reopened), "admin", ["dact"]),
        "home": ("/", "member", ["act"]),  # "your actions"
        "gaps": (url("plans:gaps", org), "manager", ["mdl", "area0", "team"]),
        "gap teams": (url("plans:gap_teams", org, gap), "manager", ["team"]),
    }


PAGES = [
    "plan",
    "filtered plan",
    "edit action",
    "new action",
    "delete action",
    "answering box",
    "plan check",
    "home",
    "gaps",
    "gap teams",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_plan_texts_are_escaped_on_every_page(
    client_for, world, plan, organisation, team, admin, manager, member, name
):
    address, who, tags = _pages(world, organisation, team, plan)[name]
    client = client_for({"admin": admin, "manager": manager, "member": member}[who])

    response = client.get(address, follow=True)

    assert response.status_code == 200
    assert_escaped(response.content.decode(), tags)


@pytest.mark.django_db
def test_every_page_of_the_plans_is_checked(world, plan, organisation, team):
    assert sorted(_pages(world, organisation, team, plan)) == sorted(PAGES)


@pytest.mark.django_db
def test_messages_naming_an_action_are_escaped(client_for, organisation, team, admin, plan):
    client = client_for(admin)
    action = plan["act"]

    changed = client.post(
        url("plans:status", organisation.slug, team.slug, action.pk),
        {"status": "done"},
        follow=True,
    )
    removed = client.post(url("plans:delete", organisation.slug, team.slug, action.pk), follow=True)

    assert f"“{escaped('act')}” is now:" in changed.content.decode()
    assert f"The action “{escaped('act')}” is removed." in removed.content.decode()
    for response in (changed, removed):
        assert_escaped(response.content.decode(), ["team"])


@pytest.mark.django_db
def test_the_digest_html_escapes_titles_and_names(organisation, team, member, plan):
    today = timezone.localdate()
    content = digests.contents([member.pk], today)[member.pk]

    message = digests.message_for(member, content, today)

    html = message.alternatives[0][0]
    assert_escaped(html, ["org", "team", "act"])
    assert hostile("act") in message.body  # plain text: as written, not as HTML entities
    assert "\n" not in message.subject


@pytest.mark.django_db
def test_the_plans_csv_carries_no_formula(client_for, manager, organisation, team, plan):
    response = client_for(manager).get(url("plans:export", organisation.slug, team.slug))

    body = b"".join(response.streaming_content).decode()
    rows = {row["Summary"]: row for row in csv.DictReader(io.StringIO(body))}
    formula = rows["'" + FORMULA]
    assert formula["Description"].startswith("'" + FORMULA + "\n")
    assert rows[hostile("act")]["Description"].startswith(hostile("actnote"))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_common_gaps_exports_carry_no_formula(
    client_for, manager, organisation, team, world, kind
):
    Team.objects.filter(pk=team.pk).update(name=FORMULA)

    response = client_for(manager).get(url(f"reports:gaps_{kind}", organisation.slug))

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "csv":
        rows = [list(row.values()) for row in csv.DictReader(io.StringIO(body.decode()))]
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert rows, "a gap to export"
    assert all(row[-1] == "'" + FORMULA for row in rows if FORMULA in row[-1])
    assert any(FORMULA in row[-1] for row in rows)
    assert {row[0] for row in rows} <= {hostile(f"area{i}") for i in range(3)}  # as text

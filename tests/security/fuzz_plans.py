"""The plans' endpoints the fuzz sends to (issue 17): a team's plan, its actions, the common
gaps and their exports. Merged into FUZZ by test_fuzz.py."""

from datetime import date, timedelta

from hypothesis import strategies as st

from maturity.models import Characteristic
from plans.models import Action
from tests.security.fuzz_endpoints import Endpoint, reads
from tests.security.fuzz_strategies import DATES, NAMES, PAGES, pks, texts_of


def plan_objects(team, foreign_team, models, member):
    """The fuzz world's plans: a gap of the submitted assessment and a characteristic of the
    same area at a level reached; the same gap in Acme's own model, and in Globex's (not
    Acme's to take); an action of Fraud ML's for it, and one of Globex's."""
    mini, own, foreign = models
    characteristics = [
        Characteristic.objects.select_related("area").get(model=model, key=key)
        for model, key in (
            (mini, "collaboration.2.2"),
            (mini, "collaboration.1.1"),
            (own, "collaboration.2.2"),
            (foreign, "collaboration.2.2"),
        )
    ]
    gap = characteristics[0]
    return {
        "plan_characteristics": characteristics,
        "action": Action.objects.create(
            team=team, title="Shared on-call", characteristic=gap, area=gap.area, owner=member
        ),
        "foreign_action": Action.objects.create(team=foreign_team, title="Globex's own"),
    }


STATUSES = texts_of(*Action.Status.values, "DONE", "pending", "none", "")


def actions(world):
    """Fraud ML's action, another organisation's, and one that does not exist."""
    return [{"pk": world.action.pk}, {"pk": world.foreign_action.pk}, {"pk": 2**31}]


def action_fields(world):
    areas = [c.area for c in world.plan_characteristics]
    return {
        "title": NAMES,
        "note": st.text(max_size=300) | texts_of("=cmd|' /C calc'!A0"),
        "owner": pks(world.member, world.admin, world.outsider),
        "due": DATES | texts_of((date.today() + timedelta(days=30)).isoformat()),
        "status": STATUSES,
        "area": pks(*areas),
        "characteristic": pks(*world.plan_characteristics),
        "seen": texts_of(world.action.updated_at.isoformat(), "2020-01-01T00:00:00", "x"),
    }


def gap_filters(world):
    return {
        "model": pks(world.mini, world.own_model, world.draft, world.foreign_model),
        "dimension": texts_of(*world.dimensions, "nope", "\x00"),
        "round": pks(world.round, world.foreign_round),
    }


def gap_characteristics(world):
    return [{"characteristic": c.pk} for c in world.plan_characteristics] + [
        {"characteristic": 2**31}
    ]


PLANS_FUZZ = {
    "plans:new": Endpoint(users=("member", "admin"), fields=action_fields, methods=("post", "get")),
    "plans:edit": Endpoint(
        users=("member", "admin"), fields=action_fields, urls=actions, methods=("post", "get")
    ),
    "plans:take": Endpoint(
        users=("member", "admin"),
        fields=lambda w: {
            "characteristic": pks(*w.plan_characteristics),
            "assessment": pks(w.submitted, w.open_assessment, w.foreign_assessment),
        },
        urls=lambda w: [{"team": w.team.slug}, {"team": w.foreign_team.slug}],
    ),
    "plans:status": Endpoint(
        users=("member", "admin"), fields=lambda w: {"status": STATUSES}, urls=actions
    ),
    "plans:delete": Endpoint(users=("member", "admin"), urls=actions, examples=12),
    "plans:plan": reads(
        fields=lambda w: {
            "owner": pks(w.member, w.admin, w.outsider) | texts_of("none"),
            "status": STATUSES,
        },
        urls=lambda w: [{"team": w.team.slug}, {"team": w.foreign_team.slug}],
    ),
    "plans:export": reads(fields=lambda w: {"all": texts_of("1", "0", "")}),
    "plans:export_all": reads(fields=lambda w: {"all": texts_of("1", "0", "")}),
    "plans:gaps": reads(fields=gap_filters),
    "plans:gap_teams": reads(
        fields=lambda w: {**gap_filters(w), "page": PAGES}, urls=gap_characteristics
    ),
    "reports:gaps_csv": reads(fields=gap_filters),
    "reports:gaps_xlsx": reads(fields=gap_filters),
}

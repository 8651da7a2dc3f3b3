"""The demo organisation that `make run` sets up, so that a newcomer sees a working site:
six teams with people, a history of quarterly assessments that shows progress, several
respondents who sometimes disagree, the current round (2026 Q4) with one team finished and
one begun, and Fraud ML's improvement plan. Two teams are also assessed against the second
shipped model (data platform maturity), so that teams and dashboards show two models."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role, Team, User
from assessments import selectors
from assessments.models import AgreedAnswer, Answer, Assessment, Target
from assessments.services import target_set
from assessments.stored import results_store
from maturity.models import Area, Characteristic, MaturityModel
from plans import services as plans
from plans.models import Action
from rounds.models import Entry, Mail, Round
from rounds.services import round_open

DEMO_PASSWORD = "demo-password"
DEMO_ORGANISATION = {"slug": "demo", "name": "Demo GmbH"}
# slug, name, description, quarters of history (4 to 8)
DEMO_TEAMS = [
    ("fraud-ml", "Fraud ML", "Detects fraudulent card payments in real time.", 8),
    ("recommendations", "Recommendations", "Product recommendations for the web shop.", 6),
    ("forecasting", "Demand Forecasting", "Weekly demand forecasts for 4,000 stores.", 7),
    ("search-ranking", "Search Ranking", "Ranks search results on the web shop.", 4),
    ("data-platform", "Data Platform", "Feature store and training pipelines for all teams.", 5),
    ("vision", "Computer Vision", "Shelf images to stock levels.", 4),
]
# (e-mail, name, role, teams)
DEMO_PEOPLE = [
    ("admin@demo.example", "Ada Admin", Role.ADMIN, []),
    ("manager@demo.example", "Max Manager", Role.MANAGER, []),
    ("data.scientist@demo.example", "Dana Scientist", Role.MEMBER, ["fraud-ml", "forecasting"]),
    ("engineer@demo.example", "Erik Engineer", Role.MEMBER, ["fraud-ml", "data-platform"]),
    ("viewer@demo.example", "Vera Viewer", Role.VIEWER, ["recommendations"]),
    ("lena@demo.example", "Lena Lorenz", Role.MEMBER, ["recommendations", "search-ranking"]),
    ("tom@demo.example", "Tom Tran", Role.MEMBER, ["recommendations", "vision"]),
    ("sofia@demo.example", "Sofia Schulz", Role.MEMBER, ["forecasting", "data-platform"]),
    ("jonas@demo.example", "Jonas Jung", Role.MEMBER, ["search-ranking", "vision"]),
    ("mia@demo.example", "Mia Meyer", Role.MEMBER, ["fraud-ml", "vision"]),
]
# The shipped models the demo uses, as loaded by `load_models`: the first one for every team,
# the second for a few teams (slug → quarters of history, 2 or 3).
MAIN_MODEL = "mlops"
SECOND_MODEL = "platform"
SECOND_MODEL_TEAMS = {"data-platform": 3, "forecasting": 2}
SECOND_MODEL_LABEL = " platform review"  # "2026 Q3 platform review"
# Target levels per team and dimension (of either model): some teams are below them.
DEMO_TARGETS = {
    "fraud-ml": {"people": 3, "process": 3, "technology": 3},
    "recommendations": {"people": 2, "process": 2, "technology": 2},
    "data-platform": {"process": 2, "technology": 3, "platform": 2, "operations": 2},
}
LAST_QUARTER_END = date(2026, 9, 30)  # history up to 2026 Q3; 2026 Q4 is in progress
IN_PROGRESS = ("fraud-ml", "2026 Q4", date(2026, 11, 20))


def quarter_ends(count, last=LAST_QUARTER_END):
    """The last days of `count` quarters up to `last`, oldest first."""
    ends = []
    year, quarter = last.year, (last.month - 1) // 3 + 1
    for _ in range(count):
        month = quarter * 3
        ends.append(date(year, month, 30 if month in (6, 9) else 31))
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
    return list(reversed(ends))


@transaction.atomic
def seed_demo():
    """Create what is missing of the demo organisation; what exists is left as it is."""
    organisation, _ = Organisation.objects.get_or_create(
        slug=DEMO_ORGANISATION["slug"], defaults={"name": DEMO_ORGANISATION["name"]}
    )
    teams = {}
    for slug, name, description, _quarters in DEMO_TEAMS:
        teams[slug], _ = Team.objects.get_or_create(
            organisation=organisation,
            slug=slug,
            defaults={"name": name, "description": description},
        )
    people = {}
    for email, name, role, team_slugs in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, name=name, password=DEMO_PASSWORD)
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if created:
            membership.teams.set([teams[slug] for slug in team_slugs])
        people[email] = user
    # The shipped models, once `load_models` has loaded them.
    mlops, second = (_shipped(slug) for slug in (MAIN_MODEL, SECOND_MODEL))
    if mlops is None:
        return organisation
    organisation.models_in_use.add(*filter(None, (mlops, second)))
    manager = people["manager@demo.example"]
    for slug, _name, _description, quarters in DEMO_TEAMS:
        team = teams[slug]
        if not Assessment.objects.filter(team=team, model=mlops).exists():
            _history(team, mlops, quarters, manager, random.Random(slug))
    # Checked per model, so that a demo seeded before the second model shipped gains it.
    for slug, quarters in SECOND_MODEL_TEAMS.items() if second else ():
        if not Assessment.objects.filter(team=teams[slug], model=second).exists():
            rng = random.Random(f"{slug} {SECOND_MODEL}")
            _history(
                teams[slug],
                second,
                quarters,
                manager,
                rng,
                with_open=False,
                label_suffix=SECOND_MODEL_LABEL,
            )
    if not Round.objects.filter(organisation=organisation).exists():
        _round(organisation, teams, mlops, manager)
    _targets(teams, manager)
    if not Action.objects.filter(team=teams["fraud-ml"]).exists():
        _plan(teams["fraud-ml"], mlops, people)
    return organisation


def _shipped(slug):
    return MaturityModel.objects.filter(
        slug=slug, organisation=None, status=MaturityModel.Status.PUBLISHED
    ).first()


def _targets(teams, manager):
    # A dimension of a model the demo does not use (not loaded) cannot have a target.
    dimensions = set(
        selectors.models_for(teams["fraud-ml"].organisation).values_list(
            "dimensions__key", flat=True
        )
    )
    for slug, levels in DEMO_TARGETS.items():
        for dimension, level in levels.items():
            exists = Target.objects.filter(team=teams[slug], dimension_key=dimension).exists()
            if dimension in dimensions and not exists:
                target_set(team=teams[slug], dimension_key=dimension, level=level, by=manager)


def _plan(team, model, people):
    """Fraud ML's plan: three roadmap items of its latest result taken as actions (one done,
    one in progress, one overdue) and a free one."""
    latest = Assessment.objects.filter(team=team, model=model, is_latest=True).first()
    if latest is None:
        return
    keys = list(latest.step_gaps.order_by("pk").values_list("characteristic_key", flat=True)[:3])
    items = Characteristic.objects.filter(model=model, key__in=keys).order_by("area__position")
    today = timezone.localdate()
    dana, erik, mia = (
        people[email]
        for email in ("data.scientist@demo.example", "engineer@demo.example", "mia@demo.example")
    )
    plan = [
        (dana, today + timedelta(days=30), Action.Status.DONE),
        (erik, today + timedelta(days=45), Action.Status.IN_PROGRESS),
        (mia, today - timedelta(days=7), Action.Status.OPEN),
    ]
    for item, (owner, due, status) in zip(items, plan, strict=False):
        action = plans.action_from_characteristic(
            team=team, characteristic=item, by=owner, assessment=latest
        )
        plans.action_update(action=action, by=owner, owner=owner, due=due, status=status)
    plans.action_create(
        team=team,
        by=dana,
        title="Share the feature store's access patterns with Data Platform",
        owner=dana,
        due=today + timedelta(days=60),
        note="Ask Sofia for the review slot in the platform guild.",
    )


def _round(organisation, teams, model, manager):
    """The current round, 2026 Q4, for every team but Computer Vision (which joins next
    quarter, and so can still start an assessment of its own): fraud-ml's open assessment
    taken in, the others starting from their 2026 Q3; Recommendations has answered
    everything. Its invitations are recorded as sent (the demo e-mails nobody)."""
    round_ = round_open(
        organisation=organisation,
        label=IN_PROGRESS[1],
        model=model,
        opens_on=IN_PROGRESS[2],
        deadline=max(date(2026, 12, 18), timezone.localdate() + timedelta(days=14)),
        teams=[team for slug, team in teams.items() if slug != "vision"],
        by=manager,
    )
    Mail.objects.filter(round=round_).update(sent_at=timezone.now())
    entry = Entry.objects.select_related("assessment").get(
        round=round_, team__slug="recommendations"
    )
    rng = random.Random("round")
    structures = selectors.area_models([model.pk])[model.pk]
    areas = {area.key: area for area in Area.objects.filter(model=model)}
    respondents = [r.user for r in entry.respondents.select_related("user").order_by("user__email")]
    truth = {area.key: rng.uniform(1.0, 2.5) for area in structures}
    answers = []
    _answers(entry.assessment, structures, areas, respondents, truth, rng, answers, [], None)
    Answer.objects.bulk_create(answers)
    Assessment.objects.filter(pk=entry.assessment_id).update(state=Assessment.State.IN_PROGRESS)


def _history(team, model, quarters, manager, rng, with_open=True, label_suffix=""):
    """Quarterly submitted assessments with plausible progress, then (for one team, if
    `with_open`) one open. Labels are unique per team: a second model's carry a suffix."""
    structures = selectors.area_models([model.pk])[model.pk]
    areas = {area.key: area for area in Area.objects.filter(model=model)}
    respondents = list(User.objects.filter(memberships__teams=team).order_by("email"))
    # Where the team really stands per area, as a score: it grows a little most quarters.
    truth = {area.key: rng.uniform(0.0, 1.2) for area in structures}
    top = {area.key: float(area.top_level) for area in structures}
    answers, agreed = [], []
    for number, day in enumerate(quarter_ends(quarters)):
        if number:
            for key in truth:
                truth[key] = min(top[key], truth[key] + rng.choice([0.0, 0.15, 0.3, 0.5]))
        assessment = Assessment.objects.create(
            team=team,
            model=model,
            label=f"{day.year} Q{(day.month - 1) // 3 + 1}{label_suffix}",
            date=day,
            state=Assessment.State.SUBMITTED,
            started_by=manager,
            submitted_by=manager,
            submitted_at=timezone.make_aware(datetime.combine(day, time(16, 0))),
        )
        _answers(assessment, structures, areas, respondents, truth, rng, answers, agreed, manager)
    if with_open and (team.slug, *IN_PROGRESS[1:]) == IN_PROGRESS:
        open_one = Assessment.objects.create(
            team=team,
            model=model,
            label=IN_PROGRESS[1],
            date=IN_PROGRESS[2],
            state=Assessment.State.IN_PROGRESS,
            started_by=manager,
        )
        # One respondent has begun with three areas; the others have not answered yet.
        _answers(open_one, structures[:3], areas, respondents[1:2], truth, rng, answers, [], None)
    Answer.objects.bulk_create(answers)
    AgreedAnswer.objects.bulk_create(agreed)
    results_store(
        Assessment.objects.filter(team=team, model=model, state=Assessment.State.SUBMITTED)
    )


def _as_answer(structure, score):
    """The level and ticks that a score stands for: level 2.5 has half of level 3's new ones."""
    level = min(int(score), structure.top_level)
    new_next = structure.new_next(level)
    return level, list(new_next[: round((score - level) * len(new_next))])


def _answers(assessment, structures, areas, respondents, truth, rng, answers, agreed, manager):
    for structure in structures:
        level, ticked = _as_answer(structure, truth[structure.key])
        seen = []
        for n, respondent in enumerate(respondents):
            # The first two see the team as it is (so the median does); others are sometimes more
            # optimistic, now and then by two levels, which the facilitator then settles.
            shift = 0 if n < 2 else rng.choice([0, 0, 1, 1, 2])
            if n == 1 and len(respondents) == 2:
                shift = rng.choice([0, 0, 0, 1, 2])
            own_level = min(level + shift, structure.top_level)
            seen.append(own_level)
            own_ticked = ticked if own_level == level else list(structure.new_next(own_level)[:1])
            answers.append(
                Answer(
                    assessment=assessment,
                    respondent=respondent,
                    area=areas[structure.key],
                    level=own_level,
                    ticked=own_ticked,
                    comment=rng.choice(["", "", "See the team wiki.", "Work in progress."]),
                )
            )
        if manager is not None and seen and max(seen) - min(seen) >= 2:
            agreed.append(
                AgreedAnswer(
                    assessment=assessment,
                    area=areas[structure.key],
                    level=level,
                    ticked=ticked,
                    note="Agreed in the team's review meeting.",
                    agreed_by=manager,
                )
            )

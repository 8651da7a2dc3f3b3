"""A rich organisation for the transfer tests, and what the database holds of it."""

import copy
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import Invitation, Membership, Organisation, Team, User
from assessments import selectors, services
from assessments.models import (
    AgreedAnswer,
    Answer,
    AreaScore,
    Assessment,
    DimensionScore,
    Reopening,
    StepGap,
    Target,
)
from dashboards import selectors as dashboards
from maturity import services as maturity_services
from maturity.models import Area, Characteristic, Dimension, Level, MaturityModel
from plans import services as plans_services
from plans.models import Action, Digest
from reports import exports
from reports.models import Report
from rounds import sending
from rounds import services as rounds_services
from rounds.models import Entry, Mail, Respondent, Round
from tests.answers import MODEL_CREATION_1_TO_2, answer_everything
from tests.factories import PASSWORD, MembershipFactory, TeamFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rich(
    organisation,
    team,
    other_team,
    admin,
    manager,
    member,
    viewer,
    second_member,
    outsider,
    mlops,
    mini_data,
):
    """An organisation with a bit of everything the product stores."""
    # Its own model, published and in use, and a draft of the next version.
    own_data = copy.deepcopy(mini_data) | {"slug": "acme-devops"}
    own = maturity_services.model_upload(
        organisation=organisation, raw=json.dumps(own_data).encode()
    )
    maturity_services.model_publish(model=own)
    maturity_services.model_upload(
        organisation=organisation, raw=json.dumps(own_data | {"version": "2"}).encode()
    )
    maturity_services.models_in_use_set(organisation=organisation, models=[mlops, own])
    TeamFactory(
        organisation=organisation, slug="legacy", name="Legacy", description="Gone.", archived=True
    )
    Membership.objects.get(user=member).teams.add(other_team)
    former = UserFactory(email="fred@acme.example", name="Fred Former")
    MembershipFactory(user=former, organisation=organisation, role="member", teams=[other_team])

    def start(team, model, label, day):
        return services.assessment_start(team=team, model=model, label=label, date=day, by=manager)

    older = start(team, mlops, "2026 Q2", date(2026, 6, 30))
    answer_everything(older, member, level=1)
    services.assessment_submit(assessment=older, by=manager)

    current = start(team, mlops, "2026 Q3", date(2026, 9, 30))
    services.facilitator_set(assessment=current, user=member)
    answer_everything(current, member, level=2)
    services.answer_record(
        assessment=current,
        respondent=member,
        area_key="model-creation",
        level=1,
        ticked=MODEL_CREATION_1_TO_2[:2],
        comment="Pipelines for two of three sources.",
        evidence=["https://wiki.example/acme/pipelines"],
        revision=1,
    )
    answer_everything(current, second_member, level=3, people=0)
    services.agreed_record(
        assessment=current,
        area_key="people",
        level=1,
        note="Settled in the review.",
        by=member,
    )
    services.assessment_submit(assessment=current, by=manager)
    services.assessment_reopen(assessment=current, by=manager, reason="A typo in people.")
    services.agreed_record(
        assessment=current,
        area_key="model-creation",
        level=1,
        ticked=MODEL_CREATION_1_TO_2[:1],
        by=member,
    )
    services.assessment_submit(assessment=current, by=member)

    reopened = start(team, mlops, "2026 Q4", date(2026, 11, 20))
    answer_everything(reopened, member, level=3)
    services.assessment_submit(assessment=reopened, by=manager)
    services.assessment_reopen(assessment=reopened, by=manager, reason="Wrong quarter.")
    # A draft without answers, of the other model (the reopened one is open with mlops).
    start(team, own, "2027 Q1", date(2027, 2, 1))

    devops = start(other_team, own, "2026 Q3", date(2026, 9, 15))
    for area in ["collaboration", "delivery", "monitoring"]:
        services.answer_record(assessment=devops, respondent=former, area_key=area, level=1)
    services.assessment_submit(assessment=devops, by=manager)
    # Fred leaves; his answers stay, so his account is part of the organisation's data.
    accounts_services.membership_remove(membership=Membership.objects.get(user=former))

    for team_, dimension, level in [
        (team, "people", 3),
        (team, "people", 4),
        (team, "process", 2),
        (team, "technology", None),
        (other_team, "culture", 2),
    ]:
        services.target_set(team=team_, dimension_key=dimension, level=level, by=manager)

    def invite(email, role="member", teams=()):
        return accounts_services.invitation_create(
            organisation=organisation, email=email, role=role, teams=list(teams), by=admin
        )

    invite("newcomer@example.com", teams=[team, other_team])
    accounts_services.invitation_revoke(invitation=invite("nobody@example.com", role="viewer"))
    accepted = invite("ivy@acme.example", teams=[other_team])
    accounts_services.invitation_accept(token=accepted.token, name="Ivy", password=PASSWORD)

    now = timezone.now()
    Report.objects.create(
        organisation=organisation,
        kind=Report.Kind.ASSESSMENT,
        assessment=current,
        language="de",
        ordered_by=manager,
        state=Report.State.DONE,
        progress=100,
        file="reports/2026/11/acme-fraud-ml-2026-q3.pdf",
        size=48213,
        finished_at=now,
    )
    Report.objects.create(
        organisation=organisation,
        kind=Report.Kind.TEAM,
        team=team,
        ordered_by=manager,
        state=Report.State.FAILED,
        error="WeasyPrint ran out of memory.",
        finished_at=now,
    )
    Report.objects.create(
        organisation=organisation,
        kind=Report.Kind.ORGANISATION,
        ordered_by=admin,
        state=Report.State.DONE,
        progress=100,
        file="reports/2026/11/acme.pdf",
        size=90210,
        finished_at=now,
    )
    winter = _rounds(
        organisation, team, other_team, mlops, own, manager, admin, member, second_member
    )
    Report.objects.create(
        organisation=organisation,
        kind=Report.Kind.ROUND,
        round=winter,
        ordered_by=manager,
        state=Report.State.DONE,
        progress=100,
        file="reports/2026/12/acme-winter-2026.pdf",
        size=60321,
        finished_at=now,
    )
    _plans(team, other_team, current, member, second_member, manager)
    # Reminders in German, and a person who switched them off.
    User.objects.filter(pk=member.pk).update(language="de")
    User.objects.filter(pk=second_member.pk).update(
        language="en", email_reminders=False, email_digest=False
    )
    return organisation


def _plans(team, other_team, current, member, second_member, manager):
    """Actions taken from a roadmap (one done, one dropped), a free one, and a digest sent."""
    characteristic = Characteristic.objects.get(model=current.model, key=MODEL_CREATION_1_TO_2[2])
    taken = plans_services.action_from_characteristic(
        team=team, characteristic=characteristic, by=member, assessment=current
    )
    plans_services.action_update(
        action=taken, by=member, owner=member, due=date(2027, 1, 15), note="Start with sales."
    )
    plans_services.action_update(action=taken, by=member, status=Action.Status.DONE)
    dropped = plans_services.action_from_characteristic(
        team=team,
        characteristic=Characteristic.objects.get(
            model=current.model, key=MODEL_CREATION_1_TO_2[1]
        ),
        by=manager,
    )
    plans_services.action_update(action=dropped, by=manager, status=Action.Status.DROPPED)
    plans_services.action_create(
        team=other_team, by=manager, title="A shared CI template", owner=member
    )
    Digest.objects.create(user=member, week="2026-W48", sent_at=timezone.now())


def _rounds(organisation, team, other_team, mlops, own, manager, admin, member, second_member):
    """A closed anonymous round past its deadline (the team's open assessment adopted and
    submitted at the deadline, the other team's new one late; e-mails sent and one not), and
    a scheduled one whose new assessment starts from the other team's last."""
    today = timezone.localdate()
    autumn = rounds_services.round_open(
        organisation=organisation,
        label="Winter 2026",
        model=mlops,
        opens_on=today,
        deadline=today,
        teams=[team, other_team],
        by=manager,
        anonymous=True,
        reminder_days=[7, 3, 1],
    )
    late = Entry.objects.get(round=autumn, team=other_team)
    # Two areas of five answered: not complete at the deadline, so late.
    for area in ["people", "technology"]:
        services.answer_record(
            assessment=late.assessment, respondent=member, area_key=area, level=2
        )
    # The invitations are sent, but not yet the second member's; then reminders (their
    # texts are not this test's concern: recorded as sent).
    invitations = Mail.objects.filter(round=autumn).exclude(user=second_member)
    sending.send(list(invitations.values_list("pk", flat=True)))
    for kind, key in [(Mail.Kind.REMINDER, "3"), (Mail.Kind.NUDGE, today.isoformat())]:
        Mail.objects.create(round=autumn, entry=late, user=member, kind=kind, key=key)
    Mail.objects.filter(round=autumn, kind__in=["reminder", "nudge"]).update(sent_at=timezone.now())
    # Its deadline passed yesterday.
    Round.objects.filter(pk=autumn.pk).update(
        opens_on=today - timedelta(days=14), deadline=today - timedelta(days=1)
    )
    autumn.refresh_from_db()
    rounds_services.deadline_pass(autumn)
    rounds_services.round_close(round_=autumn, by=admin)

    spring = rounds_services.round_open(
        organisation=organisation,
        label="2027 Q1",
        model=own,
        opens_on=today + timedelta(days=7),
        deadline=today + timedelta(days=30),
        teams=[team, other_team],
        by=manager,
    )
    started = Entry.objects.get(round=spring, team=other_team).assessment
    assert started.carried_from is not None, "the world lacks a carried-forward assessment"
    return autumn


# What the database holds of an organisation, independent of the export's code: every
# concrete field of every row, foreign keys by natural key, in a stable order.


def natural(obj):
    if obj is None:
        return None
    if isinstance(obj, User):
        return obj.email
    if isinstance(obj, Organisation | Team):
        return obj.slug
    if isinstance(obj, MaturityModel):
        return (obj.slug, obj.version)
    if isinstance(obj, Level | Dimension | Area | Characteristic):
        return (*natural(obj.model), getattr(obj, "key", getattr(obj, "number", None)))
    if isinstance(obj, Assessment):
        return (obj.team.slug, obj.label, obj.date.isoformat(), obj.created_at)
    if isinstance(obj, Round):
        return (obj.organisation.slug, obj.label)
    if isinstance(obj, Entry):
        return (*natural(obj.round), obj.team.slug)
    raise AssertionError(f"no natural key for {obj!r}")


# Not data: a stamp for per-process caches of a model version, moved on by any write.
NOT_DATA = {(MaturityModel, "revised_at")}


def rows(queryset):
    model = queryset.model
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and (model, f.name) not in NOT_DATA
    ]
    found = []
    for obj in queryset:
        row = []
        for f in fields:
            value = getattr(obj, f.name)
            row.append(natural(value) if f.is_relation else value)
        for m2m in model._meta.many_to_many:
            if m2m.name in ("groups", "user_permissions"):
                continue
            related = getattr(obj, m2m.name).all()
            if m2m.name == "used_by":
                related = related.filter(pk=obj.organisation_id) if obj.organisation_id else []
            row.append(sorted(natural(r) for r in related))
        found.append(tuple(str(v) if isinstance(v, dict | list) else v for v in row))
    return sorted(found, key=repr)


def snapshot(slug, emails):
    org = {"team__organisation__slug": slug}
    in_assessment = {"assessment__team__organisation__slug": slug}
    own = {"model__organisation__slug": slug}
    return {
        "organisation": rows(Organisation.objects.filter(slug=slug)),
        "users": rows(User.objects.filter(email__in=emails)),
        "teams": rows(Team.objects.filter(organisation__slug=slug)),
        "memberships": rows(Membership.objects.filter(organisation__slug=slug)),
        "invitations": rows(Invitation.objects.filter(organisation__slug=slug)),
        "models": rows(MaturityModel.objects.filter(organisation__slug=slug)),
        "models_in_use": sorted(
            natural(m) for m in MaturityModel.objects.filter(used_by__slug=slug)
        ),
        "levels": rows(Level.objects.filter(**own)),
        "dimensions": rows(Dimension.objects.filter(**own)),
        "areas": rows(Area.objects.filter(**own)),
        "characteristics": rows(Characteristic.objects.filter(**own)),
        "assessments": rows(Assessment.objects.filter(**org)),
        "answers": rows(Answer.objects.filter(**in_assessment)),
        "agreed": rows(AgreedAnswer.objects.filter(**in_assessment)),
        "reopenings": rows(Reopening.objects.filter(**in_assessment)),
        "area_scores": rows(AreaScore.objects.filter(**in_assessment)),
        "dimension_scores": rows(DimensionScore.objects.filter(**in_assessment)),
        "targets": rows(Target.objects.filter(**org)),
        "reports": rows(Report.objects.filter(organisation__slug=slug)),
        "rounds": rows(Round.objects.filter(organisation__slug=slug)),
        "entries": rows(Entry.objects.filter(round__organisation__slug=slug)),
        "respondents": rows(Respondent.objects.filter(entry__round__organisation__slug=slug)),
        "mails": rows(Mail.objects.filter(entry__round__organisation__slug=slug)),
        "step_gaps": rows(StepGap.objects.filter(**in_assessment)),
        "actions": rows(Action.objects.filter(**org)),
        "digests": rows(Digest.objects.filter(user__email__in=emails)),
    }


def figures(slug):
    """What the dashboards and the results export show of the organisation."""
    org = Organisation.objects.get(slug=slug)
    mlops = MaturityModel.objects.get(organisation=None, slug="mlops", version="1")
    filters = dashboards.Filters(model=mlops)
    latest = list(dashboards.teams_with_latest(org, filters))
    scores = dashboards.area_scores([t.latest_id for t in latest if t.latest_id])
    return {
        "latest": [(t.slug, t.latest_score, t.latest_date) for t in latest],
        "area_scores": {t.slug: scores.get(t.latest_id) for t in latest},
        "distribution": dict(dashboards.level_distribution(org, filters)),
        "trend": dashboards.organisation_trend(org, dashboards.Filters()),
        "below_target": dashboards.teams_below_target(org, filters),
        "targets": {
            t.slug: selectors.current_targets(t) for t in Team.objects.filter(organisation=org)
        },
        "results": exports.results_export(org),
    }


def wipe(document):
    """Remove the organisation as if this were an empty database (shared models stay)."""
    org = Organisation.objects.get(slug=document["organisation"]["slug"])
    Round.objects.filter(organisation=org).delete()  # its model is protected while it exists
    Assessment.objects.filter(team__organisation=org).delete()
    MaturityModel.objects.filter(organisation=org).delete()
    org.delete()
    User.objects.filter(email__in=[u["email"] for u in document["users"]]).delete()


def everything_counted():
    return (
        [
            m.objects.count()
            for m in (Organisation, User, Team, Membership, Invitation, MaturityModel, Assessment)
        ]
        + [
            m.objects.count()
            for m in (
                Answer,
                AgreedAnswer,
                Reopening,
                Target,
                Report,
                Round,
                Entry,
                Respondent,
                Mail,
            )
        ]
        + [m.objects.count() for m in (StepGap, Action, Digest)]
    )


def log_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})

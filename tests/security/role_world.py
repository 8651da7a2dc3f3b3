"""The world each role-matrix case starts from: an organisation, its people in every role,
assessments, reports and models."""

import copy
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.urls import reverse

from accounts.models import Organisation, Team
from assessments import services
from assessments.models import Assessment
from maturity.interchange import import_model
from maturity.models import MaturityModel
from reports.models import Report
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from tests.rounds.round_helpers import open_round

MINI = Path(__file__).resolve().parents[1] / "maturity" / "devops-mini.json"
MINI_AREAS = ("collaboration", "delivery", "monitoring")

OK, E403, E404, LOGIN, HIDE = "allow", "deny-403", "deny-404", "login", "hidden"
OUTCOMES = {OK, E403, E404, LOGIN, HIDE}


# --- the world each case starts from ------------------------------------------------------


@dataclass
class World:
    role: str
    client: object
    organisation: Organisation
    team: Team
    other_team: Team
    model: MaturityModel
    people: dict
    spare: object  # another member of fraud-ml, not acting: named, demoted, removed
    reporter: object  # a manager who orders the reports that others download

    @property
    def actor(self):
        return self.people[self.role]

    @property
    def named_facilitator(self):
        if self.role == "demoted_facilitator":
            return self.people["demoted_facilitator"]
        return self.people["facilitator"]

    def url(self, name, *args):
        return reverse(name, args=[self.organisation.slug, *args])

    def team_url(self, name, *args):
        return self.url(name, self.team.slug, *args)


def _person(organisation, role, teams=(), **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, organisation=organisation, role=role, teams=teams)
    return user


def build_world(client, role, mini_data):
    organisation = OrganisationFactory(name="Acme", slug="acme")
    other_organisation = OrganisationFactory(name="Globex", slug="globex")
    team = TeamFactory(organisation=organisation, name="Fraud ML", slug="fraud-ml")
    other_team = TeamFactory(organisation=organisation, name="Forecasting", slug="forecasting")
    model = import_model(copy.deepcopy(mini_data), status=MaturityModel.Status.PUBLISHED)
    organisation.models_in_use.add(model)
    people = {
        "admin": _person(organisation, "admin"),
        "manager": _person(organisation, "manager"),
        "member": _person(organisation, "member", [team]),
        "viewer": _person(organisation, "viewer", [team]),
        "facilitator": _person(organisation, "member", [team]),
        "demoted_facilitator": _person(organisation, "viewer", [team]),
        "other_member": _person(organisation, "member", [other_team]),
        "other_viewer": _person(organisation, "viewer", [other_team]),
        "outsider": _person(other_organisation, "admin"),
        "anonymous": None,
    }
    world = World(
        role=role,
        client=client,
        organisation=organisation,
        team=team,
        other_team=other_team,
        model=model,
        people=people,
        spare=_person(organisation, "member", [team], name="Spare Person"),
        reporter=_person(organisation, "manager", name="Reporter"),
    )
    if world.actor is not None:
        client.force_login(world.actor, backend="django.contrib.auth.backends.ModelBackend")
    return world


def make_assessment(w, *, answered=False, submitted=False):
    """An assessment of fraud-ml with its facilitator named; answered by `spare` if asked."""
    assessment = services.assessment_start(
        team=w.team, model=w.model, label="2026 Q4", date=date(2026, 11, 20), by=w.reporter
    )
    if w.named_facilitator == w.people["facilitator"]:
        services.facilitator_set(assessment=assessment, user=w.named_facilitator)
    else:
        # Named while a member, made a viewer afterwards (see the journey test below).
        Assessment.objects.filter(pk=assessment.pk).update(facilitator=w.named_facilitator)
    if answered or submitted:
        for area in MINI_AREAS:
            services.answer_record(
                assessment=assessment,
                respondent=w.spare,
                area_key=area,
                level=1,
                comment=f"Only fraud-ml reads this ({area})",
            )
    if submitted:
        services.assessment_submit(assessment=assessment, by=w.reporter)
    assessment.refresh_from_db()
    return assessment


def make_round(w):
    """A round of fraud-ml and forecasting, opened by the reporter; fraud-ml's members are
    its respondents (never its viewers)."""
    return open_round(w.organisation, [w.team, w.other_team], w.reporter, w.model)


def own_model(w, status):
    """A model of Acme's own (not global), e.g. a draft to publish."""
    data = json.loads(MINI.read_text(encoding="utf-8"))
    data["slug"] = "acme-own"
    return import_model(data, organisation=w.organisation, status=status)


def make_report(w, state, **fields):
    return Report.objects.create(
        organisation=w.organisation,
        kind=Report.Kind.TEAM,
        team=w.team,
        language="en",
        ordered_by=w.reporter,
        state=state,
        **fields,
    )


def shown(response, template):
    return response.status_code == 200 and template in {t.name for t in response.templates}


def context_value(response, key, default=None):
    if response.context is None:
        return default
    try:
        return response.context[key]
    except KeyError:
        return default

"""The role matrix (issue 8, "Access"): every role × every action, through the real endpoint.

One table, MATRIX, says for each action what each role gets. Every (role, action) pair is
its own test: it builds a fresh organisation with one person per role, sets up what the
action needs (an assessment ready to submit for "submit", a submitted one for "reopen", a
failed report for "retry_report", ...), performs the action with the Django test client as
that person, and checks the outcome and its effect in the database:

- OK (allow): the view answers (200, or a redirect that is not the log-in page) and the
  effect is there (the row is written, the page or file shows what was asked for);
- E403 (deny): the person sees the organisation (and, on a team's pages, the team) but may
  not do this: 403, nothing changed;
- E404 (deny): the person may not even see the team, or the organisation: 404, nothing
  changed. A foreign object is never a 403 that would confirm it exists. A team's settings page
  follows the team (404 for those who do not see it); the rest of the organisation's
  settings (new team, people, invitations, name, models) is refused as a whole, so there
  every non-administrator of the organisation gets 403;
- LOGIN: nobody logged in: redirected to the log-in page, nothing changed;
- HIDE: a page for everyone in the organisation answers 200 but leaves out what the person
  may not see (another team's report in the list; the organisation's figures, replaced by
  the person's own teams; another organisation's own model in the model browser).

Derived from DESIGN.md ("Who uses it"), the README and the permissions modules (accounts,
maturity, assessments, dashboards, reports); PERMISSION names the permission each action
asks for, beside what the scoping decides (tests/accounts/test_permissions.py holds the
sources to these names).
"""

import copy
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import rules
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Invitation, Membership, Organisation, Team
from assessments import services
from assessments.models import AgreedAnswer, Answer, Assessment, Reopening, Target
from maturity.interchange import import_model
from maturity.models import MaturityModel
from reports.models import Report
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)

MINI = Path(__file__).resolve().parents[1] / "maturity" / "devops-mini.json"
MINI_AREAS = ("collaboration", "delivery", "monitoring")

OK, E403, E404, LOGIN, HIDE = "allow", "deny-403", "deny-404", "login", "hidden"
OUTCOMES = {OK, E403, E404, LOGIN, HIDE}

# Who plays which part. The team is Acme's "fraud-ml"; "other_*" belong to Acme's other
# team "forecasting"; the facilitator is a member of fraud-ml named on the assessment; the
# demoted facilitator was named while a member and has since been made a viewer.
ROLES = (
    "admin",  # organisation administrator, in no team
    "manager",  # in no team: managers see every team
    "member",  # member of fraud-ml
    "viewer",  # viewer of fraud-ml
    "facilitator",  # member of fraud-ml, named facilitator of the assessment
    "demoted_facilitator",  # named facilitator, then made a viewer of fraud-ml
    "other_member",  # member of forecasting only
    "other_viewer",  # viewer of forecasting only
    "outsider",  # administrator of another organisation
    "anonymous",  # nobody logged in
)

# fmt: off
MATRIX = {
    # action                    admin manag membr viewr facil demot o.mem o.vie outsi anon
    # --- a team and its assessments
    "see_team_dashboard":      (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "see_results":             (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "start_assessment":        (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "answer":                  (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "see_facilitation":        (OK,   OK,   E403, E403, OK,   E403, E404, E404, E404, LOGIN),
    "agree":                   (OK,   OK,   E403, E403, OK,   E403, E404, E404, E404, LOGIN),
    "name_facilitator":        (OK,   OK,   E403, E403, E403, E403, E404, E404, E404, LOGIN),
    "submit":                  (OK,   OK,   E403, E403, OK,   E403, E404, E404, E404, LOGIN),
    "reopen":                  (OK,   OK,   E403, E403, E403, E403, E404, E404, E404, LOGIN),
    "set_targets":             (OK,   OK,   E403, E403, E403, E403, E404, E404, E404, LOGIN),
    # --- the organisation's dashboards and exports
    "see_org_dashboard":       (OK,   OK,   HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, E404, LOGIN),
    "compare_teams":           (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "export_results_csv":      (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- reports
    "order_team_report":       (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "order_assessment_report": (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "order_org_report":        (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "download_report":         (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "retry_report":            (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "see_reports_list":        (OK,   OK,   OK,   OK,   OK,   OK,   HIDE, HIDE, E404, LOGIN),
    # --- the organisation's settings: teams, people, invitations
    "create_team":             (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "edit_team":               (OK,   E403, E403, E403, E403, E403, E404, E404, E404, LOGIN),
    "archive_team":            (OK,   E403, E403, E403, E403, E403, E404, E404, E404, LOGIN),
    "change_role":             (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "remove_member":           (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "invite":                  (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "revoke_invitation":       (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "rename_organisation":     (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- maturity models: import and choose (administrators), browse (everyone logged in)
    "choose_models_in_use":    (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "upload_model":            (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "publish_model":           (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "retire_model":            (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "delete_model":            (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "browse_models":           (OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   HIDE, LOGIN),
    "see_own_model":           (OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   E404, LOGIN),
}
# fmt: on

# The permission each action asks for (django-rules), on top of seeing the organisation and,
# on a team's pages, the team; None where seeing them is all it takes.
PERMISSION = {
    "see_team_dashboard": None,
    "see_results": None,
    "start_assessment": "assessments.start",
    "answer": "assessments.answer",
    "see_facilitation": "assessments.facilitate",
    "agree": "assessments.facilitate",
    "name_facilitator": "assessments.name_facilitator",
    "submit": "assessments.submit",
    "reopen": "assessments.reopen",
    "set_targets": "assessments.set_targets",
    "see_org_dashboard": "dashboards.view_organisation_dashboard",
    "compare_teams": "dashboards.compare_teams",
    "export_results_csv": "reports.export_results",
    "order_team_report": None,
    "order_assessment_report": None,
    "order_org_report": "reports.order_organisation_report",
    "download_report": None,
    "retry_report": None,
    "see_reports_list": "reports.view_all_reports",
    "create_team": "accounts.create_team",
    "edit_team": "accounts.change_team",
    "archive_team": "accounts.change_team",
    "change_role": "accounts.change_membership",
    "remove_member": "accounts.remove_member",
    "invite": "accounts.invite_member",
    "revoke_invitation": "accounts.revoke_invitation",
    "rename_organisation": "accounts.rename_organisation",
    "choose_models_in_use": "maturity.choose_models_in_use",
    "upload_model": "maturity.upload_model",
    "publish_model": "maturity.publish_model",
    "retire_model": "maturity.retire_model",
    "delete_model": "maturity.delete_model",
    "browse_models": None,
    "see_own_model": None,
}


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


# --- the actions: each returns (response, whether the effect happened) --------------------

ACTIONS = {}


def action(function):
    ACTIONS[function.__name__] = function
    return function


@action
def see_team_dashboard(w):
    make_assessment(w, submitted=True)
    response = w.client.get(w.team_url("dashboards:team"))
    return response, shown(response, "dashboards/team.html") and (
        context_value(response, "team") == w.team and len(context_value(response, "history")) == 1
    )


@action
def see_results(w):
    assessment = make_assessment(w, answered=True)
    response = w.client.get(w.team_url("assessments:detail", assessment.pk))
    return response, shown(response, "assessments/assessment_detail.html") and (
        "Only fraud-ml reads this (delivery)" in response.content.decode()
    )


@action
def start_assessment(w):
    response = w.client.post(
        w.team_url("assessments:start"),
        {"label": "Started in the matrix", "date": "2026-11-20", "model": w.model.pk},
    )
    return response, Assessment.objects.filter(
        team=w.team, label="Started in the matrix", started_by=w.actor
    ).exists()


@action
def answer(w):
    assessment = make_assessment(w)
    response = w.client.post(
        w.team_url("assessments:answer_area", assessment.pk, "collaboration"),
        {"level": 1, "comment": "", "evidence": "", "sequence": 1},
        HTTP_HX_REQUEST="true",  # the autosave
    )
    return response, Answer.objects.filter(assessment=assessment).exists()


@action
def see_facilitation(w):
    assessment = make_assessment(w, answered=True)
    response = w.client.get(w.team_url("assessments:facilitate", assessment.pk))
    return response, shown(response, "assessments/facilitate.html")


@action
def agree(w):
    assessment = make_assessment(w, answered=True)
    response = w.client.post(
        w.team_url("assessments:agree", assessment.pk, "collaboration"), {"level": 2, "note": "ok"}
    )
    return response, AgreedAnswer.objects.filter(assessment=assessment, level=2).exists()


@action
def name_facilitator(w):
    assessment = make_assessment(w)
    response = w.client.post(
        w.team_url("assessments:facilitator", assessment.pk), {"facilitator": w.spare.pk}
    )
    assessment.refresh_from_db()
    return response, assessment.facilitator == w.spare


@action
def submit(w):
    assessment = make_assessment(w, answered=True)  # every area has a result: ready
    response = w.client.post(w.team_url("assessments:submit", assessment.pk))
    assessment.refresh_from_db()
    return response, assessment.state == Assessment.State.SUBMITTED


@action
def reopen(w):
    assessment = make_assessment(w, submitted=True)
    response = w.client.post(
        w.team_url("assessments:reopen", assessment.pk), {"reason": "The levels were wrong"}
    )
    assessment.refresh_from_db()
    return response, (
        assessment.state == Assessment.State.IN_PROGRESS
        and Reopening.objects.filter(assessment=assessment).exists()
    )


@action
def set_targets(w):
    response = w.client.post(w.team_url("dashboards:targets"), {"target-culture": "2"})
    return response, Target.objects.filter(
        team=w.team, dimension_key="culture", level=2, current=True
    ).exists()


@action
def see_org_dashboard(w):
    make_assessment(w, submitted=True)
    response = w.client.get(reverse("organisation", args=[w.organisation.slug]))
    if response.status_code == 200 and not shown(response, "dashboards/organisation.html"):
        # Members and viewers get their own teams instead, and only those.
        assert shown(response, "accounts/organisation_detail.html")
        teams = set(context_value(response, "teams"))
        assert teams <= set(Team.objects.filter(memberships__user=w.actor))
    return response, shown(response, "dashboards/organisation.html") and any(
        row["team"] == w.team and row["level"] is not None
        for row in context_value(response, "heat_rows")
    )


@action
def compare_teams(w):
    make_assessment(w, submitted=True)
    response = w.client.get(
        w.url("dashboards:compare"), {"teams": [w.team.slug, w.other_team.slug]}
    )
    return response, shown(response, "dashboards/compare.html") and (
        len(context_value(response, "rows", [])) == 2
    )


@action
def export_results_csv(w):
    make_assessment(w, submitted=True)
    response = w.client.get(w.url("reports:export", "csv"))
    return response, (
        response.status_code == 200
        and response["Content-Type"].startswith("text/csv")
        and "fraud-ml" in response.content.decode()
    )


def _order(w, **data):
    return w.client.post(w.url("reports:order"), {"language": "en", **data})


@action
def order_team_report(w):
    response = _order(w, kind="team", team=w.team.slug)
    return response, Report.objects.filter(
        kind=Report.Kind.TEAM, team=w.team, ordered_by=w.actor
    ).exists()


@action
def order_assessment_report(w):
    assessment = make_assessment(w, submitted=True)
    response = _order(w, kind="assessment", assessment=f"{w.team.slug}/{assessment.pk}")
    return response, Report.objects.filter(assessment=assessment, ordered_by=w.actor).exists()


@action
def order_org_report(w):
    response = _order(w, kind="organisation")
    return response, Report.objects.filter(kind=Report.Kind.ORGANISATION).exists()


PDF = b"%PDF-1.7 the fraud-ml team's report, built for someone else"


@action
def download_report(w):
    report = make_report(w, Report.State.DONE, progress=100, size=len(PDF))
    report.file.save("fraud-ml-team-en.pdf", ContentFile(PDF))
    response = w.client.get(w.url("reports:download", report.pk))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body == PDF


@action
def retry_report(w):
    report = make_report(w, Report.State.FAILED, error="the font is gone")
    response = w.client.post(w.url("reports:retry", report.pk))
    report.refresh_from_db()
    return response, report.state == Report.State.QUEUED


@action
def see_reports_list(w):
    report = make_report(w, Report.State.DONE, progress=100)
    response = w.client.get(w.url("reports:list"))
    page = context_value(response, "page")
    return response, response.status_code == 200 and report in page.object_list


@action
def create_team(w):
    response = w.client.post(
        w.url("orgs:team_create"), {"name": "Search", "slug": "search", "description": ""}
    )
    return response, Team.objects.filter(organisation=w.organisation, slug="search").exists()


@action
def edit_team(w):
    response = w.client.post(
        w.team_url("orgs:team_edit"),
        {"name": "Fraud Detection", "slug": "fraud-ml", "description": "renamed"},
    )
    w.team.refresh_from_db()
    return response, w.team.name == "Fraud Detection"


@action
def archive_team(w):
    response = w.client.post(
        w.team_url("orgs:team_edit"),
        {"name": "Fraud ML", "slug": "fraud-ml", "description": "", "archived": "on"},
    )
    w.team.refresh_from_db()
    return response, w.team.archived


def _spare_membership(w):
    return Membership.objects.get(user=w.spare, organisation=w.organisation)


@action
def change_role(w):
    membership = _spare_membership(w)
    response = w.client.post(
        w.url("orgs:member_edit", membership.pk), {"role": "viewer", "teams": [w.team.pk]}
    )
    membership.refresh_from_db()
    return response, membership.role == "viewer"


@action
def remove_member(w):
    membership = _spare_membership(w)
    response = w.client.post(w.url("orgs:member_remove", membership.pk))
    return response, not Membership.objects.filter(pk=membership.pk).exists()


@action
def invite(w):
    response = w.client.post(
        w.url("orgs:invitation_create"),
        {"email": "new.person@acme.example", "role": "member", "teams": [w.team.pk]},
    )
    return response, Invitation.objects.filter(email="new.person@acme.example").exists()


@action
def revoke_invitation(w):
    invitation = InvitationFactory(
        organisation=w.organisation, email="pending@acme.example", invited_by=w.people["admin"]
    )
    response = w.client.post(w.url("orgs:invitation_revoke", invitation.pk))
    invitation.refresh_from_db()
    return response, invitation.revoked_at is not None


@action
def rename_organisation(w):
    response = w.client.post(w.url("orgs:settings"), {"name": "Acme Renamed"})
    w.organisation.refresh_from_db()
    return response, w.organisation.name == "Acme Renamed"


@action
def choose_models_in_use(w):
    own = own_model(w, MaturityModel.Status.PUBLISHED)
    response = w.client.post(w.url("maturity:settings"), {"models": [w.model.pk, own.pk]})
    return response, w.organisation.models_in_use.filter(pk=own.pk).exists()


@action
def upload_model(w):
    data = json.loads(MINI.read_text(encoding="utf-8"))
    data["slug"] = "acme-upload"
    upload = SimpleUploadedFile(
        "acme-upload.json", json.dumps(data).encode(), content_type="application/json"
    )
    response = w.client.post(w.url("maturity:upload"), {"file": upload})
    return response, MaturityModel.objects.filter(
        slug="acme-upload", organisation=w.organisation
    ).exists()


@action
def publish_model(w):
    draft = own_model(w, MaturityModel.Status.DRAFT)
    response = w.client.post(w.url("maturity:publish", draft.pk))
    draft.refresh_from_db()
    return response, draft.status == MaturityModel.Status.PUBLISHED


@action
def retire_model(w):
    published = own_model(w, MaturityModel.Status.PUBLISHED)
    response = w.client.post(w.url("maturity:retire", published.pk))
    published.refresh_from_db()
    return response, published.status == MaturityModel.Status.RETIRED


@action
def delete_model(w):
    draft = own_model(w, MaturityModel.Status.DRAFT)
    response = w.client.post(w.url("maturity:delete", draft.pk))
    return response, not MaturityModel.objects.filter(pk=draft.pk).exists()


@action
def browse_models(w):
    own_model(w, MaturityModel.Status.PUBLISHED)
    response = w.client.get(reverse("maturity:list"))
    slugs = [slug for slug, _versions in context_value(response, "groups", [])]
    if response.status_code == 200:
        assert "devops-mini" in slugs  # global models are for everyone
    return response, response.status_code == 200 and "acme-own" in slugs


@action
def see_own_model(w):
    own_model(w, MaturityModel.Status.PUBLISHED)
    response = w.client.get(reverse("maturity:detail", args=["acme-own", "1"]))
    return response, shown(response, "maturity/model_detail.html")


# --- the tests ----------------------------------------------------------------------------

CASES = [
    pytest.param(role, name, id=f"{name}-{role}")
    for name in MATRIX
    for role in ROLES
    if name in ACTIONS
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_matrix_names_every_role_for_every_action():
    assert set(MATRIX) == set(ACTIONS), "every action in the table is performed, and back"
    for name, row in MATRIX.items():
        assert len(row) == len(ROLES), f"{name}: one outcome per role"
        assert set(row) <= OUTCOMES, name
    expected = {(role, name) for name in MATRIX for role in ROLES}
    assert {tuple(case.values) for case in CASES} == expected
    assert len(CASES) == len(ROLES) * len(ACTIONS)


def test_every_action_names_the_permission_it_asks_for():
    assert set(PERMISSION) == set(MATRIX)
    for name, permission in PERMISSION.items():
        assert permission is None or rules.perm_exists(permission), (name, permission)


def test_nobody_outside_the_organisation_learns_that_anything_exists():
    outsider, anonymous = ROLES.index("outsider"), ROLES.index("anonymous")
    for name, row in MATRIX.items():
        assert row[outsider] in (E404, HIDE), name  # never a 403 that confirms it exists
        assert row[anonymous] == LOGIN, name


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name"), CASES)
def test_role_may_or_may_not(client, mini_data, role, name):
    expected = MATRIX[name][ROLES.index(role)]
    world = build_world(client, role, mini_data)

    response, happened = ACTIONS[name](world)

    status = response.status_code
    location = response.get("Location", "")
    login = reverse("accounts:login")
    if expected == OK:
        assert status in (200, 302) and not location.startswith(login), status
        assert happened, f"{role} may {name}, but it did not happen (status {status})"
    else:
        assert not happened, f"{role} may not {name}, but it happened (status {status})"
        if expected == E403:
            assert status == 403
        elif expected == E404:
            assert status == 404
        elif expected == LOGIN:
            assert status == 302 and location.startswith(login), (status, location)
        else:
            assert expected == HIDE and status == 200


# --- the path behind "demoted_facilitator", and naming a viewer ----------------------------


def _login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.django_db
def test_a_facilitator_made_a_viewer_no_longer_agrees_or_submits(client, mini_data):
    w = build_world(client, "manager", mini_data)
    person, admin = w.spare, w.people["admin"]
    assessment = make_assessment(w, answered=True)
    w.client.post(w.team_url("assessments:facilitator", assessment.pk), {"facilitator": person.pk})
    assessment.refresh_from_db()
    assert assessment.facilitator == person
    facilitate = w.team_url("assessments:facilitate", assessment.pk)
    assert _login(client, person).get(facilitate).status_code == 200

    membership = _spare_membership(w)
    _login(client, admin).post(
        w.url("orgs:member_edit", membership.pk), {"role": "viewer", "teams": [w.team.pk]}
    )
    membership.refresh_from_db()
    assert membership.role == "viewer"

    _login(client, person)
    assert client.get(facilitate).status_code == 403
    agree = w.team_url("assessments:agree", assessment.pk, "collaboration")
    assert client.post(agree, {"level": 2}).status_code == 403
    assert client.post(w.team_url("assessments:submit", assessment.pk)).status_code == 403
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.IN_PROGRESS
    assert not AgreedAnswer.objects.exists()


@pytest.mark.django_db
def test_a_viewer_cannot_be_named_facilitator(client, mini_data):
    w = build_world(client, "manager", mini_data)
    viewer = w.people["viewer"]
    assessment = make_assessment(w)
    page = w.client.get(w.team_url("assessments:facilitate", assessment.pk))
    assert viewer not in page.context["team_members"]
    assert w.people["member"] in page.context["team_members"]

    response = w.client.post(
        w.team_url("assessments:facilitator", assessment.pk),
        {"facilitator": viewer.pk},
        follow=True,
    )

    assert "A viewer cannot be the facilitator." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.facilitator == w.people["facilitator"]

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

Derived from DESIGN.md ("Who uses it", "Improvement plans"), the README and the permissions
modules (accounts, maturity, assessments, rounds, plans, dashboards, reports, api,
webhooks, sso); PERMISSION names the permission each action asks for, beside what the scoping
decides (tests/accounts/test_permissions.py holds the sources to these names).
"""

import pytest
import rules
from django.urls import reverse

from assessments.models import AgreedAnswer, Assessment
from tests.security import (
    role_actions_api,  # noqa: F401  (registers Settings → API's actions)
    role_actions_audit,  # noqa: F401  (the audit log's)
    role_actions_plans,  # noqa: F401  (registers the plans' actions)
    role_actions_sso,  # noqa: F401  (Settings → Sign-in's)
    role_actions_webhooks,  # noqa: F401  (and the webhooks')
)
from tests.security.role_actions import ACTIONS, _spare_membership
from tests.security.role_world import (
    E403,
    E404,
    HIDE,
    LOGIN,
    OK,
    OUTCOMES,
    build_world,
    make_assessment,
)

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
    "order_team_report":       (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "order_assessment_report": (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "order_org_report":        (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "order_round_report":      (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "download_report":         (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "retry_report":            (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "see_reports_list":        (OK,   OK,   OK,   OK,   OK,   OK,   HIDE, HIDE, E404, LOGIN),
    # --- the organisation's settings: teams, people, invitations
    "create_team":             (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "edit_team":               (OK,   E403, E403, E403, E403, E403, E404, E404, E404, LOGIN),
    "archive_team":            (OK,   E403, E403, E403, E403, E403, E404, E404, E404, LOGIN),
    "change_role":             (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "remove_member":           (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "invite":                  (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "revoke_invitation":       (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "resend_invitation":       (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "rename_organisation":     (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- the organisation's API tokens: administrators only
    "see_api_tokens":          (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "create_api_token":        (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "revoke_api_token":        (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- maturity models: import and choose (administrators), browse (everyone logged in)
    "choose_models_in_use":    (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "upload_model":            (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "publish_model":           (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "retire_model":            (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "delete_model":            (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "browse_models":           (OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   HIDE, LOGIN),
    "see_own_model":           (OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   E404, LOGIN),
    # --- rounds: managers and administrators; a team's part follows the team
    "see_rounds":              (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "open_round":              (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "see_round_progress":      (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "export_round_csv":        (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "edit_respondents":        (OK,   OK,   E403, E403, E403, E403, E404, E404, E404, LOGIN),
    "remind_team":             (OK,   OK,   E403, E403, E403, E403, E404, E404, E404, LOGIN),
    "remind_everyone":         (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "extend_deadline":         (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "close_round":             (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- a team's plan: read by whoever sees the team, changed by its members and managers
    "see_plan":                (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "take_action":             (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "add_action":              (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "edit_action":             (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "change_action_status":    (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "delete_action":           (OK,   OK,   OK,   E403, OK,   E403, E404, E404, E404, LOGIN),
    "export_plan_csv":         (OK,   OK,   OK,   OK,   OK,   OK,   E404, E404, E404, LOGIN),
    "export_all_actions":      (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- the organisation's common gaps: managers and administrators
    "see_gaps":                (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "see_gap_teams":           (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "export_gaps_csv":         (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "export_gaps_xlsx":        (OK,   OK,   E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- webhooks: administrators only, as the organisation's other settings
    "see_webhooks":            (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "add_webhook":             (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "edit_webhook":            (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "delete_webhook":          (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "resend_delivery":         (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- sign-in (single sign-on): administrators only
    "see_sign_in_settings":    (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "change_sign_in_settings": (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    # --- the audit log: administrators only
    "see_audit_log":           (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
    "export_audit_log":        (OK,   E403, E403, E403, E403, E403, E403, E403, E404, LOGIN),
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
    "order_team_report": "reports.order_report",
    "order_assessment_report": "reports.order_report",
    "order_org_report": "reports.order_organisation_report",
    "order_round_report": "reports.order_organisation_report",  # the organisation's, one round
    "download_report": None,
    "retry_report": "reports.order_report",
    "see_reports_list": "reports.view_all_reports",
    "create_team": "accounts.create_team",
    "edit_team": "accounts.change_team",
    "archive_team": "accounts.change_team",
    "change_role": "accounts.change_membership",
    "remove_member": "accounts.remove_member",
    "invite": "accounts.invite_member",
    "revoke_invitation": "accounts.revoke_invitation",
    "resend_invitation": "accounts.invite_member",
    "rename_organisation": "accounts.rename_organisation",
    "see_api_tokens": "api.manage_tokens",
    "create_api_token": "api.manage_tokens",
    "revoke_api_token": "api.manage_tokens",
    "choose_models_in_use": "maturity.choose_models_in_use",
    "upload_model": "maturity.upload_model",
    "publish_model": "maturity.publish_model",
    "retire_model": "maturity.retire_model",
    "delete_model": "maturity.delete_model",
    "browse_models": None,
    "see_own_model": None,
    "see_rounds": "rounds.view_rounds",
    "open_round": "rounds.open_round",
    "see_round_progress": "rounds.view_rounds",
    "export_round_csv": "rounds.view_rounds",
    "edit_respondents": "rounds.change_round",
    "remind_team": "rounds.change_round",
    "remind_everyone": "rounds.change_round",
    "extend_deadline": "rounds.change_round",
    "close_round": "rounds.change_round",
    "see_plan": None,
    "take_action": "plans.change_plan",
    "add_action": "plans.change_plan",
    "edit_action": "plans.change_plan",
    "change_action_status": "plans.change_plan",
    "delete_action": "plans.change_plan",
    "export_plan_csv": None,
    "export_all_actions": "plans.export_actions",
    "see_gaps": "plans.view_gaps",
    "see_gap_teams": "plans.view_gaps",
    "export_gaps_csv": "plans.view_gaps",
    "export_gaps_xlsx": "plans.view_gaps",
    "see_webhooks": "webhooks.manage_webhooks",
    "add_webhook": "webhooks.manage_webhooks",
    "edit_webhook": "webhooks.manage_webhooks",
    "delete_webhook": "webhooks.manage_webhooks",
    "resend_delivery": "webhooks.manage_webhooks",
    "see_sign_in_settings": "sso.manage_sign_in",
    "change_sign_in_settings": "sso.manage_sign_in",
    "see_audit_log": "audit.view_audit_log",
    "export_audit_log": "audit.view_audit_log",
}


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

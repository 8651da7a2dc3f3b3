"""The permissions are named after actions (STYLE.md), registered where the action belongs.

These tests read the sources: every `has_perm(...)`, `organisation_view(...)` and template
`{% has_perm %}` names a registered permission, every registered permission is asked
somewhere, each app registers its own, and the broad `accounts.view_all_teams` is gone.
What each role may do through the real endpoints is tests/security/test_role_matrix.py;
the table here says which roles each permission lets through, asked directly.
"""

import re
from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "maturity",
    "assessments",
    "rounds",
    "dashboards",
    "reports",
    "webhooks",
    "audit",
    "sso",
)
DEFAULT = "accounts.view_organisation"  # organisation_view() without a name

PYTHON_ASKS = (
    re.compile(r"""has_perm\(\s*["']([^"']+)["']"""),
    re.compile(r"""organisation_view\(\s*["']([^"']+)["']"""),
)
TEMPLATE_ASKS = re.compile(r"""\{%\s*has_perm\s+["']([^"']+)["']""")
ANY_CALL = re.compile(r"""(\.has_perm|@organisation_view)\(\s*([^,)]*)""")
ADD_PERM = re.compile(r"""rules\.add_perm\(\s*["']([^"']+)["']""")


def _sources():
    """The project's Python (no migrations, no tests) and its templates."""
    for app in APPS + ("config", "transfer", "demo"):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path
    yield from sorted((ROOT / "templates").rglob("*.html"))
    yield from sorted((ROOT / "templates").rglob("*.txt"))


def _asked():
    """{permission: [where it is asked]}, and the calls that name no permission literally."""
    asked, unnamed = {}, []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(ROOT))
        patterns = PYTHON_ASKS if path.suffix == ".py" else (TEMPLATE_ASKS,)
        for pattern in patterns:
            for name in pattern.findall(text):
                asked.setdefault(name, []).append(where)
        if path.suffix == ".py":
            for function, argument in ANY_CALL.findall(text):
                if function == "@organisation_view" and not argument:
                    asked.setdefault(DEFAULT, []).append(where)
                elif not argument.startswith(('"', "'")):
                    unnamed.append((where, argument))
    return asked, unnamed


def _registered():
    return {name for name in rules.permissions.permissions if name.split(".")[0] in APPS}


def test_every_check_names_a_registered_permission():
    asked, _unnamed = _asked()
    assert asked, "the sources were read"
    unknown = {name: where for name, where in asked.items() if not rules.perm_exists(name)}
    assert not unknown, f"asked but never registered: {unknown}"


def test_only_the_decorator_passes_a_permission_along():
    """A name built at run time would escape the check above: only organisation_view's own
    wrapper (and the template tag) hand a permission on."""
    _asked_, unnamed = _asked()
    assert unnamed == [
        ("accounts/permissions.py", "perm"),  # the module's docstring
        ("accounts/permissions.py", "permission"),  # organisation_view's wrapper
    ]


def test_every_registered_permission_is_asked_somewhere():
    asked, _unnamed = _asked()
    assert _registered() - set(asked) == set(), "registered but asked nowhere"


def test_each_app_registers_its_own_permissions_in_its_permissions_module():
    registered_here = set()
    for path in _sources():
        if path.suffix != ".py":
            continue
        names = ADD_PERM.findall(path.read_text(encoding="utf-8"))
        if not names:
            continue
        app = path.relative_to(ROOT).parts[0]
        assert path == ROOT / app / "permissions.py", f"{path}: permissions belong there"
        for name in names:
            assert name.split(".")[0] == app, f"{name} is registered by {app}"
        registered_here.update(names)
    assert registered_here == _registered()


def test_view_all_teams_is_no_permission_any_more():
    assert not rules.perm_exists("accounts.view_all_teams")
    for path in _sources():
        assert "view_all_teams" not in path.read_text(encoding="utf-8"), path


# --- who each permission lets through, asked directly ---------------------------------

A, M, MEM, V = "admin", "manager", "member", "viewer"
ROLES = (A, M, MEM, V)

# permission: the roles it allows on the organisation (or, for a team's, on that team).
ORGANISATION = {
    "accounts.view_organisation": {A, M, MEM, V},
    "accounts.rename_organisation": {A},
    "accounts.view_team_settings": {A},
    "accounts.create_team": {A},
    "accounts.change_team": {A},
    "accounts.view_member_settings": {A},
    "accounts.change_membership": {A},
    "accounts.remove_member": {A},
    "accounts.invite_member": {A},
    "accounts.revoke_invitation": {A},
    "maturity.choose_models_in_use": {A},
    "maturity.upload_model": {A},
    "maturity.publish_model": {A},
    "maturity.retire_model": {A},
    "maturity.delete_model": {A},
    "maturity.edit_model": {A},
    "dashboards.view_organisation_dashboard": {A, M},
    "dashboards.compare_teams": {A, M},
    "reports.view_all_reports": {A, M},
    "reports.order_organisation_report": {A, M},
    "reports.export_results": {A, M},
    "rounds.view_rounds": {A, M},
    "rounds.open_round": {A, M},
    "rounds.change_round": {A, M},  # respondents, reminders, the deadline, closing
    "webhooks.manage_webhooks": {A},
    "sso.manage_sign_in": {A},
    "audit.view_audit_log": {A},
}
TEAM = {
    "assessments.start": {A, M, MEM},
    "assessments.set_targets": {A, M},
    "reports.order_report": {A, M, MEM},  # a team's or an assessment's report
}
# Asked of an assessment; what they allow is the role matrix's (facilitators, demotions).
ASSESSMENT = {
    "assessments.answer",
    "assessments.facilitate",
    "assessments.submit",
    "assessments.reopen",
    "assessments.name_facilitator",
}


def test_the_table_names_every_registered_permission():
    assert set(ORGANISATION) | set(TEAM) | ASSESSMENT == _registered()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_each_permission_lets_through(role, request, organisation, team, outsider):
    user = request.getfixturevalue(role)
    for name, allowed in ORGANISATION.items():
        assert user.has_perm(name, organisation) is (role in allowed), (role, name)
        assert not outsider.has_perm(name, organisation), name
        assert not AnonymousUser().has_perm(name, organisation), name
    for name, allowed in TEAM.items():
        assert user.has_perm(name, team) is (role in allowed), (role, name)
        assert not outsider.has_perm(name, team), name

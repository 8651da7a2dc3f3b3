"""The role matrix's actions, each through the real endpoint: (response, whether the effect
happened)."""

import json
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Membership, Team
from assessments.models import AgreedAnswer, Answer, Assessment, Reopening, Target
from maturity.models import MaturityModel
from reports.models import Report
from rounds.models import Entry, Mail, Round
from rounds.services import round_open
from tests.factories import (
    InvitationFactory,
)
from tests.security.role_world import (
    MINI,
    context_value,
    make_assessment,
    make_report,
    make_round,
    own_model,
    shown,
)

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
        {"level": 1, "comment": "", "evidence": "", "revision": 0},
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
    # Only the team with a result is a row; the other is named as having none.
    return response, shown(response, "dashboards/compare.html") and (
        len(context_value(response, "rows", [])) == 1
        and context_value(response, "without_result", []) == [w.other_team.name]
    )


@action
def export_results_csv(w):
    make_assessment(w, submitted=True)
    response = w.client.get(w.url("reports:export", "csv"))
    return response, (
        response.status_code == 200
        and response["Content-Type"].startswith("text/csv")
        and "fraud-ml" in response.getvalue().decode()
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


@action
def order_round_report(w):
    today = timezone.localdate()
    round_ = round_open(
        organisation=w.organisation,
        label="2027 Q1",
        model=w.model,
        opens_on=today,
        deadline=today + timedelta(days=14),
        teams=[w.team],
        by=w.reporter,
    )
    response = _order(w, kind="round", round=round_.pk)
    return response, Report.objects.filter(kind=Report.Kind.ROUND, round=round_).exists()


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
def resend_invitation(w):
    invitation = InvitationFactory(
        organisation=w.organisation, email="unsent@acme.example", invited_by=w.people["admin"]
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail goes out on commit
        response = w.client.post(w.url("orgs:invitation_resend", invitation.pk))
    invitation.refresh_from_db()
    return response, invitation.email_sent_at is not None


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
    response = w.client.get(w.url("maturity:own_detail", "acme-own", "1"))
    return response, shown(response, "maturity/model_detail.html")


# --- rounds -------------------------------------------------------------------------------


@action
def see_rounds(w):
    round_ = make_round(w)
    response = w.client.get(w.url("rounds:list"))
    page = context_value(response, "page")
    return response, shown(response, "rounds/round_list.html") and round_ in page.object_list


@action
def open_round(w):
    today = timezone.localdate()
    response = w.client.post(
        w.url("rounds:new"),
        {
            "label": "Opened in the matrix",
            "model": w.model.pk,
            "opens_on": today.isoformat(),
            "deadline": (today + timedelta(days=14)).isoformat(),
            "which_teams": "chosen",
            "teams": [w.team.pk],
            "reminder_days": "3, 1",
        },
    )
    return response, Round.objects.filter(
        label="Opened in the matrix", opened_by=w.actor, entries__team=w.team
    ).exists()


@action
def see_round_progress(w):
    round_ = make_round(w)
    response = w.client.get(w.url("rounds:detail", round_.pk))
    totals = context_value(response, "totals")
    return response, shown(response, "rounds/round_progress.html") and (
        totals.teams == 2 and totals.respondents == 4  # member, facilitator, spare; other_member
    )


@action
def export_round_csv(w):
    round_ = make_round(w)
    response = w.client.get(w.url("rounds:export", round_.pk))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, response["Content-Type"].startswith("text/csv") and b"fraud-ml" in body


@action
def edit_respondents(w):
    round_ = make_round(w)
    response = w.client.post(
        w.url("rounds:respondents", round_.pk, w.team.slug), {"respondents": [w.spare.pk]}
    )
    entry = Entry.objects.get(round=round_, team=w.team)
    return response, list(entry.respondents.values_list("user", flat=True)) == [w.spare.pk]


@action
def remind_team(w):
    round_ = make_round(w)
    response = w.client.post(w.url("rounds:remind_team", round_.pk, w.team.slug))
    return response, Mail.objects.filter(round=round_, kind=Mail.Kind.NUDGE).exists()


@action
def remind_everyone(w):
    round_ = make_round(w)
    response = w.client.post(w.url("rounds:remind", round_.pk))
    return response, Mail.objects.filter(round=round_, kind=Mail.Kind.NUDGE).exists()


@action
def extend_deadline(w):
    round_ = make_round(w)
    later = round_.deadline + timedelta(days=7)
    response = w.client.post(w.url("rounds:deadline", round_.pk), {"deadline": later.isoformat()})
    round_.refresh_from_db()
    return response, round_.deadline == later


@action
def close_round(w):
    round_ = make_round(w)
    response = w.client.post(w.url("rounds:close", round_.pk))
    round_.refresh_from_db()
    return response, round_.closed_at is not None

"""Writing an organisation's export document (the format: transfer/document.py)."""

from collections import defaultdict

from django.db.models import F, Q

from accounts.models import Invitation, Membership, Team, User
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
from maturity.interchange import export_model
from maturity.models import Area, MaturityModel
from reports.models import Report
from transfer.document import FORMAT, VERSION, when
from transfer.exporting_plans import PlansExport, digests_document
from transfer.exporting_rounds import RoundsExport


def _grouped(pairs):
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def model_references(maturity_models, org):
    """id → how the document names the model: [slug, version], and for an own version whose
    slug and version a shared one in the document has too, [slug, version, "own"]."""
    shared = {(m.slug, m.version) for m in maturity_models if m.organisation_id != org.pk}
    return {
        m.pk: [m.slug, m.version]
        + (["own"] if m.organisation_id == org.pk and (m.slug, m.version) in shared else [])
        for m in maturity_models
    }


def organisation_export(organisation):
    """Everything of the organisation as a dict in the format above, in a fixed order.

    A fixed number of queries (plus four per maturity model), whatever its size.
    """
    org = organisation
    teams = list(Team.objects.filter(organisation=org).order_by("slug"))
    slug_of = {team.pk: team.slug for team in teams}
    memberships = list(Membership.objects.filter(organisation=org).order_by("pk"))
    membership_teams = _grouped(
        Membership.teams.through.objects.filter(membership__organisation=org).values_list(
            "membership_id", "team_id"
        )
    )
    invitations = list(Invitation.objects.filter(organisation=org).order_by("pk"))
    invitation_teams = _grouped(
        Invitation.teams.through.objects.filter(invitation__organisation=org).values_list(
            "invitation_id", "team_id"
        )
    )
    in_org = {"assessment__team__organisation": org}
    assessments = list(Assessment.objects.filter(team__organisation=org).order_by("pk"))
    answers = _grouped((a.assessment_id, a) for a in Answer.objects.filter(**in_org).order_by("pk"))
    agreed = _grouped(
        (a.assessment_id, a) for a in AgreedAnswer.objects.filter(**in_org).order_by("pk")
    )
    reopenings = _grouped(
        (r.assessment_id, r) for r in Reopening.objects.filter(**in_org).order_by("pk")
    )
    area_scores = _grouped(
        (s.assessment_id, s) for s in AreaScore.objects.filter(**in_org).order_by("area_key")
    )
    dimension_scores = _grouped(
        (s.assessment_id, s)
        for s in DimensionScore.objects.filter(**in_org).order_by("dimension_key")
    )
    targets = list(Target.objects.filter(team__organisation=org).order_by("pk"))
    reports = list(Report.objects.filter(organisation=org).select_related("round").order_by("pk"))
    number_of = {a.pk: n for n, a in enumerate(assessments, start=1)}
    step_gaps = _grouped(
        (s.assessment_id, s)
        for s in StepGap.objects.filter(**in_org).order_by("area_key", "characteristic_key")
    )
    rounds = RoundsExport(org)
    plans = PlansExport(org)

    used_models = {a.model_id for a in assessments} | rounds.models | plans.models
    maturity_models = list(
        MaturityModel.objects.filter(Q(organisation=org) | Q(used_by=org) | Q(pk__in=used_models))
        .distinct()
        .order_by("slug", "version", F("organisation").asc(nulls_first=True))
    )
    in_use = set(org.models_in_use.values_list("pk", flat=True))
    model_of = model_references(maturity_models, org)
    area_key = dict(Area.objects.filter(model__in=maturity_models).values_list("pk", "key"))

    user_ids = {m.user_id for m in memberships}
    user_ids |= {i.invited_by_id for i in invitations} | {i.accepted_by_id for i in invitations}
    for a in assessments:
        user_ids |= {a.started_by_id, a.facilitator_id, a.submitted_by_id}
    user_ids |= {a.respondent_id for rows in answers.values() for a in rows}
    user_ids |= {a.agreed_by_id for rows in agreed.values() for a in rows}
    user_ids |= {r.by_id for rows in reopenings.values() for r in rows}
    user_ids |= {t.set_by_id for t in targets} | {r.ordered_by_id for r in reports}
    user_ids |= rounds.users | plans.users
    users = list(User.objects.filter(pk__in=user_ids - {None}).order_by("email"))
    email = {user.pk: user.email for user in users}
    email[None] = None

    return {
        "format": FORMAT,
        "version": VERSION,
        "organisation": {"slug": org.slug, "name": org.name, "created_at": when(org.created_at)},
        "users": [
            {
                "email": u.email,
                "name": u.name,
                "password": u.password,
                "is_active": u.is_active,
                "date_joined": when(u.date_joined),
                "last_login": when(u.last_login),
                "language": u.language,
                "email_reminders": u.email_reminders,
                "email_digest": u.email_digest,
            }
            for u in users
        ],
        "teams": [
            {
                "slug": t.slug,
                "name": t.name,
                "description": t.description,
                "archived": t.archived,
                "created_at": when(t.created_at),
            }
            for t in teams
        ],
        "memberships": [
            {
                "user": email[m.user_id],
                "role": m.role,
                "teams": sorted(slug_of[pk] for pk in membership_teams[m.pk]),
                "created_at": when(m.created_at),
            }
            for m in sorted(memberships, key=lambda m: email[m.user_id])
        ],
        "invitations": [
            {
                "email": i.email,
                "role": i.role,
                "teams": sorted(slug_of[pk] for pk in invitation_teams[i.pk]),
                "token": i.token,
                "language": i.language,
                "invited_by": email[i.invited_by_id],
                "created_at": when(i.created_at),
                "expires_at": when(i.expires_at),
                "email_sent_at": when(i.email_sent_at),
                "accepted_at": when(i.accepted_at),
                "accepted_by": email[i.accepted_by_id],
                "revoked_at": when(i.revoked_at),
            }
            for i in invitations
        ],
        "models": [
            {
                "owned": m.organisation_id == org.pk,
                "status": m.status,
                "in_use": m.pk in in_use,
                # A shared model's creation belongs to the site, not to the organisation.
                "created_at": when(m.created_at) if m.organisation_id == org.pk else None,
                "content": export_model(m),
            }
            for m in maturity_models
        ],
        "assessments": [
            {
                "id": number_of[a.pk],
                "team": slug_of[a.team_id],
                "model": model_of[a.model_id],
                "label": a.label,
                "date": a.date.isoformat(),
                "state": a.state,
                "started_by": email[a.started_by_id],
                "facilitator": email[a.facilitator_id],
                "created_at": when(a.created_at),
                "submitted_at": when(a.submitted_at),
                "submitted_by": email[a.submitted_by_id],
                "overall_score": a.overall_score,
                "overall_level": a.overall_level,
                "is_latest": a.is_latest,
                "anonymous": a.anonymous,
                "carried_from": number_of.get(a.carried_from_id),
                "answers": [
                    {
                        "respondent": email[x.respondent_id],
                        "area": area_key[x.area_id],
                        "level": x.level,
                        "ticked": x.ticked,
                        "comment": x.comment,
                        "evidence": x.evidence,
                        "revision": x.revision,
                        "updated_at": when(x.updated_at),
                    }
                    for x in answers[a.pk]
                ],
                "agreed_answers": [
                    {
                        "area": area_key[x.area_id],
                        "level": x.level,
                        "ticked": x.ticked,
                        "note": x.note,
                        "agreed_by": email[x.agreed_by_id],
                        "agreed_at": when(x.agreed_at),
                    }
                    for x in agreed[a.pk]
                ],
                "reopenings": [
                    {"by": email[r.by_id], "at": when(r.at), "reason": r.reason}
                    for r in reopenings[a.pk]
                ],
                "area_scores": [
                    {
                        "area_key": s.area_key,
                        "dimension_key": s.dimension_key,
                        "level": s.level,
                        "score": s.score,
                    }
                    for s in area_scores[a.pk]
                ],
                "dimension_scores": [
                    {"dimension_key": s.dimension_key, "level": s.level, "score": s.score}
                    for s in dimension_scores[a.pk]
                ],
                "step_gaps": [
                    {
                        "area_key": s.area_key,
                        "dimension_key": s.dimension_key,
                        "characteristic_key": s.characteristic_key,
                        "reached": s.reached,
                    }
                    for s in step_gaps[a.pk]
                ],
            }
            for a in assessments
        ],
        "targets": [
            {
                "team": slug_of[t.team_id],
                "dimension_key": t.dimension_key,
                "level": t.level,
                "current": t.current,
                "set_by": email[t.set_by_id],
                "set_at": when(t.set_at),
            }
            for t in targets
        ],
        "reports": [
            {
                "kind": r.kind,
                "team": slug_of.get(r.team_id),
                "assessment": number_of.get(r.assessment_id),
                "round": r.round.label if r.round_id else None,
                "language": r.language,
                "ordered_by": email[r.ordered_by_id],
                "state": r.state,
                "progress": r.progress,
                "error": r.error,
                "file": r.file.name or "",
                "size": r.size,
                "created_at": when(r.created_at),
                "finished_at": when(r.finished_at),
            }
            for r in reports
        ],
        "rounds": rounds.document(email, slug_of, number_of, model_of),
        "actions": plans.actions_document(email, slug_of, number_of, model_of),
        "digests": digests_document(users),
    }

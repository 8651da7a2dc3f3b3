"""Run by `manage.py shell` in a worktree of 9928ea3 after seed_demo (see README.md): adds
what the demo lacks, so that every table the test reads holds rows."""

from django.db import transaction
from django.utils import timezone
from django.contrib.admin.models import LogEntry, CHANGE
from django.contrib.contenttypes.models import ContentType
from accounts.models import Organisation, Team, Membership
from accounts import services as acc
from assessments import services
from assessments.models import Assessment, Report

org = Organisation.objects.get()
admin = Membership.objects.filter(organisation=org, role="admin").first().user
team = Team.objects.filter(organisation=org).first()
submitted = Assessment.objects.filter(
    team__organisation=org, state="submitted", is_latest=True
).first()
# A reopening, then submitted again (the agreed answers stay, so its scores come back).
services.assessment_reopen(assessment=submitted, by=admin, reason="Second look at the data area")
services.assessment_submit(assessment=submitted, by=admin)
# Reports of every kind, built in process (no REDIS_URL: eager tasks).
for kind, extra in [
    ("assessment", {"assessment": submitted, "team": submitted.team}),
    ("team", {"team": submitted.team}),
    ("organisation", {}),
]:
    with transaction.atomic():
        services.report_order(organisation=org, kind=kind, by=admin, language="en", **extra)
with transaction.atomic():
    services.report_order(organisation=org, kind="organisation", by=admin, language="de")
Report.objects.create(
    organisation=org,
    kind="team",
    team=team,
    language="en",
    ordered_by=admin,
    state="failed",
    error="WeasyPrint ran out of memory",
    finished_at=timezone.now(),
)
Report.objects.create(
    organisation=org, kind="organisation", language="en", ordered_by=None, state="queued"
)
# An invitation and an admin log entry that points at a report through its content type.
acc.invitation_create(
    organisation=org, email="newcomer@demo.example", role="member", teams=[team], by=admin
)
r = Report.objects.filter(state="done").first()
LogEntry.objects.create(
    user=admin,
    content_type=ContentType.objects.get_for_model(Report),
    object_id=str(r.pk),
    object_repr=str(r),
    action_flag=CHANGE,
    change_message="checked",
)
for r in Report.objects.order_by("pk"):
    print(r.pk, r.kind, r.state, r.file.name, r.size, repr(r.error)[:60])

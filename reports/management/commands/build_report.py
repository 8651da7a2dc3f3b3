from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation, Team
from assessments.models import Assessment
from reports.errors import ReportError
from reports.models import Report
from reports.pdf import build_pdf
from rounds.models import Round


class Command(BaseCommand):
    help = "Build a PDF report right here (for scripts and cron), without the queue."

    def add_arguments(self, parser):
        subject = parser.add_mutually_exclusive_group(required=True)
        subject.add_argument("--assessment", type=int, help="an assessment's id")
        subject.add_argument("--team", help="ORG/TEAM, e.g. demo/fraud-ml")
        subject.add_argument("--org", help="an organisation's short name")
        subject.add_argument("--round", help='ORG/LABEL, e.g. "demo/2027 Q1"')
        parser.add_argument("--lang", choices=["de", "en"], default="en")
        parser.add_argument("-o", "--output", type=Path, required=True, help="the PDF file")

    def handle(
        self,
        *args,
        assessment=None,
        team=None,
        org=None,
        round=None,
        lang="en",
        output=None,
        **options,
    ):
        if assessment is not None:
            found = (
                Assessment.objects.select_related("team__organisation")
                .filter(pk=assessment)
                .first()
            )
            if found is None:
                raise CommandError(f"No assessment {assessment}.")
            report = Report(
                kind=Report.Kind.ASSESSMENT, assessment=found, organisation=found.team.organisation
            )
        elif team is not None:
            org_slug, _sep, team_slug = team.partition("/")
            found = (
                Team.objects.select_related("organisation")
                .filter(organisation__slug=org_slug, slug=team_slug)
                .first()
            )
            if found is None:
                raise CommandError(f"No team {team} (give ORG/TEAM).")
            report = Report(kind=Report.Kind.TEAM, team=found, organisation=found.organisation)
        elif round is not None:
            org_slug, _sep, label = round.partition("/")
            found = (
                Round.objects.select_related("organisation", "model")
                .filter(organisation__slug=org_slug, label=label)
                .first()
            )
            if found is None:
                raise CommandError(f"No round {round} (give ORG/LABEL).")
            report = Report(kind=Report.Kind.ROUND, round=found, organisation=found.organisation)
        else:
            found = Organisation.objects.filter(slug=org).first()
            if found is None:
                raise CommandError(f"No organisation {org}.")
            report = Report(kind=Report.Kind.ORGANISATION, organisation=found)
        report.language = lang
        try:
            pdf = build_pdf(report)
        except ReportError as error:
            raise CommandError(str(error)) from None
        output.write_bytes(pdf)
        self.stdout.write(f"Wrote {output} ({len(pdf):,} bytes).")

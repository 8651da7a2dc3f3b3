"""Reads for the rounds' pages: the list of rounds, and a round's progress per team, each in
a fixed number of queries however many teams and respondents.

Progress follows the answering rules: a respondent has *finished* when they answered every
area of the model, has *started* when they answered some; a *disagreement waiting* is an area
of an open assessment whose answers are two levels or more apart and which has no agreed
answer (the rule of `assessments.scoring.AreaResult.disagreement`, counted in SQL).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q

from accounts.models import Membership, Role, User
from assessments.models import AgreedAnswer, Answer, Assessment
from maturity.models import Area
from rounds.models import Entry, Respondent, Round
from rounds.recipients import to_remind

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import Organisation


def rounds_for(organisation: Organisation) -> QuerySet[Round]:
    """The organisation's rounds, newest first, each with its number of teams, submitted
    ones and late ones (`teams`, `submitted`, `late`): one query a page."""
    return (
        Round.objects.filter(organisation=organisation)
        .select_related("model")
        .annotate(
            teams=Count("entries"),
            submitted=Count(
                "entries", filter=Q(entries__assessment__state=Assessment.State.SUBMITTED)
            ),
            late=Count("entries", filter=Q(entries__late=True)),
        )
        .order_by("-opens_on", "-pk")
    )


# The filters of the progress page, in the order the page offers them.
NOT_STARTED, ANSWERING, FINISHED = "not_started", "answering", "finished"
DISAGREEMENT, SUBMITTED, LATE = "disagreement", "submitted", "late"
STATES = (NOT_STARTED, ANSWERING, FINISHED, DISAGREEMENT, SUBMITTED, LATE)


@dataclass(frozen=True)
class TeamProgress:
    """One team of a round: its respondents' progress and its assessment's state."""

    entry_id: int
    team_id: int
    team_name: str
    team_slug: str
    assessment_id: int
    state: str
    late: bool
    respondents: int
    finished: int
    started: int
    disagreements: int  # areas waiting for agreement (0 once submitted)

    @property
    def not_started(self) -> int:
        return self.respondents - self.finished - self.started

    @property
    def submitted(self) -> bool:
        return self.state == Assessment.State.SUBMITTED

    @property
    def stage(self) -> str:
        """Where the team stands: submitted, every respondent finished, answering (someone
        has begun), or not started."""
        if self.submitted:
            return SUBMITTED
        if self.respondents and self.finished == self.respondents:
            return FINISHED
        if self.finished or self.started:
            return ANSWERING
        return NOT_STARTED

    def matches(self, state: str | None) -> bool:
        if not state:
            return True
        if state == DISAGREEMENT:
            return self.disagreements > 0
        if state == LATE:
            return self.late
        return self.stage == state


@dataclass(frozen=True)
class Totals:
    """The whole round's figures, whatever the filters."""

    teams: int = 0
    submitted: int = 0
    late: int = 0
    respondents: int = 0
    finished: int = 0
    started: int = 0
    not_started: int = 0
    disagreements: int = 0  # areas waiting for agreement, over every team
    teams_with_disagreements: int = 0


@dataclass(frozen=True)
class Progress:
    round: Round
    areas: int  # areas of the model: a respondent who answered them all has finished
    teams: list[TeamProgress]  # every team of the round, by name
    totals: Totals

    def matching(self, state: str | None = None, search: str = "") -> list[TeamProgress]:
        """The teams in the given state (one of STATES) whose name contains `search`."""
        needle = search.strip().casefold()
        return [
            team
            for team in self.teams
            if team.matches(state) and (not needle or needle in team.team_name.casefold())
        ]


def progress(round_: Round) -> Progress:
    """Every team's progress in the round, and the totals: five queries, however many teams."""
    areas = Area.objects.filter(model_id=round_.model_id).count()
    entries = list(
        Entry.objects.filter(round=round_)
        .order_by("team__name", "team_id")
        .values_list(
            "pk",
            "team_id",
            "team__name",
            "team__slug",
            "assessment_id",
            "assessment__state",
            "late",
        )
    )
    answered = _answered_areas(round_)
    waiting = _disagreements(round_)
    teams = []
    for entry_id, team_id, name, slug, assessment_id, state, late in entries:
        counts = answered.get(entry_id, ())
        teams.append(
            TeamProgress(
                entry_id=entry_id,
                team_id=team_id,
                team_name=name,
                team_slug=slug,
                assessment_id=assessment_id,
                state=state,
                late=late,
                respondents=len(counts),
                finished=sum(1 for n in counts if areas and n >= areas),
                started=sum(1 for n in counts if 0 < n < areas),
                disagreements=(
                    0 if state == Assessment.State.SUBMITTED else waiting.get(assessment_id, 0)
                ),
            )
        )
    return Progress(round=round_, areas=areas, teams=teams, totals=_totals(teams))


def _answered_areas(round_: Round) -> dict[int, list[int]]:
    """entry id → [areas answered by each of its respondents], in two queries: the answers
    counted per assessment and person in one pass (a hash aggregate, where a subquery per
    respondent took three times as long at 1,000 teams), then the respondents."""
    counts = {
        (assessment_id, person): n
        for assessment_id, person, n in Answer.objects.filter(
            assessment_id__in=Entry.objects.filter(round=round_).values("assessment_id")
        )
        .order_by()
        .values("assessment_id", "respondent_id")
        .annotate(n=Count("pk"))
        .values_list("assessment_id", "respondent_id", "n")
    }
    found = defaultdict(list)
    for entry_id, assessment_id, person in Respondent.objects.filter(
        entry__round=round_
    ).values_list("entry_id", "entry__assessment_id", "user_id"):
        found[entry_id].append(counts.get((assessment_id, person), 0))
    return found


def _disagreements(round_: Round) -> dict[int, int]:
    """assessment id → areas whose answers are two levels or more apart and have no agreed
    answer, in one query (the caller leaves out submitted assessments: nothing waits there)."""
    agreed = AgreedAnswer.objects.filter(
        assessment_id=OuterRef("assessment_id"), area_id=OuterRef("area_id")
    )
    rows = (
        Answer.objects.filter(
            assessment_id__in=Entry.objects.filter(round=round_).values("assessment_id")
        )
        .filter(~Exists(agreed))
        .order_by()
        .values("assessment_id", "area_id")
        .annotate(low=Min("level"), high=Max("level"))
        .filter(high__gte=F("low") + 2)
        .values_list("assessment_id", flat=True)
    )
    counts = defaultdict(int)
    for assessment_id in rows:
        counts[assessment_id] += 1
    return counts


def _totals(teams: list[TeamProgress]) -> Totals:
    return Totals(
        teams=len(teams),
        submitted=sum(team.submitted for team in teams),
        late=sum(team.late for team in teams),
        respondents=sum(team.respondents for team in teams),
        finished=sum(team.finished for team in teams),
        started=sum(team.started for team in teams),
        not_started=sum(team.not_started for team in teams),
        disagreements=sum(team.disagreements for team in teams),
        teams_with_disagreements=sum(team.disagreements > 0 for team in teams),
    )


def remindable(round_: Round, entries: list[Entry] | None = None) -> int:
    """How many respondents of the round (of `entries` only, if given) a reminder may reach:
    not finished, their team's assessment open, reminders not switched off. One query."""
    respondents = Respondent.objects.filter(entry__round=round_)
    if entries is not None:
        respondents = respondents.filter(entry__in=entries)
    return to_remind(respondents).count()


def respondent_candidates(entry: Entry) -> QuerySet[User]:
    """Who may answer for the entry's team: its members (never viewers), and the
    organisation's managers and administrators, in the team or not."""
    team = entry.team
    allowed = Membership.objects.filter(organisation_id=team.organisation_id).filter(
        Q(role__in=(Role.ADMIN, Role.MANAGER)) | Q(role=Role.MEMBER, teams=team)
    )
    return User.objects.filter(pk__in=allowed.values("user_id")).order_by("name", "email", "pk")


def entry_for(round_: Round, team) -> Entry | None:
    """The team's entry in the round (with its assessment), or None."""
    return Entry.objects.select_related("assessment").filter(round=round_, team=team).first()

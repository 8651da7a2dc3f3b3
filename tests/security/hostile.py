"""What the escaping tests share: hostile texts in every user-entered field, and a world of
them (organisation, teams, people, a model, assessments, a report, a round)."""

import copy
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Invitation, Membership
from assessments import services
from maturity.interchange import import_model
from maturity.models import MaturityModel
from reports.models import Report
from rounds.models import Entry, Respondent, Round

MARKUP = "<script>alert(1)</script><img src=x onerror=alert(1)>\"'"
LINK = "https://evidence.example/x?a='\"><svg/onload=alert(1)>"


def hostile(tag):
    return f"{tag}{MARKUP}"


def escaped(tag):
    return escape(hostile(tag))


AREAS = ["collaboration", "delivery", "monitoring"]


def hostile_model(mini_data):
    """The mini model with every text replaced by markup, tagged by where it stands."""
    data = copy.deepcopy(mini_data)
    data["slug"] = "acme-hostile"

    def both(tag):
        return {"de": hostile(tag), "en": hostile(tag)}

    data["name"], data["description"] = both("mdl"), both("mdsc")
    for i, dimension in enumerate(data["dimensions"]):
        dimension["name"] = both(f"dim{i}")
    for i, area in enumerate(data["areas"]):
        area["name"] = both(f"area{i}")
    for i, level in enumerate(data["levels"]):
        level["name"], level["title"] = both(f"lvl{i}"), both(f"ltit{i}")
        level["description"], level["highlights"] = both(f"ldsc{i}"), [both(f"hl{i}")]
    for i, characteristic in enumerate(data["characteristics"]):
        characteristic["text"] = both(f"chr{i}")
    return data


def answer_all(assessment, respondent, level=1, comment="", evidence=()):
    for area in AREAS:
        services.answer_record(
            assessment=assessment,
            respondent=respondent,
            area_key=area,
            level=level,
            comment=comment,
            evidence=evidence,
        )


@pytest.fixture
def world(organisation, team, other_team, admin, manager, member, mini_data):
    organisation.name = hostile("org")
    organisation.save()
    team.name, team.description = hostile("team"), hostile("tdsc")
    team.save()
    other_team.name = hostile("oteam")
    other_team.save()
    for user, tag in ((admin, "adm"), (manager, "mgr"), (member, "mem")):
        user.name = hostile(tag)
        user.save()
    Membership.objects.get(user=member, organisation=organisation).teams.add(other_team)

    model = import_model(
        hostile_model(mini_data),
        organisation=organisation,
        status=MaturityModel.Status.PUBLISHED,
    )
    organisation.models_in_use.add(model)

    def start(on, tag, day):
        return services.assessment_start(
            team=on, model=model, label=hostile(tag), date=day, by=manager
        )

    first = start(team, "q1", date(2026, 3, 31))
    answer_all(first, member, level=1, comment=hostile("cmt"), evidence=[LINK])
    services.assessment_submit(assessment=first, by=manager)
    second = start(team, "q2", date(2026, 6, 30))
    answer_all(second, member, level=2, comment=hostile("cmt"), evidence=[LINK])
    answer_all(second, manager, level=1)
    services.agreed_record(
        assessment=second, area_key="delivery", level=2, note=hostile("note"), by=manager
    )
    services.assessment_submit(assessment=second, by=manager)
    reopened = start(team, "open", date(2026, 9, 30))
    answer_all(reopened, member, level=1, comment=hostile("cmt"), evidence=[LINK])
    answer_all(reopened, manager, level=2)
    services.agreed_record(
        assessment=reopened, area_key="collaboration", level=1, note=hostile("note"), by=manager
    )
    services.assessment_submit(assessment=reopened, by=manager)
    services.assessment_reopen(assessment=reopened, by=manager, reason=hostile("why"))
    elsewhere = start(other_team, "q3", date(2026, 6, 30))
    answer_all(elsewhere, member, level=2)
    services.assessment_submit(assessment=elsewhere, by=manager)
    services.target_set(team=team, dimension_key="culture", level=2, by=manager)

    Report.objects.create(
        organisation=organisation,
        kind="team",
        team=team,
        state="failed",
        error=hostile("err"),
        ordered_by=manager,
    )
    queued = Report.objects.create(
        organisation=organisation, kind="assessment", assessment=second, ordered_by=manager
    )
    Invitation.objects.create(
        organisation=organisation,
        email="newcomer@acme.example",
        invited_by=admin,
        expires_at=timezone.now() + timedelta(days=14),
    )
    round_ = Round.objects.create(
        organisation=organisation,
        label=hostile("rnd"),
        model=model,
        opens_on=date(2026, 9, 30),
        deadline=timezone.localdate() + timedelta(days=14),
        opened_by=manager,
    )
    entry = Entry.objects.create(round=round_, team=team, assessment=reopened, adopted=True)
    Entry.objects.create(round=round_, team=other_team, assessment=elsewhere, adopted=True)
    Respondent.objects.create(entry=entry, user=member)
    return {
        "model": model,
        "round": round_,
        "first": first,
        "second": second,
        "reopened": reopened,
        "queued": queued,
    }


def url(name, *args):
    return reverse(name, args=args)

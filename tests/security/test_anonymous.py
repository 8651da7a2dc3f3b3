"""An anonymous round: managers and facilitators see how many respondents chose each level,
never who chose what, on every page, export and PDF of the assessment and its team.

Three respondents with names, e-mails and comments found nowhere else answer an anonymous
round; a manager, an admin, a viewer and the facilitator (one of the three) then open every
page they can reach, before and after it is submitted. The
pages come from the URL resolver (as in test_url_walk.py): every page of the organisation
whose address this assessment, its team, its areas and its report fill, so that a new page
is walked without changing this file.

The check is the strongest simple one: no respondent's name, surname or e-mail appears
anywhere in what is sent, except inside an element marked `data-people-list` — a list of the
team's people that says nothing of what anyone answered (the team page's members, the
facilitate page's choice of facilitator): who belongs to the team is no secret, what each
chose is. Pages whose whole job is to list people (PEOPLE_PAGES) are left out for the same
reason. A respondent sees their own name in the menu bar (and their own answers on their
answering page), so for the facilitator only the other respondents are looked for. The same
walk of a round that is not anonymous finds the names (the control): the check can fail.
"""

import functools
import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import Assessment
from assessments.services import answer_record
from maturity.models import Characteristic
from plans.models import Action
from reports.exports import results_export
from reports.models import Report
from rounds.services import round_open
from tests.factories import MembershipFactory, UserFactory
from tests.security.test_url_walk import walk

AREAS = ["people", "model-creation", "model-release", "application-integration", "technology"]
# name, e-mail, level in every area, the areas answered, the mark of their comments
RESPONDENTS = [
    ("Quillon Ashgrove", "quillon.ashgrove@acme.example", 1, AREAS, "K"),
    ("Marisol Thackeray", "m.thackeray@acme.example", 2, AREAS, "F"),
    ("Osgood Pemberton", "osgood.p@acme.example", 3, AREAS[:3], "W"),
]
LONG = "Our release checklist is a wiki page that nobody reads. " * 14  # over the PDF's fold
# Pages whose job is to list the organisation's people and their roles, or who carries out
# each action of the team's plan; never answers.
PEOPLE_PAGES = {
    "orgs:settings_members",
    "plans:plan",
    "plans:export",
    "plans:export_all",
    # The API's actions, like the plan page, name each action's owner.
    "api:actions",
    "api:team_actions",
    "api:action",
    # The audit log names who changed what and who signed in, by design; it never records a
    # respondent's own answers (audit/scope.py), so it cannot tell who chose what.
    "audit:list",
    "audit:export",
}
OPEN_ACTION, DONE_ACTION = "Pair with the data team", "Write the on-call guide"


def comment(mark, area):
    """A comment that says nothing of who wrote it, and can be found again; the long one."""
    return LONG if (mark, area) == ("F", "model-release") else f"Remark {mark} about {area}"


def identities(user):
    name, email = user.name, user.email
    return {name, *name.split(), email, email.split("@")[0]}  # "done by Osgood": a first name


class _Visible(HTMLParser):
    """The text and attribute values of a page, without the elements marked
    `data-people-list`."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping, self.depth = [], None, 0

    def handle_starttag(self, tag, attrs):
        if self.skipping:
            self.depth += tag == self.skipping
            return
        if any(name == "data-people-list" for name, _value in attrs):
            if tag not in self.VOID:
                self.skipping, self.depth = tag, 1
            return
        self.parts.extend(value for _name, value in attrs if value)

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and not any(n == "data-people-list" for n, _v in attrs):
            self.parts.extend(value for _name, value in attrs if value)

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping:
            self.depth -= 1
            if self.depth == 0:
                self.skipping = None

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


@functools.lru_cache(maxsize=4)
def pdf_text(body):
    """The text of a PDF (read once for everyone who downloads the same file)."""
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def visible_text(response):
    """What a response shows, as text: a page without its people lists, a PDF's text, a
    workbook's cells, a CSV or JSON as it is."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        text = pdf_text(body)
    elif "spreadsheetml" in kind:
        sheets = load_workbook(io.BytesIO(body), read_only=True).worksheets
        text = " ".join(
            str(cell)
            for sheet in sheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    elif "html" in kind:
        parser = _Visible()
        parser.feed(body.decode())
        text = " ".join(parser.parts)
    else:
        text = body.decode()
    return " ".join(text.split())


def leaks(text, people):
    return sorted(
        found for person in people for found in identities(person) if found.lower() in text.lower()
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def round_world(organisation, team, manager, model, anonymous):
    """A round for the team answered by three people; the first facilitates and agrees an
    area; the manager orders the assessment's PDF."""
    people = []
    for name, email, *_rest in RESPONDENTS:
        user = UserFactory(name=name, email=email)
        MembershipFactory(user=user, organisation=organisation, role="member", teams=[team])
        people.append(user)
    today = timezone.localdate()
    round_open(
        organisation=organisation,
        label="2027 Q1",
        model=model,
        opens_on=today,
        deadline=today + timedelta(days=14),
        teams=[team],
        by=manager,
        anonymous=anonymous,
    )
    assessment = Assessment.objects.get(team=team, label="2027 Q1")
    assert assessment.anonymous == anonymous
    for user, (_name, _email, level, areas, mark) in zip(people, RESPONDENTS, strict=True):
        for area in areas:
            answer_record(
                assessment=assessment,
                respondent=user,
                area_key=area,
                level=level,
                comment=comment(mark, area),
                evidence=[f"https://wiki.acme.example/{area}/{mark}"],
            )
    assessment.facilitator = people[0]
    assessment.save(update_fields=["facilitator"])
    # The team's plan for "people": an open action owned by a respondent (beside the answers
    # while answering) and one done by another (the results' plan check).
    serves = Characteristic.objects.filter(model=model, area__key="people").last()
    Action.objects.create(team=team, title=OPEN_ACTION, area=serves.area, owner=people[1])
    Action.objects.create(
        team=team,
        title=DONE_ACTION,
        area=serves.area,
        characteristic=serves,
        owner=people[2],
        status=Action.Status.DONE,
        done_at=timezone.now() - timedelta(days=1),
        done_by=people[2],
    )
    return assessment, people


def order_pdf(client, assessment, capture_on_commit):
    org = assessment.team.organisation.slug
    with capture_on_commit(execute=True):
        client.post(
            reverse("reports:order", args=[org]),
            {"kind": "assessment", "assessment": f"{assessment.team.slug}/{assessment.pk}"},
        )
    report = Report.objects.filter(assessment=assessment).latest("pk")
    assert report.state == Report.State.DONE, report.error
    return report


def pages(assessment, report):
    """(name, url) of every page of the organisation that this assessment, its team, areas,
    round and report fill: from the URL resolver, so a new page (a round's progress page)
    is walked without a change here."""
    objects = {
        "org": [assessment.team.organisation.slug],
        "team": [assessment.team.slug],
        "area": AREAS,
        "format": ["csv", "xlsx"],
        "round": [assessment.round_entries.get().round_id],
    }
    for name, params, pattern in walk(get_resolver()):
        if name is None or "org" not in params or name in PEOPLE_PAGES:
            continue
        values = dict(objects)
        if name.startswith("api:"):
            # The API names things by id (its JSON is read as a page's text is).
            values.update(team=[assessment.team_id], assessment=[assessment.pk])
            values.update(model=[assessment.model_id])
        if "pk" in params:
            # A pk is this assessment's, report's or round's; any other kind is not walked.
            if "assessments/<int:pk>/" in pattern:
                values["pk"] = [assessment.pk]
            elif "reports/<int:pk>/" in pattern:
                values["pk"] = [report.pk]
            elif "rounds/<int:pk>/" in pattern:
                values["pk"] = values["round"]
            else:
                continue
        if not params <= set(values):
            continue  # an argument this assessment does not fill (a model's slug, a member)
        kwargs = [{}]
        for param in sorted(params):
            kwargs = [{**k, param: value} for k in kwargs for value in values[param]]
        for filled in kwargs:
            yield name, reverse(name, kwargs=filled)


def walk_as(client, assessment, report):
    """url → (name, visible text) of every page this client may open (200)."""
    seen = {}
    for name, url in pages(assessment, report):
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404, 405), (url, response.status_code)
        if response.status_code == 200:
            seen[url] = (name, visible_text(response))
    return seen


# The pages each walk must have opened: if one of them is missing, the walk went wrong.
MANAGER_SEES = {
    "assessments:detail",
    "assessments:facilitate",
    "assessments:agree",
    "assessments:submit",
    "dashboards:team",
    "organisation",
    "reports:list",
    "reports:export",
    "reports:download",
}


@pytest.mark.django_db
@pytest.mark.parametrize("submitted", [False, True], ids=["open", "submitted"])
def test_an_anonymous_round_shows_nobody_next_to_an_answer_on_any_page(
    client_for,
    organisation,
    team,
    admin,
    manager,
    viewer,
    model_in_use,
    submitted,
    django_capture_on_commit_callbacks,
):
    assessment, people = round_world(organisation, team, manager, model_in_use, anonymous=True)
    facilitator = client_for(people[0])
    agree = reverse(
        "assessments:agree", args=[organisation.slug, team.slug, assessment.pk, "people"]
    )
    facilitator.post(agree, {"level": 2, "note": "Agreed in the retro"})
    if submitted:
        submit = reverse("assessments:submit", args=[organisation.slug, team.slug, assessment.pk])
        facilitator.post(submit)
        assessment.refresh_from_db()
        assert assessment.is_submitted
    report = order_pdf(client_for(manager), assessment, django_capture_on_commit_callbacks)

    # Everyone who may look, and whom they must not find: a respondent finds themselves.
    lookers = {
        "manager": (manager, people),
        "admin": (admin, people),
        "viewer": (viewer, people),
        "facilitator": (people[0], people[1:]),
    }
    walks = {
        who: (walk_as(client_for(user), assessment, report), others)
        for who, (user, others) in lookers.items()
    }
    for who, (seen, others) in walks.items():
        found = {url: leaks(text, others) for url, (_name, text) in seen.items()}
        assert {url: names for url, names in found.items() if names} == {}, who

    seen = walks["manager"][0]
    opened = {name for name, _text in seen.values()}
    expected = MANAGER_SEES - ({"assessments:submit"} if submitted else set())
    assert expected <= opened, expected - opened
    by_name = {}
    for name, text in seen.values():
        by_name.setdefault(name, []).append(text)
    # What was said is all there, without names: every comment, the counts, the JSON export.
    detail = by_name["assessments:detail"][0]
    said = [comment(mark, area) for *_rest, areas, mark in RESPONDENTS for area in areas]
    assert all(text[:300] in detail for text in said)  # a long one is folded after 400
    assert "3 respondents" in detail and "Agreed in the retro" in detail
    assert DONE_ACTION in detail  # the plan check, without who did it
    assert any(OPEN_ACTION in text for text in by_name["assessments:answer_area"])
    pdf = by_name["reports:download"][0]
    assert "Appendix: comments in full" in pdf and "Remark W about people" in pdf
    assert "Level 3 (" in " ".join(by_name["assessments:agree"])
    if not submitted:
        assert "1 respondent has not answered every area yet" in by_name["assessments:submit"][0]
    exported = str(results_export(organisation))
    assert leaks(exported, people) == [] and "'respondents': 3" in exported


@pytest.mark.django_db
def test_the_facilitate_page_counts_respondents_at_each_level(
    client_for, organisation, team, manager, model_in_use
):
    assessment, _people = round_world(organisation, team, manager, model_in_use, anonymous=True)
    url = reverse("assessments:facilitate", args=[organisation.slug, team.slug, assessment.pk])

    page = client_for(manager).get(url)

    rows = {row["area"].key: row for row in page.context["rows"]}
    counts = {key: [n for _level, n in row["counts"]] for key, row in rows.items()}
    assert counts["people"] == [0, 1, 1, 1, 0]
    assert counts["technology"] == [0, 1, 1, 0, 0]
    assert rows["people"]["result"].spread == 2 and rows["people"]["levels"] == []
    html = page.content.decode()
    assert "Number of respondents at each level, by area" in html
    assert "Level 4" in html and "Levels by area and respondent" not in html


@pytest.mark.django_db
def test_control_a_round_that_is_not_anonymous_shows_who_chose_what(
    client_for, organisation, team, manager, model_in_use, django_capture_on_commit_callbacks
):
    assessment, people = round_world(organisation, team, manager, model_in_use, anonymous=False)
    report = order_pdf(client_for(manager), assessment, django_capture_on_commit_callbacks)

    seen = walk_as(client_for(manager), assessment, report)

    named = {}
    for name, text in seen.values():
        named.setdefault(name, set()).update(p.name for p in people if p.name in text)
    everyone = {p.name for p in people}
    for page in ("detail", "facilitate", "agree"):
        assert named[f"assessments:{page}"] == everyone, page
    assert named["reports:download"] == everyone
    # Beside the answers, the plan's box names the owner and who did it, when not anonymous.
    boxes = " ".join(text for name, text in seen.values() if name == "assessments:answer_area")
    assert "Marisol Thackeray" in boxes and "by Osgood" in boxes
    assert named["assessments:submit"] == {"Osgood Pemberton"}  # two areas left
    # Exports never carry a respondent, anonymous or not: only how many answered.
    exports = [text for name, text in seen.values() if name == "reports:export"]
    assert len(exports) == 2 and all(leaks(text, people) == [] for text in exports)

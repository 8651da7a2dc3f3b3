"""Autosave and plain posts of the answering page: the server's revision orders the saves, and
one person's two tabs or windows never overwrite each other unseen."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from assessments.models import Answer
from tests.assessments.test_views import post_answer, url

pytestmark = pytest.mark.django_db

REVISION = re.compile(r'<input type="hidden" name="revision" id="answer-revision" value="(\d+)"')
CONFLICT = "Changed in another tab or window at"


def revision_in(response):
    found = REVISION.search(response.content.decode())
    return int(found.group(1)) if found else None


def test_the_answering_page_carries_the_answers_revision(client_for, assessment, member):
    client = client_for(member)
    assert revision_in(client.get(url("answer_area", assessment, "people"))) == 0

    post_answer(client, assessment, level=1, revision=0)

    assert revision_in(client.get(url("answer_area", assessment, "people"))) == 1


def test_each_autosave_answers_with_the_new_revision_for_the_next(client_for, assessment, member):
    client = client_for(member)

    first = post_answer(client, assessment, htmx=True, level=1, revision=0)
    second = post_answer(client, assessment, htmx=True, level=2, revision=revision_in(first))

    assert first.status_code == second.status_code == 200
    assert 'id="answer-revision" value="1" hx-swap-oob="true"' in first.content.decode()
    assert (revision_in(first), revision_in(second)) == (1, 2)
    assert (Answer.objects.get().level, Answer.objects.get().revision) == (2, 2)


def test_a_stale_autosave_gets_409_with_the_stored_time_and_changes_nothing(
    client_for, assessment, member
):
    client = client_for(member)
    post_answer(client, assessment, htmx=True, level=3, comment="tab A", revision=0)

    stale = post_answer(client, assessment, htmx=True, level=1, comment="tab B", revision=0)

    assert stale.status_code == 409
    body = stale.content.decode()
    assert CONFLICT in body and "reload to see it" in body
    assert 'class="text-danger"' in body
    assert revision_in(stale) is None  # the tab stays on its revision: it cannot win later
    assert 'id="checklist"' not in body  # nothing the person typed is replaced
    answer = Answer.objects.get()
    assert (answer.level, answer.comment, answer.revision) == (3, "tab A", 1)


def test_a_stale_autosave_stays_refused_until_the_page_is_reloaded(client_for, assessment, member):
    client = client_for(member)
    post_answer(client, assessment, htmx=True, level=3, revision=0)

    for comment in ("tab B types", "tab B types more"):
        again = post_answer(client, assessment, htmx=True, level=1, comment=comment, revision=0)
        assert again.status_code == 409
    reloaded = revision_in(client.get(url("answer_area", assessment, "people")))
    saved = post_answer(client, assessment, htmx=True, level=1, revision=reloaded)

    assert saved.status_code == 200
    assert Answer.objects.get().level == 1


def test_a_stale_plain_post_shows_the_form_as_typed_with_the_message(
    client_for, assessment, member
):
    client = client_for(member)
    post_answer(client, assessment, level=3, comment="from the other window", revision=0)

    response = post_answer(
        client,
        assessment,
        level=1,
        ticked=["people.2.1"],
        comment="typed without JavaScript",
        evidence="https://wiki.example.com/mine",
        revision=0,
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert CONFLICT in body
    assert ">typed without JavaScript</textarea>" in body
    assert ">https://wiki.example.com/mine</textarea>" in body
    assert re.search(r'id="level-0" checked', body)  # "Levels 0–1", one choice in People
    assert re.search(r'value="people.2.1" id="tick-people.2.1" checked', body)
    assert revision_in(response) == 0  # saving it again is refused again, not an overwrite
    answer = Answer.objects.get()
    assert (answer.level, answer.comment) == (3, "from the other window")


def test_a_device_whose_clock_runs_ahead_does_not_win_over_later_saves(
    client_for, assessment, member
):
    # The old page numbered its saves by the device's clock; one from the year 3000 won over
    # every later save. Only the server's revision counts now, whatever a client sends.
    client = client_for(member)
    year_3000 = 32_503_680_000_000
    ahead = post_answer(client, assessment, htmx=True, level=3, sequence=year_3000, revision=0)

    later = post_answer(client, assessment, htmx=True, level=1, sequence=1, revision=1)

    assert ahead.status_code == later.status_code == 200
    assert Answer.objects.get().level == 1


def test_the_page_script_uses_no_clock_of_the_device():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "answering.js").read_text()

    assert "Date" not in script and "sequence" not in script

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from assessments import selectors, services
from assessments.models import AgreedAnswer, Answer, Assessment
from tests.answers import MODEL_CREATION_1_TO_2, answer_everything
from tests.factories import TeamFactory


@pytest.mark.django_db
def test_start_pins_a_model_in_use(assessment, model_in_use, manager):
    assert (assessment.model, assessment.state, assessment.started_by) == (
        model_in_use,
        "draft",
        manager,
    )


@pytest.mark.django_db
def test_start_refuses_a_model_the_organisation_does_not_use(team, mlops, manager):
    with pytest.raises(services.AssessmentError, match="not in use"):
        services.assessment_start(team=team, model=mlops, label="Q", date=date.today(), by=manager)
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_start_refuses_an_archived_team(organisation, model_in_use, manager):
    archived = TeamFactory(organisation=organisation, archived=True)

    with pytest.raises(services.AssessmentError, match="archived"):
        services.assessment_start(
            team=archived, model=model_in_use, label="Q", date=date.today(), by=manager
        )


@pytest.mark.django_db
def test_record_saves_the_whole_answer_and_starts_the_assessment(assessment, member):
    answer, applied, _previous = services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="model-creation",
        level=1,
        ticked=["model-creation.2.3", "model-creation.2.2"],
        comment="Pipelines are coming",
        evidence=["https://ci.example.com/pipelines/1", " ", "https://ci.example.com/pipelines/1"],
    )

    assert applied
    assert answer.ticked == ["model-creation.2.2", "model-creation.2.3"]  # model order
    assert answer.evidence == ["https://ci.example.com/pipelines/1"]
    assessment.refresh_from_db()
    assert assessment.state == "in_progress"


def record(assessment, respondent, level, revision=None, area="people", **more):
    return services.answer_record(
        assessment=assessment,
        respondent=respondent,
        area_key=area,
        level=level,
        revision=revision,
        **more,
    )


@pytest.mark.django_db
def test_same_save_twice_is_harmless(assessment, member):
    first = record(assessment, member, 2, revision=0, ticked=["people.3.2"])
    again = record(assessment, member, 2, revision=0, ticked=["people.3.2"])

    answer = Answer.objects.get()
    assert (answer.level, answer.ticked, answer.revision) == (2, ["people.3.2"], 1)
    assert (first.applied, again.applied) == (True, False)  # the repeat wrote nothing
    assert again.answer.revision == 1


@pytest.mark.django_db
def test_every_applied_save_counts_the_revision_up_by_one(assessment, member):
    revisions = [
        record(assessment, member, level, revision=n).answer.revision
        for n, level in enumerate([1, 2, 3])
    ]

    assert revisions == [1, 2, 3]
    assert (Answer.objects.get().level, Answer.objects.get().revision) == (3, 3)


@pytest.mark.django_db
def test_a_save_based_on_an_older_revision_is_refused_and_changes_nothing(assessment, member):
    record(assessment, member, 3, revision=0, comment="first tab")  # revision 1
    record(assessment, member, 1, revision=1, comment="first tab again")  # revision 2

    with pytest.raises(services.AnswerConflict) as refused:
        record(assessment, member, 4, revision=1, comment="second tab, loaded at revision 1")

    assert refused.value.status == 409
    assert refused.value.answer.revision == 2
    assert "another tab or window" in str(refused.value)
    answer = Answer.objects.get()
    assert (answer.level, answer.comment, answer.revision) == (1, "first tab again", 2)


@pytest.mark.django_db
def test_a_second_tab_that_saw_no_answer_cannot_overwrite_the_first_tabs(assessment, member):
    record(assessment, member, 3, revision=0)

    with pytest.raises(services.AnswerConflict):
        record(assessment, member, 1, revision=0)

    assert Answer.objects.get().level == 3


@pytest.mark.django_db
def test_a_retry_of_an_applied_save_succeeds_without_a_change(assessment, member):
    # The first attempt was applied but its answer was lost: the retry carries the old revision.
    record(assessment, member, 2, revision=0)
    record(assessment, member, 3, revision=1, comment="typed")

    retry = record(assessment, member, 3, revision=1, comment="typed")

    assert not retry.applied
    assert retry.answer.revision == 2
    assert Answer.objects.get().revision == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [("en", "10:41 a.m."), ("de", "10:41")])
def test_a_conflict_names_the_stored_answers_time_in_the_users_language(
    assessment, member, settings, language, shown
):
    settings.TIME_ZONE = "Europe/Berlin"
    record(assessment, member, 2, revision=0)
    saved = datetime(2026, 11, 20, 10, 41, tzinfo=ZoneInfo("Europe/Berlin"))
    Answer.objects.update(updated_at=saved)

    with translation.override(language), pytest.raises(services.AnswerConflict) as refused:
        record(assessment, member, 1, revision=0)

    assert f" {shown} " in str(refused.value)


@pytest.mark.django_db
def test_respondents_do_not_overwrite_each_other(assessment, member, second_member):
    services.answer_record(assessment=assessment, respondent=member, area_key="people", level=1)
    services.answer_record(
        assessment=assessment, respondent=second_member, area_key="people", level=3
    )

    assert sorted(Answer.objects.values_list("respondent__email", "level")) == [
        ("bob@acme.example", 1),
        ("dora@acme.example", 3),
    ]


@pytest.mark.django_db
def test_ticks_of_another_levels_checklist_do_not_count(assessment, member):
    answer, *_ = services.answer_record(
        assessment=assessment,
        respondent=member,
        area_key="model-creation",
        level=2,
        ticked=MODEL_CREATION_1_TO_2,
    )

    assert answer.ticked == []  # level 2 → 3 adds nothing new in model creation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("area", "level", "ticked", "message"),
    [
        ("people", 5, [], "not a level"),
        ("people", -1, [], "not a level"),
        ("security", 1, [], "no area"),
        ("people", 1, ["people.9.9"], "not a characteristic"),
    ],
)
def test_what_is_not_in_the_pinned_model_is_refused(
    assessment, member, area, level, ticked, message
):
    with pytest.raises(services.AssessmentError, match=message) as refused:
        services.answer_record(
            assessment=assessment, respondent=member, area_key=area, level=level, ticked=ticked
        )

    assert refused.value.status == 400
    assert not Answer.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["file:///etc/passwd", "javascript:alert(1)", "not a link"])
def test_evidence_must_be_web_addresses(assessment, member, link):
    with pytest.raises(services.AssessmentError, match="not a web address"):
        services.answer_record(
            assessment=assessment, respondent=member, area_key="people", level=1, evidence=[link]
        )
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_submit_needs_a_result_in_every_area(assessment, member, manager):
    services.answer_record(assessment=assessment, respondent=member, area_key="people", level=1)

    with pytest.raises(services.AssessmentError, match="Every area"):
        services.assessment_submit(assessment=assessment, by=manager)
    assessment.refresh_from_db()
    assert assessment.state == "in_progress"


@pytest.mark.django_db
def test_submit_locks_and_a_double_submit_is_harmless(assessment, member, manager):
    answer_everything(assessment, member)

    first = services.assessment_submit(assessment=assessment, by=manager)
    second = services.assessment_submit(assessment=assessment, by=manager)

    assert first.state == second.state == "submitted"
    assert second.submitted_at == first.submitted_at


@pytest.mark.django_db
def test_submitted_assessment_rejects_new_answers(assessment, member, manager):
    answer_everything(assessment, member)
    services.assessment_submit(assessment=assessment, by=manager)

    with pytest.raises(services.AssessmentLocked) as refused:
        services.answer_record(assessment=assessment, respondent=member, area_key="people", level=4)
    with pytest.raises(services.AssessmentLocked):
        services.agreed_record(assessment=assessment, area_key="people", level=4, by=manager)

    assert refused.value.status == 409
    assert Answer.objects.get(area__key="people").level == 2
    assert not AgreedAnswer.objects.exists()


@pytest.mark.django_db
def test_reopen_is_recorded_and_unlocks(assessment, member, manager):
    answer_everything(assessment, member)
    services.assessment_submit(assessment=assessment, by=manager)

    services.assessment_reopen(assessment=assessment, by=manager, reason="Forgot the pipelines")
    services.answer_record(assessment=assessment, respondent=member, area_key="people", level=3)

    assessment.refresh_from_db()
    reopening = assessment.reopenings.get()
    assert (reopening.by, reopening.reason) == (manager, "Forgot the pipelines")
    assert assessment.state == "in_progress"


@pytest.mark.django_db
def test_reopen_needs_a_reason_and_a_submitted_assessment(assessment, member, manager):
    with pytest.raises(services.AssessmentError, match="Only a submitted"):
        services.assessment_reopen(assessment=assessment, by=manager, reason="x")
    answer_everything(assessment, member)
    services.assessment_submit(assessment=assessment, by=manager)
    with pytest.raises(services.AssessmentError, match="why"):
        services.assessment_reopen(assessment=assessment, by=manager, reason="  ")
    assessment.refresh_from_db()
    assert assessment.state == "submitted"


@pytest.mark.django_db
def test_median_counts_until_an_answer_is_agreed(assessment, member, second_member, manager):
    services.answer_record(assessment=assessment, respondent=member, area_key="people", level=0)
    services.answer_record(
        assessment=assessment, respondent=second_member, area_key="people", level=3
    )

    people = selectors.result(assessment).areas["people"]
    assert (people.level, people.source, people.disagreement) == (0, "median", True)

    services.agreed_record(
        assessment=assessment,
        area_key="people",
        level=2,
        ticked=["people.3.3"],
        note="Talked",
        by=manager,
    )
    people = selectors.result(assessment).areas["people"]
    assert (people.level, people.source, people.ticked) == (2, "agreed", ("people.3.3",))
    assert people.score == pytest.approx(2.5)


@pytest.mark.django_db
def test_facilitator_must_belong_to_the_team(assessment, member, outsider):
    services.facilitator_set(assessment=assessment, user=member)
    assert assessment.facilitator == member

    with pytest.raises(services.AssessmentError, match="belong to the team"):
        services.facilitator_set(assessment=assessment, user=outsider)

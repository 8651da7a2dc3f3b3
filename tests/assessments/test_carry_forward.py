"""Answers carried forward (carry.py): what a respondent sees preselected in a new assessment,
whose answer it is, and what a new model version still takes; the page is in
test_carry_forward_page.py."""

import copy
from datetime import date

import pytest

from assessments import carry, selectors, services
from assessments.carry import AGREED, ONLY, OWN, Carried
from assessments.models import Assessment
from maturity.interchange import import_model
from maturity.models import MaturityModel
from tests.answers import MODEL_CREATION_1_TO_2
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = "https://ci.example/pipelines/42"


def submitted(team, model, by, label="2026 Q3", day=date(2026, 8, 14), answers=()):
    """A submitted assessment; `answers`: (respondent, area key, level, ticked, evidence)."""
    assessment = services.assessment_start(team=team, model=model, label=label, date=day, by=by)
    for respondent, area, level, ticked, evidence in answers:
        services.answer_record(
            assessment=assessment,
            respondent=respondent,
            area_key=area,
            level=level,
            ticked=ticked,
            evidence=evidence,
        )
    if not selectors.result(assessment).complete:
        answer_everything_of(assessment, model, by)
    return services.assessment_submit(assessment=assessment, by=by)


def answer_everything_of(assessment, model, respondent, level=1):
    for key in model.areas.values_list("key", flat=True):
        services.answer_record(
            assessment=assessment, respondent=respondent, area_key=key, level=level
        )


def started(team, model, by, label="2026 Q4", **fields):
    assessment = services.assessment_start(
        team=team, model=model, label=label, date=date(2026, 11, 20), by=by
    )
    if fields:
        Assessment.objects.filter(pk=assessment.pk).update(**fields)
        assessment.refresh_from_db()
    return assessment


def carried_for(assessment, person):
    display = selectors.ModelDisplay.of(assessment.model)
    return carry.carried_answers(assessment, person, display)


@pytest.fixture
def last_quarter(team, model_in_use, manager, member, second_member):
    """2026 Q3: the member answered every area (model creation with ticks and a link);
    Dora answered model creation only."""
    at_two = [(member, key, 2, [], []) for key in ("people", "model-release", "technology")]
    return submitted(
        team,
        model_in_use,
        manager,
        answers=[
            *at_two,
            (member, "application-integration", 3, [], []),
            (member, "model-creation", 1, MODEL_CREATION_1_TO_2[:2], [LINK]),
            (second_member, "model-creation", 4, [], []),
        ],
    )


def test_a_new_assessment_names_its_source_and_carries_the_respondents_own_answers(
    team, model_in_use, manager, member, last_quarter
):
    new = started(team, model_in_use, manager)

    carried = carried_for(new, member)

    assert new.carried_from == last_quarter
    assert carried["model-creation"] == Carried(
        level=1,
        ticked=frozenset(MODEL_CREATION_1_TO_2[:2]),
        evidence=(LINK,),
        label="2026 Q3",
        kind=OWN,
    )
    assert list(carried) == [
        "people",
        "model-creation",
        "model-release",
        "application-integration",
        "technology",
    ]
    assert all(c.own for c in carried.values())


def test_a_level_is_carried_as_this_version_stores_its_choice_with_the_ticks_that_count(
    team, model_in_use, manager, member
):
    """People 0–1 and application integration 1–2 are one choice each, stored as the first
    level; ticks that are no longer on the level's checklist are not carried."""
    submitted(
        team,
        model_in_use,
        manager,
        answers=[
            (member, "people", 1, [], []),
            (member, "model-creation", 3, MODEL_CREATION_1_TO_2, []),
        ],
    )

    carried = carried_for(started(team, model_in_use, manager), member)

    assert carried["people"].level == 0
    assert carried["model-creation"].level == 2
    assert carried["model-creation"].ticked == frozenset()


def test_without_an_own_answer_the_agreed_one_then_the_only_one_is_carried(
    organisation, team, model_in_use, manager, member, second_member, last_quarter
):
    services.assessment_reopen(assessment=last_quarter, by=manager, reason="agree")
    services.agreed_record(assessment=last_quarter, area_key="people", level=3, by=manager)
    services.assessment_submit(assessment=last_quarter, by=manager)
    newcomer = UserFactory()
    MembershipFactory(user=newcomer, organisation=organisation, role="member", teams=[team])
    new = started(team, model_in_use, manager)

    dora = carried_for(new, second_member)
    newcomers = carried_for(new, newcomer)

    assert dora["model-creation"].kind == OWN and dora["model-creation"].level == 4
    assert dora["people"] == Carried(3, frozenset(), (), "2026 Q3", AGREED)
    assert dora["technology"].kind == ONLY and dora["technology"].level == 2
    # Two answers last time and none agreed: nothing to carry for model creation.
    assert "model-creation" not in newcomers
    assert newcomers["people"].kind == AGREED
    assert newcomers["application-integration"].kind == ONLY


@pytest.mark.parametrize("anonymous", ["new", "source"])
def test_an_anonymous_assessment_never_carries_another_persons_answer(
    team, model_in_use, manager, member, second_member, last_quarter, anonymous
):
    services.assessment_reopen(assessment=last_quarter, by=manager, reason="agree")
    services.agreed_record(assessment=last_quarter, area_key="people", level=3, by=manager)
    services.assessment_submit(assessment=last_quarter, by=manager)
    if anonymous == "source":
        Assessment.objects.filter(pk=last_quarter.pk).update(anonymous=True)
    new = started(team, model_in_use, manager, anonymous=anonymous == "new")

    dora = carried_for(new, second_member)

    assert {key: c.kind for key, c in dora.items()} == {"people": AGREED, "model-creation": OWN}
    assert carried_for(new, member)["technology"].kind == OWN


def test_answered_areas_are_not_carried_and_nothing_is_read_once_all_are(
    team, model_in_use, manager, member, last_quarter, django_assert_num_queries
):
    new = started(team, model_in_use, manager)
    services.answer_record(assessment=new, respondent=member, area_key="people", level=4)
    display = selectors.ModelDisplay.of(new.model)

    assert "people" not in carried_for(new, member)
    with django_assert_num_queries(0):
        assert carry.carried_answers(new, member, display, answered=set(display.areas)) == {}


def test_nothing_is_carried_into_a_submitted_assessment(
    team, model_in_use, manager, member, last_quarter
):
    new = started(team, model_in_use, manager)
    Assessment.objects.filter(pk=new.pk).update(state=Assessment.State.SUBMITTED)
    new.refresh_from_db()

    assert carried_for(new, member) == {}


def _mini_answers(member):
    return [
        (member, "collaboration", 0, ["collaboration.1.1"], []),
        (member, "delivery", 2, [], []),
        (member, "monitoring", 1, ["monitoring.2.1"], [LINK]),
    ]


def test_another_model_or_another_owners_model_of_the_same_slug_is_no_source(
    organisation, other_organisation, team, model_in_use, mini_model, mini_data, manager, member
):
    organisation.models_in_use.add(mini_model)
    submitted(team, mini_model, manager, label="mini", answers=_mini_answers(member))
    own = import_model(
        copy.deepcopy(mini_data),
        organisation=organisation,
        status=MaturityModel.Status.PUBLISHED,
    )
    theirs = import_model(
        copy.deepcopy(mini_data),
        organisation=other_organisation,
        status=MaturityModel.Status.PUBLISHED,
    )
    # Not possible through the pages: another organisation's model in this team's history.
    Assessment.objects.create(
        team=team, model=theirs, label="theirs", date=date(2026, 9, 1), state="submitted"
    )
    organisation.models_in_use.add(own)

    assert carry.sources([team.pk], model_in_use) == {}
    assert carry.sources([team.pk], own) == {}
    new = started(team, own, manager)
    assert new.carried_from is None
    # A source named anyway (by hand) of another owner's model carries nothing.
    Assessment.objects.filter(pk=new.pk).update(carried_from=Assessment.objects.get(label="theirs"))
    new.refresh_from_db()
    assert carried_for(new, member) == {}


@pytest.fixture
def mini_version_2(organisation, mini_data):
    """devops-mini version 2: level 2 is gone, and collaboration's "Shared planning"
    (collaboration.1.1) is replaced by collaboration.1.2."""
    data = copy.deepcopy(mini_data)
    data["version"] = "2"
    data["levels"] = [level for level in data["levels"] if level["number"] != 2]
    data["characteristics"] = [
        c for c in data["characteristics"] if c["level"] != 2 and c["key"] != "collaboration.1.1"
    ] + [
        {
            "key": "collaboration.1.2",
            "area": "collaboration",
            "level": 1,
            "text": {"de": "Gemeinsame Ziele", "en": "Shared goals"},
        }
    ]
    model = import_model(data, status=MaturityModel.Status.PUBLISHED)
    organisation.models_in_use.add(model)
    return model


def test_across_versions_answers_are_matched_where_level_and_characteristic_still_exist(
    organisation, team, mini_model, mini_version_2, manager, member
):
    organisation.models_in_use.add(mini_model)
    source = submitted(team, mini_model, manager, answers=_mini_answers(member))

    new = started(team, mini_version_2, manager)
    carried = carried_for(new, member)

    assert new.carried_from == source
    assert carried == {
        # Its ticked characteristic is gone from version 2.
        "collaboration": Carried(0, frozenset(), (), "2026 Q3", OWN),
        # Level 1 is version 2's top: there is no checklist above it; the link stays.
        "monitoring": Carried(1, frozenset(), (LINK,), "2026 Q3", OWN),
        # "delivery" was at level 2, which version 2 lacks: nothing carried.
    }


def test_nothing_is_carried_from_an_assessment_that_is_not_submitted(
    organisation, team, mini_model, mini_version_2, manager, member
):
    organisation.models_in_use.add(mini_model)
    source = submitted(team, mini_model, manager, answers=_mini_answers(member))
    new = started(team, mini_version_2, manager)
    services.assessment_reopen(assessment=source, by=manager, reason="a correction")

    assert carried_for(new, member) == {}
    # Nor does another new assessment name it as its source.
    assert carry.sources([team.pk], mini_version_2) == {}

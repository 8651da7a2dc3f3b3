"""Each process keeps what it read of a model version (selectors.ModelDisplay.of, outline),
and reads it again in every process once the version was revised (maturity/signals.py)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import selectors, services
from assessments.models import Answer
from maturity.models import Area, Characteristic, Level, MaturityModel


def answering_url(assessment, area):
    team = assessment.team
    return reverse(
        "assessments:answer_area",
        args=[team.organisation.slug, team.slug, assessment.pk, area],
    )


def fresh(model):
    """The version as a new request reads it."""
    return MaturityModel.objects.get(pk=model.pk)


@pytest.mark.django_db
def test_a_versions_display_is_read_once(mlops, django_assert_num_queries):
    first = selectors.ModelDisplay.of(fresh(mlops))
    read_again = fresh(mlops)

    with django_assert_num_queries(0):
        again = selectors.ModelDisplay.of(read_again)
        structures = again.area_models()

    assert again is first
    assert structures == selectors.area_models([mlops.pk])[mlops.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("part", [Characteristic, Level, Area])
def test_saving_a_part_of_a_version_revises_it(mlops, part):
    revised = fresh(mlops).revised_at
    obj = part.objects.filter(model=mlops).first()

    obj.save()  # what the admin's change form does

    assert fresh(mlops).revised_at > revised


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_deleting_a_part_of_a_version_revises_it(mlops, how):
    revised = fresh(mlops).revised_at
    doomed = Characteristic.objects.filter(model=mlops, key="people.4.1")

    doomed.first().delete() if how == "instance" else doomed.delete()

    assert fresh(mlops).revised_at > revised


@pytest.mark.django_db
def test_an_edited_text_shows_on_the_next_answering_page(client_for, assessment, member):
    client = client_for(member)
    before = client.get(answering_url(assessment, "people"), headers={"Accept-Language": "en"})
    characteristic = Characteristic.objects.filter(model=assessment.model, area__key="people")
    characteristic = characteristic.order_by("level__number", "position").first()
    assert characteristic.text_en in before.text

    characteristic.text_en = "A corrected translation"
    characteristic.save()
    after = client.get(answering_url(assessment, "people"), headers={"Accept-Language": "en"})

    assert "A corrected translation" in after.text


@pytest.mark.django_db
def test_a_renamed_level_shows_in_the_outline(mlops):
    assert selectors.outline(fresh(mlops))["levels"][4].item.name_en != "Renamed"
    level = Level.objects.get(model=mlops, number=4)

    level.name_en = "Renamed"
    level.save()

    assert selectors.outline(fresh(mlops))["levels"][4].item.name_en == "Renamed"


@pytest.mark.django_db
def test_importing_or_deleting_a_version_does_not_revise_it_part_by_part(mini_data):
    from maturity.interchange import import_model

    with CaptureQueriesContext(connection) as importing:
        draft = import_model(mini_data)
    # The version goes, with its 2 dimensions, 3 areas, 3 levels and 9 characteristics.
    with CaptureQueriesContext(connection) as deleting:
        draft.delete()

    assert not MaturityModel.objects.filter(pk=draft.pk).exists()
    assert not [q for q in importing if q["sql"].startswith("UPDATE")]
    # Actions of a plan that served its areas only lose the link (plans.Action).
    revised = [q for q in deleting if q["sql"].startswith("UPDATE") and "plans_" not in q["sql"]]
    assert not revised


@pytest.mark.django_db
def test_a_save_is_checked_against_the_model_the_assessment_has_now(
    organisation, team, model_in_use, mini_model, manager, member
):
    organisation.models_in_use.add(mini_model)
    assessment = services.assessment_start(
        team=team, model=model_in_use, label="Q1", date=date(2026, 1, 1), by=manager
    )
    stale = type(assessment).objects.select_related("model").get(pk=assessment.pk)
    # Before the first answer, the model changes (as in the admin); `stale` was read before.
    type(assessment).objects.filter(pk=assessment.pk).update(model=mini_model)

    with pytest.raises(services.AssessmentError, match="no area"):
        services.answer_record(assessment=stale, respondent=member, area_key="people", level=1)
    recorded = services.answer_record(
        assessment=stale, respondent=member, area_key="delivery", level=1
    )

    assert recorded.applied
    assert Answer.objects.get().area.model == mini_model

"""The Django admin changes no submitted assessment (nor its answers): as in the app."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import AgreedAnswer, Answer, Assessment
from tests.admin_forms import change_form_data
from tests.answers import answer_everything

pytestmark = pytest.mark.django_db


def url(name, assessment):
    return reverse(f"admin:assessments_assessment_{name}", args=[assessment.pk])


@pytest.fixture
def submitted(assessment, member, manager):
    answer_everything(assessment, member)
    return services.assessment_submit(assessment=assessment, by=manager)


def test_a_submitted_assessment_is_shown_read_only(admin_client, submitted):
    response = admin_client.get(url("change", submitted))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission and not inline.has_change_permission, inline
        assert not inline.has_delete_permission, inline


def test_a_post_to_a_submitted_assessment_is_refused_and_changes_nothing(admin_client, submitted):
    page = admin_client.get(url("change", submitted))
    answers = list(Answer.objects.filter(assessment=submitted).values_list("pk", "level"))
    data = change_form_data(page, label="Changed in the admin")
    data.update({key: "0" for key in data if key.startswith("answers-") and key.endswith("-level")})

    response = admin_client.post(url("change", submitted), data)

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.label == "2026 Q4"
    assert submitted.state == Assessment.State.SUBMITTED
    assert list(Answer.objects.filter(assessment=submitted).values_list("pk", "level")) == answers
    assert not AgreedAnswer.objects.filter(assessment=submitted).exists()


def test_a_submitted_assessment_cannot_be_deleted(admin_client, submitted):
    assert admin_client.get(url("delete", submitted)).status_code == 403
    assert admin_client.post(url("delete", submitted), {"post": "yes"}).status_code == 403
    admin_client.post(
        reverse("admin:assessments_assessment_changelist"),
        {"action": "delete_selected", "_selected_action": [submitted.pk], "post": "yes"},
    )
    assert Assessment.objects.filter(pk=submitted.pk).exists()


def test_the_admin_does_not_submit(admin_client, assessment, member):
    answer_everything(assessment, member)
    page = admin_client.get(url("change", assessment))

    admin_client.post(url("change", assessment), change_form_data(page, state="submitted"))

    assessment.refresh_from_db()
    assert assessment.state != Assessment.State.SUBMITTED  # the app submits, and scores


def test_an_assessment_in_progress_stays_editable(admin_client, assessment, member):
    answer_everything(assessment, member)
    page = admin_client.get(url("change", assessment))
    assert page.context["has_change_permission"] is True

    response = admin_client.post(url("change", assessment), change_form_data(page, label="Fixed"))

    assert response.status_code == 302, response.context and response.context["errors"]
    assessment.refresh_from_db()
    assert assessment.label == "Fixed"
    assert admin_client.post(url("delete", assessment), {"post": "yes"}).status_code == 302
    assert not Assessment.objects.filter(pk=assessment.pk).exists()

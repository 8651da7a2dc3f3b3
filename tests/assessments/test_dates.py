"""An assessment's date lies between 1 January 2000 and a year from today, wherever it is
entered: the start form, the service, the admin (the import: tests/transfer)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments import services
from assessments.dates import validate_assessment_date
from assessments.models import Assessment
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

OUT_OF_WINDOW = ["9999-12-31", "1999-12-31"]


def start_url(team):
    return reverse("assessments:start", args=[team.organisation.slug, team.slug])


@pytest.mark.parametrize("day", OUT_OF_WINDOW)
def test_the_start_form_refuses_a_date_outside_the_window(
    client_for, manager, team, model_in_use, day
):
    response = client_for(manager).post(
        start_url(team), {"label": "2026 Q4", "date": day, "model": model_in_use.pk}
    )

    assert response.status_code == 400
    (message,) = response.context["form"].errors["date"]
    latest = date_format(timezone.localdate() + timedelta(days=365), "DATE_FORMAT")
    assert message == f"Choose a date between Jan. 1, 2000 and {latest} (at most a year ahead)."
    assert not Assessment.objects.exists()


def test_the_start_form_offers_the_window_to_the_date_picker(
    client_for, manager, team, model_in_use
):
    page = client_for(manager).get(start_url(team)).content.decode()

    latest = timezone.localdate() + timedelta(days=365)
    assert f'min="2000-01-01" max="{latest.isoformat()}"' in page


@pytest.mark.parametrize("days_ahead", [None, 0, 365])
def test_the_first_and_last_day_of_the_window_are_allowed(
    client_for, manager, team, model_in_use, days_ahead
):
    today = timezone.localdate()
    day = date(2000, 1, 1) if days_ahead is None else today + timedelta(days=days_ahead)

    response = client_for(manager).post(
        start_url(team), {"label": "Edge", "date": day.isoformat(), "model": model_in_use.pk}
    )

    assert response.status_code == 302
    assert Assessment.objects.get().date == day


@pytest.mark.parametrize("day", OUT_OF_WINDOW)
def test_the_service_refuses_a_date_outside_the_window(team, model_in_use, manager, day):
    with pytest.raises(services.AssessmentError, match="between"):
        services.assessment_start(
            team=team, model=model_in_use, label="Q", date=date.fromisoformat(day), by=manager
        )

    assert not Assessment.objects.exists()


@pytest.mark.parametrize("day", OUT_OF_WINDOW)
def test_the_admin_refuses_a_date_outside_the_window(admin_client, assessment, day):
    change = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    data = change_form_data(admin_client.get(change), date=day)

    response = admin_client.post(change, data)

    assert response.status_code == 200  # the form again, with the error
    assert "date" in response.context["adminform"].form.errors
    assessment.refresh_from_db()
    assert assessment.date == date(2026, 11, 20)


def test_the_window_moves_with_today():
    tomorrow_next_year = timezone.localdate() + timedelta(days=366)

    with pytest.raises(ValidationError, match="between"):
        validate_assessment_date(tomorrow_next_year)

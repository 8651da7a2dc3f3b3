"""Issue 15, item 11: a difference on a page is the difference of the values it shows."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, DimensionScore
from assessments.scoring import difference, shown
from assessments.templatetags.assessment_tags import delta, signed
from tests.answers import answer_everything


def test_difference_is_taken_of_the_shown_values():
    assert shown(1.24) == Decimal("1.2")
    assert shown(1.25) == Decimal("1.3")  # half up, as floatformat shows it
    assert difference(1.56, 1.24) == Decimal("0.4")  # 1.2 → 1.6 reads +0.4, not +0.3
    assert difference(None, 1.0) is None


def test_the_change_filters_show_what_adds_up():
    assert signed(delta(1.56, 1.24)) == "+0.4"
    assert signed(delta(1.24, 1.56)) == "−0.4"
    assert signed(delta(1.04, 0.96)) == "±0.0"  # 1.0 → 1.0


@pytest.mark.django_db
def test_changes_page_shows_differences_of_the_rounded_scores(
    client_for, member, manager, organisation, team, model_in_use
):
    pair = []
    for label, day, score in [("Q1", date(2026, 3, 31), 1.24), ("Q2", date(2026, 6, 30), 1.56)]:
        assessment = services.assessment_start(
            team=team, model=model_in_use, label=label, date=day, by=manager
        )
        answer_everything(assessment, member, level=1)
        services.assessment_submit(assessment=assessment, by=manager)
        Assessment.objects.filter(pk=assessment.pk).update(overall_score=score)
        DimensionScore.objects.filter(assessment=assessment, dimension_key="process").update(
            score=score
        )
        pair.append(assessment)

    page = (
        client_for(member)
        .get(
            reverse("dashboards:changes", args=[organisation.slug, team.slug]),
            {"from": pair[0].pk, "to": pair[1].pk},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        .content.decode()
    )

    overall = re.search(r"Overall</th>(.*?)</tr>", page).group(1)
    assert re.findall(r">([^<]+)</td>", overall) == ["1.2", "1.6", "+0.4"]

"""A large organisation for benchmarks: many teams with long histories, inserted in bulk.

Usage: .venv/bin/python bench/scale.py --teams 1000 [--assessments 20] [--organisation scale]
(bench/dashboards.py builds its own; this is for trying the pages at that size by hand).
"""

import os
import random
import sys
from datetime import datetime, time
from pathlib import Path

if __name__ == "__main__":  # run as a script: set Django up before the models are imported
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role, Team, User
from assessments import scoring, selectors
from assessments.models import Answer, AreaScore, Assessment, DimensionScore
from assessments.stored import latest_refresh
from demo.seed import quarter_ends
from maturity.models import Area, MaturityModel

BATCH = 2000


@transaction.atomic
def seed_scale(*, slug, teams, assessments, seed=7):
    """Create organisation `slug` with `teams` teams × `assessments` quarterly submitted
    assessments (one respondent each, results stored). Does nothing if it exists."""
    if Organisation.objects.filter(slug=slug).exists():
        return Organisation.objects.get(slug=slug), False
    model = MaturityModel.objects.get(
        slug="mlops", organisation=None, status=MaturityModel.Status.PUBLISHED
    )
    rng = random.Random(seed)
    organisation = Organisation.objects.create(slug=slug, name=f"Scale test ({teams} teams)")
    organisation.models_in_use.add(model)
    manager = User.objects.create_user(
        email=f"manager@{slug}.example", name="Scale Manager", password=None
    )
    Membership.objects.create(user=manager, organisation=organisation, role=Role.MANAGER)
    respondent = User.objects.create_user(
        email=f"respondent@{slug}.example", name="Scale Respondent", password=None
    )
    created = Team.objects.bulk_create(
        [
            Team(organisation=organisation, slug=f"team-{n:04d}", name=f"Team {n:04d}")
            for n in range(1, teams + 1)
        ],
        batch_size=BATCH,
    )
    membership = Membership.objects.create(
        user=respondent, organisation=organisation, role=Role.MEMBER
    )
    membership.teams.set(created)
    structures = selectors.area_models([model.pk])[model.pk]
    areas = {area.key: area for area in Area.objects.filter(model=model)}
    days = quarter_ends(assessments)
    rows, plans = [], []
    for team in created:
        truth = {area.key: rng.uniform(0, 1.5) for area in structures}
        for day in days:
            for key in truth:
                truth[key] = min(4.0, truth[key] + rng.choice([0, 0.1, 0.2, 0.3]))
            rows.append(
                Assessment(
                    team=team,
                    model=model,
                    label=f"{day.year} Q{(day.month - 1) // 3 + 1}",
                    date=day,
                    state=Assessment.State.SUBMITTED,
                    started_by=manager,
                    submitted_by=manager,
                    submitted_at=timezone.make_aware(datetime.combine(day, time(12))),
                )
            )
            plans.append(dict(truth))
    answers, area_scores, dimension_scores = [], [], []
    for assessment, truth in zip(rows, plans, strict=True):
        given = {}
        for structure in structures:
            level = min(int(truth[structure.key]), structure.top_level)
            new_next = structure.new_next(level)
            ticked = new_next[: round((truth[structure.key] - level) * len(new_next))]
            given[structure.key] = [scoring.Answer(level, frozenset(ticked))]
        result = scoring.score(structures, given, {})
        assessment.overall_score = result.overall.score
        assessment.overall_level = result.overall.level
        for structure in structures:
            area = result.areas[structure.key]
            answers.append((assessment, structure.key, area.level, list(area.ticked)))
            area_scores.append(
                (assessment, structure.key, structure.dimension, area.level, area.score)
            )
        for key, dimension in result.dimensions.items():
            dimension_scores.append((assessment, key, dimension.level, dimension.score))
    Assessment.objects.bulk_create(rows, batch_size=BATCH)
    Answer.objects.bulk_create(
        [
            Answer(assessment=a, respondent=respondent, area=areas[key], level=level, ticked=ticked)
            for a, key, level, ticked in answers
        ],
        batch_size=BATCH,
    )
    AreaScore.objects.bulk_create(
        [
            AreaScore(assessment=a, area_key=key, dimension_key=dim, level=level, score=score)
            for a, key, dim, level, score in area_scores
        ],
        batch_size=BATCH,
    )
    DimensionScore.objects.bulk_create(
        [
            DimensionScore(assessment=a, dimension_key=key, level=level, score=score)
            for a, key, level, score in dimension_scores
        ],
        batch_size=BATCH,
    )
    latest_refresh((team.pk, model.pk) for team in created)
    return organisation, True


def main(argv=None):
    import argparse
    import time as clock

    parser = argparse.ArgumentParser(description="Build a large organisation for benchmarks.")
    parser.add_argument("--teams", type=int, required=True)
    parser.add_argument("--assessments", type=int, default=20, help="quarters of history")
    parser.add_argument("--organisation", default="scale", help="its short name")
    args = parser.parse_args(argv)
    if not 1 <= args.teams <= 100_000 or not 1 <= args.assessments <= 200:
        parser.error("--teams must be 1 to 100000 and --assessments 1 to 200.")
    started = clock.monotonic()
    org, created = seed_scale(
        slug=args.organisation, teams=args.teams, assessments=args.assessments
    )
    verb = "Created" if created else "Kept the existing"
    print(
        f"{verb} organisation “{org.slug}”: {args.teams} teams × {args.assessments} "
        f"assessments in {clock.monotonic() - started:.1f} s."
    )


if __name__ == "__main__":
    main()

"""Bringing a model of one's own at the size limits, on PostgreSQL.

Usage: make bench  (or DATABASE_URL=postgres://… .venv/bin/python bench/models.py [--runs 5]
[--areas 60]).

The largest model `maturity/limits.py` allows: 10 levels, 12 dimensions, 60 areas and 2,000
characteristics, every text in German and English. It times, each the median of `--runs`:
importing it from JSON and from the XLSX template filled in (read, check, store: what an
upload does, in a transaction rolled back afterwards), writing it as XLSX (the download),
checking it as Publish does, and the editor's page of it as a draft, through the whole Django
request as the organisation's admin (with its queries counted). Baseline, in the same run:
importing the shipped MLOps model from JSON. Ends with one line:
RESULT json_import_s=… xlsx_import_s=… xlsx_kb=… xlsx_write_s=… publish_check_s=…
editor_page_ms=… editor_queries=… baseline_ratio=…  (baseline_ratio: XLSX import ÷ baseline)
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, only bench/ is on the path
from bench.common import counted_queries, require_postgres, setup_django  # noqa: E402
from bench.timing import timed  # noqa: E402

SLUG = "models-bench"


class RolledBack(Exception):
    """Leaves the database as it was after a timed import."""


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="times each step is timed (5)")
    parser.add_argument("--areas", type=int, default=60, help="areas of the model (60)")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.runs <= 100:
        parser.error("--runs must be 1 to 100")
    if not 1 <= arguments.areas <= 60:
        parser.error("--areas must be 1 to 60")
    return arguments


def largest_model(areas):
    """The interchange document at the limits (`areas` areas, 2,000 characteristics at 60)."""
    from maturity.limits import MAX_CHARACTERISTICS, MAX_DIMENSIONS, MAX_LEVELS

    def text(words, n):
        return {"de": f"{words} {n} auf Deutsch " * 4, "en": f"{words} {n} in English " * 4}

    dimensions = [
        {"key": f"d{n}", "name": text("Dimension", n)} for n in range(min(MAX_DIMENSIONS, areas))
    ]
    area_list = [
        {"key": f"a{n}", "dimension": f"d{n % len(dimensions)}", "name": text("Area", n)}
        for n in range(areas)
    ]
    levels = [
        {
            "number": n,
            "name": text("Level", n),
            "title": text("Title", n),
            "description": text("What level means", n),
            "highlights": [text("Highlight", n)],
        }
        for n in range(MAX_LEVELS)
    ]
    cells = [(area["key"], level) for level in range(MAX_LEVELS) for area in area_list]
    characteristics = [
        {"area": area, "level": level, "text": text(f"Statement {i} at level {level} of", area)}
        for i in range(MAX_CHARACTERISTICS * areas // 60)
        for area, level in [cells[i % len(cells)]]
    ]
    return {
        "slug": "largest",
        "version": "1",
        "languages": ["de", "en"],
        "name": {"de": "Das größte Modell", "en": "The largest model"},
        "description": {"de": "An den Grenzen.", "en": "At the limits."},
        "source": "bench/models.py",
        "dimensions": dimensions,
        "areas": area_list,
        "levels": levels,
        "characteristics": characteristics,
    }


def median_seconds(step, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def rolled_back(step):
    """Runs `step` in a transaction that is then undone."""
    from django.db import transaction

    def run():
        try:
            with transaction.atomic():
                step()
                raise RolledBack
        except RolledBack:
            pass

    return run


def organisation_with_admin():
    from accounts.models import Membership, Organisation, Role, User

    organisation = Organisation.objects.filter(slug=SLUG).first()
    if organisation is None:
        organisation = Organisation.objects.create(slug=SLUG, name="Models bench")
        admin = User.objects.create_user(email=f"admin@{SLUG}.example", name="Admin")
        Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    return organisation, organisation.memberships.get(role="admin").user


def main(argv=None):
    arguments = parse_arguments(argv)
    require_postgres("models.py")
    setup_django(test_client=True)
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from maturity.interchange import dumps, export_model, import_model, parse
    from maturity.models import MaturityModel
    from maturity.spreadsheet import import_workbook, workbook_of
    from maturity.validation import validate

    call_command("migrate", verbosity=0)
    organisation, admin = organisation_with_admin()
    data = largest_model(arguments.areas)
    raw_json = dumps(data).encode()
    raw_xlsx = workbook_of(data)
    seed = (ROOT / "maturity" / "fixtures" / "mlops-1.json").read_bytes()
    print(
        f"model: {len(data['levels'])} levels, {len(data['dimensions'])} dimensions, "
        f"{len(data['areas'])} areas, {len(data['characteristics'])} characteristics; "
        f"JSON {len(raw_json) // 1024} KB, XLSX {len(raw_xlsx) // 1024} KB"
    )

    def own(model_data):
        return {**model_data, "slug": "bench-import"}

    baseline = median_seconds(
        rolled_back(lambda: import_model(own(parse(seed)), organisation=organisation)),
        arguments.runs,
    )
    json_import = median_seconds(
        rolled_back(lambda: import_model(own(parse(raw_json)), organisation=organisation)),
        arguments.runs,
    )
    xlsx_import = median_seconds(
        rolled_back(lambda: import_workbook(raw_xlsx, organisation=organisation)),
        arguments.runs,
    )
    MaturityModel.objects.filter(organisation=organisation).delete()
    draft = import_model(data, organisation=organisation)
    try:
        xlsx_write = median_seconds(lambda: workbook_of(draft), arguments.runs)
        publish_check = median_seconds(lambda: validate(export_model(draft)), arguments.runs)
        client = Client()
        client.force_login(admin)
        url = reverse("maturity:editor", args=[organisation.slug, draft.pk])
        editor_ms, editor_p95 = timed(client, url, arguments.runs)
        with counted_queries() as queries:
            page_kb = len(client.get(url).content) // 1024
    finally:
        draft.delete()

    rows = [
        ("baseline: the MLOps model from JSON", baseline),
        ("the largest model from JSON", json_import),
        ("the largest model from XLSX", xlsx_import),
        ("the largest model written as XLSX", xlsx_write),
        ("the largest model checked as Publish does", publish_check),
    ]
    for label, seconds in rows:
        print(f"{label:<45} {seconds:8.3f} s  {seconds / baseline:6.1f} × baseline")
    editor = "the editor page of the largest draft"
    print(f"{editor:<45} {editor_ms:8.1f} ms (p95 {editor_p95:.1f})")
    print(f"{'its queries':<45} {queries[0]:8d}")
    print(f"{'its size':<45} {page_kb:8d} KB")
    print(
        f"RESULT json_import_s={json_import:.3f} xlsx_import_s={xlsx_import:.3f} "
        f"xlsx_kb={len(raw_xlsx) // 1024} xlsx_write_s={xlsx_write:.3f} "
        f"publish_check_s={publish_check:.3f} editor_page_ms={editor_ms:.1f} "
        f"editor_queries={queries[0]} baseline_ratio={xlsx_import / baseline:.1f}"
    )


if __name__ == "__main__":
    main()

"""`python scripts/report_pages.py`: PNGs of page 1 of each PDF report kind for docs/
(report-organisation.png, report-round.png, report-team.png, report-assessment.png), from the
demo in English.

Runs on a throwaway SQLite database with the demo organisation (like scripts/screenshots.py),
builds each report with `manage.py build_report` and renders page 1 with pdftoppm
(poppler-utils). Options: --lang de, --pdfs DIR (keep the PDFs), --dpi N.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PYTHON = sys.executable
# The demo's latest submitted assessment of Fraud ML (the team with a plan).
LATEST_ASSESSMENT = (
    "from assessments.models import Assessment; "
    "print(Assessment.objects.filter(team__organisation__slug='demo', team__slug='fraud-ml', "
    "state='submitted').order_by('-date', '-pk').values_list('pk', flat=True).first())"
)
# The demo's current round (2026 Q4), by its organisation and label as build_report takes it.
CURRENT_ROUND = (
    "from rounds.models import Round; "
    "print(Round.objects.filter(organisation__slug='demo').order_by('-opens_on', '-pk')"
    ".values_list('label', flat=True).first())"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "de"], default="en")
    parser.add_argument("--pdfs", type=Path, help="keep the PDFs in this folder")
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    if not shutil.which("pdftoppm"):
        sys.exit("pdftoppm is missing: apt-get install poppler-utils")
    workdir = Path(tempfile.mkdtemp(prefix="report-pages-"))
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "REDIS_URL": "",
    }

    def manage(*command, capture=False):
        done = subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=capture,
            text=True,
        )
        return done.stdout

    for command in (["migrate", "-v0"], ["load_models", "-v0"], ["seed_demo", "-v0"]):
        manage(*command)
    assessment = manage("shell", "-v0", "-c", LATEST_ASSESSMENT, capture=True).strip().split()[-1]
    round_label = manage("shell", "-v0", "-c", CURRENT_ROUND, capture=True).strip().splitlines()[-1]
    kinds = {
        "organisation": ["--org", "demo"],
        "round": ["--round", f"demo/{round_label}"],
        "team": ["--team", "demo/fraud-ml"],
        "assessment": ["--assessment", assessment],
    }
    folder = args.pdfs or workdir
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.lang == "en" else f"-{args.lang}"
    for kind, subject in kinds.items():
        pdf = folder / f"report-{kind}{suffix}.pdf"
        manage("build_report", *subject, "--lang", args.lang, "-o", str(pdf), capture=True)
        target = DOCS / f"report-{kind}{suffix}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1", "-singlefile"]
            + [str(pdf), str(target)],
            check=True,
        )
        print(target.with_suffix(".png").relative_to(ROOT))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

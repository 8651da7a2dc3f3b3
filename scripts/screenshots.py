"""`make screenshots`: PNGs of the main pages (a team's plan and the common gaps among them)
and of a PDF report's first page, for the README.

Runs the site on a throwaway SQLite database with the demo organisation, drives Debian's
Chromium with Playwright, and renders the PDF with pypdfium2. Writes docs/*.png.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PYTHON = sys.executable


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    workdir = Path(tempfile.mkdtemp(prefix="screenshots-"))
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "REDIS_URL": "",
    }
    for command in (["migrate", "-v0"], ["load_models", "-v0"], ["seed_demo", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        shoot(base, env)
    finally:
        server.terminate()
        server.wait(10)


def shoot(base, env):
    from playwright.sync_api import sync_playwright

    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_context(
            locale="en-GB", viewport={"width": 1280, "height": 860}
        ).new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "manager@demo.example")
        page.fill("#id_password", "demo-password")
        page.click("main button[type=submit]")
        page.goto(f"{base}/o/demo/")
        page.wait_for_selector("figure.chart svg")
        page.screenshot(path=DOCS / "organisation-dashboard.png", full_page=True)
        page.goto(f"{base}/o/demo/teams/fraud-ml/")
        page.wait_for_selector("figure.chart svg")
        page.screenshot(path=DOCS / "team-dashboard.png", full_page=True)
        results = page.locator("table a", has_text="2026 Q3").first.get_attribute("href")
        page.goto(f"{base}{results}")
        page.screenshot(path=DOCS / "results.png", full_page=True)
        page.goto(f"{base}/o/demo/teams/fraud-ml/")
        href = page.locator("table a", has_text="2026 Q4").first.get_attribute("href")
        page.goto(f"{base}{href}answer/technology/")
        page.click("label[for=level-2]")
        page.wait_for_selector("#checklist input[type=checkbox]")
        page.screenshot(path=DOCS / "answering.png", full_page=True)
        page.goto(f"{base}/o/demo/teams/fraud-ml/plan/")
        page.screenshot(path=DOCS / "plan.png", full_page=True)
        page.goto(f"{base}/o/demo/gaps/")
        page.wait_for_selector("table.gaps-table")
        page.screenshot(path=DOCS / "gaps.png", full_page=True)
        page.goto(f"{base}/o/demo/rounds/")
        page.locator("main table a", has_text="2026 Q4").first.click()
        page.wait_for_selector("main table tbody tr")
        page.screenshot(path=DOCS / "round-progress.png", full_page=True)
        editor(browser, base)
        browser.close()

    pdf = Path(env["MEDIA_ROOT"]) / "report.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            PYTHON,
            "manage.py",
            "build_report",
            "--team",
            "demo/fraud-ml",
            "--lang",
            "en",
            "-o",
            str(pdf),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    document[0].render(scale=1.4).to_pil().save(DOCS / "report.png")
    print("\n".join(sorted(str(p.relative_to(ROOT)) for p in DOCS.glob("*.png"))))


def editor(browser, base):
    """An administrator's draft model in the editor (docs/model-format.md)."""
    page = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 860}).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "admin@demo.example")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.goto(f"{base}/o/demo/settings/models/new/")
    page.fill("#id_slug", "code-review")
    page.select_option("#id_languages", "en")
    page.fill("#id_name_en", "Code review maturity")
    page.fill("#id_description_en", "How a team reviews its changes.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/edit/")
    parts = [
        ("Add a level", {"name_en": "Ad hoc", "title_en": "Nobody looks"}),
        ("Add a level", {"name_en": "Routine", "title_en": "Every change is read"}),
        ("Add a level", {"name_en": "Learning", "title_en": "Reviews that teach"}),
        ("Add a dimension", {"name_en": "Practice"}),
        ("Add a dimension", {"name_en": "Tooling"}),
        ("Add an area", {"name_en": "Reviews", "dimension": "Practice"}),
        ("Add an area", {"name_en": "Shared knowledge", "dimension": "Practice"}),
    ]
    for button, fields in parts:
        page.click(f"main a:text-is('{button}')")
        page.wait_for_url("**/add/")
        for field, value in fields.items():
            if field == "dimension":
                page.select_option(f"#id_{field}", label=value)
            else:
                page.fill(f"#id_{field}", value)
        page.click("main form button[type=submit]")
        page.wait_for_selector("main .alert-success")
    page.screenshot(
        path=DOCS / "model-editor.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1000}
    )


if __name__ == "__main__":
    main()

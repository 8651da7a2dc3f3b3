"""PostgreSQL restarted while the site is used: the next requests succeed.

gunicorn's workers keep their database connections between requests (CONN_MAX_AGE); a
restart cuts them all. With CONN_HEALTH_CHECKS each worker notices a dead connection
before it uses it and connects again, so no request fails.
"""

from tests.faults.conftest import Browser, prepare_database, query, running_site, site_env

ANSWERS = """
import json
from assessments.models import Answer
print(json.dumps(list(
    Answer.objects.filter(assessment_id={pk}).order_by("area__position")
    .values("area__key", "level", "comment")
)))
"""


def test_the_site_answers_every_request_after_a_postgresql_restart(postgres_cluster, tmp_path):
    env = site_env(tmp_path, postgres_cluster.create_database("maturity"))
    seeded = prepare_database(env)
    first, second = seeded["areas"][:2]

    with running_site(env, tmp_path, workers=2) as site:
        browser = Browser(site.url)
        browser.log_in()
        # Several rounds, so that both workers hold a connection when the server goes away.
        for _round in range(2):
            for page in seeded["pages"]:
                assert browser.get(page).status == 200, (page, site.log())
        saved = browser.post(
            seeded["answer_url"](first), {"level": 1, "revision": 0, "comment": "before"}, htmx=True
        )
        assert saved.status == 200, saved.text

        postgres_cluster.restart()

        saved = browser.post(
            seeded["answer_url"](second),
            {"level": 2, "revision": 0, "comment": "saved after the restart"},
            htmx=True,
        )
        assert saved.status == 200, (saved.text, site.log())
        for _round in range(2):
            for page in seeded["pages"]:
                response = browser.get(page)
                assert response.status == 200, (page, response.status, site.log())
        health = browser.get("/healthz")
        assert (health.status, health.json()["database"]) == (200, "ok")
        assert "Traceback" not in site.log(), site.log()

    assert query(env, ANSWERS.format(pk=seeded["assessment"])) == [
        {"area__key": first, "level": 1, "comment": "before"},
        {"area__key": second, "level": 2, "comment": "saved after the restart"},
    ]

"""Fault tests: the real site, run by gunicorn as docker-compose.yml runs it, against
services that fail — a PostgreSQL cluster of the test's own that restarts, a Redis that is
gone or does not answer.

Every server here (gunicorn, the PostgreSQL cluster, a Redis) is started by the test and
stopped at its end; the shared PostgreSQL and Redis are never touched. A test that needs
server programs that are not installed is skipped, saying which; under REQUIRE_SERVICES=1
(CI) it fails instead.
"""

import json
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from glob import glob
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
EMAIL = "manager@faults.example"
PASSWORD = "fault-test-password"
# A request that gets no answer within this long counts as a hanging site.
REQUEST_TIMEOUT = 30
# Only what a process needs to run; the suite's own DATABASE_URL, REDIS_URL and the
# like must not reach the site under test.
PASSED_ON = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV")


def require(problem, what):
    """Skip a test whose server programs are missing; fail it under REQUIRE_SERVICES=1."""
    if problem is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1): {problem}")
    pytest.skip(f"needs {what} ({problem}; CI runs it with REQUIRE_SERVICES=1)")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds=60, interval=0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def site_env(tmp_path, database_url, redis_url=None):
    env = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ENV_FILE="",
        DEBUG="0",
        SECRET_KEY="fault-tests-only-not-a-secret",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if result.returncode:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


def query(env, code):
    """Run Python in `manage.py shell` against the site's database; its last line is JSON."""
    return json.loads(manage(env, "shell", "-c", code).strip().splitlines()[-1])


SEED = f"""
import json
from datetime import date
from django.core.management import call_command
from accounts.models import Membership, Organisation, Role, Team, User
from assessments import services
from maturity.models import MaturityModel

call_command("load_models", verbosity=0)
organisation = Organisation.objects.create(name="Faults Ltd", slug="faults")
team = Team.objects.create(organisation=organisation, name="Fraud ML", slug="fraud-ml")
user = User.objects.create_user(email={EMAIL!r}, name="Mona Manager", password={PASSWORD!r})
Membership.objects.create(user=user, organisation=organisation, role=Role.MANAGER)
model = MaturityModel.objects.get(slug="mlops", organisation=None)
organisation.models_in_use.add(model)
assessment = services.assessment_start(
    team=team, model=model, label="2026 Q4", date=date(2026, 11, 20), by=user
)
areas = list(model.areas.order_by("position").values_list("key", flat=True))
print(json.dumps({{"assessment": assessment.pk, "areas": areas}}))
"""


def prepare_database(env):
    """Migrate, load the shipped models, and add an organisation with a manager, a team
    and an assessment in progress. Returns the assessment's id and the model's areas."""
    manage(env, "migrate", "--noinput", "-v", "0")
    seeded = query(env, SEED)
    base = f"/o/faults/teams/fraud-ml/assessments/{seeded['assessment']}/"
    return {
        **seeded,
        "assessment_url": base,
        "answer_url": lambda area: f"{base}answer/{area}/",
        "pages": [
            "/o/faults/",  # the organisation's dashboard (cached figures)
            "/o/faults/teams/fraud-ml/",
            f"{base}answer/{seeded['areas'][0]}/",
            base,
            "/o/faults/reports/",
            "/models/",
        ],
    }


class Response:
    def __init__(self, status, url, text, headers):
        self.status, self.url, self.text, self.headers = status, url, text, headers

    def json(self):
        return json.loads(self.text)

    def __repr__(self):
        return f"<{self.status} {self.url}>"


class Browser:
    """Cookies, CSRF token and redirects, like a browser without JavaScript; `htmx=True`
    sends what htmx sends."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies))

    def request(self, method, path, data=None, headers=None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        request = Request(self.base_url + path, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                text = response.read().decode()
                return Response(response.status, response.geturl(), text, response.headers)
        except HTTPError as error:
            return Response(error.code, error.url, error.read().decode(), error.headers)
        except (TimeoutError, URLError) as error:
            raise AssertionError(
                f"{method} {path}: no answer within {REQUEST_TIMEOUT} s ({error})"
            ) from None

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf_token(self):
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def post(self, path, data, htmx=False):
        headers = {"X-CSRFToken": self.csrf_token()}
        if htmx:
            headers["HX-Request"] = "true"
        return self.request(
            "POST", path, {**data, "csrfmiddlewaretoken": self.csrf_token()}, headers
        )

    def log_in(self, email=EMAIL, password=PASSWORD):
        assert self.get("/accounts/login/").status == 200
        response = self.post("/accounts/login/", {"username": email, "password": password})
        assert response.status == 200 and "/accounts/login/" not in response.url, response
        return response


class Site:
    """gunicorn with the project's config/gunicorn.py (the `web` service's command)."""

    def __init__(self, env, log_path, workers=2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.env = {
            **env,
            "PORT": str(self.port),
            "BIND_HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(workers),
        }
        self.process = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if not wait_for(self._answers, 60):
            raise AssertionError(f"gunicorn did not answer on {self.url}:\n{self.log()}")

    def _answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited ({self.process.returncode}):\n{self.log()}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                pass
        except OSError:
            return False
        return True

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log(self):
        return Path(self.log_path).read_text(errors="replace")[-5000:]


@contextmanager
def running_site(env, tmp_path, workers=2):
    site = Site(env, tmp_path / "gunicorn.log", workers=workers)
    try:
        site.start()
        yield site
    finally:
        site.stop()


# PostgreSQL: a throw-away cluster of the test's own, never the shared server.


def postgres_bin_dir():
    """The newest installed server's programs (Debian keeps them off PATH)."""
    found = sorted(
        glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresCluster:
    """initdb, pg_ctl start/restart/stop on a free port; as the `postgres` user when the
    tests run as root (initdb refuses root)."""

    def __init__(self, bin_dir):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.as_user = {}
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.dir, account.pw_uid, account.pw_gid)
            self.as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}

    def _run(self, program, *args):
        with open(self.dir / "commands.log", "ab") as output:
            result = subprocess.run(
                [str(self.bin_dir / program), *args],
                cwd=self.dir,
                env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C"},
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=120,
                **self.as_user,
            )
        if result.returncode:
            raise AssertionError(f"{program} {' '.join(args)} failed:\n{self.logs()}")

    def logs(self):
        texts = []
        for path in (self.dir / "commands.log", self.log):
            if path.exists():
                texts.append(path.read_text(errors="replace")[-3000:])
        return "\n".join(texts)

    def _pg_ctl(self, action, *args):
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args, action
        )

    def start(self):
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {shlex.quote(str(self.dir))} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        self._pg_ctl("start", "-o", options)

    def restart(self):
        """A fast restart: every connection is cut, the server comes back on the same port."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            with suppress(AssertionError):
                self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def create_database(self, name):
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


def _postgres_problem():
    bin_dir = postgres_bin_dir()
    if bin_dir is None or not (bin_dir / "pg_ctl").exists():
        return "the PostgreSQL server programs initdb and pg_ctl are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no `postgres` user to run initdb as"
    return None


@pytest.fixture
def postgres_cluster():
    require(_postgres_problem(), "a PostgreSQL server installation")
    cluster = PostgresCluster(postgres_bin_dir())
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


# Redis: a throw-away server of the test's own, and stand-ins for one that fails.


class RedisServer:
    def __init__(self, port):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],  # no files
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        import redis

        def pong():
            try:
                return redis.Redis(port=self.port, socket_connect_timeout=1).ping()
            except redis.RedisError:
                return False

        assert wait_for(pong, 30), "redis-server did not start"

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def redis_server_program():
    require(
        None if shutil.which("redis-server") else "redis-server is not installed",
        "the Redis server program",
    )


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers: a Redis that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        yield listener.getsockname()[1]

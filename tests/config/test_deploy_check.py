"""Production settings (the environment docker-compose.yml gives the app) pass Django's
deployment check, and real servers behave: gunicorn behind a TLS-terminating proxy redirects
plain HTTP but answers /healthz, and `make run`'s runserver serves plain HTTP on 127.0.0.1."""

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
VARIABLE = re.compile(r"\$\{(?P<name>[A-Z_]+)(?::(?P<kind>[-?])(?P<default>[^}]*))?\}")


def compose_environment():
    """The app's environment as docker-compose.yml sets it when nothing is overridden, with a
    long random SECRET_KEY (compose requires one)."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    secret = secrets.token_urlsafe(50)

    def resolve(match):
        if match["name"] == "SECRET_KEY":
            return secret
        assert match["kind"] == "-", f"{match[0]}: no default to resolve"
        return match["default"]

    return {
        name: VARIABLE.sub(resolve, str(value))
        for name, value in compose["x-app-environment"].items()
    }


def run_environment(**overrides):
    """Only what the app is given: nothing leaks in from the test run's own environment, nor
    from a developer's .env (ENV_FILE="")."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    env["ENV_FILE"] = ""
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_compose_environment_is_production():
    env = compose_environment()

    assert env["DEBUG"] == "0"
    assert env["HTTPS"] == "1"
    assert env["BEHIND_HTTPS_PROXY"] == "1"
    assert len(env["SECRET_KEY"]) >= 50


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=run_environment(**compose_environment())
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr.upper(), result.stderr


def test_the_deploy_check_notices_plain_http():
    """The check above means something: without HTTPS it fails, naming what is missing."""
    env = run_environment(**{**compose_environment(), "HTTPS": "0"})

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    for check in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert check in result.stderr, check


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(process, port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {process.communicate()[0]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not start listening")


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "localhost", **(headers or {})})
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


def serve(command, env):
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return process


def stop(process):
    process.terminate()
    try:
        process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


@pytest.fixture
def gunicorn_behind_proxy(tmp_path):
    """The web service as docker-compose.yml runs it, on SQLite and with tasks in process
    (Docker's PostgreSQL and Redis are not here). Gunicorn is told to trust no forwarding
    headers from us, as from a proxy in another container: Django's settings do the work."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = list(compose["services"]["web"]["command"])
    command[0] = str(BIN / command[0])
    port = free_port()
    env = run_environment(
        **{
            **compose_environment(),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": "",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "BIND_HOST": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
            "FORWARDED_ALLOW_IPS": "192.0.2.1",
        }
    )
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    process = serve(command, env)
    try:
        wait_until_listening(process, port)
        yield port
    finally:
        stop(process)


def test_behind_the_proxy_plain_http_is_redirected_but_healthz_answers(gunicorn_behind_proxy):
    port = gunicorn_behind_proxy

    health, body = get(port, "/healthz")
    assert health.status == 200, body
    assert json.loads(body) == {"database": "ok", "broker": "eager"}

    plain, _ = get(port, "/accounts/login/")
    assert plain.status == 301
    assert plain.getheader("Location") == "https://localhost/accounts/login/"
    assert plain.getheader("Strict-Transport-Security") is None  # only ever sent over HTTPS


def test_behind_the_proxy_https_pages_get_hsts_secure_cookies_and_the_policy(
    gunicorn_behind_proxy,
):
    port = gunicorn_behind_proxy

    response, body = get(
        port,
        "/accounts/login/",
        {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "localhost"},
    )

    assert response.status == 200, body
    hsts = response.getheader("Strict-Transport-Security")
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    cookies = response.headers.get_all("Set-Cookie")
    csrf = [cookie for cookie in cookies if cookie.startswith("csrftoken=")]
    assert csrf and "Secure" in csrf[0] and "SameSite=Lax" in csrf[0]
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Frame-Options") == "DENY"


def test_make_run_setup_serves_plain_http_on_localhost(tmp_path):
    """`make run`: DEBUG=1 (from .env) and nothing else set; runserver on http://127.0.0.1."""
    port = free_port()
    env = run_environment(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert manage("check", env=env).returncode == 0
    process = serve(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env
    )
    try:
        wait_until_listening(process, port)
        response, body = get(port, "/accounts/login/")
    finally:
        stop(process)

    assert response.status == 200, body
    assert response.getheader("Strict-Transport-Security") is None
    cookies = response.headers.get_all("Set-Cookie")
    csrf = [cookie for cookie in cookies if cookie.startswith("csrftoken=")]
    assert csrf and "Secure" not in csrf[0]
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")

"""The `oidc_provider` fixture: the test provider (tests/sso/provider/) in its own process.

If it cannot start, the tests that use it are skipped, and fail under REQUIRE_SERVICES=1 (CI)."""

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "secret"


@dataclass
class TestProvider:
    url: str
    issuer: str
    client_id: str
    client_secret: str


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unavailable(problem):
    if os.environ.get("REQUIRE_SERVICES", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"the OpenID Connect test provider is required (REQUIRE_SERVICES=1): {problem}")
    pytest.skip(f"needs the OpenID Connect test provider ({problem})")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    provider = TestProvider(url, f"{url}/o", "maturity-tests", "s3cret-" + "x" * 30)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PROVIDER_PORT": str(port),
        "PROVIDER_DB": str(tmp_path_factory.mktemp("oidc") / "provider.sqlite3"),
        "PROVIDER_ISSUER": provider.issuer,
        "PROVIDER_CLIENT_ID": provider.client_id,
        "PROVIDER_CLIENT_SECRET": provider.client_secret,
        "PROVIDER_REDIRECT_URIS": "http://testserver/accounts/sso/callback/",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = tmp_path_factory.mktemp("oidc-log") / "provider.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.provider.serve"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    problem = "did not answer within 60 s"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            problem = f"exited with {process.returncode}: {log.read_text()[-2000:]}"
            break
        try:
            if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                problem = None
                break
        except requests.RequestException:
            pass
        time.sleep(0.2)
    if problem:
        process.kill()
        _unavailable(problem)
    yield provider
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def provider_sign_in(authorize_url, username, password=PASSWORD):
    """Sign in at the provider as a browser would, from its authorization URL; the address
    it sends back to (the site's callback with code and state)."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    login_url = urljoin(authorize_url, response.headers["Location"])
    response = session.get(login_url, timeout=10)
    next_url = login_url.split("next=", 1)[1]
    response = session.post(
        login_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["provider_csrf"],
            "next": requests.utils.unquote(next_url),
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    response = session.get(
        urljoin(login_url, response.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def acme_provider_of(organisation, provider):
    """The organisation's saved Provider for the test provider: e-mails of acme.example join
    as members, the "fraud-ml" group joins the Fraud ML team."""
    from sso.models import Provider

    saved = Provider(
        organisation=organisation,
        name="Acme ID",
        issuer=provider.issuer,
        client_id=provider.client_id,
        allowed_domains="acme.example",
        default_role="member",
        groups_claim="groups",
        team_map="fraud-ml = fraud-ml",
    )
    saved.client_secret = provider.client_secret
    saved.save()
    return saved

"""A provider that cannot start skips its tests, and fails them under REQUIRE_SERVICES=1."""

import pytest

from tests.sso.provider import fixture


def test_an_unavailable_provider_fails_under_require_services(monkeypatch):
    monkeypatch.setenv("REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_SERVICES=1"):
        fixture._unavailable("exited with 1")


def test_an_unavailable_provider_skips_otherwise(monkeypatch):
    monkeypatch.delenv("REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception):
        fixture._unavailable("exited with 1")

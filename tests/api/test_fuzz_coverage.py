"""Every API URL that takes a writing method is fuzzed with random JSON by a tests/api/test_fuzz_*
module (each names its URLs in FUZZED); the form fuzz (tests/security/test_fuzz.py) covers the
pages."""

from django.urls import resolve

from tests.api import test_fuzz_assessments, test_fuzz_plans
from tests.security.test_url_walk import walked, world  # noqa: F401 - world is a fixture

FUZZED = test_fuzz_assessments.FUZZED | test_fuzz_plans.FUZZED
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def methods_of(url):
    """The methods the URL's view has a handler for (as its 405 and Allow header say)."""
    view = resolve(url).func.view_class
    return {method.upper() for method in view.http_method_names if hasattr(view, method)}


def test_every_api_url_that_writes_is_fuzzed(world):  # noqa: F811
    writing = {
        name for name, kind, url in walked(world) if kind == "api" and WRITES & methods_of(url)
    }

    assert writing - FUZZED == set(), "add these to a FUZZED set of tests/api/test_fuzz_*.py"
    assert FUZZED - writing == set(), "FUZZED names URLs that take no writing method"

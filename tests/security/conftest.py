"""Counts the examples the fuzz tests run, and says how many at the end of the run."""

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps its example database and caches here (ignored by git) rather than in a
# new .hypothesis/ folder of the checkout.
set_hypothesis_home_dir(Path(__file__).resolve().parents[2] / ".pytest_cache" / "hypothesis")
# `make test` fuzzes with the same examples every run, so that main stays green or red for
# a reason of its own; `pytest --hypothesis-profile=thorough tests/security/test_fuzz.py`
# explores new random examples, ten times as many.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("thorough", max_examples=1_000)
if settings.get_current_profile_name() == "default":  # not chosen with --hypothesis-profile
    settings.load_profile("repeatable")


class FuzzTally:
    def __init__(self):
        self.endpoints = Counter()
        self.outcomes = Counter()

    def record(self, endpoint, outcome):
        self.endpoints[endpoint] += 1
        self.outcomes[outcome] += 1


TALLY = FuzzTally()


@pytest.fixture
def fuzz_examples():
    """test_fuzz.py records each example here; the summary below reads it."""
    return TALLY


def pytest_terminal_summary(terminalreporter):
    if TALLY.endpoints:
        outcomes = ", ".join(f"{count} {kind}" for kind, count in sorted(TALLY.outcomes.items()))
        terminalreporter.write_sep(
            "-",
            f"fuzz examples run: {sum(TALLY.endpoints.values())} across "
            f"{len(TALLY.endpoints)} endpoints ({outcomes})",
        )


# The hostile world of the escaping tests, a fixture for each of their modules.
from tests.security.hostile import world  # noqa: E402, F401

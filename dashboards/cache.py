"""The organisation's figures, cached per organisation until its results change.

The write side sends `assessments.signals.results_changed`; `receivers` turns that, and
renames of teams and organisations, into `invalidate`, which moves the organisation's cache
version on so that every cached figure of it is read again.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache

from dashboards import selectors
from dashboards.selectors import Filters

if TYPE_CHECKING:
    from accounts.models import Organisation

logger = logging.getLogger(__name__)


def _version_key(organisation):
    return f"dashboard:{organisation.pk}:{organisation.created_at.timestamp()}:version"


# The cache only saves time: when it fails (Redis down or not answering), the figures are
# computed without it, and this process leaves it alone for a while, so that a Redis that
# does not answer costs one request its socket timeout, not every request.
CACHE_PAUSE_SECONDS = 30
_cache_paused_until = 0.0


def _cache_available():
    return time.monotonic() >= _cache_paused_until


def _cache_failed(error):
    global _cache_paused_until
    _cache_paused_until = time.monotonic() + CACHE_PAUSE_SECONDS
    logger.warning(
        "dashboard cache unavailable (%s: %s); not used for %s s",
        type(error).__name__,
        error,
        CACHE_PAUSE_SECONDS,
    )


def invalidate(organisation: Organisation) -> None:
    """Called when results or targets change: the organisation's cached figures are stale.

    A cache that cannot be reached is not an error: its figures expire after
    DASHBOARD_CACHE_SECONDS."""
    if not _cache_available():
        return
    key = _version_key(organisation)
    try:
        try:
            cache.incr(key)
        except ValueError:  # no version yet
            cache.add(key, 1, timeout=None)
    except Exception as error:
        _cache_failed(error)


def organisation_figures(organisation: Organisation, filters: Filters) -> dict[str, Any]:
    """The organisation-wide figures (levels, trend, below target, stale), cached per
    organisation until an assessment is submitted or reopened or a target changes."""

    def compute() -> dict[str, Any]:
        return {
            "distribution": selectors.level_distribution(organisation, filters),
            "trend": selectors.organisation_trend(organisation, filters),
            "below_target": selectors.teams_below_target(organisation, filters),
            "stale": selectors.stale_teams(organisation, filters),
        }

    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds or not _cache_available():
        return compute()
    try:
        version = cache.get_or_set(_version_key(organisation), 1, timeout=None)
        key = "dashboard:{}:{}:{}:{}:{}:{}:{}:{}".format(
            organisation.pk,
            version,
            getattr(filters.model, "pk", None),
            getattr(filters.round, "pk", None),
            filters.start,
            filters.end,
            filters.stale_months,
            date.today(),
        )
        figures = cache.get(key)
    except Exception as error:
        _cache_failed(error)
        return compute()
    if figures is None:
        figures = compute()
        try:
            cache.set(key, figures, seconds)
        except Exception as error:
            _cache_failed(error)
    return figures

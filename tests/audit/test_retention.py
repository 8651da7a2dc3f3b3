"""Entries older than AUDIT_RETENTION_DAYS are deleted by the daily job and the command."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from accounts import services
from audit.models import Entry
from audit.tasks import delete_old_entries

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2027, 6, 1, 12, tzinfo=datetime.UTC)


def _team_at(organisation, when, slug):
    with time_machine.travel(when, tick=False):
        services.team_create(organisation=organisation, name=slug, slug=slug)


def test_the_job_deletes_entries_past_the_retention(organisation, settings):
    settings.AUDIT_RETENTION_DAYS = 730
    _team_at(organisation, NOW - datetime.timedelta(days=731), "old")
    _team_at(organisation, NOW - datetime.timedelta(days=729), "young")
    with time_machine.travel(NOW, tick=False):
        assert delete_old_entries() == 1
    assert list(Entry.objects.values_list("object_repr", flat=True)) == ["young"]


def test_the_command_takes_the_setting_or_days(organisation, settings, capsys):
    settings.AUDIT_RETENTION_DAYS = 30
    _team_at(organisation, NOW - datetime.timedelta(days=40), "old")
    _team_at(organisation, NOW - datetime.timedelta(days=10), "recent")
    with time_machine.travel(NOW, tick=False):
        call_command("delete_old_audit_entries")
        assert Entry.objects.count() == 1
        call_command("delete_old_audit_entries", "--days", "5")
    assert Entry.objects.count() == 0
    assert "entries deleted" in capsys.readouterr().out


def test_the_default_retention_is_two_years():
    from django.conf import settings

    assert settings.AUDIT_RETENTION_DAYS == 730
    assert "audit-retention" in settings.CELERY_BEAT_SCHEDULE

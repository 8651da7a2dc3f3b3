"""The dashboards' cached figures follow the write side's changes."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Organisation, Team
from assessments.signals import results_changed
from dashboards import cache


@receiver(results_changed)
def results_changed_clear(sender, organisation, **kwargs):
    cache.invalidate(organisation)


# Cached figures carry team and organisation names ("teams below target", stale teams).
@receiver(post_save, sender=Team)
def team_saved_clear(sender, instance, created, **kwargs):
    if not created:
        cache.invalidate(instance.organisation)


@receiver(post_save, sender=Organisation)
def organisation_saved_clear(sender, instance, created, **kwargs):
    if not created:
        cache.invalidate(instance)

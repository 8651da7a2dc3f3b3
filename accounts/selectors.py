"""Reads for accounts' pages."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Membership, Team


def with_member_count(teams: QuerySet[Team]) -> QuerySet[Team]:
    """Each team with its number of members, `member_count`.

    A subquery rather than Count("memberships"): for a member, `teams` is already joined to
    memberships (their own, accounts.permissions.visible_teams), and Count would count that
    one row.
    """
    members = (
        Membership.teams.through.objects.filter(team=OuterRef("pk"))
        .values("team")
        .annotate(count=Count("*"))
        .values("count")
    )
    return teams.annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))

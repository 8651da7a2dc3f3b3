"""The demo organisation that `make run` sets up, so that a newcomer sees a working site."""

from django.db import transaction

from accounts.models import Membership, Organisation, Role, Team, User
from maturity.models import MaturityModel

DEMO_PASSWORD = "demo-password"
DEMO_ORGANISATION = {"slug": "demo", "name": "Demo GmbH"}
DEMO_TEAMS = [
    ("fraud-ml", "Fraud ML", "Detects fraudulent card payments in real time."),
    ("recommendations", "Recommendations", "Product recommendations for the web shop."),
    ("forecasting", "Demand Forecasting", "Weekly demand forecasts for 4,000 stores."),
    ("search-ranking", "Search Ranking", "Ranks search results on the web shop."),
    ("data-platform", "Data Platform", "Feature store and training pipelines for all teams."),
    ("vision", "Computer Vision", "Shelf images to stock levels."),
]
# (e-mail, name, role, teams)
DEMO_PEOPLE = [
    ("admin@demo.example", "Ada Admin", Role.ADMIN, []),
    ("manager@demo.example", "Max Manager", Role.MANAGER, []),
    ("data.scientist@demo.example", "Dana Scientist", Role.MEMBER, ["fraud-ml", "forecasting"]),
    ("engineer@demo.example", "Erik Engineer", Role.MEMBER, ["fraud-ml", "data-platform"]),
    ("viewer@demo.example", "Vera Viewer", Role.VIEWER, ["recommendations"]),
]


@transaction.atomic
def seed_demo():
    """Create what is missing of the demo organisation; what exists is left as it is."""
    organisation, _ = Organisation.objects.get_or_create(
        slug=DEMO_ORGANISATION["slug"], defaults={"name": DEMO_ORGANISATION["name"]}
    )
    teams = {}
    for slug, name, description in DEMO_TEAMS:
        teams[slug], _ = Team.objects.get_or_create(
            organisation=organisation,
            slug=slug,
            defaults={"name": name, "description": description},
        )
    for email, name, role, team_slugs in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, name=name, password=DEMO_PASSWORD)
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if created:
            membership.teams.set([teams[slug] for slug in team_slugs])
    # The shipped MLOps model, once `load_models` has loaded it.
    mlops = MaturityModel.objects.filter(
        slug="mlops", organisation=None, status=MaturityModel.Status.PUBLISHED
    )
    organisation.models_in_use.add(*mlops)
    return organisation

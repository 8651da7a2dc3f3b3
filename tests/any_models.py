"""Models that are not the MLOps model, built in the tests as an organisation would write them,
and teams with submitted assessments against them (issue 21: nothing MLOps-specific)."""

from datetime import date

from assessments import services
from maturity.interchange import import_model
from maturity.models import MaturityModel
from tests.factories import MembershipFactory, TeamFactory, UserFactory

# The practices of a security model (OWASP SAMM's, in its order): long names, 15 of them.
PRACTICES = [
    ("Strategie und Kennzahlen", "Strategy and Metrics"),
    ("Richtlinien und Einhaltung", "Policy and Compliance"),
    ("Ausbildung und Anleitung", "Education and Guidance"),
    ("Bedrohungsbewertung", "Threat Assessment"),
    ("Sicherheitsanforderungen", "Security Requirements"),
    ("Sicherheitsarchitektur", "Secure Architecture"),
    ("Sicherer Build", "Secure Build"),
    ("Sichere Auslieferung", "Secure Deployment"),
    ("Fehlerverwaltung", "Defect Management"),
    ("Architekturbewertung", "Architecture Assessment"),
    ("Anforderungsgetriebene Tests", "Requirements-driven Testing"),
    ("Sicherheitstests", "Security Testing"),
    ("Vorfallsmanagement", "Incident Management"),
    ("Umgebungsverwaltung", "Environment Management"),
    ("Betriebsverwaltung", "Operational Management"),
]


def area_names(count):
    """`count` (German, English) area names: the practices, then numbered ones."""
    extra = [(f"Bereich Nummer {n}", f"Area number {n}") for n in range(len(PRACTICES), count)]
    return (PRACTICES + extra)[:count]


def level_names(count):
    return [(f"Stufe {n} Name", f"Stage {n} name") for n in range(count)]


def any_model(*, slug, levels, areas, dimensions, organisation=None):
    """A published model of `levels` levels, `areas` areas and `dimensions` dimensions (areas
    spread over them in turn), every level of every area with one characteristic."""
    dimension_list = [
        {"key": f"dim-{n}", "name": {"de": f"Dimension {n} de", "en": f"Dimension {n} en"}}
        for n in range(dimensions)
    ]
    area_list, characteristics = [], []
    for index, (de, en) in enumerate(area_names(areas)):
        key = f"area-{index}"
        area_list.append(
            {
                "key": key,
                "dimension": dimension_list[index % dimensions]["key"],
                "name": {"de": de, "en": en},
            }
        )
        for level in range(levels):
            characteristics.append(
                {
                    "key": f"{key}.{level}.1",
                    "area": key,
                    "level": level,
                    "text": {"de": f"{de}: Stufe {level}", "en": f"{en}: stage {level}"},
                }
            )
    data = {
        "slug": slug,
        "version": "1",
        "name": {"de": f"Modell {slug}", "en": f"Model {slug}"},
        "description": {"de": "Ein Testmodell.", "en": "A test model."},
        "source": "tests",
        "dimensions": dimension_list,
        "areas": area_list,
        "levels": [
            {
                "number": number,
                "name": {"de": de, "en": en},
                "title": {"de": de, "en": en},
                "description": {"de": "", "en": ""},
                "highlights": [],
            }
            for number, (de, en) in enumerate(level_names(levels))
        ],
        "characteristics": characteristics,
    }
    return import_model(data, organisation=organisation, status=MaturityModel.Status.PUBLISHED)


def assessed_teams(organisation, model, names, *, manager=None):
    """One team per name, each with a submitted assessment: team n answers area i at level
    (i + n) % levels, so that every level occurs. Returns (teams, manager)."""
    if manager is None:
        manager = UserFactory()
        MembershipFactory(user=manager, organisation=organisation, role="manager")
    organisation.models_in_use.add(model)
    levels = model.levels.count()
    area_keys = list(model.areas.order_by("position", "pk").values_list("key", flat=True))
    teams = []
    for number, name in enumerate(names):
        team = TeamFactory(organisation=organisation, name=name)
        assessment = services.assessment_start(
            team=team, model=model, label="2026 Q4", date=date(2026, 11, 20), by=manager
        )
        for index, key in enumerate(area_keys):
            services.answer_record(
                assessment=assessment,
                respondent=manager,
                area_key=key,
                level=(index + number) % levels,
            )
        services.assessment_submit(assessment=assessment, by=manager)
        teams.append(team)
    return teams, manager

"""A tiny filled-in model, offered as a workbook beside the empty template to show the way."""

DIMENSIONS = [
    ("practice", "Arbeitsweise", "Way of working"),
    ("tooling", "Werkzeuge", "Tooling"),
]
AREAS = [
    ("reviews", "practice", "Code-Reviews", "Code reviews"),
    ("testing", "tooling", "Tests", "Testing"),
]
LEVELS = [
    ("Anfang", "Initial", "Alles von Hand", "Everything by hand"),
    ("Geübt", "Practised", "Regeln, die alle kennen", "Rules everyone knows"),
    ("Automatisiert", "Automated", "Werkzeuge prüfen mit", "Tools check along"),
]
CHARACTERISTICS = [
    ("reviews", 0, "Änderungen gehen ungeprüft live.", "Changes go live unreviewed."),
    ("reviews", 1, "Jede Änderung sieht eine zweite Person.", "A second person sees every change."),
    ("reviews", 2, "Reviews sind Pflicht, bevor gemergt wird.", "Reviews are required to merge."),
    ("testing", 0, "Getestet wird von Hand.", "Testing is manual."),
    ("testing", 1, "Wichtige Pfade haben Tests.", "Important paths have tests."),
    ("testing", 2, "Jeder Commit läuft durch alle Tests.", "Every commit runs all tests."),
]


def example_model() -> dict:
    """The example in the interchange format (a fresh dict each call)."""
    return {
        "slug": "example",
        "version": "1",
        "languages": ["de", "en"],
        "name": {"de": "Beispielmodell", "en": "Example model"},
        "description": {
            "de": "Ein kleines Modell mit drei Stufen, zum Ausprobieren.",
            "en": "A small model with three levels, to try things out.",
        },
        "source": "Written as an example for this template; free to use.",
        "dimensions": [{"key": key, "name": {"de": de, "en": en}} for key, de, en in DIMENSIONS],
        "areas": [
            {"key": key, "dimension": dimension, "name": {"de": de, "en": en}}
            for key, dimension, de, en in AREAS
        ],
        "levels": [
            {
                "number": number,
                "name": {"de": name_de, "en": name_en},
                "title": {"de": title_de, "en": title_en},
                "description": {"de": "", "en": ""},
                "highlights": [{"de": title_de, "en": title_en}] if number else [],
            }
            for number, (name_de, name_en, title_de, title_en) in enumerate(LEVELS)
        ],
        "characteristics": [
            {"key": f"{area}.{level}", "area": area, "level": level, "text": {"de": de, "en": en}}
            for area, level, de, en in CHARACTERISTICS
        ],
    }

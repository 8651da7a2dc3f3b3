"""A model shaped like OWASP SAMM 2.2 as an organisation would convert it: English only,
5 business functions (dimensions), 15 practices (areas), levels 0–3.

The names are SAMM's; the statements are short ones of our own (SAMM's activities are not
copied), enough to assess with: two per practice and level above 0, one at level 0.
"""

FUNCTIONS = {
    "governance": (
        "Governance",
        ["Strategy and Metrics", "Policy and Compliance", "Education and Guidance"],
    ),
    "design": ("Design", ["Threat Assessment", "Security Requirements", "Secure Architecture"]),
    "implementation": (
        "Implementation",
        ["Secure Build", "Secure Deployment", "Defect Management"],
    ),
    "verification": (
        "Verification",
        ["Architecture Assessment", "Requirements-driven Testing", "Security Testing"],
    ),
    "operations": (
        "Operations",
        ["Incident Management", "Environment Management", "Operational Management"],
    ),
}
LEVELS = [
    ("Not started", "No practice in place"),
    ("Initial", "Ad-hoc provision of the practice"),
    ("Defined", "Increased efficiency and effectiveness"),
    ("Comprehensive", "Comprehensive mastery at scale"),
]


def slug(text):
    return text.lower().replace(" and ", "-").replace(" ", "-")


def area_names():
    return [name for _key, (_name, areas) in FUNCTIONS.items() for name in areas]


def samm_model(slug_="samm", version="2.2"):
    """The interchange document (a fresh dict each call)."""
    areas = [
        {"key": slug(name), "dimension": key, "name": {"en": name}}
        for key, (_name, names) in FUNCTIONS.items()
        for name in names
    ]
    characteristics = []
    for area in areas:
        name = area["name"]["en"]
        characteristics.append(
            {"area": area["key"], "level": 0, "text": {"en": f"{name}: nothing is agreed yet."}}
        )
        for level in (1, 2, 3):
            for n in (1, 2):
                text = f"{name}: activity {n} of maturity {level} is carried out."
                characteristics.append({"area": area["key"], "level": level, "text": {"en": text}})
    return {
        "slug": slug_,
        "version": version,
        "languages": ["en"],
        "name": {"en": "Software Assurance Maturity Model"},
        "description": {"en": "Five business functions, fifteen security practices."},
        "source": "Shaped like OWASP SAMM 2.2 (CC BY-SA 4.0); statements written for tests.",
        "dimensions": [
            {"key": key, "name": {"en": name}} for key, (name, _areas) in FUNCTIONS.items()
        ],
        "areas": areas,
        "levels": [
            {
                "number": number,
                "name": {"en": name},
                "title": {"en": title},
                "description": {"en": ""},
                "highlights": [],
            }
            for number, (name, title) in enumerate(LEVELS)
        ],
        "characteristics": characteristics,
    }

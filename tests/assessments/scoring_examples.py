"""Area models and answers that the scoring tests share."""

from assessments.scoring import (
    Answer,
    AreaModel,
    Characteristic,
)

C = Characteristic


def answer(level, *ticked):
    return Answer(level, frozenset(ticked))


def simple_area(key, dimension="d", top=4, per_level=2):
    """An area whose every level states `per_level` characteristics of its own (all new)."""
    return AreaModel(
        key=key,
        dimension=dimension,
        levels={
            level: tuple(
                C(f"{key}.{level}.{i}", f"{key} level {level} statement {i}")
                for i in range(1, per_level + 1)
            )
            for level in range(top + 1)
        },
    )


# A five-level area (0-4) where level 1 repeats two of level 0's statements (one of them with
# other whitespace and case) and adds two new ones.
MIXED = AreaModel(
    key="model-creation",
    dimension="process",
    levels={
        0: (
            C("mc.0.1", "Data is gathered by hand"),
            C("mc.0.2", "No experiment tracking"),
        ),
        1: (
            C("mc.1.1", "Data pipeline runs automatically"),
            C("mc.1.2", "  DATA is   gathered\tby hand "),
            C("mc.1.3", "Experiments are tracked"),
            C("mc.1.4", "No experiment tracking"),
        ),
        2: (
            C("mc.2.1", "Models are versioned"),
            C("mc.2.2", "Training is reproducible"),
            C("mc.2.3", "Data pipeline runs automatically"),
        ),
        3: (C("mc.3.1", "Release is automated"),),
        4: (C("mc.4.1", "Everything is automated"),),
    },
)

# Like the MLOps "people" area from level 0 to 1: level 1 repeats level 0 word for word.
PEOPLE = AreaModel(
    key="people",
    dimension="people",
    levels={
        0: (
            C("people.0.1", "Data scientists: siloed, not in regular communication"),
            C("people.0.2", "Data engineers (if any): siloed"),
            C("people.0.3", "Software engineers: siloed, receive model remotely"),
        ),
        1: (
            C("people.1.1", "Data scientists: siloed, not in regular communication"),
            C("people.1.2", "Data engineers (if any): siloed"),
            C("people.1.3", "Software engineers: siloed, receive model remotely"),
        ),
        2: (
            C("people.2.1", "Data scientists: working directly with data engineers"),
            C("people.2.2", "Data engineers: working with data scientists"),
            C("people.2.3", "Software engineers: siloed, receive model remotely"),
        ),
        3: (C("people.3.1", "Everyone works together"),),
        4: (C("people.4.1", "Everyone works together and improves"),),
    },
)

# Three new characteristics at level 2 from level 1 (used for median tests).
THREE = simple_area("three", per_level=3)

"""The model editor's endpoints (maturity/editor_views.py) for the fuzz: a draft of A's own,
its published version and a shipped model, with form data in both languages. Merged into
FUZZ by test_fuzz.py."""

from hypothesis import strategies as st

from tests.security.fuzz_endpoints import Endpoint, button, reads
from tests.security.fuzz_strategies import NAMES, SLUGS, pks, texts_of

KINDS = texts_of("level", "dimension", "area", "characteristic")
LANGUAGE_SETS = texts_of("de,en", "de", "en", "fr", "de,en,fr", "")
VERSIONS = texts_of("1", "2", "2.1", "-1", "1 0", "x" * 21) | st.text(max_size=25)


def models(world):
    return [{"pk": model.pk} for model in (world.draft, world.own_model, world.mini)]


def parts(world):
    """An area of the draft, of the published own model, of a shipped model, and a missing one."""
    return [
        {"pk": model.pk, "kind": kind, "item": item}
        for model in (world.draft, world.own_model)
        for kind, item in (
            ("area", model.areas.order_by("position").first().pk),
            ("level", model.levels.order_by("number").first().pk),
            ("dimension", world.mini.dimensions.first().pk),
        )
    ]


def adds(world):
    return [
        {"pk": model.pk, "kind": kind}
        for model in (world.draft, world.own_model)
        for kind in ("level", "dimension", "area", "characteristic")
    ]


def part_fields(world):
    draft = world.draft
    return {
        "key": SLUGS,
        "name_de": NAMES,
        "name_en": NAMES,
        "title_de": NAMES,
        "title_en": NAMES,
        "description_en": NAMES,
        "text_en": NAMES,
        "text_de": NAMES,
        "dimension": pks(*draft.dimensions.all(), *world.mini.dimensions.all()),
        "area": pks(*draft.areas.all(), *world.mini.areas.all()),
        "level": pks(*draft.levels.all(), *world.mini.levels.all()),
    }


def model_fields(world):
    return {
        "slug": SLUGS,
        "version": VERSIONS,
        "languages": LANGUAGE_SETS,
        "name_de": NAMES,
        "name_en": NAMES,
        "description_de": NAMES,
        "description_en": NAMES,
        "source": NAMES,
    }


EDITOR_FUZZ = {
    "maturity:editor_create": Endpoint(fields=model_fields),
    "maturity:editor": Endpoint(fields=model_fields, urls=models),
    "maturity:editor_preview": reads(urls=models, users=("admin",)),
    "maturity:editor_publish": button(urls=models),
    "maturity:editor_new_version": Endpoint(fields=lambda w: {"version": VERSIONS}, urls=models),
    "maturity:editor_add": Endpoint(fields=part_fields, urls=adds),
    "maturity:editor_part": Endpoint(fields=part_fields, urls=parts),
    "maturity:editor_move": Endpoint(
        fields=lambda w: {"direction": texts_of("up", "down", "sideways")}, urls=parts
    ),
    "maturity:editor_delete": button(urls=parts),
}

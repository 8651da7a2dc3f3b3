"""Maturity models as the API gives them: every text in German and English."""

from rest_framework import serializers

from maturity.models import LANGUAGES, MaturityModel


def both(obj, field):
    """{"de": …, "en": …} of a translated field (`name` → name_de, name_en)."""
    return {language: getattr(obj, f"{field}_{language}") for language in LANGUAGES}


class TextSerializer(serializers.Serializer):
    de = serializers.CharField(help_text="German; empty where the model is not in German.")
    en = serializers.CharField(help_text="English; empty where the model is not in English.")


class ModelSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField(help_text="The model's short name, shared by its versions.")
    version = serializers.CharField()
    status = serializers.ChoiceField(
        choices=MaturityModel.Status.choices,
        help_text="Only published versions are assessed; the organisation's own drafts and "
        "retired versions are listed too.",
    )
    own = serializers.BooleanField(
        help_text="true: the organisation's own model; false: a shipped one it uses."
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=["de", "en"]),
        help_text="The languages the model is written in; a text in another one is empty.",
    )
    name = TextSerializer()
    description = TextSerializer()


class LevelSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = TextSerializer()
    title = TextSerializer()
    description = TextSerializer()
    highlights = TextSerializer(many=True)


class DimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = TextSerializer()


class AreaSerializer(serializers.Serializer):
    key = serializers.CharField()
    dimension = serializers.CharField(help_text="The key of the area's dimension.")
    name = TextSerializer()


class CharacteristicSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable; the key an answer's `ticked` names.")
    area = serializers.CharField(help_text="The area's key.")
    level = serializers.IntegerField(help_text="The level's number.")
    text = TextSerializer()


class ModelDetailSerializer(ModelSummarySerializer):
    source = serializers.CharField()
    levels = LevelSerializer(many=True)
    dimensions = DimensionSerializer(many=True)
    areas = AreaSerializer(many=True)
    characteristics = CharacteristicSerializer(
        many=True, help_text="In model order: by area, level and position."
    )


def model_summary(model) -> dict:
    return {
        "id": model.pk,
        "slug": model.slug,
        "version": model.version,
        "status": model.status,
        "own": model.organisation_id is not None,
        "languages": model.language_list,
        "name": both(model, "name"),
        "description": both(model, "description"),
    }


def model_detail(model) -> dict:
    """The model version's contents (four queries)."""
    areas = list(model.areas.select_related("dimension").order_by("position"))
    characteristics = model.characteristics.select_related("area", "level").order_by(
        "area__position", "level__number", "position"
    )
    return {
        **model_summary(model),
        "source": model.source,
        "levels": [
            {
                "number": level.number,
                "name": both(level, "name"),
                "title": both(level, "title"),
                "description": both(level, "description"),
                "highlights": [
                    {language: item.get(language, "") for language in LANGUAGES}
                    for item in level.highlights
                ],
            }
            for level in model.levels.order_by("number")
        ],
        "dimensions": [
            {"key": d.key, "name": both(d, "name")} for d in model.dimensions.order_by("position")
        ],
        "areas": [
            {"key": a.key, "dimension": a.dimension.key, "name": both(a, "name")} for a in areas
        ],
        "characteristics": [
            {"key": c.key, "area": c.area.key, "level": c.level.number, "text": both(c, "text")}
            for c in characteristics
        ],
    }

"""Forms of the model editor. Each text has a field per language, shown side by side; the
texts of a language the model is not written in are optional (a translation begun)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maturity.models import LANGUAGES, Area, Characteristic, Dimension, Level, MaturityModel
from maturity.validation import CHARACTERISTIC_KEY, SLUG, VERSION


class EditorForm(forms.ModelForm):
    """Makes the texts of the model's declared languages required, the others optional."""

    translated = ()  # the texts with a field per language, in the order shown
    required = ("name", "title", "text")  # in every declared language, as an import needs

    def __init__(self, *args, languages=LANGUAGES, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = languages
        for text in self.translated:
            for language in LANGUAGES:
                field = self.fields[f"{text}_{language}"]
                field.required = text in self.required and language in languages
                if language not in languages:
                    field.help_text = _("optional: the model is not written in this language")
                if isinstance(field.widget, forms.Textarea):
                    field.widget.attrs["rows"] = 3

    def translated_rows(self):
        """[(text, [bound field per language])] for the side-by-side layout."""
        return [(text, [self[f"{text}_{lang}"] for lang in LANGUAGES]) for text in self.translated]

    def other_fields(self):
        names = {f"{text}_{lang}" for text in self.translated for lang in LANGUAGES}
        return [field for field in self if field.name not in names]


def _pattern(pattern, message):
    def check(value):
        if value and not pattern.fullmatch(value):
            raise forms.ValidationError(message)

    return check


class ModelForm(EditorForm):
    translated = ("name", "description")
    required = ("name", "description")
    # The languages can be changed on the page itself: which texts are needed is checked
    # by the server, not by the browser's `required`.
    use_required_attribute = False

    class Meta:
        model = MaturityModel
        fields = [
            "slug",
            "version",
            "languages",
            "name_de",
            "name_en",
            "description_de",
            "description_en",
            "source",
        ]
        widgets = {"source": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        data = args[0] if args else kwargs.get("data")
        instance = kwargs.get("instance")
        chosen = (data or {}).get("languages") or (instance.languages if instance else "de,en")
        kwargs.setdefault("languages", [lang for lang in LANGUAGES if lang in chosen])
        super().__init__(*args, **kwargs)
        self.fields["slug"].validators.append(
            _pattern(SLUG, _("Lower-case letters, digits and hyphens."))
        )
        self.fields["version"].validators.append(
            _pattern(VERSION, _("A version such as “1” or “2.1”."))
        )
        if not self.initial.get("version"):
            self.initial["version"] = "1"  # a new model's first version
        self.fields["source"].required = False


class LevelForm(EditorForm):
    translated = ("name", "title", "description")

    class Meta:
        model = Level
        fields = ["name_de", "name_en", "title_de", "title_en", "description_de", "description_en"]


class DimensionForm(EditorForm):
    translated = ("name",)

    class Meta:
        model = Dimension
        fields = ["key", "name_de", "name_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["key"].help_text = _("Left empty: made from the name.")


class AreaForm(DimensionForm):
    class Meta:
        model = Area
        fields = ["dimension", "key", "name_de", "name_en"]

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].queryset = model.dimensions.order_by("position")


class CharacteristicForm(EditorForm):
    translated = ("text",)

    class Meta:
        model = Characteristic
        fields = ["area", "level", "key", "text_de", "text_en"]

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = model.areas.order_by("position")
        self.fields["level"].queryset = model.levels.order_by("number")
        self.fields["key"].required = False
        self.fields["key"].help_text = _("Left empty: made from the area and level.")
        self.fields["key"].validators.append(
            _pattern(CHARACTERISTIC_KEY, _("Lower-case letters, digits, dots and hyphens."))
        )


FORMS = {
    "level": LevelForm,
    "dimension": DimensionForm,
    "area": AreaForm,
    "characteristic": CharacteristicForm,
}


class NewVersionForm(forms.Form):
    version = forms.CharField(
        label=_("New version"),
        max_length=20,
        validators=[_pattern(VERSION, _("A version such as “1” or “2.1”."))],
    )

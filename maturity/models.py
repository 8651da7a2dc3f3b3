"""A maturity model as data: versioned, in German, English or both.

Every text has one column per language (`name_de`, `name_en`); a model declares which of them
it is written in (`languages`), and the others stay empty. A `Translated` attribute
(`obj.name`) gives the text in the active language; where that is missing, the text in the
other language with a small marker naming it ("Model release [EN]"), never an error.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

LANGUAGES = ("de", "en")
FALLBACK_LANGUAGE = "en"


def active_language():
    language = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return language if language in LANGUAGES else FALLBACK_LANGUAGE


class Untranslated(str):
    """A text shown in another language than the reader's, marked as such. The marker is part
    of the text, so that it reaches every place a text goes: pages, charts, PDFs, exports."""

    def __new__(cls, text, language):
        marked = super().__new__(cls, f"{text} [{language.upper()}]")
        marked.text, marked.language = text, language
        return marked

    def __reduce__(self):  # cached pages and figures keep the marker
        return Untranslated, (self.text, self.language)


def translate(texts):
    """{language: text} → the text in the active language, or a marked one in another."""
    language = active_language()
    if texts.get(language):
        return texts[language]
    for other in (FALLBACK_LANGUAGE, *LANGUAGES):
        if texts.get(other):
            return Untranslated(texts[other], other)
    return ""


class Translated:
    """Reads `<name>_<language>` for the active language: `level.name`, `area.name`."""

    def __set_name__(self, owner, name):
        self.field = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return translate({lang: getattr(obj, f"{self.field}_{lang}") for lang in LANGUAGES})


class MaturityModel(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    class Languages(models.TextChoices):
        BOTH = "de,en", _("German and English")
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")

    slug = models.SlugField(_("short name"), max_length=60)
    version = models.CharField(_("version"), max_length=20)
    languages = models.CharField(
        _("languages"),
        max_length=5,
        choices=Languages.choices,
        default=Languages.BOTH,
        help_text=_("The languages the model's texts are written in; each text needs them all."),
    )
    name_de = models.CharField(format_lazy("{} (de)", _("name")), max_length=300, blank=True)
    name_en = models.CharField(format_lazy("{} (en)", _("name")), max_length=300, blank=True)
    description_de = models.TextField(format_lazy("{} (de)", _("description")), blank=True)
    description_en = models.TextField(format_lazy("{} (en)", _("description")), blank=True)
    source = models.TextField(_("source"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_models",
        verbose_name=_("owned by"),
        help_text=_("Empty for a model that every organisation may use."),
    )
    used_by = models.ManyToManyField(
        Organisation, blank=True, related_name="models_in_use", verbose_name=_("used by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Moves on with every change to the version or its contents (maturity/signals.py), so
    # that what a process keeps in memory of a version is read again after an edit.
    revised_at = models.DateTimeField(_("revised"), auto_now=True)

    name = Translated()
    description = Translated()

    class Meta:
        verbose_name = _("maturity model")
        verbose_name_plural = _("maturity models")
        ordering = ["slug", "version"]
        # Two namespaces: the shipped (global) models, and each organisation's own. An
        # organisation's names never block, or tell of, another's or a shipped version.
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                condition=Q(organisation__isnull=True),
                name="shipped_model_slug_version_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug", "version"],
                condition=Q(organisation__isnull=False),
                name="own_model_slug_version_unique",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.slug} {self.version})"

    def get_absolute_url(self):
        if self.organisation_id is None:
            return reverse("maturity:detail", args=[self.slug, self.version])
        return reverse(
            "maturity:own_detail", args=[self.organisation.slug, self.slug, self.version]
        )

    @property
    def is_global(self):
        return self.organisation_id is None

    @property
    def language_list(self):
        return self.languages.split(",")


class Level(models.Model):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("number"))
    name_de = models.CharField(format_lazy("{} (de)", _("name")), max_length=300, blank=True)
    name_en = models.CharField(format_lazy("{} (en)", _("name")), max_length=300, blank=True)
    title_de = models.CharField(format_lazy("{} (de)", _("title")), max_length=300, blank=True)
    title_en = models.CharField(format_lazy("{} (en)", _("title")), max_length=300, blank=True)
    description_de = models.TextField(format_lazy("{} (de)", _("description")), blank=True)
    description_en = models.TextField(format_lazy("{} (en)", _("description")), blank=True)
    highlights = models.JSONField(
        _("highlights"), default=list, blank=True, help_text='[{"de": "…", "en": "…"}, …]'
    )

    name = Translated()
    title = Translated()
    description = Translated()

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["model", "number"]
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="level_number_unique")
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def highlight_texts(self):
        return [translate(item) for item in self.highlights]


class Dimension(models.Model):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_de = models.CharField(format_lazy("{} (de)", _("name")), max_length=300, blank=True)
    name_en = models.CharField(format_lazy("{} (en)", _("name")), max_length=300, blank=True)

    name = Translated()

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["model", "position"]
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="dimension_key_unique")
        ]

    def __str__(self):
        return self.name


class Area(models.Model):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="areas")
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="areas", verbose_name=_("dimension")
    )
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_de = models.CharField(format_lazy("{} (de)", _("name")), max_length=300, blank=True)
    name_en = models.CharField(format_lazy("{} (en)", _("name")), max_length=300, blank=True)

    name = Translated()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["model", "position"]
        constraints = [models.UniqueConstraint(fields=["model", "key"], name="area_key_unique")]

    def __str__(self):
        return self.name


class Characteristic(models.Model):
    model = models.ForeignKey(
        MaturityModel, on_delete=models.CASCADE, related_name="characteristics"
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="characteristics", verbose_name=_("area")
    )
    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, related_name="characteristics", verbose_name=_("level")
    )
    key = models.CharField(_("key"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_de = models.TextField(format_lazy("{} (de)", _("text")), blank=True)
    text_en = models.TextField(format_lazy("{} (en)", _("text")), blank=True)

    text = Translated()

    class Meta:
        verbose_name = _("characteristic")
        verbose_name_plural = _("characteristics")
        ordering = ["model", "area__position", "level__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="characteristic_key_unique")
        ]

    def __str__(self):
        return self.text

    @property
    def same_text(self):
        """What tells two characteristics of an area apart in any language: the German text,
        or the English one in a model without German (the levels that add nothing new)."""
        return self.text_de or self.text_en


def visible_models(organisations):
    """Models that members of these organisations may see: global ones and their own."""
    return MaturityModel.objects.filter(
        Q(organisation__isnull=True, status=MaturityModel.Status.PUBLISHED)
        | Q(organisation__in=organisations)
    )

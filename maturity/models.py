"""A maturity model as data: versioned, in German and English.

Every text has one column per language (`name_de`, `name_en`); a `Translated` attribute
(`obj.name`) gives the text in the active language, falling back to English.
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


class Translated:
    """Reads `<name>_<language>` for the active language: `level.name`, `area.name`."""

    def __set_name__(self, owner, name):
        self.field = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = getattr(obj, f"{self.field}_{active_language()}")
        return value or getattr(obj, f"{self.field}_{FALLBACK_LANGUAGE}")


class MaturityModel(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    slug = models.SlugField(_("short name"), max_length=60)
    version = models.CharField(_("version"), max_length=20)
    name_de = models.CharField(format_lazy("{} (de)", _("name")), max_length=300)
    name_en = models.CharField(format_lazy("{} (en)", _("name")), max_length=300)
    description_de = models.TextField(format_lazy("{} (de)", _("description")))
    description_en = models.TextField(format_lazy("{} (en)", _("description")))
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


class Level(models.Model):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("number"))
    name_de = models.CharField(format_lazy("{} (de)", _("name")), max_length=300)
    name_en = models.CharField(format_lazy("{} (en)", _("name")), max_length=300)
    title_de = models.CharField(format_lazy("{} (de)", _("title")), max_length=300)
    title_en = models.CharField(format_lazy("{} (en)", _("title")), max_length=300)
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
        language = active_language()
        return [item.get(language) or item.get(FALLBACK_LANGUAGE) for item in self.highlights]


class Dimension(models.Model):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_de = models.CharField(format_lazy("{} (de)", _("name")), max_length=300)
    name_en = models.CharField(format_lazy("{} (en)", _("name")), max_length=300)

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
    name_de = models.CharField(format_lazy("{} (de)", _("name")), max_length=300)
    name_en = models.CharField(format_lazy("{} (en)", _("name")), max_length=300)

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
    text_de = models.TextField(format_lazy("{} (de)", _("text")))
    text_en = models.TextField(format_lazy("{} (en)", _("text")))

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


def visible_models(organisations):
    """Models that members of these organisations may see: global ones and their own."""
    return MaturityModel.objects.filter(
        Q(organisation__isnull=True, status=MaturityModel.Status.PUBLISHED)
        | Q(organisation__in=organisations)
    )

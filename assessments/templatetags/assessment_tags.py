from django import template
from django.template.defaultfilters import floatformat

from assessments.scoring import difference

register = template.Library()


@register.filter
def score(value):
    """Scores are shown with one decimal."""
    return "—" if value is None else floatformat(value, 1)


@register.filter
def signed(value):
    """A change of score with its sign: +0.3, −0.5, ±0.0."""
    if value is None:
        return "—"
    shown = floatformat(abs(value), 1)
    if shown in ("0.0", "0,0"):
        return f"±{shown}"
    return f"+{shown}" if value > 0 else f"−{shown}"


@register.filter
def get(mapping, key):
    return mapping.get(key)


@register.filter
def delta(new, old):
    """new − old of the shown values (see scoring.difference), or None when either is missing."""
    return difference(new, old)


# Long comments are folded on pages (the rest behind "more"); PDFs fold their own
# (reports/assessment_report.py).
FOLD_PAGE_AT = 400


def fold(text, at):
    """(head, rest): `text` cut before `at` characters, at a space where one is near."""
    if len(text) <= at:
        return text, ""
    cut = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at))
    if cut < at * 0.6:
        cut = at
    return text[:cut].rstrip(), text[cut:].lstrip()


@register.inclusion_tag("assessments/partials/folded.html")
def folded(text):
    head, rest = fold(text or "", FOLD_PAGE_AT)
    return {"head": head, "rest": rest}

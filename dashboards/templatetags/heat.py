"""The heat map table's colour classes, from the charts' one scale (dashboards/charts/style.py)."""

from django import template

from dashboards.charts.style import heat_step

register = template.Library()


@register.filter
def heat(value, top):
    """The class of a score's cell: "heat-0" … "heat-9" by the score's share of the model's top
    level, the same step (and colour) as the heat map's SVG; "heat-none" for no score."""
    if value is None:
        return "heat-none"
    return f"heat-{heat_step(value, top)}"

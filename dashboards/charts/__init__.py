"""Server-drawn SVG charts, the one renderer of pages and PDF reports."""

from dashboards.charts.chart import Chart
from dashboards.charts.svg import bars, heat_colour, heatmap, palette, radar, stacked_bars, trend

__all__ = ["Chart", "bars", "heat_colour", "heatmap", "palette", "radar", "stacked_bars", "trend"]

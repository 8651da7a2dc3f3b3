"""Server-drawn SVG charts, the one renderer of pages and PDF reports.

style (colours, dashes, markers, sizes), text (escaping, numbers, widths, wrapping) and parts
(document, header, legend, markers, focusable data points) are shared by the chart kinds:
radar, bars (bars and stacked bars), trend and heatmap. `Chart` is a page's chart.

The SVG is self-contained: presentation attributes only (no CSS, no web fonts, no scripts), a
viewBox, a <title> and a <desc> that gives the numbers in words. Every text is escaped. The
output is deterministic: the same input gives the same string, and the ids come from a digest
of the content. Values may be None (missing): such a point or bar is skipped. Series are told
apart by colour (Okabe–Ito, safe for colour blindness) and, for lines, by dash pattern and
marker shape, so they survive printing in black and white. Each point, bar, segment and cell
is a focusable group (class "datum") with a <title>, the browser's own tooltip.

Pages pass fluid=True (width="100%", no height: the chart scales with its container); PDFs
get the width and height in pixels.

Elements carry classes for tests and styling: "series" (one group per series in radar and
trend), "datum", "bar", "segment", "cell", "band", "point", "label", "xlabel", "legend".
"""

from dashboards.charts.bars import bars, stacked_bars
from dashboards.charts.chart import Chart
from dashboards.charts.heatmap import column_chunks, heatmap
from dashboards.charts.radar import radar
from dashboards.charts.style import heat_colour, palette
from dashboards.charts.trend import trend

__all__ = [
    "Chart",
    "bars",
    "column_chunks",
    "heat_colour",
    "heatmap",
    "palette",
    "radar",
    "stacked_bars",
    "trend",
]

"""How charts look: the one place for colours, dash patterns, markers, fonts and sizes.

Every chart kind takes the style of a series from `series_style(index)`, so the same series
index has the same colour, dash pattern and marker in radar, bars, stacked bars and trend,
in pages and in PDFs alike.
"""

import math
from dataclasses import dataclass

from dashboards.charts.text import clamp, top_value

FONT = "DejaVu Sans, Arial, sans-serif"

# Okabe & Ito, "Color Universal Design"; yellow last because it is faint on white.
PALETTE = (
    "#0072b2",  # blue
    "#e69f00",  # orange
    "#009e73",  # bluish green
    "#d55e00",  # vermillion
    "#cc79a7",  # reddish purple
    "#56b4e9",  # sky blue
    "#000000",  # black
    "#f0e442",  # yellow
)
# Two more for the rare chart with more series than the palette, told apart by colour alone
# (the stacked bars of teams at each level of a model with 9 or 10 levels): Paul Tol's wine and
# a mid grey, apart from the eight above.
EXTRA_COLOURS = ("#882255", "#888888")
# Lines after the first get a dash pattern and a marker of their own, so that they stay
# apart when printed in black and white.
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 2", "12 3 2 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")

# The heat map's sequential blue scale: ten steps, so that each level of a model with up to ten
# levels (maturity/limits.py MAX_LEVELS) has a colour of its own. A value is placed on it by its
# share of the model's top level (`heat_step`). The HTML table's classes .heat-0 … .heat-9
# (static/css/app.css) are these colours with the text colour `text_on` gives; a test keeps them
# in step. From step 6 on the text is white; every step has a contrast of 4.5:1 or more.
HEAT_STOPS = (
    "#eff3ff",
    "#dbe8f5",
    "#c3daee",
    "#a6cde5",
    "#82badb",
    "#59a2cf",
    "#2c7bb8",
    "#1763a8",
    "#084d97",
    "#08306b",
)

WHITE = "#ffffff"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"
AXIS = "#adb5bd"
MISSING_FILL = "#f8f9fa"

FILL_OPACITY = 0.22  # the filled first series of a radar
BAND_OPACITY = 0.16  # the spread behind the first line of a trend
LINE_WIDTH = 2

PAD = 12
TITLE_SIZE = 13
LABEL_SIZE = 11
SMALL = 10
LEADING = 1.25


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str  # "" for a solid line
    marker: str  # circle, square, triangle, diamond


def palette(index):
    """The colour of the series at `index` (wraps around after the last colour)."""
    return PALETTE[index % len(PALETTE)]


def box_colours(count):
    """The colours of `count` series of boxes (stacked segments): the palette, and past its end
    EXTRA_COLOURS, so that up to ten series (levels) never share a colour."""
    colours = PALETTE + EXTRA_COLOURS if count > len(PALETTE) else PALETTE
    return [colours[index % len(colours)] for index in range(count)]


def dash(index):
    return DASHES[index % len(DASHES)]


def marker(index):
    return MARKERS[index % len(MARKERS)]


def series_style(index):
    return SeriesStyle(palette(index), dash(index), marker(index))


def rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def luminance(colour):
    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def text_on(colour):
    """White or dark text, whichever contrasts more with `colour`."""
    background = luminance(colour)
    on_white = 1.05 / (background + 0.05)
    on_dark = (background + 0.05) / (luminance(TEXT) + 0.05)
    return WHITE if on_white > on_dark else TEXT


def heat_step(value, max_value):
    """The step of HEAT_STOPS for `value` on a scale from 0 to `max_value` (the model's top
    level): 0 is the lightest, `max_value` the darkest, and two levels never share a step
    while the model has at most len(HEAT_STOPS) levels."""
    share = clamp(value / top_value(max_value), 0, 1) * (len(HEAT_STOPS) - 1)
    return math.floor(share + 0.5)  # half up, the same for every value (round() halves to even)


def heat_colour(value, max_value):
    """The colour of `value` on the sequential scale from 0 (light) to `max_value` (dark)."""
    return HEAT_STOPS[heat_step(value, max_value)]

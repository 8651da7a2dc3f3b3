"""The pieces every chart is made of: attributes, texts, markers, lines, the <svg> document
with its title and description, the visible header, the legend, the focusable data points,
and the cleaning of the input."""

import hashlib
import math

from django.utils.safestring import mark_safe

from dashboards.charts.style import (
    FONT,
    GRID,
    LABEL_SIZE,
    LEADING,
    LINE_WIDTH,
    MISSING_FILL,
    MUTED,
    PAD,
    TEXT,
    TITLE_SIZE,
    WHITE,
    series_style,
)
from dashboards.charts.text import (
    clean,
    coordinate,
    ellipsize,
    esc,
    num,
    text_width,
    wrap,
)

# Stands for the chart's id until the content is known; cleaned text never contains it.
_ID = "\x00"


def attrs(**attributes):
    """name="value" pairs; underscores become hyphens, a trailing one is dropped (class_)."""
    parts = []
    for name, value in attributes.items():
        if value is None or value == "":
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = coordinate(value)
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{esc(value)}"')
    return "".join(parts)


def points(pairs):
    return " ".join(f"{coordinate(x)},{coordinate(y)}" for x, y in pairs)


def title(text):
    """A <title> child: the native tooltip of its parent."""
    return f"<title>{esc(text)}</title>"


def svg_text(x, y, lines, *, size=LABEL_SIZE, anchor=None, full=None, **attributes):
    """A <text>; several lines become <tspan>s. `full` (the whole text when it was shortened)
    becomes a <title> that browsers show on hover."""
    if isinstance(lines, str):
        lines = [lines]
    anchor = None if anchor == "start" else anchor
    head = f"<text{attrs(x=x, y=y, font_size=size, text_anchor=anchor, **attributes)}>"
    tip = title(full) if full else ""
    if len(lines) == 1:
        return f"{head}{tip}{esc(lines[0])}</text>"
    step = size * LEADING
    spans = "".join(
        f'<tspan x="{coordinate(x)}" dy="{coordinate(0 if index == 0 else step)}">'
        f"{esc(line)}</tspan>"
        for index, line in enumerate(lines)
    )
    return f"{head}{tip}{spans}</text>"


def label(x, centre_y, text, max_width, *, size=LABEL_SIZE, max_lines=3, **attributes):
    """A label wrapped into at most `max_lines` (long words broken, not cut), vertically centred
    on `centre_y`."""
    lines, shortened = wrap(text, max_width, size, max_lines)
    first = centre_y - (len(lines) - 1) * size * LEADING / 2 + size * 0.36
    full = text if shortened else None
    return svg_text(x, first, lines, size=size, full=full, **attributes)


def line(x1, y1, x2, y2, stroke, width=1, **attributes):
    geometry = attrs(x1=x1, y1=y1, x2=x2, y2=y2)
    return f"<line{geometry}{attrs(stroke=stroke, stroke_width=width, **attributes)}/>"


def rect(tip=None, **attributes):
    """A <rect>, with a <title> child when `tip` is given."""
    if tip:
        return f"<rect{attrs(**attributes)}>{title(tip)}</rect>"
    return f"<rect{attrs(**attributes)}/>"


def marker(index, x, y, tip=None, radius=3.5, cls="point"):
    """A point in the series' colour and shape: circle, square, triangle or diamond."""
    style = series_style(index)
    common = attrs(class_=cls, fill=style.colour, stroke=WHITE, stroke_width=1)
    if style.marker == "circle":
        head, tag = f"<circle{attrs(cx=x, cy=y, r=radius)}{common}", "circle"
    elif style.marker == "square":
        side = radius * 1.75
        box = attrs(x=x - side / 2, y=y - side / 2, width=side, height=side)
        head, tag = f"<rect{box}{common}", "rect"
    else:
        if style.marker == "triangle":
            r = radius * 1.3
            corners = [(x, y - r), (x + r * 0.95, y + r * 0.7), (x - r * 0.95, y + r * 0.7)]
        else:
            r = radius * 1.35
            corners = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
        head, tag = f"<polygon{attrs(points=points(corners))}{common}", "polygon"
    if tip:
        return f"{head}>{title(tip)}</{tag}>"
    return f"{head}/>"


def datum(tip, *content):
    """One value (point, bar, segment, cell) as a focusable group: Tab reaches it, a screen
    reader reads `tip`, the <title> inside shows it on hover."""
    return f'<g class="datum" tabindex="0" role="img"{attrs(aria_label=tip)}>{"".join(content)}</g>'


def document(kind, width, height, heading, desc, body, *, fluid=False):
    """The <svg> around `body`, with an id made from a digest of everything in it.

    `fluid` (pages): width="100%" and no height, so that the chart scales with its container
    through its viewBox; otherwise (PDFs) the width and height in pixels."""
    width, height = math.ceil(width), math.ceil(height)
    head = (
        f'<title id="{_ID}-title">{esc(heading)}</title>'
        f'<desc id="{_ID}-desc">{esc(desc)}</desc>'
        f'<rect class="background" width="{width}" height="{height}" fill="{WHITE}"/>'
    )
    content = head + "".join(body)
    digest = hashlib.blake2s(
        f"{kind}|{width}|{height}|{content}".encode(), digest_size=5
    ).hexdigest()
    size = 'width="100%"' if fluid else f'width="{width}" height="{height}"'
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{kind}"'
        f' {size} viewBox="0 0 {width} {height}" preserveAspectRatio="xMidYMid meet"'
        f' role="group" aria-labelledby="{_ID}-title" aria-describedby="{_ID}-desc"'
        f' font-family="{FONT}" font-size="12" fill="{TEXT}">{content}</svg>'
    )
    return mark_safe(svg.replace(_ID, f"chart-{kind}-{digest}"))


def empty_chart(kind, heading, text, width, *, fluid=False):
    """A chart without data: a box that says so."""
    width = max(int(num(width) or 0), 160)
    height = 64
    body = [
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="4"'
        f' fill="{MISSING_FILL}" stroke="{GRID}"/>',
        svg_text(
            width / 2,
            height / 2 + 4,
            ellipsize(clean(text), width - 2 * PAD, 12),
            size=12,
            anchor="middle",
            fill=MUTED,
            class_="empty",
        ),
    ]
    return document(kind, width, height, heading, clean(text), body, fluid=fluid)


def header(heading, width):
    """The visible title; returns (parts, y below it)."""
    if not heading:
        return [], PAD
    # Bold text is about 14 % wider; the estimate scales with the size.
    lines, shortened = wrap(heading, width - 2 * PAD, TITLE_SIZE * 1.14, max_lines=2)
    text = svg_text(
        PAD,
        PAD + TITLE_SIZE,
        lines,
        size=TITLE_SIZE,
        full=heading if shortened else None,
        font_weight="bold",
        class_="chart-title",
    )
    return [text], PAD + len(lines) * TITLE_SIZE * LEADING + 8


def legend(names, y, width, swatch):
    """Legend items flowing in rows; `swatch(index, x, centre_y)` draws the key of a series and
    returns (svg, its width). Returns (parts, height)."""
    parts = ['<g class="legend">']
    x, row, row_height = PAD, y, 18
    for index, name in enumerate(names):
        text = ellipsize(name, min(220, width - 2 * PAD - 40), LABEL_SIZE)
        key, key_width = swatch(index, 0, 0)
        item_width = key_width + 6 + text_width(text, LABEL_SIZE)
        if x > PAD and x + item_width > width - PAD:
            x, row = PAD, row + row_height
        centre = row + row_height / 2
        key, key_width = swatch(index, x, centre)
        parts.append(key)
        parts.append(
            svg_text(
                x + key_width + 6,
                centre + LABEL_SIZE * 0.36,
                text,
                full=name if text != name else None,
                class_="legend-label",
            )
        )
        x += item_width + 18
    parts.append("</g>")
    return parts, row + row_height - y + 6


def line_swatch(filled=False):
    """The legend key of a line: its dash pattern and marker (a light box behind the first
    when it is filled or has a band)."""

    def swatch(index, x, y):
        style = series_style(index)
        parts = []
        if filled and index == 0:
            parts.append(
                rect(x=x, y=y - 6, width=26, height=12, fill=style.colour, fill_opacity=0.2)
            )
        parts.append(line(x, y, x + 26, y, style.colour, LINE_WIDTH, stroke_dasharray=style.dash))
        parts.append(marker(index, x + 13, y, cls="key"))
        return "".join(parts), 26

    return swatch


def box_swatch(index, x, y, colours=None):
    """The legend key of a bar (`colours`: the series' colours when not the palette's)."""
    colour = colours[index] if colours else series_style(index).colour
    return rect(class_="key", x=x, y=y - 6, width=12, height=12, rx=2, fill=colour), 12


# Input


def clean_labels(labels):
    return [clean(text) for text in (labels or [])]


def clean_series(series, length):
    """[(name, [float | None] * length)] from (name, values) pairs."""
    result = []
    for item in series or []:
        name, values = item
        values = [num(value) for value in list(values or [])[:length]]
        values += [None] * (length - len(values))
        result.append((clean(name), values))
    return result

"""Charts drawn on the server as inline SVG: radar, bars, stacked bars, trend and heat map.

The SVG stands in pages where JavaScript is off and in PDF reports made by WeasyPrint, so it is
self-contained: presentation attributes only (no CSS, no web fonts, no scripts), explicit width,
height and viewBox, role="img" with a <title> and a <desc> that gives the numbers in words.
Every text is escaped. The output is deterministic: the same input gives the same string, and the
ids come from a digest of the content. Values may be None (missing): such a point or bar is
skipped. Series are told apart by colour (Okabe–Ito, safe for colour blindness) and, for lines,
by dash pattern and marker shape, so they survive printing in black and white.

Elements carry classes for tests and styling: "series" (one group per series in radar and
trend), "bar", "segment", "cell", "band", "point", "label", "xlabel", "legend".
"""

import hashlib
import math
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

__all__ = ["PALETTE", "bars", "heat_colour", "heatmap", "palette", "radar", "stacked_bars", "trend"]

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
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 2", "12 3 2 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")

# The sequential blue scale of the heat map (the same as the HTML table's .heat-0 … .heat-4).
HEAT_STOPS = ("#eff3ff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")

TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"
AXIS = "#adb5bd"
MISSING_FILL = "#f8f9fa"
MISSING = "—"

PAD = 12
TITLE_SIZE = 13
LABEL_SIZE = 11
SMALL = 10
LEADING = 1.25

# Characters XML 1.0 does not allow (and lone surrogates, which cannot be encoded).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Stands for the chart's id until the content is known; cleaned text never contains it.
_ID = "\x00"


def palette(index):
    """The colour of the series at `index` (wraps around after the last colour)."""
    return PALETTE[index % len(PALETTE)]


def _dash(index):
    return DASHES[index % len(DASHES)]


# Numbers and text


def _f(number):
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _one(number):
    """A value as written on a chart: one decimal."""
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text


def _count(number):
    return str(int(number)) if float(number).is_integer() else _one(number)


def _num(value):
    """A finite float, or None for missing (None, NaN, text that is no number)."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _clean(value):
    return _INVALID_XML.sub("", "" if value is None else str(value))


def _esc(value):
    return escape(_clean(value))


def _clamp(number, low, high):
    return max(low, min(high, number))


_NARROW = set("fijlrtI.,:;!|'()[]{} ")
_WIDE = set("mwMW@%—…")


def _text_width(text, size):
    """An estimate of the rendered width of `text` in DejaVu Sans (a wide font)."""
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.36
        elif char in _WIDE:
            units += 0.92
        elif char.isupper() or char.isdigit():
            units += 0.68
        else:
            units += 0.6
    return units * size


def _lines_width(lines, size):
    return max((_text_width(line, size) for line in lines), default=0.0)


def _ellipsize(text, max_width, size, force=False):
    """`text` shortened with "…" to fit `max_width` (always shortened when `force`)."""
    if not force and _text_width(text, size) <= max_width:
        return text
    text = text.rstrip()
    while text and _text_width(text + "…", size) > max_width:
        text = text[:-1].rstrip()
    return text + "…"


def _wrap(text, max_width, size, max_lines=2):
    """`text` broken into lines at spaces; returns (lines, shortened)."""
    words = text.split()
    if not words:
        return [""], False
    lines, current = [], ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and _text_width(candidate, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    shortened = len(lines) > max_lines
    lines = lines[:max_lines]
    result = []
    for index, line in enumerate(lines):
        force = shortened and index == len(lines) - 1
        fitted = _ellipsize(line, max_width, size, force=force)
        shortened = shortened or fitted != line
        result.append(fitted)
    return result, shortened


# SVG pieces


def _attrs(**attributes):
    parts = []
    for name, value in attributes.items():
        if value is None or value == "":
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = _f(value)
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{_esc(value)}"')
    return "".join(parts)


def _text(x, y, lines, *, size=LABEL_SIZE, anchor=None, full=None, **attributes):
    """A <text>; several lines become <tspan>s. `full` (the whole text when it was shortened)
    becomes a <title> that browsers show on hover."""
    if isinstance(lines, str):
        lines = [lines]
    anchor = None if anchor == "start" else anchor
    head = f"<text{_attrs(x=x, y=y, font_size=size, text_anchor=anchor, **attributes)}>"
    tip = f"<title>{_esc(full)}</title>" if full else ""
    if len(lines) == 1:
        return f"{head}{tip}{_esc(lines[0])}</text>"
    step = size * LEADING
    spans = "".join(
        f'<tspan x="{_f(x)}" dy="{_f(0 if index == 0 else step)}">{_esc(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f"{head}{tip}{spans}</text>"


def _label(x, centre_y, text, max_width, *, size=LABEL_SIZE, max_lines=2, **attributes):
    """A label wrapped into at most `max_lines`, vertically centred on `centre_y`."""
    lines, shortened = _wrap(text, max_width, size, max_lines)
    first = centre_y - (len(lines) - 1) * size * LEADING / 2 + size * 0.36
    full = text if shortened else None
    return _text(x, first, lines, size=size, full=full, **attributes)


def _tip(text):
    return f"<title>{_esc(text)}</title>"


def _marker(index, x, y, colour, tip=None, radius=3.5, cls="point"):
    """A point: circle, square, triangle or diamond depending on the series."""
    shape = MARKERS[index % len(MARKERS)]
    common = _attrs(class_=cls, fill=colour, stroke="#ffffff", stroke_width=1)
    if shape == "circle":
        head = f"<circle{_attrs(cx=x, cy=y, r=radius)}{common}"
        tag = "circle"
    elif shape == "square":
        side = radius * 1.75
        head = f"<rect{_attrs(x=x - side / 2, y=y - side / 2, width=side, height=side)}{common}"
        tag = "rect"
    else:
        if shape == "triangle":
            r = radius * 1.3
            points = [(x, y - r), (x + r * 0.95, y + r * 0.7), (x - r * 0.95, y + r * 0.7)]
        else:
            r = radius * 1.35
            points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
        head = f"<polygon{_attrs(points=_points(points))}{common}"
        tag = "polygon"
    if tip:
        return f"{head}>{_tip(tip)}</{tag}>"
    return f"{head}/>"


def _points(points):
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


def _line(x1, y1, x2, y2, stroke, width=1, **attributes):
    geometry = _attrs(x1=x1, y1=y1, x2=x2, y2=y2)
    return f"<line{geometry}{_attrs(stroke=stroke, stroke_width=width, **attributes)}/>"


def _document(kind, width, height, title, desc, body):
    """The <svg> around `body`, with an id made from a digest of everything in it."""
    width, height = math.ceil(width), math.ceil(height)
    head = (
        f'<title id="{_ID}-title">{_esc(title)}</title>'
        f'<desc id="{_ID}-desc">{_esc(desc)}</desc>'
        f'<rect class="background" width="{width}" height="{height}" fill="#ffffff"/>'
    )
    content = head + "".join(body)
    digest = hashlib.blake2s(
        f"{kind}|{width}|{height}|{content}".encode(), digest_size=5
    ).hexdigest()
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{kind}"'
        f' width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' role="img" aria-labelledby="{_ID}-title" aria-describedby="{_ID}-desc"'
        f' font-family="{FONT}" font-size="12" fill="{TEXT}">{content}</svg>'
    )
    return mark_safe(svg.replace(_ID, f"chart-{kind}-{digest}"))


def _empty(kind, title, empty, width):
    width = max(int(_num(width) or 0), 160)
    height = 64
    body = [
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="4"'
        f' fill="{MISSING_FILL}" stroke="{GRID}"/>',
        _text(
            width / 2,
            height / 2 + 4,
            _ellipsize(_clean(empty), width - 2 * PAD, 12),
            size=12,
            anchor="middle",
            fill=MUTED,
            class_="empty",
        ),
    ]
    return _document(kind, width, height, title, _clean(empty), body)


def _header(title, width):
    """The visible title; returns (parts, y below it)."""
    if not title:
        return [], PAD
    # Bold text is about 14 % wider; the estimate scales with the size.
    lines, shortened = _wrap(title, width - 2 * PAD, TITLE_SIZE * 1.14, max_lines=2)
    text = _text(
        PAD,
        PAD + TITLE_SIZE,
        lines,
        size=TITLE_SIZE,
        full=title if shortened else None,
        font_weight="bold",
        class_="chart-title",
    )
    return [text], PAD + len(lines) * TITLE_SIZE * LEADING + 8


def _legend(names, y, width, swatch):
    """Legend items flowing in rows; `swatch(index, x, centre_y)` draws the key of a series and
    returns (svg, its width). Returns (parts, height)."""
    parts = ['<g class="legend">']
    x, row, row_height = PAD, y, 18
    for index, name in enumerate(names):
        text = _ellipsize(name, min(220, width - 2 * PAD - 40), LABEL_SIZE)
        key, key_width = swatch(index, 0, 0)
        item_width = key_width + 6 + _text_width(text, LABEL_SIZE)
        if x > PAD and x + item_width > width - PAD:
            x, row = PAD, row + row_height
        centre = row + row_height / 2
        key, key_width = swatch(index, x, centre)
        parts.append(key)
        full = name if text != name else None
        parts.append(
            _text(
                x + key_width + 6,
                centre + LABEL_SIZE * 0.36,
                text,
                full=full,
                class_="legend-label",
            )
        )
        x += item_width + 18
    parts.append("</g>")
    return parts, row + row_height - y + 6


def _line_swatch(filled=False, band=False):
    def swatch(index, x, y):
        colour = palette(index)
        parts = []
        if (filled or band) and index == 0:
            parts.append(
                f"<rect{_attrs(x=x, y=y - 6, width=26, height=12, fill=colour, fill_opacity=0.2)}/>"
            )
        parts.append(_line(x, y, x + 26, y, colour, 2, stroke_dasharray=_dash(index)))
        parts.append(_marker(index, x + 13, y, colour, cls="key"))
        return "".join(parts), 26

    return swatch


def _box_swatch(index, x, y):
    colour = palette(index)
    return f"<rect{_attrs(x=x, y=y - 6, width=12, height=12, rx=2, fill=colour)}/>", 12


# Input


def _labels(labels):
    return [_clean(label) for label in (labels or [])]


def _series(series, length):
    """[(name, [float | None] * length)] from (name, values) pairs."""
    result = []
    for item in series or []:
        name, values = item
        values = [_num(value) for value in list(values or [])[:length]]
        values += [None] * (length - len(values))
        result.append((_clean(name), values))
    return result


def _top(max_value):
    number = _num(max_value)
    if number is None:
        return 4.0
    return max(number, 1.0)


def _integers(top):
    return list(range(int(math.floor(top + 1e-9)) + 1))


def _value_words(labels, values, fmt=_one):
    return ", ".join(
        f"{label} {MISSING if value is None else fmt(value)}"
        for label, value in zip(labels, values, strict=False)
    )


def _describe(labels, series, fmt=_one):
    return " ".join(f"{name}: {_value_words(labels, values, fmt)}." for name, values in series)


# Charts


def radar(labels, series, *, max_value=4, title, empty="No data", size=360):
    """A radar (spider) chart: one axis per label, rings at every integer 0…max_value, one
    polygon per series (the first filled, the others outlined, e.g. a target)."""
    labels, title = _labels(labels), _clean(title)
    data = _series(series, len(labels))
    size = max(_num(size) or 360, 200)
    if not labels or not data:
        return _empty("radar", title, empty, size)
    top = _top(max_value)
    count = len(labels)
    radius = size * 0.32
    gap = 10
    label_width = size * 0.34
    line_height = LABEL_SIZE * LEADING

    def direction(index):
        angle = 2 * math.pi * index / count
        return math.sin(angle), -math.cos(angle)

    # Place the axis labels relative to the centre, then size the drawing around them.
    placed = []
    left = right = radius
    up = down = radius
    for index, label in enumerate(labels):
        dx, dy = direction(index)
        ax, ay = dx * (radius + gap), dy * (radius + gap)
        lines, shortened = _wrap(label, label_width, LABEL_SIZE, 3)
        block_width = _lines_width(lines, LABEL_SIZE)
        block_height = len(lines) * line_height
        if abs(dx) < 0.25:
            anchor, x_from, x_to = "middle", ax - block_width / 2, ax + block_width / 2
        elif dx > 0:
            anchor, x_from, x_to = "start", ax, ax + block_width
        else:
            anchor, x_from, x_to = "end", ax - block_width, ax
        if dy < -0.6:
            block_top = ay - block_height
        elif dy > 0.6:
            block_top = ay + 2
        else:
            block_top = ay - block_height / 2
        placed.append((ax, block_top, lines, anchor, label if shortened else None))
        left, right = max(left, -x_from), max(right, x_to)
        up, down = max(up, -block_top), max(down, block_top + block_height)

    width = max(size, 2 * max(left, right) + 2 * PAD)
    parts, y = _header(title, width)
    legend, legend_height = _legend([name for name, _ in data], y, width, _line_swatch(filled=True))
    parts += legend
    cx, cy = width / 2, y + legend_height + up + 4
    height = cy + down + PAD

    def point(index, value):
        dx, dy = direction(index)
        distance = radius * _clamp(value, 0, top) / top
        return cx + dx * distance, cy + dy * distance

    # Rings, spokes, axis labels.
    parts.append('<g class="grid">')
    rings = [ring for ring in _integers(top) if ring > 0]
    if not rings or rings[-1] < top:
        rings.append(top)
    for ring in rings:
        stroke = AXIS if ring == rings[-1] else GRID
        ring_points = _points(point(index, ring) for index in range(count))
        parts.append(
            f"<polygon{_attrs(class_='ring', points=ring_points, fill='none', stroke=stroke)}/>"
        )
    for index in range(count):
        x, y_end = point(index, top)
        parts.append(_line(cx, cy, x, y_end, GRID))
    parts.append("</g>")
    for ax, block_top, lines, anchor, full in placed:
        parts.append(
            _text(
                cx + ax,
                cy + block_top + LABEL_SIZE * 0.85,
                lines,
                anchor=anchor,
                full=full,
                class_="label",
            )
        )
    # The number of each ring, on a light backdrop beside the first axis.
    for ring in _integers(top):
        ring_y = cy - radius * ring / top
        text = _count(ring)
        text_width = _text_width(text, 9)
        parts.append(
            f"<rect{_attrs(x=cx + 6, y=ring_y - 6, width=text_width + 4, height=11, rx=2)}"
            f' fill="#ffffff" fill-opacity="0.85"/>'
        )
        parts.append(_text(cx + 8, ring_y + 3.2, text, size=9, fill=MUTED, class_="tick"))

    # The series.
    for number, (name, values) in enumerate(data):
        colour = palette(number)
        present = [index for index, value in enumerate(values) if value is not None]
        parts.append(f"<g{_attrs(class_='series')}>")
        style = _attrs(
            stroke=colour,
            stroke_width=2,
            stroke_dasharray=_dash(number),
            stroke_linejoin="round",
        )
        if len(present) == count and count > 1:
            fill = _attrs(fill=colour, fill_opacity=0.22) if number == 0 else ' fill="none"'
            shape = _points(point(index, values[index]) for index in range(count))
            parts.append(f'<polygon points="{shape}"{fill}{style}/>')
        elif present:
            # A missing value breaks the outline; draw the runs between present neighbours.
            segments = []
            for index in present:
                following = (index + 1) % count
                if following != index and values[following] is not None:
                    if following == 0 and count == 2:
                        continue
                    (x1, y1), (x2, y2) = (
                        point(index, values[index]),
                        point(following, values[following]),
                    )
                    segments.append(f"M{_f(x1)} {_f(y1)}L{_f(x2)} {_f(y2)}")
            if segments:
                parts.append(f'<path d="{"".join(segments)}" fill="none"{style}/>')
        for index in present:
            x, y_point = point(index, values[index])
            tip = f"{name} – {labels[index]}: {_one(values[index])}"
            parts.append(_marker(number, x, y_point, colour, tip, radius=3))
        parts.append("</g>")

    return _document("radar", width, height, title, _describe(labels, data), parts)


def _value_axis(top, x0, plot_width, y_top, y_bottom, texts):
    """Vertical grid lines at each integer with their texts (lists of lines) below."""
    parts = ['<g class="grid">']
    for tick in _integers(top):
        x = x0 + plot_width * tick / top
        parts.append(_line(x, y_top, x, y_bottom + 4, AXIS if tick == 0 else GRID))
    parts.append("</g>")
    for tick, lines in zip(_integers(top), texts, strict=False):
        x = x0 + plot_width * tick / top
        parts.append(
            _text(
                x,
                y_bottom + 6 + SMALL,
                lines,
                size=SMALL,
                anchor="middle",
                fill=MUTED,
                class_="tick",
            )
        )
    return parts


def _label_column(labels, width):
    """Wrapped row labels and the x where the plot starts."""
    max_width = min(width * 0.32, 200)
    wrapped = [_wrap(label, max_width, LABEL_SIZE, 2) for label in labels]
    label_width = max(_lines_width(lines, LABEL_SIZE) for lines, _ in wrapped)
    return wrapped, PAD + label_width + 8


def bars(labels, series, *, max_value=4, tick_labels=None, title, empty="No data", width=560):
    """Horizontal grouped bars: one group per label, one bar per series, on a 0…max_value axis
    with grid lines at each integer; `tick_labels` (max_value + 1 texts) name the integers."""
    labels, title = _labels(labels), _clean(title)
    data = _series(series, len(labels))
    width = max(_num(width) or 560, 280)
    if not labels or not data:
        return _empty("bars", title, empty, width)
    top = _top(max_value)
    ticks = _integers(top)
    tick_texts = [_count(tick) for tick in ticks]
    for tick, text in enumerate(list(tick_labels or [])[: len(ticks)]):
        if text is not None and _clean(text).strip():
            tick_texts[tick] = _clean(text)

    parts, y = _header(title, width)
    legend, legend_height = _legend([name for name, _ in data], y, width, _box_swatch)
    parts += legend
    plot_top = y + legend_height

    wrapped, x0 = _label_column(labels, width)
    right = 30
    for _ in range(2):  # the tick texts' room depends on the plot's width and back
        spacing = (width - x0 - right) / top
        tick_lines = [_wrap(text, max(spacing - 8, 40), SMALL, 3)[0] for text in tick_texts]
        right = max(30, _lines_width(tick_lines[-1], SMALL) / 2 + PAD)
        if top > ticks[-1]:
            right = 30
        x0 = max(x0, PAD + _lines_width(tick_lines[0], SMALL) / 2)
    plot_width = max(width - x0 - right, 40)

    count = len(data)
    bar_height = {1: 18, 2: 14}.get(count, 11 if count <= 4 else 8)
    value_size = SMALL if bar_height >= 11 else 8
    inner = count * bar_height + (count - 1) * 2
    group_gap = 12
    groups, cursor = [], plot_top + group_gap / 2
    for lines, _ in wrapped:
        group_height = max(inner, len(lines) * LABEL_SIZE * LEADING)
        groups.append(cursor + group_height / 2)
        cursor += group_height + group_gap
    plot_bottom = cursor - group_gap / 2
    tick_rows = max(len(lines) for lines in tick_lines)
    height = plot_bottom + 8 + tick_rows * SMALL * LEADING + PAD

    parts += _value_axis(top, x0, plot_width, plot_top, plot_bottom, tick_lines)
    for index, (label, centre) in enumerate(zip(labels, groups, strict=True)):
        parts.append(_label(x0 - 8, centre, label, x0 - 8 - PAD, anchor="end", class_="label"))
        bar_y = centre - inner / 2
        for number, (name, values) in enumerate(data):
            value = values[index]
            middle = bar_y + bar_height / 2 + value_size * 0.36
            if value is None:
                parts.append(
                    _text(x0 + 4, middle, MISSING, size=value_size, fill=MUTED, class_="missing")
                )
            else:
                length = plot_width * _clamp(value, 0, top) / top
                rect = _attrs(
                    class_="bar",
                    x=x0,
                    y=bar_y,
                    width=length,
                    height=bar_height,
                    fill=palette(number),
                )
                parts.append(f"<rect{rect}>{_tip(f'{name} – {label}: {_one(value)}')}</rect>")
                parts.append(
                    _text(x0 + length + 4, middle, _one(value), size=value_size, class_="value")
                )
            bar_y += bar_height + 2
    return _document("bars", width, height, title, _describe(labels, data), parts)


def _nice_step(maximum, ticks=5):
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(factor * magnitude, 1)
    return max(10 * magnitude, 1)


def stacked_bars(labels, series, *, title, empty="No data", width=560):
    """Horizontal stacked bars of counts: one bar per label made of the series' counts (e.g. the
    teams at each level), the count written inside a segment where it fits, the total after it."""
    labels, title = _labels(labels), _clean(title)
    data = _series(series, len(labels))
    width = max(_num(width) or 560, 280)
    if not labels or not data:
        return _empty("stacked", title, empty, width)
    totals = [sum(max(values[index] or 0, 0) for _, values in data) for index in range(len(labels))]
    step = _nice_step(max(totals))
    top = max(math.ceil(max(totals) / step) * step, step)
    ticks = [step * number for number in range(int(round(top / step)) + 1)]

    parts, y = _header(title, width)
    legend, legend_height = _legend([name for name, _ in data], y, width, _box_swatch)
    parts += legend
    plot_top = y + legend_height

    wrapped, x0 = _label_column(labels, width)
    right = max(PAD + 8 + _text_width(_count(top), SMALL), 36)
    plot_width = max(width - x0 - right, 40)
    bar_height, group_gap = 20, 10
    groups, cursor = [], plot_top + group_gap / 2
    for lines, _ in wrapped:
        group_height = max(bar_height, len(lines) * LABEL_SIZE * LEADING)
        groups.append(cursor + group_height / 2)
        cursor += group_height + group_gap
    plot_bottom = cursor - group_gap / 2
    height = plot_bottom + 8 + SMALL * LEADING + PAD

    parts.append('<g class="grid">')
    for tick in ticks:
        x = x0 + plot_width * tick / top
        parts.append(_line(x, plot_top, x, plot_bottom + 4, AXIS if tick == 0 else GRID))
    parts.append("</g>")
    for tick in ticks:
        x = x0 + plot_width * tick / top
        parts.append(
            _text(
                x,
                plot_bottom + 6 + SMALL,
                _count(tick),
                size=SMALL,
                anchor="middle",
                fill=MUTED,
                class_="tick",
            )
        )
    for index, (label, centre) in enumerate(zip(labels, groups, strict=True)):
        parts.append(_label(x0 - 8, centre, label, x0 - 8 - PAD, anchor="end", class_="label"))
        x, bar_y = x0, centre - bar_height / 2
        for number, (name, values) in enumerate(data):
            value = values[index]
            if value is None or value <= 0:
                continue
            length = plot_width * value / top
            colour = palette(number)
            rect = _attrs(
                class_="segment",
                x=x,
                y=bar_y,
                width=length,
                height=bar_height,
                fill=colour,
                stroke="#ffffff",
                stroke_width=1,
            )
            parts.append(f"<rect{rect}>{_tip(f'{label} – {name}: {_count(value)}')}</rect>")
            text = _count(value)
            if _text_width(text, SMALL) + 6 <= length:
                parts.append(
                    _text(
                        x + length / 2,
                        centre + SMALL * 0.36,
                        text,
                        size=SMALL,
                        anchor="middle",
                        fill=_text_on(colour),
                        class_="value",
                    )
                )
            x += length
        parts.append(
            _text(
                x + 5,
                centre + SMALL * 0.36,
                _count(totals[index]),
                size=SMALL,
                fill=MUTED,
                class_="total",
            )
        )
    desc = " ".join(
        f"{label}: {_value_words([name for name, _ in data], [v[index] for _, v in data], _count)}."
        for index, label in enumerate(labels)
    )
    return _document("stacked", width, height, title, desc, parts)


def _bands(bands, length):
    result = []
    for item in list(bands or [])[:length]:
        try:
            low, high = (_num(value) for value in item)
        except (TypeError, ValueError):
            low = high = None
        result.append(None if low is None or high is None else (min(low, high), max(low, high)))
    return result + [None] * (length - len(result))


def _runs(indexes):
    """Consecutive runs in a sorted list of indexes."""
    runs = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def trend(
    labels,
    series,
    *,
    max_value=4,
    title,
    empty="No data",
    width=560,
    height=260,
    bands=None,
):
    """Lines over the x labels (e.g. assessments), one per series with a marker at each value,
    on a 0…max_value axis; `bands` ((low, high) per label) shade a spread behind the first line.
    X labels are thinned out so that they do not overlap."""
    labels, title = _labels(labels), _clean(title)
    data = _series(series, len(labels))
    width = max(_num(width) or 560, 280)
    height = max(_num(height) or 260, 160)
    if not labels or not data:
        return _empty("trend", title, empty, width)
    top = _top(max_value)
    count = len(labels)
    spread = _bands(bands, count)
    has_band = any(spread)

    parts, y = _header(title, width)
    legend, legend_height = _legend(
        [name for name, _ in data], y, width, _line_swatch(band=has_band)
    )
    parts += legend
    plot_top = y + legend_height + 6

    ticks = _integers(top)
    x0 = PAD + max(_text_width(_count(tick), SMALL) for tick in ticks) + 8
    x1 = width - PAD
    wrapped = [_wrap(label, 90, SMALL, 2) for label in labels]
    label_width = max(_lines_width(lines, SMALL) for lines, _ in wrapped)
    label_rows = max(len(lines) for lines, _ in wrapped)
    inset_left = _clamp(label_width / 2 - (x0 - PAD), 12, 50)
    inset_right = _clamp(label_width / 2 - 4, 12, 50)
    first, last = x0 + inset_left, x1 - inset_right
    if count == 1:
        xs = [(first + last) / 2]
        every = 1
    else:
        spacing = (last - first) / (count - 1)
        xs = [first + spacing * index for index in range(count)]
        every = max(1, math.ceil((label_width + 10) / spacing))

    bottom = 8 + label_rows * SMALL * LEADING + PAD
    plot_bottom = max(height - bottom, plot_top + 120)
    height = plot_bottom + bottom

    def y_of(value):
        return plot_bottom - (plot_bottom - plot_top) * _clamp(value, 0, top) / top

    parts.append('<g class="grid">')
    for tick in ticks:
        parts.append(_line(x0, y_of(tick), x1, y_of(tick), AXIS if tick == 0 else GRID))
    for x in xs:
        parts.append(_line(x, plot_bottom, x, plot_bottom + 4, AXIS))
    parts.append("</g>")
    for tick in ticks:
        parts.append(
            _text(
                x0 - 6,
                y_of(tick) + SMALL * 0.36,
                _count(tick),
                size=SMALL,
                anchor="end",
                fill=MUTED,
                class_="tick",
            )
        )
    for index in range(0, count, every):
        parts.append(
            _text(
                xs[index],
                plot_bottom + 6 + SMALL,
                wrapped[index][0],
                size=SMALL,
                anchor="middle",
                fill=MUTED,
                full=labels[index] if wrapped[index][1] else None,
                class_="xlabel",
            )
        )

    if has_band:
        colour = palette(0)
        parts.append('<g class="bands">')
        for run in _runs([index for index, pair in enumerate(spread) if pair]):
            if len(run) == 1:
                low, high = spread[run[0]]
                shape = _attrs(
                    class_="band",
                    x=xs[run[0]] - 5,
                    y=y_of(high),
                    width=10,
                    height=y_of(low) - y_of(high),
                )
            else:
                outline = [(xs[i], y_of(spread[i][1])) for i in run]
                outline += [(xs[i], y_of(spread[i][0])) for i in reversed(run)]
                shape = _attrs(class_="band", points=_points(outline))
            tag = "rect" if len(run) == 1 else "polygon"
            parts.append(f"<{tag}{shape}{_attrs(fill=colour, fill_opacity=0.16)}/>")
        parts.append("</g>")

    for number, (name, values) in enumerate(data):
        colour = palette(number)
        parts.append('<g class="series">')
        present = [index for index, value in enumerate(values) if value is not None]
        path = "".join(
            "M" + "L".join(f"{_f(xs[i])} {_f(y_of(values[i]))}" for i in run)
            for run in _runs(present)
            if len(run) > 1
        )
        if path:
            style = _attrs(
                d=path,
                fill="none",
                stroke=colour,
                stroke_width=2,
                stroke_dasharray=_dash(number),
                stroke_linejoin="round",
                stroke_linecap="round",
            )
            parts.append(f"<path{style}/>")
        for index in present:
            tip = f"{name} – {labels[index]}: {_one(values[index])}"
            if number == 0 and spread[index]:
                low, high = spread[index]
                tip += f" ({_one(low)}–{_one(high)})"
            parts.append(_marker(number, xs[index], y_of(values[index]), colour, tip))
        parts.append("</g>")

    words = []
    for number, (name, values) in enumerate(data):
        items = []
        for index, label in enumerate(labels):
            value = values[index]
            item = f"{label} {MISSING if value is None else _one(value)}"
            if number == 0 and spread[index]:
                item += f" ({_one(spread[index][0])}–{_one(spread[index][1])})"
            items.append(item)
        words.append(f"{name}: {', '.join(items)}.")
    return _document("trend", width, height, title, " ".join(words), parts)


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _luminance(colour):
    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _text_on(colour):
    """White or dark text, whichever contrasts more with `colour`."""
    background = _luminance(colour)
    on_white = 1.05 / (background + 0.05)
    on_dark = (background + 0.05) / (_luminance(TEXT) + 0.05)
    return "#ffffff" if on_white > on_dark else TEXT


def heat_colour(value, max_value=4):
    """The colour of `value` on the sequential scale from 0 (light) to `max_value` (dark)."""
    share = _clamp(value / _top(max_value), 0, 1) * (len(HEAT_STOPS) - 1)
    index = min(int(share), len(HEAT_STOPS) - 2)
    fraction = share - index
    low, high = _rgb(HEAT_STOPS[index]), _rgb(HEAT_STOPS[index + 1])
    mixed = (round(a + (b - a) * fraction) for a, b in zip(low, high, strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def heatmap(row_labels, column_labels, values, *, max_value=4, title, empty="No data", cell=44):
    """A grid of cells coloured from light (0) to dark (max_value) with the value written in
    each; "—" where a value is missing. Row labels at the left, column labels on top (turned
    when they do not fit across a cell)."""
    rows, columns, title = _labels(row_labels), _labels(column_labels), _clean(title)
    cell = max(_num(cell) or 44, 24)
    if not rows or not columns:
        return _empty("heatmap", title, empty, 420)
    top = _top(max_value)
    grid = []
    for index in range(len(rows)):
        row = list(values[index] or []) if values and index < len(values) else []
        numbers = [_num(value) for value in row[: len(columns)]]
        grid.append(numbers + [None] * (len(columns) - len(numbers)))

    row_max = 200
    wrapped = [_wrap(label, row_max, LABEL_SIZE, 2) for label in rows]
    x0 = PAD + max(_lines_width(lines, LABEL_SIZE) for lines, _ in wrapped) + 8
    column_texts = [_ellipsize(label, 160, LABEL_SIZE) for label in columns]
    column_widths = [_text_width(text, LABEL_SIZE) for text in column_texts]
    turned = max(column_widths) > cell - 6
    grid_right = x0 + cell * len(columns)
    if turned:
        reach = max(
            x0 + cell * (index + 0.5) + 4 + text_width * 0.71
            for index, text_width in enumerate(column_widths)
        )
        header_height = max(column_widths) * 0.71 + LABEL_SIZE + 8
    else:
        reach = grid_right
        header_height = LABEL_SIZE * LEADING + 6
    scale = _integers(top)
    scale_width = len(scale) * 30
    width = max(reach + PAD, grid_right + PAD, x0 + scale_width + PAD, 240)

    parts, y = _header(title, width)
    grid_top = y + header_height
    for index, (text, label) in enumerate(zip(column_texts, columns, strict=True)):
        x = x0 + cell * (index + 0.5)
        full = label if text != label else None
        if turned:
            base_x, base_y = x - 2, grid_top - 6
            parts.append(
                _text(
                    base_x,
                    base_y,
                    text,
                    full=full,
                    class_="column-label",
                    transform=f"rotate(-45 {_f(base_x)} {_f(base_y)})",
                )
            )
        else:
            parts.append(
                _text(x, grid_top - 7, text, anchor="middle", full=full, class_="column-label")
            )
    for index, (label, row) in enumerate(zip(rows, grid, strict=True)):
        y_row = grid_top + cell * index
        parts.append(_label(x0 - 8, y_row + cell / 2, label, row_max, anchor="end", class_="label"))
        for column, value in enumerate(row):
            x = x0 + cell * column
            if value is None:
                fill, text, colour, extra = MISSING_FILL, MISSING, MUTED, "cell missing"
            else:
                fill = heat_colour(value, top)
                text, colour, extra = _one(value), _text_on(fill), "cell"
            tip = f"{label} – {columns[column]}: {text}"
            rect = _attrs(
                class_=extra,
                x=x,
                y=y_row,
                width=cell,
                height=cell,
                fill=fill,
                stroke="#ffffff",
                stroke_width=2,
            )
            parts.append(f"<rect{rect}>{_tip(tip)}</rect>")
            if value is None:
                inset = _attrs(x=x + 3, y=y_row + 3, width=cell - 6, height=cell - 6)
                parts.append(f'<rect{inset} fill="none" stroke="{AXIS}" stroke-dasharray="3 2"/>')
            parts.append(
                _text(
                    x + cell / 2,
                    y_row + cell / 2 + LABEL_SIZE * 0.36,
                    text,
                    anchor="middle",
                    fill=colour,
                    class_="cell-value",
                )
            )
    # The colour scale: one swatch per integer.
    scale_y = grid_top + cell * len(rows) + 10
    parts.append('<g class="scale">')
    for number, tick in enumerate(scale):
        x = x0 + number * 30
        parts.append(
            f"<rect{_attrs(x=x, y=scale_y, width=28, height=10, fill=heat_colour(tick, top))}"
            f' stroke="{AXIS}" stroke-width="0.5"/>'
        )
        parts.append(
            _text(
                x + 14, scale_y + 12 + SMALL, _count(tick), size=SMALL, anchor="middle", fill=MUTED
            )
        )
    parts.append("</g>")
    height = scale_y + 12 + SMALL * LEADING + PAD
    desc = " ".join(
        f"{label}: {_value_words(columns, row)}." for label, row in zip(rows, grid, strict=True)
    )
    return _document("heatmap", width, height, title, desc, parts)

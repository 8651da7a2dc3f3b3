"""The radar (spider) chart: one axis per label, rings at every integer, a polygon per series."""

import math

from dashboards.charts.bars import bars
from dashboards.charts.parts import (
    attrs,
    clean_labels,
    clean_series,
    datum,
    document,
    empty_chart,
    header,
    legend,
    line,
    line_swatch,
    marker,
    points,
    svg_text,
)
from dashboards.charts.style import (
    AXIS,
    FILL_OPACITY,
    GRID,
    LABEL_SIZE,
    LEADING,
    LINE_WIDTH,
    MUTED,
    PAD,
    WHITE,
    series_style,
)
from dashboards.charts.text import (
    clamp,
    clean,
    coordinate,
    count,
    describe,
    integers,
    lines_width,
    num,
    one,
    text_width,
    top_value,
    wrap,
)

MIN_AXES = 3  # fewer axes enclose no area


def radar(labels, series, *, max_value, title, empty="No data", size=360, fluid=False):
    """A radar (spider) chart: one axis per label, rings at every integer 0…max_value, one
    polygon per series (the first filled, the others outlined, e.g. a target). A model of one
    or two areas makes no polygon (a dot, a line): it gets bars of the same values instead."""
    labels, title = clean_labels(labels), clean(title)
    data = clean_series(series, len(labels))
    size = max(num(size) or 360, 200)
    if not labels or not data:
        return empty_chart("radar", title, empty, size, fluid=fluid)
    if len(labels) < MIN_AXES:
        return bars(labels, series, max_value=max_value, title=title, empty=empty, fluid=fluid)
    top = top_value(max_value)
    axes = len(labels)
    radius = size * 0.32
    gap = 10
    label_width = size * 0.34
    line_height = LABEL_SIZE * LEADING

    def direction(index):
        angle = 2 * math.pi * index / axes
        return math.sin(angle), -math.cos(angle)

    # Place the axis labels relative to the centre, then size the drawing around them.
    placed = []
    left = right = radius
    up = down = radius
    for index, text in enumerate(labels):
        dx, dy = direction(index)
        ax, ay = dx * (radius + gap), dy * (radius + gap)
        lines, shortened = wrap(text, label_width, LABEL_SIZE, 3)
        block_width = lines_width(lines, LABEL_SIZE)
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
        placed.append((ax, block_top, lines, anchor, text if shortened else None))
        left, right = max(left, -x_from), max(right, x_to)
        up, down = max(up, -block_top), max(down, block_top + block_height)

    width = max(size, 2 * max(left, right) + 2 * PAD)
    parts, y = header(title, width)
    keys, legend_height = legend([name for name, _ in data], y, width, line_swatch(filled=True))
    parts += keys
    cx, cy = width / 2, y + legend_height + up + 4
    height = cy + down + PAD

    def point(index, value):
        dx, dy = direction(index)
        distance = radius * clamp(value, 0, top) / top
        return cx + dx * distance, cy + dy * distance

    # Rings, spokes, axis labels.
    parts.append('<g class="grid">')
    rings = [ring for ring in integers(top) if ring > 0]
    if not rings or rings[-1] < top:
        rings.append(top)
    for ring in rings:
        stroke = AXIS if ring == rings[-1] else GRID
        ring_points = points(point(index, ring) for index in range(axes))
        parts.append(
            f"<polygon{attrs(class_='ring', points=ring_points, fill='none', stroke=stroke)}/>"
        )
    for index in range(axes):
        x, y_end = point(index, top)
        parts.append(line(cx, cy, x, y_end, GRID))
    parts.append("</g>")
    for ax, block_top, lines, anchor, full in placed:
        parts.append(
            svg_text(
                cx + ax,
                cy + block_top + LABEL_SIZE * 0.85,
                lines,
                anchor=anchor,
                full=full,
                class_="label",
            )
        )
    # The number of each ring, on a light backdrop beside the first axis.
    for ring in integers(top):
        ring_y = cy - radius * ring / top
        text = count(ring)
        backdrop = attrs(x=cx + 6, y=ring_y - 6, width=text_width(text, 9) + 4, height=11, rx=2)
        parts.append(f'<rect{backdrop} fill="{WHITE}" fill-opacity="0.85"/>')
        parts.append(svg_text(cx + 8, ring_y + 3.2, text, size=9, fill=MUTED, class_="tick"))

    # The series.
    for number, (name, values) in enumerate(data):
        style = series_style(number)
        present = [index for index, value in enumerate(values) if value is not None]
        parts.append('<g class="series">')
        stroke = attrs(
            stroke=style.colour,
            stroke_width=LINE_WIDTH,
            stroke_dasharray=style.dash,
            stroke_linejoin="round",
        )
        if len(present) == axes and axes > 1:
            if number == 0:
                fill = attrs(fill=style.colour, fill_opacity=FILL_OPACITY)
            else:
                fill = ' fill="none"'
            shape = points(point(index, values[index]) for index in range(axes))
            parts.append(f'<polygon points="{shape}"{fill}{stroke}/>')
        elif present:
            # A missing value breaks the outline; draw the runs between present neighbours.
            segments = []
            for index in present:
                following = (index + 1) % axes
                if following != index and values[following] is not None:
                    if following == 0 and axes == 2:
                        continue
                    (x1, y1), (x2, y2) = (
                        point(index, values[index]),
                        point(following, values[following]),
                    )
                    segments.append(
                        f"M{coordinate(x1)} {coordinate(y1)}L{coordinate(x2)} {coordinate(y2)}"
                    )
            if segments:
                parts.append(f'<path d="{"".join(segments)}" fill="none"{stroke}/>')
        for index in present:
            x, y_point = point(index, values[index])
            tip = f"{name} – {labels[index]}: {one(values[index])}"
            parts.append(datum(tip, marker(number, x, y_point, tip, radius=3)))
        parts.append("</g>")

    return document("radar", width, height, title, describe(labels, data), parts, fluid=fluid)

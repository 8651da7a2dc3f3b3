"""Horizontal bars: grouped bars of scores on a level axis, and stacked bars of counts."""

import math

from dashboards.charts.parts import (
    box_swatch,
    clean_labels,
    clean_series,
    datum,
    document,
    empty_chart,
    header,
    label,
    legend,
    line,
    rect,
    svg_text,
)
from dashboards.charts.style import (
    AXIS,
    GRID,
    LABEL_SIZE,
    LEADING,
    MUTED,
    PAD,
    SMALL,
    WHITE,
    box_colours,
    series_style,
    text_on,
)
from dashboards.charts.text import (
    MISSING,
    clamp,
    clean,
    count,
    describe,
    integers,
    lines_width,
    num,
    one,
    text_width,
    top_value,
    value_words,
    wrap,
)


def _value_axis(top, x0, plot_width, y_top, y_bottom, texts):
    """Vertical grid lines at each integer with their texts (lists of lines) below."""
    parts = ['<g class="grid">']
    for tick in integers(top):
        x = x0 + plot_width * tick / top
        parts.append(line(x, y_top, x, y_bottom + 4, AXIS if tick == 0 else GRID))
    parts.append("</g>")
    for tick, lines in zip(integers(top), texts, strict=False):
        x = x0 + plot_width * tick / top
        parts.append(
            svg_text(
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


def _label_column(labels, width, share=0.32):
    """Wrapped row labels and the x where the plot starts."""
    max_width = min(width * share, 200)
    wrapped = [wrap(text, max_width, LABEL_SIZE, 3) for text in labels]
    label_width = max(lines_width(lines, LABEL_SIZE) for lines, _ in wrapped)
    return wrapped, PAD + label_width + 8


def bars(
    labels,
    series,
    *,
    max_value,
    tick_labels=None,
    title,
    empty="No data",
    width=560,
    fluid=False,
):
    """Horizontal grouped bars: one group per label, one bar per series, on a 0…max_value axis
    with grid lines at each integer; `tick_labels` (max_value + 1 texts) name the integers."""
    labels, title = clean_labels(labels), clean(title)
    data = clean_series(series, len(labels))
    width = max(num(width) or 560, 280)
    if not labels or not data:
        return empty_chart("bars", title, empty, width, fluid=fluid)
    top = top_value(max_value)
    ticks = integers(top)
    tick_texts = [count(tick) for tick in ticks]
    for tick, text in enumerate(list(tick_labels or [])[: len(ticks)]):
        if text is not None and clean(text).strip():
            tick_texts[tick] = clean(text)

    parts, y = header(title, width)
    keys, legend_height = legend([name for name, _ in data], y, width, box_swatch)
    parts += keys
    plot_top = y + legend_height

    wrapped, x0 = _label_column(labels, width)
    right = 30
    for _ in range(2):  # the tick texts' room depends on the plot's width and back
        spacing = (width - x0 - right) / top
        tick_lines = [wrap(text, max(spacing - 8, 40), SMALL, 3)[0] for text in tick_texts]
        right = max(30, lines_width(tick_lines[-1], SMALL) / 2 + PAD)
        if top > ticks[-1]:
            right = 30
        x0 = max(x0, PAD + lines_width(tick_lines[0], SMALL) / 2)
    plot_width = max(width - x0 - right, 40)

    bars_per_group = len(data)
    bar_height = {1: 18, 2: 14}.get(bars_per_group, 11 if bars_per_group <= 4 else 8)
    value_size = SMALL if bar_height >= 11 else 8
    inner = bars_per_group * bar_height + (bars_per_group - 1) * 2
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
    for index, (text, centre) in enumerate(zip(labels, groups, strict=True)):
        parts.append(label(x0 - 8, centre, text, x0 - 8 - PAD, anchor="end", class_="label"))
        bar_y = centre - inner / 2
        for number, (name, values) in enumerate(data):
            value = values[index]
            middle = bar_y + bar_height / 2 + value_size * 0.36
            if value is None:
                tip = f"{name} – {text}: {MISSING}"
                shown = svg_text(
                    x0 + 4, middle, MISSING, size=value_size, fill=MUTED, class_="missing"
                )
                parts.append(datum(tip, shown))
            else:
                tip = f"{name} – {text}: {one(value)}"
                length = plot_width * clamp(value, 0, top) / top
                bar = rect(
                    tip,
                    class_="bar",
                    x=x0,
                    y=bar_y,
                    width=length,
                    height=bar_height,
                    fill=series_style(number).colour,
                )
                shown = svg_text(
                    x0 + length + 4, middle, one(value), size=value_size, class_="value"
                )
                parts.append(datum(tip, bar, shown))
            bar_y += bar_height + 2
    desc = describe(labels, data)
    return document("bars", width, height, title, desc, parts, fluid=fluid)


def _nice_step(maximum, ticks=5):
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return max(factor * magnitude, 1)
    return max(10 * magnitude, 1)


def stacked_bars(labels, series, *, title, empty="No data", width=560, fluid=False):
    """Horizontal stacked bars of counts: one bar per label made of the series' counts (e.g. the
    teams at each level), the count written inside a segment where it fits, the total after it."""
    labels, title = clean_labels(labels), clean(title)
    data = clean_series(series, len(labels))
    width = max(num(width) or 560, 280)
    if not labels or not data:
        return empty_chart("stacked", title, empty, width, fluid=fluid)
    totals = [sum(max(values[index] or 0, 0) for _, values in data) for index in range(len(labels))]
    step = _nice_step(max(totals))
    top = max(math.ceil(max(totals) / step) * step, step)
    ticks = [step * number for number in range(int(round(top / step)) + 1)]

    colours = box_colours(len(data))
    parts, y = header(title, width)
    keys, legend_height = legend(
        [name for name, _ in data], y, width, lambda index, x, y: box_swatch(index, x, y, colours)
    )
    parts += keys
    plot_top = y + legend_height

    # A narrow drawing (a phone's) gives the names more of its width, or they lose their ends.
    wrapped, x0 = _label_column(labels, width, 0.4 if width < 480 else 0.32)
    right = max(PAD + 8 + text_width(count(top), SMALL), 36)
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
        parts.append(line(x, plot_top, x, plot_bottom + 4, AXIS if tick == 0 else GRID))
    parts.append("</g>")
    for tick in ticks:
        x = x0 + plot_width * tick / top
        parts.append(
            svg_text(
                x,
                plot_bottom + 6 + SMALL,
                count(tick),
                size=SMALL,
                anchor="middle",
                fill=MUTED,
                class_="tick",
            )
        )
    for index, (text, centre) in enumerate(zip(labels, groups, strict=True)):
        parts.append(label(x0 - 8, centre, text, x0 - 8 - PAD, anchor="end", class_="label"))
        x, bar_y = x0, centre - bar_height / 2
        for number, (name, values) in enumerate(data):
            value = values[index]
            if value is None or value <= 0:
                continue
            length = plot_width * value / top
            colour = colours[number]
            tip = f"{text} – {name}: {count(value)}"
            segment = rect(
                tip,
                class_="segment",
                x=x,
                y=bar_y,
                width=length,
                height=bar_height,
                fill=colour,
                stroke=WHITE,
                stroke_width=1,
            )
            shown = ""
            if text_width(count(value), SMALL) + 6 <= length:
                shown = svg_text(
                    x + length / 2,
                    centre + SMALL * 0.36,
                    count(value),
                    size=SMALL,
                    anchor="middle",
                    fill=text_on(colour),
                    class_="value",
                )
            parts.append(datum(tip, segment, shown))
            x += length
        parts.append(
            svg_text(
                x + 5,
                centre + SMALL * 0.36,
                count(totals[index]),
                size=SMALL,
                fill=MUTED,
                class_="total",
            )
        )
    names = [name for name, _ in data]
    desc = " ".join(
        f"{text}: {value_words(names, [v[index] for _, v in data], count)}."
        for index, text in enumerate(labels)
    )
    return document("stacked", width, height, title, desc, parts, fluid=fluid)

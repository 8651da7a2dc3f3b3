"""The trend chart: a line per series over the x labels (e.g. assessments), a spread behind
the first."""

import math

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
    BAND_OPACITY,
    GRID,
    LEADING,
    LINE_WIDTH,
    MUTED,
    PAD,
    SMALL,
    series_style,
)
from dashboards.charts.text import (
    MISSING,
    clamp,
    clean,
    coordinate,
    count,
    integers,
    lines_width,
    num,
    one,
    text_width,
    top_value,
    wrap,
)


def _bands(bands, length):
    result = []
    for item in list(bands or [])[:length]:
        try:
            low, high = (num(value) for value in item)
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
    max_value,
    title,
    empty="No data",
    width=560,
    height=260,
    bands=None,
    fluid=False,
):
    """Lines over the x labels (e.g. assessments), one per series with a marker at each value,
    on a 0…max_value axis; `bands` ((low, high) per label) shade a spread behind the first line.
    X labels are thinned out so that they do not overlap."""
    labels, title = clean_labels(labels), clean(title)
    data = clean_series(series, len(labels))
    width = max(num(width) or 560, 280)
    height = max(num(height) or 260, 160)
    if not labels or not data:
        return empty_chart("trend", title, empty, width, fluid=fluid)
    top = top_value(max_value)
    columns = len(labels)
    spread = _bands(bands, columns)
    has_band = any(spread)

    parts, y = header(title, width)
    keys, legend_height = legend([name for name, _ in data], y, width, line_swatch(filled=has_band))
    parts += keys
    plot_top = y + legend_height + 6

    ticks = integers(top)
    x0 = PAD + max(text_width(count(tick), SMALL) for tick in ticks) + 8
    x1 = width - PAD
    wrapped = [wrap(text, 90, SMALL, 2) for text in labels]
    label_width = max(lines_width(lines, SMALL) for lines, _ in wrapped)
    label_rows = max(len(lines) for lines, _ in wrapped)
    inset_left = clamp(label_width / 2 - (x0 - PAD), 12, 50)
    inset_right = clamp(label_width / 2 - 4, 12, 50)
    first, last = x0 + inset_left, x1 - inset_right
    if columns == 1:
        xs = [(first + last) / 2]
        every = 1
    else:
        spacing = (last - first) / (columns - 1)
        xs = [first + spacing * index for index in range(columns)]
        every = max(1, math.ceil((label_width + 10) / spacing))

    bottom = 8 + label_rows * SMALL * LEADING + PAD
    plot_bottom = max(height - bottom, plot_top + 120)
    height = plot_bottom + bottom

    def y_of(value):
        return plot_bottom - (plot_bottom - plot_top) * clamp(value, 0, top) / top

    parts.append('<g class="grid">')
    for tick in ticks:
        parts.append(line(x0, y_of(tick), x1, y_of(tick), AXIS if tick == 0 else GRID))
    for x in xs:
        parts.append(line(x, plot_bottom, x, plot_bottom + 4, AXIS))
    parts.append("</g>")
    for tick in ticks:
        parts.append(
            svg_text(
                x0 - 6,
                y_of(tick) + SMALL * 0.36,
                count(tick),
                size=SMALL,
                anchor="end",
                fill=MUTED,
                class_="tick",
            )
        )
    for index in range(0, columns, every):
        parts.append(
            svg_text(
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
        colour = series_style(0).colour
        parts.append('<g class="bands">')
        for run in _runs([index for index, pair in enumerate(spread) if pair]):
            if len(run) == 1:
                low, high = spread[run[0]]
                shape = attrs(
                    class_="band",
                    x=xs[run[0]] - 5,
                    y=y_of(high),
                    width=10,
                    height=y_of(low) - y_of(high),
                )
            else:
                outline = [(xs[i], y_of(spread[i][1])) for i in run]
                outline += [(xs[i], y_of(spread[i][0])) for i in reversed(run)]
                shape = attrs(class_="band", points=points(outline))
            tag = "rect" if len(run) == 1 else "polygon"
            parts.append(f"<{tag}{shape}{attrs(fill=colour, fill_opacity=BAND_OPACITY)}/>")
        parts.append("</g>")

    for number, (name, values) in enumerate(data):
        style = series_style(number)
        parts.append('<g class="series">')
        present = [index for index, value in enumerate(values) if value is not None]
        path = "".join(
            "M" + "L".join(f"{coordinate(xs[i])} {coordinate(y_of(values[i]))}" for i in run)
            for run in _runs(present)
            if len(run) > 1
        )
        if path:
            stroke = attrs(
                d=path,
                fill="none",
                stroke=style.colour,
                stroke_width=LINE_WIDTH,
                stroke_dasharray=style.dash,
                stroke_linejoin="round",
                stroke_linecap="round",
            )
            parts.append(f"<path{stroke}/>")
        for index in present:
            tip = f"{name} – {labels[index]}: {one(values[index])}"
            if number == 0 and spread[index]:
                low, high = spread[index]
                tip += f" ({one(low)}–{one(high)})"
            parts.append(datum(tip, marker(number, xs[index], y_of(values[index]), tip)))
        parts.append("</g>")

    words = []
    for number, (name, values) in enumerate(data):
        items = []
        for index, text in enumerate(labels):
            value = values[index]
            item = f"{text} {MISSING if value is None else one(value)}"
            if number == 0 and spread[index]:
                item += f" ({one(spread[index][0])}–{one(spread[index][1])})"
            items.append(item)
        words.append(f"{name}: {', '.join(items)}.")
    return document("trend", width, height, title, " ".join(words), parts, fluid=fluid)

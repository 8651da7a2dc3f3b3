"""The heat map: teams × areas, each cell coloured by its value and labelled with it."""

from dataclasses import dataclass

from dashboards.charts.parts import (
    attrs,
    clean_labels,
    datum,
    document,
    empty_chart,
    header,
    label,
    rect,
    svg_text,
)
from dashboards.charts.style import (
    AXIS,
    LABEL_SIZE,
    LEADING,
    MISSING_FILL,
    MUTED,
    PAD,
    SMALL,
    WHITE,
    heat_colour,
    text_on,
)
from dashboards.charts.text import (
    MISSING,
    clean,
    coordinate,
    count,
    integers,
    lines_width,
    num,
    one,
    text_width,
    top_value,
    value_words,
    wrap,
)

ROW_MAX = 200  # the row labels' widest column before they wrap
CELL = 44


@dataclass(frozen=True)
class _Layout:
    x0: float  # where the grid starts, right of the row labels
    column_texts: list  # the lines of each column label
    turned: bool  # column labels turned by 45° (they do not fit across a cell)
    header_height: float
    scale: list  # the integers of the colour scale
    width: float


def _layout(rows, columns, cell, top):
    """Where the grid starts and how wide the drawing is, from the labels' widths."""
    wrapped = [wrap(text, ROW_MAX, LABEL_SIZE, 3) for text in rows]
    x0 = PAD + max(lines_width(lines, LABEL_SIZE) for lines, _ in wrapped) + 8
    # Column labels that do not fit across a cell are turned and wrapped onto up to three lines
    # (long German area names), not cut.
    column_texts = [[text] for text in columns]
    turned = max(text_width(text, LABEL_SIZE) for text in columns) > cell - 6
    if turned:
        column_texts = [wrap(text, 150, LABEL_SIZE, 3)[0] for text in columns]
    column_widths = [lines_width(lines, LABEL_SIZE) for lines in column_texts]
    extra_lines = max(len(lines) for lines in column_texts) - 1
    grid_right = x0 + cell * len(columns)
    if turned:
        reach = max(
            x0 + cell * (index + 0.5) + 4 + width * 0.71
            for index, width in enumerate(column_widths)
        )
        header_height = (max(column_widths) + extra_lines * LABEL_SIZE * LEADING) * 0.71
        header_height += LABEL_SIZE + 8
    else:
        reach = grid_right
        header_height = LABEL_SIZE * LEADING + 6
    scale = integers(top)
    width = max(reach + PAD, grid_right + PAD, x0 + len(scale) * 30 + PAD, 240)
    return _Layout(x0, column_texts, turned, header_height, scale, width)


def column_chunks(row_labels, column_labels, *, max_width, max_value, cell=CELL):
    """The columns split into consecutive ranges (start, stop) whose heat maps (each with all
    the row labels) are at most `max_width` wide, such as a PDF page's text: as few ranges as
    fit, of about equal size. A column too wide on its own is a range by itself."""
    rows, columns = clean_labels(row_labels), clean_labels(column_labels)
    if not rows or not columns:
        return [(0, len(columns))]
    cell, top = max(num(cell) or CELL, 24), top_value(max_value)

    def fits(start, stop):
        return _layout(rows, columns[start:stop], cell, top).width <= max_width

    greedy, start = [], 0
    while start < len(columns):
        stop = start + 1
        while stop < len(columns) and fits(start, stop + 1):
            stop += 1
        greedy.append((start, stop))
        start = stop
    # The same number of ranges, evenly sized (15 columns as 8 + 7 rather than 12 + 3), when
    # they fit too.
    size, larger = divmod(len(columns), len(greedy))
    even, start = [], 0
    for index in range(len(greedy)):
        stop = start + size + (index < larger)
        even.append((start, stop))
        start = stop
    return even if all(fits(start, stop) for start, stop in even) else greedy


def heatmap(
    row_labels,
    column_labels,
    values,
    *,
    max_value,
    title,
    empty="No data",
    cell=CELL,
    fluid=False,
):
    """A grid of cells coloured from light (0) to dark (max_value) with the value written in
    each; "—" where a value is missing. Row labels at the left, column labels on top (turned
    when they do not fit across a cell)."""
    rows, columns, title = clean_labels(row_labels), clean_labels(column_labels), clean(title)
    cell = max(num(cell) or CELL, 24)
    if not rows or not columns:
        return empty_chart("heatmap", title, empty, 420, fluid=fluid)
    top = top_value(max_value)
    grid = []
    for index in range(len(rows)):
        row = list(values[index] or []) if values and index < len(values) else []
        numbers = [num(value) for value in row[: len(columns)]]
        grid.append(numbers + [None] * (len(columns) - len(numbers)))

    layout = _layout(rows, columns, cell, top)
    x0, column_texts, turned, scale = layout.x0, layout.column_texts, layout.turned, layout.scale
    width, header_height = layout.width, layout.header_height

    parts, y = header(title, width)
    grid_top = y + header_height
    for index, (text, full_text) in enumerate(zip(column_texts, columns, strict=True)):
        x = x0 + cell * (index + 0.5)
        full = full_text if " ".join(text) != full_text else None
        if turned:
            base_x, base_y = x - 2, grid_top - 6
            turn = f"rotate(-45 {coordinate(base_x)} {coordinate(base_y)})"
            # The last line ends at the cell; earlier lines sit above it (in the turned frame).
            first_y = base_y - (len(text) - 1) * LABEL_SIZE * LEADING
            parts.append(
                svg_text(base_x, first_y, text, full=full, class_="column-label", transform=turn)
            )
        else:
            parts.append(
                svg_text(x, grid_top - 7, text, anchor="middle", full=full, class_="column-label")
            )
    for index, (row_label, row) in enumerate(zip(rows, grid, strict=True)):
        y_row = grid_top + cell * index
        parts.append(
            label(x0 - 8, y_row + cell / 2, row_label, ROW_MAX, anchor="end", class_="label")
        )
        for column, value in enumerate(row):
            x = x0 + cell * column
            if value is None:
                fill, text, colour, classes = MISSING_FILL, MISSING, MUTED, "cell missing"
            else:
                fill = heat_colour(value, top)
                text, colour, classes = one(value), text_on(fill), "cell"
            tip = f"{row_label} – {columns[column]}: {text}"
            content = [
                rect(
                    tip,
                    class_=classes,
                    x=x,
                    y=y_row,
                    width=cell,
                    height=cell,
                    fill=fill,
                    stroke=WHITE,
                    stroke_width=2,
                )
            ]
            if value is None:
                inset = attrs(x=x + 3, y=y_row + 3, width=cell - 6, height=cell - 6)
                content.append(f'<rect{inset} fill="none" stroke="{AXIS}" stroke-dasharray="3 2"/>')
            content.append(
                svg_text(
                    x + cell / 2,
                    y_row + cell / 2 + LABEL_SIZE * 0.36,
                    text,
                    anchor="middle",
                    fill=colour,
                    class_="cell-value",
                )
            )
            parts.append(datum(tip, *content))
    # The colour scale: one swatch per integer.
    scale_y = grid_top + cell * len(rows) + 10
    parts.append('<g class="scale">')
    for number, tick in enumerate(scale):
        x = x0 + number * 30
        swatch = attrs(x=x, y=scale_y, width=28, height=10, fill=heat_colour(tick, top))
        parts.append(f'<rect{swatch} stroke="{AXIS}" stroke-width="0.5"/>')
        parts.append(
            svg_text(
                x + 14, scale_y + 12 + SMALL, count(tick), size=SMALL, anchor="middle", fill=MUTED
            )
        )
    parts.append("</g>")
    height = scale_y + 12 + SMALL * LEADING + PAD
    desc = " ".join(
        f"{row_label}: {value_words(columns, row)}."
        for row_label, row in zip(rows, grid, strict=True)
    )
    return document("heatmap", width, height, title, desc, parts, fluid=fluid)

"""One chart, drawn twice from the same numbers: server-side SVG (no JavaScript, PDF) and
the JSON that static/js/charts.js hands to Chart.js in the browser."""

from dataclasses import dataclass
from itertools import count

from dashboards.charts import svg as charts

_ids = count(1)


@dataclass
class Chart:
    kind: str  # radar, bars, stacked, trend
    title: str
    labels: list
    datasets: list  # [(name, values)]
    max: int = 4
    tick_labels: list | None = None
    band: list | None = None

    def __post_init__(self):
        self.id = f"chart-{next(_ids)}"

    @property
    def empty(self):
        return not self.labels or not self.datasets

    @property
    def svg(self):
        series = [(name, values) for name, values in self.datasets]
        if self.kind == "radar":
            return charts.radar(self.labels, series, max_value=self.max, title=self.title)
        if self.kind == "bars":
            return charts.bars(
                self.labels,
                series,
                max_value=self.max,
                tick_labels=self.tick_labels,
                title=self.title,
            )
        if self.kind == "stacked":
            return charts.stacked_bars(self.labels, series, title=self.title)
        return charts.trend(
            self.labels, series, max_value=self.max, title=self.title, bands=self.band
        )

    @property
    def data(self):
        return {
            "kind": self.kind,
            "title": self.title,
            "labels": self.labels,
            "max": self.max,
            "tickLabels": self.tick_labels,
            "band": self.band,
            "datasets": [
                {"label": name, "data": [None if v is None else round(v, 2) for v in values]}
                for name, values in self.datasets
            ],
        }

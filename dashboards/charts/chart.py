"""One chart of a page: its numbers, drawn as inline SVG that scales with its container."""

from dataclasses import dataclass

from dashboards.charts.bars import bars, stacked_bars
from dashboards.charts.radar import radar
from dashboards.charts.trend import trend

PHONE_WIDTH = 360  # a 390 px phone less the page's margins


@dataclass
class Chart:
    kind: str  # radar, bars, stacked, trend
    title: str
    labels: list
    datasets: list  # [(name, values)]
    max: int | None = None  # the model's top level; every kind but stacked needs it
    tick_labels: list | None = None
    band: list | None = None

    @property
    def empty(self):
        return not self.labels or not self.datasets

    @property
    def svg(self):
        series = [(name, values) for name, values in self.datasets]
        if self.max is None and self.kind != "stacked":
            # The scale is the model's (its top level), never an assumed one.
            raise ValueError(f"a {self.kind} chart needs the model's top level as max")
        if self.kind == "radar":
            return radar(self.labels, series, max_value=self.max, title=self.title, fluid=True)
        if self.kind == "bars":
            return bars(
                self.labels,
                series,
                max_value=self.max,
                tick_labels=self.tick_labels,
                title=self.title,
                fluid=True,
            )
        if self.kind == "stacked":
            # Drawn for a phone's width: at 560 it shrank there to a thin strip of 7 px text;
            # app.css caps how far it grows on a wide screen.
            return stacked_bars(
                self.labels, series, title=self.title, width=PHONE_WIDTH, fluid=True
            )
        return trend(
            self.labels, series, max_value=self.max, title=self.title, bands=self.band, fluid=True
        )

"""The chart functions at the scale of the MLOps model (levels 0 to 4), which the chart tests
draw with. The functions themselves take each model's top level and have no default: a page
that forgot to pass it would draw every model on a 0–4 scale."""

from functools import partial
from types import SimpleNamespace

from dashboards import charts as drawn

MLOPS_TOP = 4

charts = SimpleNamespace(**{name: getattr(drawn, name) for name in drawn.__all__})
for _name in ("radar", "bars", "trend", "heatmap", "heat_colour"):
    setattr(charts, _name, partial(getattr(drawn, _name), max_value=MLOPS_TOP))
charts.column_chunks = partial(drawn.column_chunks, max_value=MLOPS_TOP)
charts.Chart = partial(drawn.Chart, max=MLOPS_TOP)

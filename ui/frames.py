"""Frames: what the page shows of a run at one moment, taken while the run is locked.

The play loop steps the model in a thread while the page renders in others (a click, a
slider). A view that read the live model could catch it half-way through a step (a time
series one row longer in one column than another). So the run makes a :class:`Frame` after
each advance, under its lock, and the views draw frames only: plain numbers, lists and
encoded images, never the model.

Making a frame is cheap: units and marks are a few numpy operations packed into one string
each; the map's overlay
images are re-encoded only when their layer changed; charts and summary only when the model
has collected a new sample (hourly by default), and while playing at most
``CHART_REFRESH_HZ`` times a second (redrawing six charts is the page's dearest work, and
charts that change four times a second read as smoothly as the map).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

from .charts import chart_specs, sample_count, summary_rows
from .layers import MARK_STEPS, MapLayers, clock, mark_table, unit_table

CHART_REFRESH_HZ = 4.0


def side_names(model) -> list[str]:
    """Short side names for the map and charts: the scenario's own when short, else the
    colour ("red", "blue")."""
    out = []
    for side, p in zip(("red", "blue"), model.side_params, strict=True):
        name = (p.name or side).strip()
        out.append(name if len(name) <= 12 else side)
    return out


@dataclass(frozen=True, eq=False)
class MapFrame:
    """Everything the map draws (see ``map.vue``)."""

    step: int
    day: float
    title: str
    clock: str
    terrain: str
    control: str
    zones: str
    mines: str
    units: str  # packed table (layers.UNIT_COLUMNS; read it with layers.decode_units)
    marks: str  # packed table (layers.MARK_COLUMNS)
    mined: int
    nx: int
    ny: int
    cell_km: float
    side_names: list
    mark_window: int


@dataclass(frozen=True, eq=False)
class Frame:
    """One moment of a run: the map, where the run stands, charts and summary."""

    map: MapFrame
    steps: int
    day: float
    run_days: float
    samples: int
    attacker: int
    names: list
    timeseries: pd.DataFrame = field(repr=False)
    charts: list = field(repr=False)
    summary: list = field(repr=False)

    @property
    def finished(self) -> bool:
        return self.day >= self.run_days - 1e-9


class FrameMaker:
    """Makes the frames of one model, caching what changes slowly."""

    def __init__(self, model):
        self.model = model
        self.layers = MapLayers(model)
        self.names = side_names(model)
        self._samples = -1
        self._slow: tuple = ()
        self._slow_at = -1e9

    def make(self, mark_window: int = MARK_STEPS, throttle: bool = False) -> Frame:
        """The frame of the model as it is now (call with the run locked); with
        ``throttle`` (playing), charts and summary may lag a fraction of a second."""
        m, s = self.model, self.model.scales
        n = sample_count(m)
        now = time.monotonic()
        due = not throttle or now - self._slow_at >= 1.0 / CHART_REFRESH_HZ
        if n != self._samples and due:  # a new sample: charts and summary
            ts = m.timeseries()
            self._slow = (
                ts,
                chart_specs(ts, self.names, m.attacker),
                summary_rows(m.summary(), self.names),
            )
            self._samples, self._slow_at = n, now
        ts, charts, summary = self._slow
        n = len(ts)
        window = max(MARK_STEPS, int(mark_window))
        mp = MapFrame(
            step=int(m.steps),
            day=round(float(m.day), 4),
            title=m.params.name.replace("_", " "),
            clock=clock(m),
            terrain=self.layers.terrain,
            control=self.layers.control(),
            zones=self.layers.zones(),
            mines=self.layers.mines(),
            units=unit_table(m),
            marks=mark_table(m, window),
            mined=self.layers.mined_cells(),
            nx=s.nx,
            ny=s.ny,
            cell_km=s.cell_km,
            side_names=self.names,
            mark_window=window,
        )
        return Frame(
            map=mp,
            steps=int(m.steps),
            day=float(m.day),
            run_days=float(m.params.run.days),
            samples=n,
            attacker=int(m.attacker),
            names=self.names,
            timeseries=ts,
            charts=charts,
            summary=summary,
        )

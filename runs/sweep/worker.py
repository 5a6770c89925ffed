"""What a worker does for one run of a sweep: run the battle, shape one row, never raise.

This module is what the process pool preloads and what Dask workers import, so it stays small
and imports only the model. :func:`execute` returns a :class:`RunOutcome` whatever happens:
a run that raises becomes a row with ``status = "error"``, the error in one line and the
traceback, so the sweep goes on and the failure is on record.
"""

from __future__ import annotations

import math
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...model.schema import Scenario
from ..single import run

STATUS_OK = "ok"
STATUS_ERROR = "error"


@dataclass(frozen=True)
class RunTask:
    """One run: a design point at one replication (its seed is the replication's)."""

    run_id: int
    point: int
    replication: int
    seed: int
    factors: dict[str, Any]


@dataclass(frozen=True)
class RunContext:
    """What every run of a sweep shares: the base scenario, length, and what to keep."""

    scenario: Scenario
    days: float
    measures: tuple[str, ...]
    ts_every_hours: float | None = None
    ts_measures: tuple[str, ...] | None = None


@dataclass
class RunOutcome:
    """A finished run: its row (ids, factors, measures, status) and optional time series."""

    row: dict[str, Any]
    timeseries: pd.DataFrame | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.row["status"] == STATUS_OK


def base_row(task: RunTask) -> dict[str, Any]:
    """The identifying part of a row."""
    return {
        "run_id": task.run_id,
        "point": task.point,
        "replication": task.replication,
        "seed": task.seed,
        **task.factors,
    }


def execute(context: RunContext, task: RunTask) -> RunOutcome:
    """Run one battle and return its row; exceptions are caught and recorded."""
    t0, c0 = time.perf_counter(), time.process_time()
    row = base_row(task)
    ts = None
    try:
        result = run(context.scenario, days=context.days, seed=task.seed, overrides=task.factors)
        summary = result.row
        row.update({m: _float(summary.get(m)) for m in context.measures})
        row.update(status=STATUS_OK, error=None, traceback=None)
        if context.ts_every_hours:
            ts = thin_timeseries(result.timeseries, context.ts_every_hours, context.ts_measures)
            ts.insert(0, "run_id", task.run_id)
    except Exception as e:  # noqa: BLE001 - any failure of a run is data, not a crash
        row.update({m: math.nan for m in context.measures})
        row.update(status=STATUS_ERROR, error=error_line(e), traceback=traceback.format_exc())
    row["elapsed_s"] = time.perf_counter() - t0
    row["cpu_s"] = time.process_time() - c0  # below elapsed_s when the machine is busy
    return RunOutcome(row, ts)


def error_line(e: BaseException) -> str:
    """``Type: message (file.py:line in function)`` for the innermost frame."""
    text = f"{type(e).__name__}: {e}"
    tb = traceback.extract_tb(e.__traceback__)
    if tb:
        f = tb[-1]
        where = "/".join(f.filename.replace("\\", "/").split("/")[-2:])
        text += f" ({where}:{f.lineno} in {f.name})"
    return text


def thin_timeseries(
    ts: pd.DataFrame, every_hours: float, measures: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Keep one sample every ``every_hours`` (by the ``day`` column) and the last one."""
    cols = ["day", *(measures if measures is not None else [c for c in ts.columns if c != "day"])]
    out = ts.reindex(columns=cols)
    hours = out["day"].to_numpy(dtype=float) * 24.0
    k = np.round(hours / every_hours)
    keep = np.isclose(hours, k * every_hours, atol=1e-6)
    keep[-1:] = True
    return out.loc[keep].reset_index(drop=True).astype("float64")


def _float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan

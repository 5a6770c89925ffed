"""The runs of an earlier ``droneline validate`` kept in its output folder, as data only, so
``--reuse`` can skip them: ``OUT/runs-cache/`` holds ``index.json`` (each run's key and
summary) and two Parquet files (time series and strike-depth records, by run number).

It replaces a pickle (``runs.pkl``), which ran whatever code its writer chose when loaded:
this cache is JSON and Parquet, read through the input gate, and a file that is not what
it should be is ignored (its runs are run again), never executed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...model.inputs import read_text
from ...model.schema import ScenarioError

FOLDER, INDEX, TS, DEPTH = "runs-cache", "index.json", "ts.parquet", "depth.parquet"
FORMAT = 1
MAX_INDEX_BYTES = 256 * 2**20  # one summary per run: ~2 kB each


def save(out: Path, results: dict[tuple, dict], seconds: float) -> None:
    """Write ``results`` (run key -> {"summary", "ts", "depth"}) into ``out/runs-cache``."""
    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    runs, ts, depth = [], [], []
    for i, (key, res) in enumerate(results.items()):
        runs.append({"key": list(key), "summary": res["summary"]})
        ts.append(res["ts"].assign(_run=i))
        depth.append(res["depth"].assign(_run=i))
    index = {"format": FORMAT, "seconds": seconds, "runs": runs}
    tmp = folder / f".{INDEX}.tmp"
    tmp.write_text(json.dumps(index, default=_plain))
    if runs:
        pd.concat(ts, ignore_index=True).to_parquet(folder / TS, index=False)
        pd.concat(depth, ignore_index=True).to_parquet(folder / DEPTH, index=False)
    tmp.replace(folder / INDEX)  # last: an index names only runs whose tables are written


def load(out: Path) -> tuple[dict[tuple, dict], float]:
    """The runs kept in ``out/runs-cache`` and the seconds they took; nothing (all runs are
    run again) when there is no cache or it is not one this version wrote."""
    folder = Path(out) / FOLDER
    try:
        index = json.loads(
            read_text(folder / INDEX, str(folder / INDEX), max_bytes=MAX_INDEX_BYTES)
        )
        if not isinstance(index, dict) or index.get("format") != FORMAT:
            return {}, 0.0
        runs = index["runs"]
        if not runs:
            return {}, float(index["seconds"])
        ts = pd.read_parquet(folder / TS)
        depth = pd.read_parquet(folder / DEPTH)
        ts_by, depth_by = dict(tuple(ts.groupby("_run"))), dict(tuple(depth.groupby("_run")))
        out_runs = {}
        for i, run in enumerate(runs):
            key = _key(run["key"])
            out_runs[key] = {
                "summary": dict(run["summary"]),
                "ts": _part(ts_by, i, ts),
                "depth": _part(depth_by, i, depth),
            }
        return out_runs, float(index["seconds"])
    except (ScenarioError, OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}, 0.0


def _part(by: dict, i: int, whole: pd.DataFrame) -> pd.DataFrame:
    part = by.get(i, whole.iloc[0:0])
    return part.drop(columns="_run").reset_index(drop=True)


def _key(raw: list) -> tuple:
    """A run key as :func:`~droneline.runs.validation.execution.run_key` makes it (JSON
    turned its tuples into lists)."""
    scenario, overrides, days, seed = raw
    return (scenario, tuple(tuple(_tuple(x) for x in pair) for pair in overrides), days, seed)


def _tuple(x: Any) -> Any:
    return tuple(_tuple(v) for v in x) if isinstance(x, list) else x


def _plain(x: Any) -> Any:
    if isinstance(x, np.generic):
        return x.item()
    raise TypeError(f"cannot keep {type(x).__name__} in the validation cache")

"""Running the validation experiments: every distinct (arm, seed) once, shared between
experiments (V4 and V8 reuse the drone-line runs of V1) and spread over worker processes; a
run's result depends only on its seed."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from ...model.scenario import load_scenario
from ...model.schema import SIDES, Event
from ..single import run
from .experiments import Arm, Experiment, technology

STRIKE_TYPES = ("fpv_radio", "fpv_fibre", "bomber")
TS_COLUMNS = (
    "day",
    "advance_km",
    "casualties_red",
    "casualties_blue",
    "casualties_red_drone",
    "casualties_blue_drone",
    "positions_held_red",
    "positions_held_blue",
    "supply_days_red",
    "supply_days_blue",
    "strength_red",
    "strength_blue",
    "gained_blue_km2",
    "gained_red_km2",
)
EVENT = "__event__"  # marks the run key of an arm that gets the experiment's technology event


def run_key(e: Experiment, arm: Arm, seed: int) -> tuple:
    """(scenario, overrides, days, seed) of one arm's run; the second arm of an experiment
    with ``extra.event`` also gets the technology event."""
    key = arm.key(e.days, seed)
    if e.extra.get("event") and arm is e.arms[1]:
        key = (key[0], (*key[1], (EVENT, True)), key[2], key[3])
    return key


def _run_key(key: tuple) -> dict:
    """Run one (scenario, overrides, days, seed) and keep what the estimators need."""
    scenario_name, overrides, days, seed = key
    overrides = dict(overrides)
    event = overrides.pop(EVENT, None)
    scenario = load_scenario(scenario_name, overrides)
    if event:
        tech = technology()
        scenario.events = [
            Event(
                day=tech["day"],
                side=tech["side"],
                label=tech["label"],
                copy_lag_days=tech["copy_lag_days"],
                set=dict(tech["set"]),
            )
        ]
    result = run(scenario, days=days, seed=seed)
    full = result.timeseries
    ts = full[[c for c in TS_COLUMNS if c in full]].astype("float32")
    for side in SIDES:
        ts[f"hits_{side}"] = full[[c for c in full if c.startswith(f"hits_{side}_")]].sum(axis=1)
        ts[f"strikes_{side}"] = full[[f"sorties_{side}_{t}" for t in STRIKE_TYPES]].sum(axis=1)
    return {"summary": result.row, "ts": ts, "depth": result.strike_depth}


def run_all(
    exps: Sequence[Experiment],
    seeds: Sequence[int],
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    known: dict | None = None,
) -> dict[tuple, dict]:
    """Run every distinct (arm, seed) once (skipping those in ``known``); return results by
    run key."""
    keys = [run_key(e, arm, seed) for e in exps for arm in e.arms for seed in seeds]
    keys = list(dict.fromkeys(keys))
    out: dict[tuple, dict] = {k: known[k] for k in keys if known and k in known}
    keys = [k for k in keys if k not in out]
    # longest first keeps the workers busy
    keys.sort(key=lambda k: -k[2])
    if workers <= 1:
        for i, k in enumerate(keys):
            out[k] = _run_key(k)
            if progress:
                progress(i + 1, len(keys))
        return out
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("forkserver")) as ex:
        for i, (k, res) in enumerate(zip(keys, ex.map(_run_key, keys, chunksize=1), strict=True)):
            out[k] = res
            if progress:
                progress(i + 1, len(keys))
    return out


def arm_results(e: Experiment, arm: Arm, seeds: Sequence[int], results: dict) -> list[dict]:
    """The results of one arm's runs, in the order of ``seeds``."""
    return [results[run_key(e, arm, seed)] for seed in seeds]

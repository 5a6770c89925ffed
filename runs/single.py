"""One battle from start to finish: the function every other way of running goes through.

``run(scenario, days=, seed=, overrides=)`` builds a :class:`BattlefieldModel`, runs it, and
returns a :class:`RunResult` with the one-row summary, the time series, the final map state
and the strike-depth records; ``RunResult.save(dir)`` writes them as Parquet plus one PNG.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..model.model import BattlefieldModel
from ..model.scenario import load_scenario, to_dict, with_overrides
from ..model.schema import SIDES, Scenario


@dataclass
class RunResult:
    """What one run leaves behind."""

    summary: pd.DataFrame  # one row
    timeseries: pd.DataFrame
    scenario: Scenario
    strike_depth: pd.DataFrame  # drone sorties and casualties by depth beyond the front
    events: list[dict] = field(default_factory=list)
    model: BattlefieldModel | None = None  # kept when asked (for maps); not pickled

    @property
    def row(self) -> dict[str, Any]:
        """The summary as a plain dict."""
        return self.summary.iloc[0].to_dict()

    def save(self, out: str | Path, figure: bool = True) -> dict[str, Path]:
        """Write ``summary.parquet``, ``timeseries.parquet``, ``strike_depth.parquet``,
        ``scenario.json`` and (with a model) ``battle.png`` into ``out``."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = {
            "summary": out / "summary.parquet",
            "timeseries": out / "timeseries.parquet",
            "strike_depth": out / "strike_depth.parquet",
            "scenario": out / "scenario.json",
        }
        self.summary.to_parquet(paths["summary"], index=False)
        self.timeseries.to_parquet(paths["timeseries"], index=False)
        self.strike_depth.to_parquet(paths["strike_depth"], index=False)
        paths["scenario"].write_text(json.dumps(to_dict(self.scenario), indent=2, default=str))
        if figure and self.model is not None:
            from .plots import battle_figure

            paths["figure"] = out / "battle.png"
            battle_figure(self.model, self.timeseries).savefig(paths["figure"], dpi=110)
        return paths


def run(
    scenario: Scenario | str | Path = "pokrovsk_drone_line",
    *,
    days: float | None = None,
    seed: int = 0,
    overrides: Mapping[str, Any] | None = None,
    keep_model: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RunResult:
    """Run one battle and return its results.

    Args:
        scenario: a Scenario, preset name or path to a scenario TOML file.
        days: run length (default: the scenario's ``run.days``).
        seed: the battle's seed; the same seed gives the same run in any process.
        overrides: parameters to change, by dotted name.
        keep_model: keep the finished model on the result (for maps and inspection).
        progress: called with 1 after every step (e.g. a tqdm bar's ``update``).
    """
    if isinstance(scenario, Scenario):
        scenario = with_overrides(scenario, overrides) if overrides else scenario
    else:
        scenario = load_scenario(scenario, overrides)
    model = BattlefieldModel(scenario, seed=seed)
    model.run_days(scenario.run.days if days is None else days, progress=progress)
    return result_of(model, keep_model=keep_model)


def result_of(model: BattlefieldModel, keep_model: bool = True) -> RunResult:
    """Package a (finished or running) model's results."""
    ts = model.timeseries().reset_index(drop=True)
    summary = pd.DataFrame([model.summary()])
    tally = model.tally
    rows = []
    edges = model.depth_edges_km  # 1 km bins over the map's whole depth
    for side_index, side in enumerate(SIDES):
        for b in range(len(edges) - 1):
            rows.append(
                {
                    "side": side,
                    "depth_km": float(edges[b]) + 0.5,
                    "sorties": float(tally.strike_depth[side_index, b]),
                    "casualties": float(tally.casualty_depth[side_index, b]),
                }
            )
    depth = pd.DataFrame(rows)
    return RunResult(
        summary=summary,
        timeseries=ts,
        scenario=model.params,
        strike_depth=depth,
        events=list(model.event_log),
        model=model if keep_model else None,
    )


def steps_for(scenario: Scenario, days: float | None = None) -> int:
    """Number of steps a run of ``days`` takes."""
    d = scenario.run.days if days is None else days
    return int(np.ceil(d * 24.0 * 60.0 / scenario.run.step_minutes - 1e-9))

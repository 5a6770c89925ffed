"""The degenerate check: with terrain, sensing and movement off and every unit in view of
every enemy, direct-fire attrition should follow Lanchester's square law.

Lanchester's state equation for two forces R and B with equal effectiveness is
``R0**n - R**n = B0**n - B**n``: n = 2 is the square law (aimed fire), n = 1 the linear law
(area fire). We run battles between two lines of positions from several force ratios, fit n
to all trajectories by least squares, and compare the fit of n = 2 and n = 1.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from ..single import run
from .experiments import lanchester_declaration

# (red positions, blue positions) x garrison, declared in experiments.toml
RATIOS = tuple(tuple(ratio) for ratio in lanchester_declaration()["ratios"])
GARRISON = lanchester_declaration()["garrison"]


def degenerate_overrides(red_positions: int, blue_positions: int) -> dict:
    """Everything but direct fire switched off; everyone in range and in view."""
    ov = {
        "switches.terrain": False,
        "switches.movement": False,
        "switches.reinforcements": False,
        "switches.logistics": False,
        "sensing.enabled": False,
        "map.frontage_km": 1.0,
        "map.depth_km": 4.0,
        "combat.range_km": 3.0,
        "combat.assault_range_km": 0.05,
        "combat.assault_factor": 1.0,
        "combat.suppression_per_casualty": 0.0,
        "combat.suppression_per_strike": 0.0,
        "run.metrics_interval_minutes": 10.0,
    }
    for side, n in (("red", red_positions), ("blue", blue_positions)):
        ov.update(
            {
                f"{side}.defence.positions": n,
                f"{side}.defence.garrison": GARRISON,
                f"{side}.defence.belt_km": 0.4,
                f"{side}.defence.fortification": 0.0,
                f"{side}.drones.units": 0,
                f"{side}.ew.stations": 0,
                f"{side}.artillery.batteries": 0,
            }
        )
    return ov


def _trajectory(args) -> np.ndarray:
    (r, b), seed, days = args
    res = run("pokrovsk_drone_line", days=days, seed=seed, overrides=degenerate_overrides(r, b))
    ts = res.timeseries
    return ts[["strength_red", "strength_blue"]].to_numpy(dtype=float)


def residual(n: float, trajectories: Sequence[np.ndarray]) -> float:
    """Mean squared misfit of the state equation with exponent ``n`` (scaled per battle)."""
    total, count = 0.0, 0
    for tr in trajectories:
        r0, b0 = tr[0]
        keep = (tr[:, 0] > 0.1 * r0) & (tr[:, 1] > 0.1 * b0)
        r, b = tr[keep, 0], tr[keep, 1]
        scale = max(r0, b0) ** n
        total += float(np.sum((((r0**n - r**n) - (b0**n - b**n)) / scale) ** 2))
        count += len(r)
    return total / max(count, 1)


@dataclass
class LanchesterFit:
    exponent: float
    low: float
    high: float
    residual_square: float
    residual_linear: float
    reproduced: bool
    trajectories: list


def fit(trajectories: Sequence[np.ndarray]) -> float:
    res = minimize_scalar(lambda n: residual(n, trajectories), bounds=(0.3, 4.0), method="bounded")
    return float(res.x)


def check(
    seeds: Sequence[int] = range(1, 6), days: float = 1.0, workers: int = 1, boot: int = 200
) -> LanchesterFit:
    """Run the degenerate battles, fit the exponent, bootstrap it over battles."""
    jobs = [(ratio, seed, days) for ratio in RATIOS for seed in seeds]
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("forkserver")) as ex:
            trs = list(ex.map(_trajectory, jobs))
    else:
        trs = [_trajectory(j) for j in jobs]
    n = fit(trs)
    rng = np.random.default_rng(1)
    boots = [fit([trs[i] for i in rng.integers(0, len(trs), len(trs))]) for _ in range(boot)]
    lo, hi = float(np.percentile(boots, 2.5)), float(np.percentile(boots, 97.5))
    r2, r1 = residual(2.0, trs), residual(1.0, trs)
    ok = bool(lo <= 2.0 <= hi or abs(n - 2.0) < 0.25) and r2 < r1
    return LanchesterFit(n, lo, hi, r2, r1, ok, trs)

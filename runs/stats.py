"""Statistics shared by sweeps and validation: the confidence interval of a mean (Student-t or
percentile bootstrap), the paired bootstrap of any statistic over seeds, rank correlation, and
a factor column as numbers.

Two bootstraps live here on purpose: :func:`interval` resamples values of one design point in
one draw (sweep tables), :func:`bootstrap` resamples seed indices shared by paired arms
(validation). They draw differently, so merging them would change the published intervals.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

BOOTSTRAP_SAMPLES = 2000


def interval(
    values: np.ndarray,
    method: str = "t",
    level: float = 0.95,
    rng: np.random.Generator | None = None,
) -> tuple[float, float, float]:
    """(mean, low, high) of ``values`` (NaNs dropped); low/high are NaN with fewer than 2."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return (np.nan, np.nan, np.nan)
    mean = float(v.mean())
    if v.size < 2:
        return (mean, np.nan, np.nan)
    if method == "t":
        from scipy import stats

        half = stats.t.ppf(0.5 + level / 2, v.size - 1) * v.std(ddof=1) / np.sqrt(v.size)
        return (mean, mean - half, mean + half)
    if method == "bootstrap":
        rng = rng or np.random.default_rng(0)
        means = v[rng.integers(0, v.size, (BOOTSTRAP_SAMPLES, v.size))].mean(axis=1)
        lo, hi = np.quantile(means, [0.5 - level / 2, 0.5 + level / 2])
        return (mean, float(lo), float(hi))
    raise ValueError(f"method must be 't' or 'bootstrap', not {method!r}")


def numeric(col: pd.Series) -> np.ndarray:
    """A factor column as numbers (listed text levels become their index)."""
    if col.dtype == object:
        codes, _ = pd.factorize(col, sort=True)
        return codes.astype(float)
    return col.to_numpy(dtype=float)


def bootstrap(
    stat: Callable[[np.ndarray], float], n_units: int, reps: int = 2000, seed: int = 20250322
) -> tuple[float, float]:
    """Percentile 95% interval of ``stat(idx)`` over resamples of the seed indices (paired)."""
    rng = np.random.default_rng(seed)
    vals = np.array([stat(rng.integers(0, n_units, n_units)) for _ in range(reps)])
    vals = vals[np.isfinite(vals)]
    if len(vals) == 0:
        return math.nan, math.nan
    return float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation of ``x`` and ``y`` (NaN when either is constant)."""
    rx = pd.Series(x).rank().to_numpy()
    ry = pd.Series(y).rank().to_numpy()
    if rx.std() == 0 or ry.std() == 0:
        return math.nan
    return float(np.corrcoef(rx, ry)[0, 1])

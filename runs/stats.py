"""Statistics shared by sweeps and validation: confidence intervals of a mean (Student-t or
percentile bootstrap), the paired bootstrap over seeds, rank correlation, factor columns as
numbers."""

from __future__ import annotations

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

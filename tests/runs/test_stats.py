"""Shared statistics (runs/stats.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from droneline.runs import stats


def test_t_and_bootstrap_intervals():
    v = np.array([1.0, 2.0, 3.0, 4.0, np.nan])
    mean, lo, hi = stats.interval(v, "t")
    assert mean == 2.5 and lo == pytest.approx(2.5 - 3.182446 * np.std(v[:4], ddof=1) / 2)
    bmean, blo, bhi = stats.interval(v, "bootstrap")
    assert bmean == 2.5 and 1.0 <= blo < 2.5 < bhi <= 4.0
    assert np.isnan(stats.interval(np.array([3.0]))[1])
    assert np.isnan(stats.interval(np.array([]))[0])


def test_paired_bootstrap_and_rank_correlation():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    lo, hi = stats.bootstrap(lambda i: float(np.mean(x[i])), len(x), reps=500)
    assert 1.0 <= lo < 3.0 < hi <= 5.0
    assert stats.spearman(x, x**2) == pytest.approx(1.0)
    assert np.isnan(stats.spearman(x, np.ones(5)))
    assert list(stats.numeric(pd.Series(["b", "a", "b"], dtype=object))) == [1.0, 0.0, 1.0]

"""Reading a sweep back: per-point means with confidence intervals, sensitivity indices.

    res = load_results("out/sweeps/drone_line_lhs")
    table = point_summary(res, ["advance_km"], method="t")     # one row per design point
    indices, note = sensitivity(res, ["advance_km"])           # Sobol', Morris or RBD-FAST

Intervals are over the replications of a point (its seeds): Student-t by default, or a
percentile bootstrap (``method="bootstrap"``, fixed seed so tables are reproducible). Runs that
failed are left out and counted; a measure that is NaN in a run (e.g. ``collapse_day`` when
the defence held) is left out of that measure's mean.

Sensitivity indices need the design made for them: Sobol' indices (first order S1 and total
ST) need ``design.kind = "sobol"`` (Saltelli's sample), Morris elementary effects need
``design.kind = "morris"``. For Latin hypercubes (LHS, NOLH) the RBD-FAST estimate of the
first-order index is given instead, and said so; other designs get none, with the reason.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..stats import interval, numeric
from .results import SweepResults, load_results
from .worker import STATUS_OK


# --------------------------------------------------------------------------- intervals
def point_summary(
    res: SweepResults, measures: list[str] | None = None, method: str = "t", level: float = 0.95
) -> pd.DataFrame:
    """One row per design point: factor values, runs, failed, and per measure
    ``<m>_mean``, ``<m>_lo``, ``<m>_hi`` over the point's successful replications."""
    measures = measures or res.default_measures()
    rng = np.random.default_rng(0)
    runs = res.runs
    ok = runs["status"] == STATUS_OK
    counts = runs.groupby("point").size()
    oks = runs[ok].groupby("point").size()
    groups = dict(tuple(runs[ok].groupby("point")))
    rows = []
    for point in res.design["point"]:
        row = {
            "point": int(point),
            "runs": int(counts.get(point, 0)),
            "failed": int(counts.get(point, 0) - oks.get(point, 0)),
        }
        g = groups.get(point)
        for m in measures:
            vals = g[m].to_numpy() if g is not None else np.array([])
            mean, lo, hi = interval(vals, method, level, rng)
            row.update({f"{m}_mean": mean, f"{m}_lo": lo, f"{m}_hi": hi})
        rows.append(row)
    table = pd.DataFrame(rows)
    return res.design.merge(table, on="point")


def point_means(res: SweepResults, measures: list[str]) -> pd.DataFrame:
    """Design points with the mean of each measure over successful replications."""
    means = res.ok.groupby("point")[measures].mean()
    return res.design.set_index("point").join(means).reset_index()


# --------------------------------------------------------------------------- sensitivity
def sensitivity(res: SweepResults, measures: list[str] | None = None) -> tuple[pd.DataFrame, str]:
    """Sensitivity indices of each measure to each factor, and a note saying which and why.

    Uses the mean over replications at each design point as the response.
    """
    try:
        from SALib.analyze import morris, rbd_fast, sobol
    except ImportError:
        return pd.DataFrame(), ("sensitivity indices need SALib: pip install 'droneline[analysis]'")
    measures = measures or res.default_measures()
    kind, factors = res.kind, res.factors
    table = point_means(res, measures)
    X = np.column_stack([numeric(table[f]) for f in factors])
    problem = {
        "num_vars": len(factors),
        "names": factors,
        "bounds": [[float(np.nanmin(c)), float(np.nanmax(c)) + 1e-12] for c in X.T],
    }
    rows = []
    if kind == "sobol":
        second = bool(res.manifest["design"].get("second_order", True))
        note = (
            "Sobol' indices (Saltelli sample, SALib): S1 first order, ST total effect, "
            "with 95% confidence half-widths"
        )
        for m in measures:
            y = table[m].to_numpy(dtype=float)
            if np.isnan(y).any():
                note += f"; {m}: skipped, {int(np.isnan(y).sum())} points without a result"
                continue
            si = sobol.analyze(problem, y, calc_second_order=second, seed=0)
            for j, f in enumerate(factors):
                rows.append(
                    {
                        "measure": m,
                        "factor": f,
                        "S1": si["S1"][j],
                        "S1_conf": si["S1_conf"][j],
                        "ST": si["ST"][j],
                        "ST_conf": si["ST_conf"][j],
                    }
                )
    elif kind == "morris":
        levels = int(res.manifest["design"].get("levels", 4))
        note = (
            "Morris elementary effects (SALib): mu_star is the mean absolute effect "
            "(importance), sigma its spread (interactions, non-linearity)"
        )
        for m in measures:
            y = table[m].to_numpy(dtype=float)
            if np.isnan(y).any():
                note += f"; {m}: skipped, {int(np.isnan(y).sum())} points without a result"
                continue
            si = morris.analyze(problem, X, y, num_levels=levels, seed=0)
            for j, f in enumerate(factors):
                rows.append(
                    {
                        "measure": m,
                        "factor": f,
                        "mu": si["mu"][j],
                        "mu_star": si["mu_star"][j],
                        "sigma": si["sigma"][j],
                        "mu_star_conf": si["mu_star_conf"][j],
                    }
                )
    elif kind in ("lhs", "nolh"):
        n = len(table)
        harmonics = max(2, min(10, n // 10))  # few points: few harmonics, else no confidence
        note = (
            f"design {kind!r} does not support Sobol' or Morris indices: they need "
            'design.kind = "sobol" (Saltelli sample) or "morris" (trajectories). '
            f"Shown instead, from the {n} Latin-hypercube points (approximate): RBD-FAST "
            "first-order indices S1 (SALib) and standardized regression coefficients SRC of "
            "a linear fit with its R2 (SRC^2 ~ share of variance when R2 is near 1)"
        )
        if n < 2 * harmonics + 2:
            return pd.DataFrame(), note + f" -- too few points ({n}) even for that"
        for m in measures:
            y = table[m].to_numpy(dtype=float)
            keep = ~np.isnan(y)
            if keep.sum() < 2 * harmonics + 2:
                continue
            si = rbd_fast.analyze(problem, X[keep], y[keep], M=harmonics, seed=0)
            src, r2 = standardized_regression(X[keep], y[keep])
            for j, f in enumerate(factors):
                rows.append(
                    {
                        "measure": m,
                        "factor": f,
                        "S1": si["S1"][j],
                        "S1_conf": si["S1_conf"][j],
                        "SRC": src[j],
                        "R2": r2,
                    }
                )
    else:
        return pd.DataFrame(), (
            f"design {kind!r} does not support sensitivity indices: Sobol' indices need "
            'design.kind = "sobol", Morris indices design.kind = "morris"; see the '
            "response plots instead"
        )
    return pd.DataFrame(rows), note


def standardized_regression(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Standardized coefficients of a linear least-squares fit of y on X, and its R2."""
    sx, sy = X.std(axis=0), y.std()
    if sy == 0:
        return np.zeros(X.shape[1]), np.nan
    Z = (X - X.mean(axis=0)) / np.where(sx > 0, sx, 1.0)
    A = np.column_stack([np.ones(len(Z)), Z])
    beta, *_ = np.linalg.lstsq(A, (y - y.mean()) / sy, rcond=None)
    resid = (y - y.mean()) / sy - A @ beta
    return beta[1:], float(1.0 - resid @ resid / len(y))


def strongest_factors(res: SweepResults, measure: str, n: int = 2) -> list[str]:
    """The ``n`` factors whose values correlate most (Spearman, over runs) with ``measure``."""
    ok = res.ok
    scores = {}
    for f in res.factors:
        x = pd.Series(numeric(ok[f]), index=ok.index)
        varies = x.nunique() > 1 and ok[measure].nunique() > 1
        c = x.corr(ok[measure], method="spearman") if varies else np.nan
        scores[f] = 0.0 if pd.isna(c) else abs(c)
    return sorted(scores, key=scores.get, reverse=True)[:n]


# --------------------------------------------------------------------------- report
def analyze(
    root: str | Path,
    out: str | Path | None = None,
    measures: list[str] | None = None,
    method: str = "t",
    level: float = 0.95,
    with_sensitivity: bool = False,
    heatmap: tuple[str, str] | None = None,
    plots: bool = True,
) -> dict:
    """Write ``points.csv``, plots and (asked for) ``sensitivity.csv`` into ``out``
    (default ``ROOT/analysis``); returns the tables, the note and the paths written."""
    from . import plots as sweep_plots

    res = load_results(root)
    measures = measures or res.default_measures()
    out = Path(out) if out is not None else res.root / "analysis"
    out.mkdir(parents=True, exist_ok=True)
    table = point_summary(res, measures, method, level)
    paths = {"points": out / "points.csv"}
    table.to_csv(paths["points"], index=False)
    result = {"results": res, "measures": measures, "points": table, "paths": paths}
    if with_sensitivity:
        indices, note = sensitivity(res, measures)
        result.update(sensitivity=indices, note=note)
        if not indices.empty:
            paths["sensitivity"] = out / "sensitivity.csv"
            indices.to_csv(paths["sensitivity"], index=False)
    if plots and len(res.ok):
        for m in measures:
            paths[f"response_{m}"] = out / f"response_{m}.png"
            sweep_plots.save(
                sweep_plots.response_figure(res, m, method, level), paths[f"response_{m}"]
            )
            if len(res.factors) >= 2:
                fx, fy = heatmap or strongest_factors(res, m, 2)
                paths[f"heatmap_{m}"] = out / f"heatmap_{m}.png"
                sweep_plots.save(sweep_plots.heatmap_figure(res, m, fx, fy), paths[f"heatmap_{m}"])
    return result

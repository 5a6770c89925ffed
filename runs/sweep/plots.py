"""Plots of a sweep: the response of a measure to each factor, and a two-factor heat map.

Response plot: one panel per factor. Each grey dot is one run; the line is the mean of the
runs in each bin of the factor's values (each level, for designs with few levels), and the
band its confidence interval over runs (seeds and the other factors' values). Heat map: the
mean of a measure over a grid of two factors' values, design points marked.

matplotlib with the Agg backend (no display needed), figures returned for the caller to save.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..stats import interval, numeric  # noqa: E402
from .results import SweepResults  # noqa: E402

MAX_LEVELS = 12  # factors with at most this many distinct values are plotted level by level
RESPONSE_BINS = 8


def _bins(x: np.ndarray, n_bins: int) -> tuple[np.ndarray, np.ndarray]:
    """(bin index per value, bin centres): distinct values when few, else equal-width bins."""
    values = np.unique(x[~np.isnan(x)])
    if len(values) <= MAX_LEVELS:
        return np.searchsorted(values, x), values
    edges = np.linspace(values[0], values[-1], n_bins + 1)
    idx = np.clip(np.digitize(x, edges[1:-1]), 0, n_bins - 1)
    return idx, (edges[:-1] + edges[1:]) / 2


def _label(res: SweepResults, factor: str) -> str:
    unit = res.unit(factor)
    return f"{factor} ({unit})" if unit and unit not in ("-", "text", "bool") else factor


def response_figure(
    res: SweepResults, measure: str, method: str = "t", level: float = 0.95
) -> Figure:
    """The measure against each factor: runs as dots, binned means with a confidence band."""
    ok = res.ok
    factors = res.factors
    cols = min(3, len(factors))
    rows = -(-len(factors) // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(4.6 * cols, 3.6 * rows), squeeze=False, sharey=True
    )
    y = ok[measure].to_numpy(dtype=float)
    rng = np.random.default_rng(0)
    for ax, f in zip(axes.flat, factors, strict=False):
        x = numeric(ok[f])
        ax.scatter(x, y, s=7, color="0.45", alpha=0.45, lw=0, label="one run")
        idx, centres = _bins(x, RESPONSE_BINS)
        stats = np.array([interval(y[idx == b], method, level, rng) for b in range(len(centres))])
        ax.fill_between(
            centres, stats[:, 1], stats[:, 2], color="C0", alpha=0.25, label=f"{level:.0%} interval"
        )
        ax.plot(centres, stats[:, 0], "o-", color="C0", ms=3, label="mean")
        ax.set_xlabel(_label(res, f), fontsize=9)
        if ok[f].dtype == object:
            ax.set_xticks(centres, sorted(ok[f].unique()), fontsize=8)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(factors) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel(measure)
    axes.flat[0].legend(fontsize=7, loc="best")
    n_pts, n_runs = len(res.design), len(ok)
    fig.suptitle(
        f"{res.manifest['name']}: {measure} by factor "
        f"({n_runs} runs, {n_pts} design points, {res.kind})",
        fontsize=10,
    )
    fig.tight_layout()
    return fig


def heatmap_figure(res: SweepResults, measure: str, fx: str, fy: str) -> Figure:
    """Mean of ``measure`` over a grid of ``fx`` x ``fy`` (all runs in each cell)."""
    ok = res.ok
    x, y = numeric(ok[fx]), numeric(ok[fy])
    z = ok[measure].to_numpy(dtype=float)
    n_bins = int(np.clip(round(np.sqrt(len(res.design) / 2)), 3, 10))
    ix, cx = _bins(x, n_bins)
    iy, cy = _bins(y, n_bins)
    grid = pd.DataFrame({"ix": ix, "iy": iy, "z": z}).groupby(["iy", "ix"])["z"].mean()
    mat = np.full((len(cy), len(cx)), np.nan)
    for (j, i), v in grid.items():
        mat[j, i] = v
    fig, ax = plt.subplots(figsize=(6.2, 4.8))
    mesh = ax.pcolormesh(
        _edges(cx), _edges(cy), np.ma.masked_invalid(mat), cmap="viridis", shading="flat"
    )
    fig.colorbar(mesh, ax=ax, label=f"mean {measure}")
    ax.scatter(
        numeric(res.design[fx]),
        numeric(res.design[fy]),
        s=8,
        color="white",
        edgecolor="black",
        lw=0.4,
        label="design point",
    )
    ax.set_xlabel(_label(res, fx))
    ax.set_ylabel(_label(res, fy))
    ax.legend(fontsize=7, loc="upper right")
    others = [f for f in res.factors if f not in (fx, fy)]
    sub = f" (averaged over {', '.join(others)})" if others else ""
    ax.set_title(f"{measure}{sub}", fontsize=9)
    fig.tight_layout()
    return fig


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around sorted centres (half-way between neighbours)."""
    c = np.asarray(centres, dtype=float)
    if len(c) == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = (c[:-1] + c[1:]) / 2
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


def save(fig: Figure, path) -> None:
    fig.savefig(path, dpi=110)
    plt.close(fig)

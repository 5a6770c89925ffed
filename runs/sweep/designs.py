"""Experimental designs for sweeps: which combinations of factor values to run.

Every design here is a pure function returning points in the unit cube ``[0, 1]^k`` (one row
per design point, one column per factor), or level indices for a full factorial. Mapping a
unit coordinate to a parameter value (ranges, whole numbers, listed levels) is the job of
:class:`droneline.runs.sweep.factors.Factor`, so every design works with every kind of factor.

- :func:`full_factorial` every combination of every factor's levels;
- :func:`latin_hypercube` space-filling random Latin hypercube (``scipy.stats.qmc``),
  optionally optimised for low discrepancy (``"random-cd"``) or by Lloyd iterations;
- :func:`nolh` Nearly Orthogonal Latin Hypercubes (Cioppa & Lucas 2007), the data-farming
  workhorse of the NPS SEED Center, optionally stacked (rotated copies) for more points;
- :func:`sobol` the Saltelli/Sobol' sample that Sobol' sensitivity indices need (SALib);
- :func:`morris` Morris elementary-effects trajectories (SALib).

Replication seeds come from :func:`replication_seeds`: one master seed, one seed per
replication, the same at every design point (common random numbers), so differences between
points are not blurred by different random draws.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from .nolh import CAPACITY, nolh_table, smallest_base

#: design kinds and the sensitivity analysis each one supports
KINDS = ("full_factorial", "lhs", "nolh", "sobol", "morris", "points")
LHS_OPTIMIZATIONS = ("random-cd", "lloyd")


def replication_seeds(master_seed: int, replications: int) -> list[int]:
    """One seed per replication from ``master_seed`` via ``numpy.random.SeedSequence``.

    Seeds are 32-bit non-negative integers; replication ``r``'s seed does not depend on how
    many replications there are, so adding replications later keeps the earlier ones.
    """
    children = np.random.SeedSequence(master_seed).spawn(replications)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def full_factorial(levels: Sequence[int]) -> np.ndarray:
    """Every combination of level indices; ``levels[j]`` is factor j's number of levels.

    Returns an int array of shape (prod(levels), k); the first factor varies slowest.
    """
    if any(n < 1 for n in levels):
        raise ValueError("every factor needs at least one level")
    grid = list(itertools.product(*(range(n) for n in levels)))
    return np.array(grid, dtype=np.int64).reshape(len(grid), len(levels))


def latin_hypercube(
    points: int, factors: int, seed: int, optimization: str | None = None
) -> np.ndarray:
    """A Latin hypercube of ``points`` rows in the open unit cube.

    Each factor's range is cut into ``points`` equal strata and each stratum holds exactly one
    point. ``optimization="random-cd"`` permutes columns to lower the centred discrepancy
    (better space filling; scipy's recommendation), ``"lloyd"`` moves points apart.
    """
    if optimization is not None and optimization not in LHS_OPTIMIZATIONS:
        raise ValueError(f"optimization must be one of {LHS_OPTIMIZATIONS}")
    engine = _lhs_engine(factors, optimization, seed)
    return engine.random(points)


def _lhs_engine(factors: int, optimization: str | None, seed: int):
    from scipy.stats import qmc

    return qmc.LatinHypercube(d=factors, optimization=optimization, rng=np.random.default_rng(seed))


def nolh(factors: int, stacks: int = 1, runs: int | None = None) -> np.ndarray:
    """A Nearly Orthogonal Latin Hypercube for ``factors`` factors, scaled to ``[0, 1]``.

    The base table is the smallest of the 17/33/65/129/257-run designs that takes ``factors``
    columns (or ``runs`` if given). ``stacks > 1`` appends rotated copies (column j of copy s is
    base column ``(j + s) mod K``), the SEED Center's way to get more points from one table;
    the centre point, the same in every copy, is kept once.
    """
    base_runs = smallest_base(factors) if runs is None else runs
    if base_runs not in CAPACITY:
        raise ValueError(f"NOLH base designs have {sorted(CAPACITY)} runs, not {base_runs}")
    table = nolh_table(base_runs)
    width = table.shape[1]
    if factors > width:
        raise ValueError(f"the {base_runs}-run NOLH takes at most {width} factors")
    if not 1 <= stacks <= width:
        raise ValueError(f"stacks must be between 1 and {width}")
    blocks = []
    for s in range(stacks):
        cols = [(j + s) % width for j in range(factors)]
        block = table[:, cols]
        if s > 0:
            block = np.delete(block, base_runs // 2, axis=0)  # the shared centre point
        blocks.append(block)
    levels = np.vstack(blocks)
    return (levels - 1) / (base_runs - 1)


def sobol(factors: int, base_points: int, seed: int, second_order: bool = True) -> np.ndarray:
    """Saltelli's extension of a Sobol' sequence, as SALib's Sobol' analysis expects.

    Returns ``base_points * (2k + 2)`` rows (``base_points * (k + 2)`` without second-order
    indices) in ``[0, 1)``, in the order ``SALib.analyze.sobol`` needs: keep the row order.
    """
    from SALib.sample import sobol as sobol_sample

    problem = unit_problem(factors)
    return sobol_sample.sample(
        problem, base_points, calc_second_order=second_order, scramble=True, seed=seed
    )


def morris(factors: int, trajectories: int, levels: int, seed: int) -> np.ndarray:
    """Morris one-at-a-time trajectories: ``trajectories * (k + 1)`` rows on a ``levels`` grid."""
    from SALib.sample import morris as morris_sample

    return morris_sample.sample(unit_problem(factors), trajectories, num_levels=levels, seed=seed)


def unit_problem(factors: int, names: Sequence[str] | None = None) -> dict:
    """A SALib problem over the unit cube."""
    names = list(names) if names is not None else [f"x{j}" for j in range(factors)]
    return {"num_vars": factors, "names": names, "bounds": [[0.0, 1.0]] * factors}


def design_runs(kind: str, factors: int, **options) -> int:
    """How many design points ``kind`` gives for ``factors`` factors and its options."""
    if kind == "lhs":
        return int(options["points"])
    if kind == "nolh":
        base = options.get("runs") or smallest_base(factors)
        stacks = int(options.get("stacks", 1))
        return base + (stacks - 1) * (base - 1)
    if kind == "sobol":
        per = 2 * factors + 2 if options.get("second_order", True) else factors + 2
        return int(options["base_points"]) * per
    if kind == "morris":
        return int(options["trajectories"]) * (factors + 1)
    raise ValueError(f"design_runs does not know {kind!r}")


def max_abs_correlation(points: np.ndarray) -> float:
    """The largest |pairwise correlation| between columns (0 for fewer than two columns)."""
    if points.shape[1] < 2:
        return 0.0
    c = np.corrcoef(points, rowvar=False)
    np.fill_diagonal(c, 0.0)
    return float(np.nanmax(np.abs(c)))


def is_latin(points: np.ndarray) -> bool:
    """Whether every column holds each of the n equally spaced levels (or strata) once."""
    n = points.shape[0]
    strata = (
        np.floor(np.clip(points, 0, 1) * (n - 1) + 0.5)
        if _on_grid(points)
        else np.floor(np.clip(points, 0, 1 - 1e-12) * n)
    )
    return all(np.array_equal(np.sort(col), np.arange(n)) for col in strata.T)


def _on_grid(points: np.ndarray) -> bool:
    """Whether the points sit on the grid 0, 1/(n-1), ..., 1 (NOLH) rather than in strata."""
    n = points.shape[0]
    scaled = points * (n - 1)
    return bool(np.allclose(scaled, np.round(scaled)))

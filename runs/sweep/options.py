"""The options of each kind of design (``[design]``): their defaults and checks."""

from __future__ import annotations

import math

from . import designs
from .checks import SweepError, integer
from .factors import Factor
from .nolh import CAPACITY, smallest_base

# Designs are sized before they are made (the design table is built in memory, and each
# run is one row on disk and one bit in the progress masks):
MAX_POINTS = 100_000  # design points of one sweep
MAX_RUNS = 10_000_000  # design points x replications
# scipy's LHS optimisations take ~6 s (random-cd) to ~14 s (lloyd) at 2,000 points and grow
# faster than linearly; beyond this, optimization = "none" (a plain LHS) is instant
MAX_OPTIMIZED_LHS = 2_000

DESIGN_OPTIONS = {
    "full_factorial": {"steps": 3},
    "lhs": {"points": None, "optimization": "random-cd", "seed": None},
    "nolh": {"stacks": 1, "runs": None},
    "sobol": {"base_points": 64, "second_order": True, "seed": None},
    "morris": {"trajectories": 10, "levels": 4, "seed": None},
    "points": {"points": None, "file": None},
}


def check_options(kind: str, o: dict, factors: tuple[Factor, ...], label: str, seed: int) -> None:
    k = len(factors)
    if "seed" in o:
        o["seed"] = (
            seed if o["seed"] is None else integer(o["seed"], label, "design.seed", 0, 2**63 - 1)
        )
    if kind == "full_factorial":
        o["steps"] = integer(o["steps"], label, "design.steps", 2, 1000)
    elif kind == "lhs":
        if o["points"] is None:
            raise SweepError(
                label, "design.points", None, "an LHS needs points = N (design points)"
            )
        o["points"] = integer(o["points"], label, "design.points", 2, 10_000_000)
        if o["optimization"] in ("none", "", False):
            o["optimization"] = None
        if o["optimization"] is not None and o["optimization"] not in designs.LHS_OPTIMIZATIONS:
            raise SweepError(
                label,
                "design.optimization",
                o["optimization"],
                'must be "random-cd", "lloyd" or "none"',
            )
    elif kind == "nolh":
        if k > max(CAPACITY.values()):
            raise SweepError(
                label,
                "factors",
                k,
                f"a NOLH takes at most {max(CAPACITY.values())} factors (use an LHS)",
            )
        o["stacks"] = integer(o["stacks"], label, "design.stacks", 1, 29)
        if o["runs"] is not None:
            if o["runs"] not in CAPACITY:
                raise SweepError(
                    label,
                    "design.runs",
                    o["runs"],
                    "must be one of " + ", ".join(map(str, CAPACITY)),
                )
            if CAPACITY[o["runs"]] < k:
                raise SweepError(
                    label,
                    "design.runs",
                    o["runs"],
                    f"takes at most {CAPACITY[o['runs']]} factors; {k} need "
                    f"{smallest_base(k)} runs",
                )
        width = CAPACITY[o["runs"] or smallest_base(k)]
        if o["stacks"] > width:
            raise SweepError(label, "design.stacks", o["stacks"], f"must be at most {width}")
    elif kind == "sobol":
        n = integer(o["base_points"], label, "design.base_points", 2, 2**24)
        if n & (n - 1):
            raise SweepError(
                label,
                "design.base_points",
                n,
                "must be a power of 2 (Sobol' sequences balance only then)",
            )
        o["base_points"] = n
        if not isinstance(o["second_order"], bool):
            raise SweepError(
                label, "design.second_order", o["second_order"], "must be true or false"
            )
    elif kind == "morris":
        o["trajectories"] = integer(o["trajectories"], label, "design.trajectories", 2, 100_000)
        levels = integer(o["levels"], label, "design.levels", 2, 100)
        if levels % 2:
            raise SweepError(label, "design.levels", levels, "must be even (Morris grid)")
        o["levels"] = levels


def check_size(
    kind: str,
    o: dict,
    factors: tuple[Factor, ...],
    points: list | None,
    replications: int,
    label: str,
) -> int:
    """The number of design points ``kind`` will make, refused over :data:`MAX_POINTS` (or
    :data:`MAX_RUNS` runs with the replications) before anything is made."""
    k = len(factors)
    if kind == "points":
        n, key, value = len(points or ()), "design.points", f"{len(points or ())} points"
    elif kind == "full_factorial":
        sizes = [len(f.grid(o["steps"])) for f in factors]
        n, key, value = math.prod(sizes), "design.steps", o["steps"]
        if n > MAX_POINTS:
            raise SweepError(
                label,
                key,
                value,
                f"a full factorial of {' x '.join(map(str, sizes))} = {n:,} design points "
                f"is more than {MAX_POINTS:,} (fewer steps or levels, or an LHS/NOLH)",
            )
    else:
        key = {
            "lhs": "design.points",
            "nolh": "design.stacks",
            "sobol": "design.base_points",
            "morris": "design.trajectories",
        }[kind]
        n = designs.design_runs(kind, k, **o)
        value = o[key.split(".")[1]]
    if n > MAX_POINTS:
        raise SweepError(label, key, value, f"makes {n:,} design points; at most {MAX_POINTS:,}")
    if kind == "lhs" and o["optimization"] is not None and n > MAX_OPTIMIZED_LHS:
        raise SweepError(
            label,
            "design.optimization",
            o["optimization"],
            f"takes too long beyond {MAX_OPTIMIZED_LHS:,} points (have {n:,}): "
            'use optimization = "none" or fewer points',
        )
    if n * replications > MAX_RUNS:
        raise SweepError(
            label,
            "sweep.replications",
            replications,
            f"{n:,} design points x {replications:,} replications is more than {MAX_RUNS:,} runs",
        )
    return n

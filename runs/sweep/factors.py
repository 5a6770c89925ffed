"""The factors of a sweep: the scenario parameters it varies, each over a range or a list of
levels, checked against the parameter's schema entry."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...model.schema import ParamSpec
from .checks import SweepError, integer, unknown

FACTOR_KEYS = ("range", "levels", "steps")


@dataclass(frozen=True)
class Factor:
    """One scenario parameter varied by the sweep: a range or a list of levels."""

    name: str
    param: ParamSpec
    lo: float | None = None
    hi: float | None = None
    levels: tuple | None = None
    steps: int | None = None  # full factorial over a range: this many evenly spaced values

    @property
    def unit(self) -> str:
        return self.param.unit

    @property
    def is_int(self) -> bool:
        return self.param.type is int

    def value(self, u: float) -> Any:
        """The factor's value at unit coordinate ``u`` in [0, 1].

        Ranges map linearly; integer parameters cut the range into one equal bin per whole
        number (so each whole number is equally likely); listed levels are binned the same way.
        """
        u = min(max(float(u), 0.0), 1.0)
        if self.levels is not None:
            return self.levels[min(int(u * len(self.levels)), len(self.levels) - 1)]
        if self.is_int:
            ilo, ihi = math.ceil(self.lo), math.floor(self.hi)
            return int(ilo + min(int(u * (ihi - ilo + 1)), ihi - ilo))
        return _tidy(self.lo + u * (self.hi - self.lo))

    def grid(self, default_steps: int) -> list:
        """The values a full factorial uses: the levels, or ``steps`` values across the range."""
        if self.levels is not None:
            return list(self.levels)
        steps = self.steps or default_steps
        values = np.linspace(self.lo, self.hi, steps)
        if self.is_int:
            return sorted({int(round(v)) for v in values})
        return [_tidy(v) for v in values]

    def to_raw(self) -> dict:
        if self.levels is None and self.lo is None:
            return {}  # a factor of an explicit points design
        if self.levels is not None:
            return {"levels": list(self.levels)}
        out: dict[str, Any] = {"range": [self.lo, self.hi]}
        if self.steps:
            out["steps"] = self.steps
        return out


def _tidy(x: float) -> float:
    """Drop floating-point dust (0.30000000000000004 -> 0.3) so values print and match."""
    return float(f"{float(x):.12g}")


def factor_tables(d: Mapping, label: str, prefix: str = "") -> dict[str, Mapping]:
    """Factor name -> its table, whether written ``"a.b.c" = {...}`` or ``[factors.a.b.c]``."""
    out: dict[str, Mapping] = {}
    for k, v in d.items():
        name = prefix + k
        if not isinstance(v, Mapping):
            raise SweepError(
                label,
                f"factors.{name}",
                v,
                "must be a table such as { range = [lo, hi] } or { levels = [...] }",
            )
        leaf = (
            not v
            or set(v) & set(FACTOR_KEYS)
            or any(not isinstance(x, Mapping) for x in v.values())
        )
        if leaf:
            out[name] = v
        else:
            out.update(factor_tables(v, label, name + "."))
    return out


def parse_factor(name: str, t: Mapping, kind: str, label: str, specs: dict) -> Factor:
    key = f"factors.{name}"
    if name not in specs:
        raise unknown(label, key, dict(t), specs, name=name)
    p = specs[name]
    for k in t:
        if k not in FACTOR_KEYS:
            raise unknown(label, f"{key}.{k}", t[k], FACTOR_KEYS)
    if kind == "points" and not t:
        return Factor(name, p)
    if ("range" in t) == ("levels" in t):
        raise SweepError(label, key, dict(t), "give either range = [lo, hi] or levels = [...]")
    if "levels" in t:
        levels = t["levels"]
        if not isinstance(levels, list) or not levels:
            raise SweepError(label, f"{key}.levels", levels, "must be a non-empty list of values")
        checked = tuple(p.validate(v, label, f"{key}.levels", SweepError) for v in levels)
        if len(set(checked)) != len(checked):
            raise SweepError(label, f"{key}.levels", levels, "must not repeat a value")
        if "steps" in t:
            raise SweepError(label, f"{key}.steps", t["steps"], "only goes with a range")
        return Factor(name, p, levels=checked)
    rng = t["range"]
    if p.type not in (int, float):
        raise SweepError(
            label,
            f"{key}.range",
            rng,
            f"a {p.type.__name__} parameter takes levels = [...], not a range",
        )
    if (
        not isinstance(rng, list)
        or len(rng) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in rng)
    ):
        raise SweepError(label, f"{key}.range", rng, "must be two numbers [lo, hi]")
    lo, hi = float(rng[0]), float(rng[1])
    if not lo < hi:
        raise SweepError(label, f"{key}.range", rng, "lo must be less than hi")
    if (p.lo is not None and lo < p.lo) or (p.hi is not None and hi > p.hi):
        raise SweepError(
            label,
            f"{key}.range",
            rng,
            f"must lie within the parameter's allowed range {p.lo:g} to {p.hi:g} {p.unit}".rstrip(),
        )
    if p.type is int and math.ceil(lo) > math.floor(hi):
        raise SweepError(label, f"{key}.range", rng, "holds no whole number (integer parameter)")
    steps = None
    if "steps" in t:
        steps = integer(t["steps"], label, f"{key}.steps", 2, 1000)
    if p.type is int:
        lo, hi = float(math.ceil(lo)), float(math.floor(hi))
    return Factor(name, p, lo=lo, hi=hi, steps=steps)


def dtype(p: ParamSpec) -> str:
    return {bool: "bool", int: "int64", float: "float64"}.get(p.type, "object")

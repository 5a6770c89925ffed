"""The sweep specification: what to vary, how, how often, and what to keep.

A spec is a TOML file (or the same built from command-line flags)::

    [sweep]
    name = "drone_line_lhs"
    scenario = "pokrovsk_drone_line"   # preset name or scenario file (relative to this file)
    days = 14
    replications = 10                  # seeds per design point (common to all points)
    seed = 20250401                    # master seed -> one seed per replication
    measures = ["advance_km", "exchange_ratio"]   # summary measures to keep (default: all)

    [sweep.set]                        # base-scenario changes, as with `droneline run --set`
    "red.forces.reinforcements_per_day" = 40

    [timeseries]                       # optional: keep time series, thinned
    every_hours = 24
    measures = ["front_depth_km"]

    [design]
    kind = "lhs"                       # full_factorial | lhs | nolh | sobol | morris | points
    points = 33
    optimization = "random-cd"

    [factors]
    "blue.drones.strike_depth_km" = { range = [1, 16] }
    "red.forces.motorcycle_share" = { levels = [0.0, 0.3, 0.6] }

Factors are scenario parameters by their schema name (``droneline params``). Everything is
checked against the schema: a factor's range must lie inside the parameter's allowed range,
levels must be allowed values, integer parameters take whole values. A spec that breaks a
rule is refused with a :class:`SweepError` naming the file, key, value and rule.
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..model.scenario import (
    ScenarioError,
    flatten_mapping,
    load_scenario,
    to_dict,
    with_overrides,
)
from ..model.schema import ParamSpec, Scenario, parameters
from . import designs
from .sweep_nolh import CAPACITY, smallest_base

FACTOR_KEYS = ("range", "levels", "steps")
SECTIONS = ("sweep", "design", "factors", "timeseries")
SWEEP_KEYS = ("name", "scenario", "days", "replications", "seed", "measures", "set")
DESIGN_OPTIONS = {
    "full_factorial": {"steps": 3},
    "lhs": {"points": None, "optimization": "random-cd", "seed": None},
    "nolh": {"stacks": 1, "runs": None},
    "sobol": {"base_points": 64, "second_order": True, "seed": None},
    "morris": {"trajectories": 10, "levels": 4, "seed": None},
    "points": {"points": None, "file": None},
}


class SweepError(ScenarioError):
    """A sweep spec (file or flags) breaks a rule; names the file, key, value and rule."""


# --------------------------------------------------------------------------- factors
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


@dataclass(frozen=True)
class TimeseriesSpec:
    """Keep each run's time series, thinned to one sample every ``every_hours``."""

    every_hours: float = 24.0
    measures: tuple[str, ...] | None = None


@dataclass
class SweepSpec:
    """A validated sweep specification."""

    name: str
    scenario: str
    days: float
    replications: int
    seed: int
    design: str
    options: dict
    factors: tuple[Factor, ...]
    set: dict = field(default_factory=dict)
    measures: tuple[str, ...] | None = None
    timeseries: TimeseriesSpec | None = None
    points: list[dict] | None = None
    label: str = "<spec>"

    @property
    def factor_names(self) -> list[str]:
        return [f.name for f in self.factors]

    def to_raw(self) -> dict:
        """The spec as plain data (TOML/JSON-ready); ``parse_spec(spec.to_raw())`` gives it back."""
        sweep: dict[str, Any] = {
            "name": self.name,
            "scenario": self.scenario,
            "days": self.days,
            "replications": self.replications,
            "seed": self.seed,
        }
        if self.measures is not None:
            sweep["measures"] = list(self.measures)
        if self.set:
            sweep["set"] = dict(self.set)
        design = {"kind": self.design, **{k: v for k, v in self.options.items() if v is not None}}
        if self.points is not None:
            design.pop("file", None)
            design["points"] = [dict(p) for p in self.points]
        raw = {
            "sweep": sweep,
            "design": design,
            "factors": {f.name: f.to_raw() for f in self.factors},
        }
        if self.timeseries is not None:
            ts: dict[str, Any] = {"every_hours": self.timeseries.every_hours}
            if self.timeseries.measures is not None:
                ts["measures"] = list(self.timeseries.measures)
            raw["timeseries"] = ts
        return raw


# --------------------------------------------------------------------------- loading
def load_spec(
    source: str | Path | Mapping, overrides: Mapping[str, Any] | None = None
) -> SweepSpec:
    """Read and validate a sweep spec from a TOML file (or a dict of the same shape).

    ``overrides`` replace entries by dotted key, e.g. ``{"sweep.replications": 2}`` (what the
    command-line flags do). Raises :class:`SweepError`.
    """
    if isinstance(source, Mapping):
        raw, label, base_dir = _copy(source), "<spec>", None
    else:
        path = Path(source)
        label = str(source)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SweepError(label, None, None, "no such sweep spec file") from None
        except tomllib.TOMLDecodeError as e:
            raise SweepError(label, None, None, f"not valid TOML: {e}") from None
        base_dir = path.resolve().parent
    for key, value in (overrides or {}).items():
        _set_dotted(raw, key, value)
    return parse_spec(raw, label, base_dir)


def _copy(d: Mapping) -> dict:
    return json.loads(json.dumps(d, default=_jsonable))


def _jsonable(x):
    if isinstance(x, np.generic):
        return x.item()
    raise TypeError(type(x))


def _set_dotted(raw: dict, key: str, value: Any) -> None:
    section, _, rest = key.partition(".")
    node = raw.setdefault(section, {})
    if rest in ("", None):
        raw[section] = value
    else:
        node[rest] = value


def parse_spec(raw: Mapping, label: str = "<spec>", base_dir: Path | None = None) -> SweepSpec:
    """Validate plain data shaped like the TOML file and build a :class:`SweepSpec`."""
    for key in raw:
        if key not in SECTIONS:
            raise _unknown(label, key, raw[key], SECTIONS)
    sweep = _table(raw.get("sweep", {}), label, "sweep")
    for key in sweep:
        if key not in SWEEP_KEYS:
            raise _unknown(label, f"sweep.{key}", sweep[key], SWEEP_KEYS)
    scenario = sweep.get("scenario", "pokrovsk_drone_line")
    if not isinstance(scenario, str):
        raise SweepError(label, "sweep.scenario", scenario, "must be a preset name or a file path")
    scenario = _resolve_scenario(scenario, base_dir)
    name = sweep.get("name") or (Path(label).stem if label != "<spec>" else "sweep")
    if not isinstance(name, str):
        raise SweepError(label, "sweep.name", name, "must be text")
    days = _number(sweep.get("days", 14), label, "sweep.days", 0, 365, lo_open=True)
    reps = _integer(sweep.get("replications", 10), label, "sweep.replications", 1, 100_000)
    seed = _integer(sweep.get("seed", 1), label, "sweep.seed", 0, 2**63 - 1)
    overrides = flatten_mapping(_table(sweep.get("set", {}), label, "sweep.set"))
    specs = parameters()
    for key, value in overrides.items():
        if key not in specs:
            raise _unknown(label, f"sweep.set.{key}", value, specs)
    measures = _names(sweep.get("measures"), label, "sweep.measures")

    design_raw = dict(_table(raw.get("design", {}), label, "design"))
    kind = design_raw.pop("kind", "lhs")
    if kind not in DESIGN_OPTIONS:
        raise SweepError(label, "design.kind", kind, "must be one of " + ", ".join(DESIGN_OPTIONS))
    options = dict(DESIGN_OPTIONS[kind])
    for key, value in design_raw.items():
        if key not in options:
            raise _unknown(label, f"design.{key}", value, options)
        options[key] = value
    points = None
    if kind == "points":
        points = _load_points(options, label, base_dir)
    factors_raw = _factor_tables(_table(raw.get("factors", {}), label, "factors"), label)
    if kind == "points" and not factors_raw:
        factors_raw = {name: {} for name in points[0]}
    factors = tuple(_factor(name, t, kind, label, specs) for name, t in factors_raw.items())
    if not factors:
        raise SweepError(label, "factors", {}, "name at least one factor to vary")
    for f in factors:
        if f.name in overrides:
            raise SweepError(
                label,
                f"sweep.set.{f.name}",
                overrides[f.name],
                "is also a factor: set it in [factors] or [sweep.set], not both",
            )
    _check_options(kind, options, factors, label, seed)
    if points is not None:
        points = _check_points(points, factors, label)
    ts = None
    if "timeseries" in raw:
        ts_raw = _table(raw["timeseries"], label, "timeseries")
        for key in ts_raw:
            if key not in ("every_hours", "measures"):
                raise _unknown(label, f"timeseries.{key}", ts_raw[key], ("every_hours", "measures"))
        every = _number(
            ts_raw.get("every_hours", 24),
            label,
            "timeseries.every_hours",
            0,
            24 * 365,
            lo_open=True,
        )
        ts = TimeseriesSpec(every, _names(ts_raw.get("measures"), label, "timeseries.measures"))
    if kind == "points":
        options = {"points": None, "file": None}
    return SweepSpec(
        name=name,
        scenario=scenario,
        days=days,
        replications=reps,
        seed=seed,
        design=kind,
        options=options,
        factors=factors,
        set=overrides,
        measures=measures,
        timeseries=ts,
        points=points,
        label=label,
    )


def _resolve_scenario(scenario: str, base_dir: Path | None) -> str:
    from ..model.scenario import preset_names

    if scenario in preset_names() or base_dir is None:
        return scenario
    p = Path(scenario)
    if not p.is_absolute() and (base_dir / p).exists():
        return str((base_dir / p).resolve())
    return scenario


def _table(value: Any, label: str, key: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise SweepError(label, key, value, "must be a table")
    return value


def _factor_tables(d: Mapping, label: str, prefix: str = "") -> dict[str, Mapping]:
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
            out.update(_factor_tables(v, label, name + "."))
    return out


def _unknown(label: str, key: str, value: Any, known) -> SweepError:
    leaf = key.rsplit(".", 1)[-1]
    names = list(known)
    near = difflib.get_close_matches(
        key.split(".", 1)[-1], names, n=1
    ) or difflib.get_close_matches(leaf, names, n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return SweepError(label, key, value, "unknown key" + hint)


def _number(value: Any, label: str, key: str, lo: float, hi: float, lo_open=False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value == value
    if ok:
        ok = (value > lo if lo_open else value >= lo) and value <= hi
    if not ok:
        rule = (
            f"must be a number greater than {lo:g} and at most {hi:g}"
            if lo_open
            else f"must be a number between {lo:g} and {hi:g}"
        )
        raise SweepError(label, key, value, rule)
    return float(value)


def _integer(value: Any, label: str, key: str, lo: int, hi: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise SweepError(label, key, value, f"must be a whole number between {lo} and {hi}")
    return value


def _names(value: Any, label: str, key: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise SweepError(label, key, value, "must be a non-empty list of measure names")
    return tuple(value)


def _check_level(p: ParamSpec, value: Any, label: str, key: str) -> Any:
    """A level must be a value the parameter accepts (its type, range or choices)."""
    rule = p.describe_rule()
    if p.type is bool or p.type is str:
        if not isinstance(value, p.type) or (p.choices and value not in p.choices):
            raise SweepError(label, key, value, rule)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise SweepError(label, key, value, rule)
    if p.type is int:
        if not float(value).is_integer():
            raise SweepError(label, key, value, rule + " (a whole number)")
        value = int(value)
    else:
        value = float(value)
    if (p.lo is not None and value < p.lo) or (p.hi is not None and value > p.hi):
        raise SweepError(label, key, value, rule)
    return value


def _factor(name: str, t: Mapping, kind: str, label: str, specs: dict) -> Factor:
    key = f"factors.{name}"
    if name not in specs:
        raise _unknown(label, key, dict(t), specs)
    p = specs[name]
    for k in t:
        if k not in FACTOR_KEYS:
            raise _unknown(label, f"{key}.{k}", t[k], FACTOR_KEYS)
    if kind == "points" and not t:
        return Factor(name, p)
    if ("range" in t) == ("levels" in t):
        raise SweepError(label, key, dict(t), "give either range = [lo, hi] or levels = [...]")
    if "levels" in t:
        levels = t["levels"]
        if not isinstance(levels, list) or not levels:
            raise SweepError(label, f"{key}.levels", levels, "must be a non-empty list of values")
        checked = tuple(_check_level(p, v, label, f"{key}.levels") for v in levels)
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
        steps = _integer(t["steps"], label, f"{key}.steps", 2, 1000)
    if p.type is int:
        lo, hi = float(math.ceil(lo)), float(math.floor(hi))
    return Factor(name, p, lo=lo, hi=hi, steps=steps)


def _check_options(kind: str, o: dict, factors: tuple[Factor, ...], label: str, seed: int) -> None:
    k = len(factors)
    if "seed" in o:
        o["seed"] = (
            seed if o["seed"] is None else _integer(o["seed"], label, "design.seed", 0, 2**63 - 1)
        )
    if kind == "full_factorial":
        o["steps"] = _integer(o["steps"], label, "design.steps", 2, 1000)
    elif kind == "lhs":
        if o["points"] is None:
            raise SweepError(
                label, "design.points", None, "an LHS needs points = N (design points)"
            )
        o["points"] = _integer(o["points"], label, "design.points", 2, 10_000_000)
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
        o["stacks"] = _integer(o["stacks"], label, "design.stacks", 1, 29)
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
        n = _integer(o["base_points"], label, "design.base_points", 2, 2**24)
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
        o["trajectories"] = _integer(o["trajectories"], label, "design.trajectories", 2, 100_000)
        levels = _integer(o["levels"], label, "design.levels", 2, 100)
        if levels % 2:
            raise SweepError(label, "design.levels", levels, "must be even (Morris grid)")
        o["levels"] = levels


def _load_points(o: dict, label: str, base_dir: Path | None) -> list[dict]:
    if (o["points"] is None) == (o["file"] is None):
        raise SweepError(
            label,
            "design.points",
            o["points"],
            'a points design needs points = [{...}, ...] or file = "points.csv"',
        )
    if o["file"] is not None:
        path = Path(o["file"])
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        try:
            with open(path, newline="", encoding="utf-8") as fh:
                rows = [{k: _csv_value(v) for k, v in r.items()} for r in csv.DictReader(fh)]
        except FileNotFoundError:
            raise SweepError(label, "design.file", o["file"], "no such file") from None
        return rows
    pts = o["points"]
    if not isinstance(pts, list) or not pts or not all(isinstance(p, Mapping) for p in pts):
        raise SweepError(label, "design.points", pts, "must be a non-empty list of tables")
    return [flatten_mapping(p) for p in pts]


def _csv_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        return text.strip()


def _check_points(points: list[dict], factors: tuple[Factor, ...], label: str) -> list[dict]:
    names = [f.name for f in factors]
    out = []
    for i, p in enumerate(points):
        if set(p) != set(names):
            raise SweepError(
                label, f"design.points[{i}]", p, "must set exactly the factors: " + ", ".join(names)
            )
        out.append(
            {
                f.name: _check_level(f.param, p[f.name], label, f"design.points[{i}].{f.name}")
                for f in factors
            }
        )
    return out


# --------------------------------------------------------------------------- design
def base_scenario(spec: SweepSpec) -> Scenario:
    """The validated base scenario (preset or file plus ``[sweep.set]``)."""
    return load_scenario(spec.scenario, spec.set or None)


def design_table(spec: SweepSpec) -> pd.DataFrame:
    """The design points: column ``point`` (0, 1, ...) and one column per factor."""
    k = len(spec.factors)
    o = spec.options
    if spec.design == "points":
        rows = spec.points
    elif spec.design == "full_factorial":
        grids = [f.grid(o["steps"]) for f in spec.factors]
        idx = designs.full_factorial([len(g) for g in grids])
        rows = [
            {f.name: grids[j][i] for j, (f, i) in enumerate(zip(spec.factors, r, strict=True))}
            for r in idx
        ]
    else:
        if spec.design == "lhs":
            unit = designs.latin_hypercube(o["points"], k, o["seed"], o["optimization"])
        elif spec.design == "nolh":
            unit = designs.nolh(k, o["stacks"], o["runs"])
        elif spec.design == "sobol":
            unit = designs.sobol(k, o["base_points"], o["seed"], o["second_order"])
        else:
            unit = designs.morris(k, o["trajectories"], o["levels"], o["seed"])
        rows = [{f.name: f.value(u) for f, u in zip(spec.factors, r, strict=True)} for r in unit]
    df = pd.DataFrame(rows, columns=spec.factor_names)
    for f in spec.factors:
        df[f.name] = df[f.name].astype(_dtype(f.param))
    df.insert(0, "point", np.arange(len(df), dtype=np.int64))
    return df


def _dtype(p: ParamSpec) -> str:
    return {bool: "bool", int: "int64", float: "float64"}.get(p.type, "object")


def invalid_points(
    design: pd.DataFrame, base: Scenario, factors: list[str]
) -> list[tuple[int, str]]:
    """Design points the schema refuses as a whole (rules joining several parameters, e.g.
    motorcycle_share + armor_share <= 1): (point, message) pairs. Such points still run and
    are recorded as failed runs carrying the message."""
    bad = []
    for row in design[["point", *factors]].itertuples(index=False):
        values = {name: _py(v) for name, v in zip(factors, row[1:], strict=True)}
        try:
            with_overrides(base, values)
        except ScenarioError as e:
            bad.append((int(row[0]), f"{e.key} = {e.value}: {e.rule}"))
    return bad


def _py(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def scenario_dict(sc: Scenario) -> dict:
    """The base scenario as plain data for the manifest."""
    return to_dict(sc)


# --------------------------------------------------------------------------- TOML out
def to_toml(raw: Mapping) -> str:
    """Write the plain data of :meth:`SweepSpec.to_raw` as TOML (tables, lists, scalars)."""
    lines: list[str] = []
    for section, body in raw.items():
        scalars = {k: v for k, v in body.items() if not isinstance(v, Mapping)}
        tables = {k: v for k, v in body.items() if isinstance(v, Mapping)}
        lines.append(f"[{section}]")
        for k, v in scalars.items():
            lines.append(f"{_key(k)} = {_value(v)}")
        for k, v in tables.items():
            if section == "factors":
                lines.append(f"{_key(k)} = {_value(v)}")
            else:
                lines.append(f"\n[{section}.{_key(k)}]")
                lines.extend(f"{_key(kk)} = {_value(vv)}" for kk, vv in v.items())
        lines.append("")
    return "\n".join(lines)


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() else json.dumps(k)


def _value(v: Any) -> str:
    v = _py(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")

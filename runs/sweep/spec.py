"""The sweep specification: what to vary, how, how often, and what to keep.

A spec is a TOML file (or the same built from command-line flags)::

    [sweep]
    name = "drone_line_lhs"
    scenario = "pokrovsk_drone_line"   # preset name or scenario file (relative to this file)
    days = 14
    replications = 10                  # seeds per design point (common to all points)
    seed = 20250401                    # master seed -> one seed per replication
    measures = ["advance_km", "exchange_ratio"]   # summary measures to keep (default: all)
    timeout_s = 600                    # optional: a run still going after this is a failure

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

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...model.scenario import flatten_mapping, preset_names
from ...model.schema import parameters
from .checks import SweepError, integer, names, number, table, unknown
from .factors import Factor, factor_tables, parse_factor
from .options import DESIGN_OPTIONS, check_options, check_size
from .points import check_points, load_points

SECTIONS = ("sweep", "design", "factors", "timeseries")
RUN_LENGTH = "run.days"
RUN_LENGTH_RULE = (
    "a sweep's run length is sweep.days (or --days), the same for every run; "
    "run.days is not used by a sweep"
)
SWEEP_KEYS = ("name", "scenario", "days", "replications", "seed", "measures", "set", "timeout_s")
MAX_TIMEOUT_S = 7 * 24 * 3600.0  # a per-run timeout of a week is as good as none


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
    timeout_s: float | None = None  # per run: a run still going after this is a failed run

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
        if self.timeout_s is not None:
            sweep["timeout_s"] = self.timeout_s
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


def parse_spec(raw: Mapping, label: str = "<spec>", base_dir: Path | None = None) -> SweepSpec:
    """Validate plain data shaped like the TOML file and build a :class:`SweepSpec`."""
    for key in raw:
        if key not in SECTIONS:
            raise unknown(label, key, raw[key], SECTIONS)
    sweep = table(raw.get("sweep", {}), label, "sweep")
    for key in sweep:
        if key not in SWEEP_KEYS:
            raise unknown(label, f"sweep.{key}", sweep[key], SWEEP_KEYS)
    specs = parameters()
    scenario = sweep.get("scenario", "pokrovsk_drone_line")
    if not isinstance(scenario, str):
        raise SweepError(label, "sweep.scenario", scenario, "must be a preset name or a file path")
    scenario = _resolve_scenario(scenario, base_dir)
    name = sweep.get("name") or (Path(label).stem if label != "<spec>" else "sweep")
    if not isinstance(name, str):
        raise SweepError(label, "sweep.name", name, "must be text")
    run_days = specs["run.days"]  # a sweep's runs are held to the schema's run length
    days = number(sweep.get("days", 14), label, "sweep.days", run_days.lo, run_days.hi)
    reps = integer(sweep.get("replications", 10), label, "sweep.replications", 1, 100_000)
    seed = integer(sweep.get("seed", 1), label, "sweep.seed", 0, 2**63 - 1)
    overrides = flatten_mapping(table(sweep.get("set", {}), label, "sweep.set"))
    for key, value in overrides.items():
        if key not in specs:
            raise unknown(label, f"sweep.set.{key}", value, specs, name=key)
        if key == RUN_LENGTH:
            raise SweepError(label, f"sweep.set.{key}", value, RUN_LENGTH_RULE)
    measures = names(sweep.get("measures"), label, "sweep.measures")
    timeout_s = sweep.get("timeout_s")
    if timeout_s is not None:
        timeout_s = number(timeout_s, label, "sweep.timeout_s", 0, MAX_TIMEOUT_S, lo_open=True)

    design_raw = dict(table(raw.get("design", {}), label, "design"))
    kind = design_raw.pop("kind", "lhs")
    if not isinstance(kind, str) or kind not in DESIGN_OPTIONS:
        raise SweepError(label, "design.kind", kind, "must be one of " + ", ".join(DESIGN_OPTIONS))
    options = dict(DESIGN_OPTIONS[kind])
    for key, value in design_raw.items():
        if key not in options:
            raise unknown(label, f"design.{key}", value, options)
        options[key] = value
    points = None
    if kind == "points":
        points = load_points(options, label, base_dir)
    factors_raw = factor_tables(table(raw.get("factors", {}), label, "factors"), label)
    if kind == "points" and not factors_raw:
        factors_raw = {name: {} for name in points[0]}
    factors = tuple(parse_factor(name, t, kind, label, specs) for name, t in factors_raw.items())
    if not factors:
        raise SweepError(label, "factors", {}, "name at least one factor to vary")
    if RUN_LENGTH in factors_raw:
        raise SweepError(
            label, f"factors.{RUN_LENGTH}", dict(factors_raw[RUN_LENGTH]), RUN_LENGTH_RULE
        )
    for f in factors:
        if f.name in overrides:
            raise SweepError(
                label,
                f"sweep.set.{f.name}",
                overrides[f.name],
                "is also a factor: set it in [factors] or [sweep.set], not both",
            )
    check_options(kind, options, factors, label, seed)
    if points is not None:
        points = check_points(points, factors, label)
    check_size(kind, options, factors, points, reps, label)
    ts = None
    if "timeseries" in raw:
        ts_raw = table(raw["timeseries"], label, "timeseries")
        for key in ts_raw:
            if key not in ("every_hours", "measures"):
                raise unknown(label, f"timeseries.{key}", ts_raw[key], ("every_hours", "measures"))
        every = number(
            ts_raw.get("every_hours", 24),
            label,
            "timeseries.every_hours",
            0,
            24 * 365,
            lo_open=True,
        )
        ts = TimeseriesSpec(every, names(ts_raw.get("measures"), label, "timeseries.measures"))
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
        timeout_s=timeout_s,
    )


def _resolve_scenario(scenario: str, base_dir: Path | None) -> str:
    if scenario in preset_names() or base_dir is None:
        return scenario
    p = Path(scenario)
    if not p.is_absolute() and (base_dir / p).exists():
        return str((base_dir / p).resolve())
    return scenario

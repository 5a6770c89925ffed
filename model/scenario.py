"""Loading, validating and overriding scenarios (TOML files checked against the schema).

A scenario file is TOML whose tables mirror :mod:`droneline.model.schema`. It may say
``extends = "pokrovsk_drone_line"`` (a preset name, or a path relative to the file) and then
override only what differs. Anything that breaks a rule of the schema is refused with a
:class:`ScenarioError` naming the file, the key, the value and the rule.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from .inputs import MissingInput, check_depth, parse_toml, read_toml
from .schema import (
    SIDES,
    Event,
    Scenario,
    ScenarioError,
    Wave,
    did_you_mean,
    parameters,
    side_parameters,
    walk,
)

PRESET_PACKAGE = "droneline.model.scenarios"


# --------------------------------------------------------------------------- presets
def preset_names() -> list[str]:
    """Names of the scenario presets shipped with the package (files not starting with _)."""
    files = resources.files(PRESET_PACKAGE).iterdir()
    return sorted(
        f.name[:-5] for f in files if f.name.endswith(".toml") and not f.name.startswith("_")
    )


def preset_path(name: str) -> Path:
    """Path of a preset's TOML file."""
    return Path(str(resources.files(PRESET_PACKAGE).joinpath(f"{name}.toml")))


def describe_presets() -> dict[str, str]:
    """Preset name -> its one-paragraph description."""
    return {n: load_scenario(n).description for n in preset_names()}


# --------------------------------------------------------------------------- reading
MAX_EXTENDS = 16  # files in one chain of ``extends``
MAX_CELLS = 500_000  # cells of a sector (the default has 24,000; 40 x 80 km at 25 m: 5.1 M)


def _missing_rule() -> str:
    return f"no such file or preset (presets: {', '.join(preset_names())})"


def _read_toml(path: Path, label: str) -> dict:
    """One scenario file through the input gate (:func:`droneline.model.inputs.read_toml`)."""
    try:
        return read_toml(path, label)
    except MissingInput:
        raise MissingInput(label, None, None, _missing_rule()) from None


def _resolve(source: str | Path, folder: Path | None = None) -> tuple[Path, str]:
    """The file ``source`` names and its label in errors: a preset by name, else a path,
    relative to ``folder`` (the extending file's folder) when given, to the current
    directory otherwise (a file named on the command line)."""
    text = str(source)
    if text in preset_names():
        return preset_path(text), f"{text}.toml"
    p = Path(text)
    if folder is None:
        return p, text
    if not p.is_absolute():
        p = Path(os.path.normpath(folder / p))
    return p, str(p)


def _identity(path: Path) -> str:
    """The file a path leads to, for cycle detection (symbolic links and ``..`` resolved)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.normpath(str(path))


def _raw_with_extends(
    source: str | Path, relative_to: Path | None = None, specs: dict | None = None
) -> tuple[dict, str]:
    """The merged raw dict of a file and the chain of files it extends.

    Each file is checked against the schema on its own first, so an error names the file it
    is in; an ``extends`` that leads nowhere, back to a file of the chain or past
    :data:`MAX_EXTENDS` files is refused naming the extending file."""
    specs = _all_specs() if specs is None else specs
    chain: list[tuple[dict, str]] = []
    seen: set[str] = set()
    path, label = _resolve(source, relative_to)
    ref = None  # (label, value) of the extends that led here
    while True:
        here = _identity(path)
        if here in seen:
            raise ScenarioError(ref[0], "extends", ref[1], f"extends itself (a cycle via {label})")
        if len(chain) >= MAX_EXTENDS:
            raise ScenarioError(
                ref[0], "extends", ref[1], f"more than {MAX_EXTENDS} files extend each other"
            )
        seen.add(here)
        try:
            data = _read_toml(path, label)
        except MissingInput as e:
            if ref is None:
                raise
            raise ScenarioError(ref[0], "extends", ref[1], e.rule) from None
        base = data.pop("extends", None)
        _build(Scenario(), data, label, "", specs)  # this file's own keys and values
        chain.append((data, label))
        if base is None:
            break
        if not isinstance(base, str):
            raise ScenarioError(label, "extends", base, "must be a preset name or a file path")
        ref = (label, base)
        path, label = _resolve(base, path.parent)
    merged = chain[-1][0]
    for data, _ in reversed(chain[:-1]):
        merged = _deep_merge(merged, data)
    return merged, chain[0][1]


def _deep_merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k != "set":
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


# --------------------------------------------------------------------------- validation
def _unknown(label: str, key: str, value: Any, known: Iterable[str]) -> ScenarioError:
    return ScenarioError(label, key, value, "unknown key" + did_you_mean(key, known))


def _build(default: Any, data: Mapping, label: str, prefix: str, specs: dict) -> Any:
    """A copy of dataclass instance ``default`` updated from ``data``, every key checked
    against the schema."""
    if not isinstance(data, Mapping):
        raise ScenarioError(label, prefix.rstrip("."), data, "must be a table")
    cls = type(default)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in data.items():
        full = prefix + key
        if key not in fields:
            raise _unknown(label, full, value, fields)
        current = getattr(default, key)
        if key == "events" and cls is Scenario:
            kwargs[key] = _build_events(value, label)
        elif key == "waves" and cls is Scenario:
            kwargs[key] = _build_waves(value, label)
        elif dataclasses.is_dataclass(current):
            kwargs[key] = _build(current, value, label, full + ".", specs)
        else:
            spec = specs.get(_spec_key(full))
            kwargs[key] = spec.validate(value, label, full)
    return dataclasses.replace(default, **kwargs)


def _spec_key(full: str) -> str:
    head, _, rest = full.partition(".")
    if head in SIDES and rest:
        return "side." + rest
    return full


def _tables(value: Any, label: str, key: str):
    """The tables of an array of tables (``[[key]]``), each with its place (``key[i]``)."""
    if not isinstance(value, list):
        raise ScenarioError(label, key, value, f"must be an array of tables ([[{key}]])")
    for i, table in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(table, Mapping):
            raise ScenarioError(label, where, table, "must be a table")
        yield where, table


def _build_waves(value: Any, label: str) -> list[Wave]:
    specs = {p.name: p for p in walk(Wave)}
    waves = []
    for where, table in _tables(value, label, "waves"):
        kwargs = {}
        for k, v in table.items():
            if k not in specs:
                raise _unknown(label, f"{where}.{k}", v, specs)
            kwargs[k] = specs[k].validate(v, label, f"{where}.{k}")
        wave = Wave(**kwargs)
        if wave.motorcycles + wave.armor + wave.foot <= 0:
            raise ScenarioError(
                label,
                f"{where}.motorcycles",
                wave.motorcycles,
                "a wave needs motorcycles, armor or foot soldiers",
            )
        waves.append(wave)
    return waves


def _build_events(value: Any, label: str) -> list[Event]:
    specs = {p.name: p for p in walk(Event) if p.name != "set"}
    side_specs = side_parameters()
    events = []
    for where, ev in _tables(value, label, "events"):
        kwargs = {}
        for k, v in ev.items():
            if k == "set":
                if not isinstance(v, Mapping) or not v:
                    raise ScenarioError(
                        label, f"{where}.set", v, "must be a non-empty table of side parameters"
                    )
                flat = flatten_mapping(v)
                for pk, pv in flat.items():
                    if pk not in side_specs:
                        raise _unknown(label, f"{where}.set.{pk}", pv, side_specs)
                    flat[pk] = side_specs[pk].validate(pv, label, f"{where}.set.{pk}")
                kwargs["set"] = flat
            elif k in specs:
                kwargs[k] = specs[k].validate(v, label, f"{where}.{k}")
            else:
                raise _unknown(label, f"{where}.{k}", v, [*specs, "set"])
        if "set" not in kwargs:
            raise ScenarioError(
                label, f"{where}.set", None, "an event must set at least one parameter"
            )
        events.append(Event(**kwargs))
    return events


def flatten_mapping(d: Mapping, prefix: str = "") -> dict:
    """Nested tables as one level of dotted keys (``{"a": {"b": 1}}`` -> ``{"a.b": 1}``)."""
    out = {}
    for k, v in d.items():
        if isinstance(v, Mapping):
            out.update(flatten_mapping(v, f"{prefix}{k}."))
        else:
            out[prefix + k] = v
    return out


def _all_specs() -> dict:
    specs = {}
    for name, p in parameters().items():
        specs[_spec_key(name)] = p
    return specs


# --------------------------------------------------------------------------- overrides
def parse_override(text: str) -> tuple[str, Any]:
    """Parse ``key=value`` from the command line; the value is read as TOML when it can be
    (numbers, true/false, "quoted text"), else kept as text."""
    if "=" not in text:
        raise ScenarioError("--set", None, None, f"{text!r} must look like key=value")
    key, _, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    try:
        value = parse_toml(f"v = {raw}", "--set")["v"]
    except ScenarioError:
        value = raw
    return key, value


def _apply_overrides(data: dict, overrides: Mapping[str, Any], label: str) -> dict:
    out = copy.deepcopy(data)
    specs = parameters()
    for key, value in overrides.items():
        if key not in specs:
            raise _unknown(label, key, value, specs)
        parts = key.split(".")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ScenarioError(label, key, value, "conflicts with a non-table value")
        node[parts[-1]] = value
    return out


def _normalise_overrides(overrides) -> dict[str, Any]:
    if overrides is None:
        return {}
    if isinstance(overrides, Mapping):
        return dict(overrides)
    return dict(parse_override(o) for o in overrides)


# --------------------------------------------------------------------------- public API
def load_scenario(
    source: str | Path | Scenario | Mapping = "pokrovsk_drone_line",
    overrides: Mapping[str, Any] | Iterable[str] | None = None,
) -> Scenario:
    """Load a scenario by preset name, file path, dict or Scenario, then apply overrides.

    ``overrides`` maps dotted parameter names to values (``{"blue.drones.units": 4}``) or is a
    list of ``"key=value"`` strings as given to ``--set``. Raises :class:`ScenarioError`.
    """
    ov = _normalise_overrides(overrides)
    specs = _all_specs()
    if isinstance(source, Scenario):
        data, label = to_dict(source), source.name
        base_file = getattr(source, "source_file", None)
    elif isinstance(source, Mapping):
        data, label, base_file = dict(source), "<dict>", None
        check_depth(data, label)
        if "extends" in data:
            base = data.pop("extends")
            if not isinstance(base, str | Path):
                raise ScenarioError(label, "extends", base, "must be a preset name or a file path")
            parent, _ = _raw_with_extends(base, specs=specs)
            data = _deep_merge(parent, data)
    else:
        data, label = _raw_with_extends(source, specs=specs)
        base_file = label
    # validate the file on its own first, so errors name the file rather than --set
    _build(Scenario(), data, label, "", specs)
    if ov:
        label = "--set" if not isinstance(overrides, Mapping) else "overrides"
        data = _apply_overrides(data, ov, label)
    scenario = _build(Scenario(), data, label, "", specs)
    scenario.source_file = base_file
    _check_consistency(scenario, label)
    return scenario


def wave_hours(wave: Wave, start_hour: float) -> float:
    """Hours from the battle's start to a wave (its day and hour on the map's clock, where
    the battle starts on day 1 at ``start_hour``)."""
    return (wave.day - 1) * 24.0 + wave.hour - start_hour


def _check_consistency(scenario: Scenario, label: str) -> None:
    """Rules that involve several parameters."""
    for side in SIDES:
        f = getattr(scenario, side).forces
        if f.motorcycle_share + f.armor_share > 1 + 1e-9:
            raise ScenarioError(
                label,
                f"{side}.forces.armor_share",
                f.armor_share,
                "motorcycle_share + armor_share must not exceed 1",
            )
        d = getattr(scenario, side).drones
        if d.recon_share + d.bomber_share + d.mining_share > 1 + 1e-9:
            raise ScenarioError(
                label,
                f"{side}.drones.recon_share",
                d.recon_share,
                "recon_share + bomber_share + mining_share must not exceed 1",
            )
    for i, wave in enumerate(scenario.waves):
        if wave_hours(wave, scenario.run.start_hour) < 0:
            raise ScenarioError(
                label,
                f"waves[{i}].hour",
                wave.hour,
                f"is before the battle starts (day 1, {scenario.run.start_hour:g}:00)",
            )
        if wave.axis_km > scenario.map.frontage_km:
            raise ScenarioError(
                label,
                f"waves[{i}].axis_km",
                wave.axis_km,
                f"lies beyond the front's {scenario.map.frontage_km:g} km",
            )
    w = scenario.weather
    if w.rain_share + w.fog_share + w.wind_share > 1 + 1e-9:
        raise ScenarioError(
            label,
            "weather.fog_share",
            w.fog_share,
            "rain_share + fog_share + wind_share must not exceed 1 (other days are clear)",
        )
    if (
        scenario.map.depth_km * 1000 / scenario.map.cell_m < 10
        or scenario.map.frontage_km * 1000 / scenario.map.cell_m < 5
    ):
        raise ScenarioError(
            label, "map.cell_m", scenario.map.cell_m, "leaves fewer than 5x10 cells"
        )
    cells = (scenario.map.depth_km * 1000 / scenario.map.cell_m) * (
        scenario.map.frontage_km * 1000 / scenario.map.cell_m
    )
    if cells > MAX_CELLS:  # Mesa's grid alone takes ~1.2 kB per cell
        raise ScenarioError(
            label,
            "map.cell_m",
            scenario.map.cell_m,
            f"leaves more than {MAX_CELLS:,} cells for this frontage and depth",
        )


def to_dict(scenario: Scenario) -> dict:
    """The scenario as plain nested data (TOML/JSON-ready)."""
    return dataclasses.asdict(scenario)  # (events and waves included, as tables)


def flatten(scenario: Scenario) -> dict[str, Any]:
    """Every parameter by dotted name."""
    return {name: get(scenario, name) for name in parameters()}


def get(scenario: Scenario, name: str) -> Any:
    """The value of one parameter by dotted name."""
    node: Any = scenario
    for part in name.split("."):
        node = getattr(node, part)
    return node


def with_overrides(scenario: Scenario, overrides: Mapping[str, Any]) -> Scenario:
    """A validated copy of ``sc`` with some parameters changed."""
    out = load_scenario(scenario, overrides)
    out.source_file = getattr(scenario, "source_file", None)
    return out

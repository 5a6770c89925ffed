"""Sweep specs in and out of TOML: reading a file (with command-line overrides) and writing
a spec's plain data back."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ...model.inputs import MissingInput, read_toml
from ...model.schema import ScenarioError
from .checks import SweepError
from .points import plain
from .spec import SweepSpec, parse_spec


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
        raw = read_spec(path, label)
        base_dir = path.resolve().parent
    for key, value in (overrides or {}).items():
        _set_dotted(raw, key, value)
    return parse_spec(raw, label, base_dir)


def read_spec(path: str | Path, label: str) -> dict:
    """The TOML document of a sweep spec file, through the input gate every file passes
    (:func:`~droneline.model.inputs.read_toml`: a regular file, size and nesting limited,
    every failure a one-line :class:`SweepError`)."""
    try:
        return read_toml(path, label)
    except MissingInput:
        raise SweepError(label, None, None, "no such sweep spec file") from None
    except ScenarioError as e:
        raise SweepError(e.file, e.key, e.value, e.rule) from None


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
    v = plain(v)
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

"""Sweep specs in and out of TOML: reading a file (with command-line overrides) and writing
a spec's plain data back."""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

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

"""The error a sweep spec raises and the checks of its plain values (numbers, whole numbers,
tables, lists of names, unknown keys). Parameter values are checked by the schema itself
(:meth:`~droneline.model.schema.ParamSpec.validate`), raising :class:`SweepError`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...model.schema import ScenarioError, did_you_mean


class SweepError(ScenarioError):
    """A sweep spec (file or flags) breaks a rule; names the file, key, value and rule."""


def table(value: Any, label: str, key: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise SweepError(label, key, value, "must be a table")
    return value


def unknown(label: str, key: str, value: Any, known, name: str | None = None) -> SweepError:
    """Refuse ``key``, naming the closest of ``known`` to ``name`` (default: ``key``)."""
    return SweepError(label, key, value, "unknown key" + did_you_mean(name or key, known))


def number(value: Any, label: str, key: str, lo: float, hi: float, lo_open=False) -> float:
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


def integer(value: Any, label: str, key: str, lo: int, hi: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise SweepError(label, key, value, f"must be a whole number between {lo} and {hi}")
    return value


def names(value: Any, label: str, key: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise SweepError(label, key, value, "must be a non-empty list of measure names")
    twice = sorted({v for v in value if value.count(v) > 1})
    if twice:
        # (a results table with two columns of one name is one pandas cannot read)
        raise SweepError(label, key, value, "names a measure twice: " + ", ".join(twice))
    return tuple(value)

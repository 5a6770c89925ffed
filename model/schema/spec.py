"""How a parameter is declared and checked: :func:`param`, :class:`ParamSpec`, the error every
refusal raises, and the walk over a schema's leaves.

Every leaf of the schema is declared with :func:`param`, which records the unit, the allowed
range (or choices), where the default comes from, and a one-line meaning. :class:`ParamSpec`
is that record as the loader, the command line, the UI, the sweeps and the docs see it, and
:meth:`ParamSpec.validate` is the one place a value is checked against it.
"""

from __future__ import annotations

import dataclasses
import difflib
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SIDES = ("red", "blue")
RED, BLUE = 0, 1  # side indices (``SIDES[RED] == "red"``)


class ScenarioError(ValueError):
    """A scenario (file, override or sweep spec) breaks a rule of the schema.

    The message is one line of printable characters: control characters in the file name,
    key or value the user gave are escaped (``\\n``, ``\\x00``) and long values shortened."""

    def __init__(self, file: str, key: str | None, value: Any, rule: str):
        self.file, self.key, self.value, self.rule = str(file), key, value, rule
        if key is None:
            msg = f"{file}: {rule}"
        else:
            msg = f"{file}: {key} = {show(value)}: {rule}"
        super().__init__(printable(msg))


def printable(text: str) -> str:
    """``text`` with every non-printable character (newline, NUL, escape, surrogates of
    undecodable file names...) written as a Python escape, so it shows on one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(c: str) -> str:
    if c in _SHORT:
        return _SHORT[c]
    o = ord(c)
    if o < 0x100:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"


_SHOW = reprlib.Repr(maxlevel=3, maxtuple=6, maxlist=6, maxdict=6, maxstring=120, maxother=120)
_SHOW.maxlong = 60


def show(value: Any) -> str:
    """A value as a user wrote it (TOML-like), shortened when long or deeply nested."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return _SHOW.repr(value)
        except ValueError:  # more digits than Python converts to text
            return f"<an integer of {value.bit_length()} bits>"
    if isinstance(value, float | str):
        return _SHOW.repr(value)
    try:
        return _SHOW.repr(value)
    except (ValueError, RecursionError):
        return f"<{type(value).__name__}>"


def did_you_mean(key: str, known: Iterable[str]) -> str:
    """A hint naming the closest known name to ``key`` (whole dotted name, then its tail),
    e.g. `` (did you mean 'blue.drones.units'?)``; empty when nothing is close."""
    names = list(known)
    dotted = any("." in k for k in names)
    leaf = key.rsplit(".", 1)[-1]
    tries = [key, key.split(".", 1)[-1], leaf] if dotted else [leaf]
    for t in tries:
        near = difflib.get_close_matches(t, names, n=1, cutoff=0.6)
        if near:
            return f" (did you mean {near[0]!r}?)"
    return ""


def param(
    default: Any,
    unit: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    source: str,
    doc: str,
    choices: tuple | None = None,
):
    """Declare one scenario parameter (a dataclass field carrying its metadata)."""
    meta = {"unit": unit, "lo": lo, "hi": hi, "source": source, "doc": doc, "choices": choices}
    return field(default=default, metadata=meta)


def table_param(default_factory, *, source: str, doc: str):
    """Declare a parameter that holds a table or a list (``events``, ``waves``, an event's
    ``set``)."""
    meta = {"unit": "-", "lo": None, "hi": None, "source": source, "doc": doc, "choices": None}
    return field(default_factory=default_factory, metadata=meta)


# Sources used by several defaults (full references in CALIBRATION.md).
SEED = "seed article (Meduza 2025)"
DESIGN = "design choice (DESIGN.md scales)"
CAL = "calibrated within CALIBRATION.md ranges; see docs/ODD.md §7"
ASSUMED = "modelling assumption; see docs/ODD.md"


# --------------------------------------------------------------------------- introspection
@dataclass(frozen=True)
class ParamSpec:
    """One leaf of the schema, as the loader, CLI, UI, sweeps and docs see it."""

    name: str
    type: type
    default: Any
    unit: str
    lo: float | None
    hi: float | None
    choices: tuple | None
    source: str
    doc: str

    def describe_rule(self) -> str:
        """The rule a value must satisfy, in words."""
        if self.choices:
            return "must be one of " + ", ".join(repr(c) for c in self.choices)
        if self.type is bool:
            return "must be true or false"
        kind = {int: "an integer", float: "a number", str: "text"}.get(self.type, str(self.type))
        if self.lo is not None and self.hi is not None:
            return f"must be {kind} between {_fmt(self.lo)} and {_fmt(self.hi)}"
        return f"must be {kind}"

    def validate(self, value: Any, label: str, key: str, error: type = ScenarioError) -> Any:
        """``value`` checked against this parameter's type, range or choices, converted to the
        declared type (a whole float for an integer, an integer for a float); raises
        ``error(label, key, value, rule)`` otherwise."""
        t = self.type
        if t is bool or t is str:
            if not isinstance(value, t) or (self.choices and value not in self.choices):
                raise error(label, key, value, self.describe_rule())
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise error(label, key, value, self.describe_rule())
        given = value
        if t is int:
            if isinstance(value, float):
                if not value.is_integer():
                    raise error(label, key, value, self.describe_rule())
                value = int(value)
        else:
            try:
                value = float(value)
            except OverflowError:  # an integer too large for a float
                raise error(label, key, value, self.describe_rule()) from None
        if value != value:  # NaN
            raise error(label, key, given, self.describe_rule())
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            raise error(label, key, given, self.describe_rule())
        return value


def _fmt(x: float) -> str:
    return f"{x:g}"


def _leaf_type(f: dataclasses.Field, default: Any) -> type:
    declared = {"float": float, "int": int, "bool": bool, "str": str}.get(str(f.type))
    if declared is not None:
        return declared
    if isinstance(default, bool):
        return bool
    if isinstance(default, int):
        return int
    if isinstance(default, float):
        return float
    if isinstance(default, str):
        return str
    return type(default)


def walk(cls: type, prefix: str = "", instance: Any = None):
    """Yield a :class:`ParamSpec` for every leaf parameter of ``cls`` (dotted names).

    Nested sections are recursed into; the defaults come from a default instance so that
    per-section defaults (e.g. the terrain table) are the real ones.
    """
    if instance is None:
        instance = cls()
    for f in dataclasses.fields(cls):
        if f.name in ("events", "waves"):
            continue
        value = getattr(instance, f.name)
        name = prefix + f.name
        if dataclasses.is_dataclass(value):
            yield from walk(type(value), name + ".", value)
        elif "unit" in f.metadata:
            m = f.metadata
            t = _leaf_type(f, value)
            yield ParamSpec(
                name, t, value, m["unit"], m["lo"], m["hi"], m["choices"], m["source"], m["doc"]
            )

"""The registry of unit kinds: the one ordered list of the model's agent classes.

A class that declares a ``NAME`` registers itself here when it is defined (see
:class:`droneline.agents.base.Unit`); its kind code is its place in this list. Every table the
model keeps per kind (mobility class, vehicle type, signature, target value, map marker,
loss rules) is read off these classes, so adding a kind is one class (plus, if it needs
numbers of its own, one schema section that the class names).

This module imports nothing heavy, so the schema can consult it without loading Mesa.
"""

from __future__ import annotations

UNIT_KINDS: dict[str, type] = {}


def register(cls: type) -> int:
    """Add ``cls`` under ``cls.NAME``; return its kind code (a redefinition keeps its code)."""
    name = cls.NAME
    if name in UNIT_KINDS:
        code = list(UNIT_KINDS).index(name)
    else:
        code = len(UNIT_KINDS)
    UNIT_KINDS[name] = cls
    return code


def unregister(name: str) -> None:
    """Remove a kind (only the last registered: codes of the others must not shift)."""
    if name not in UNIT_KINDS:
        return
    if list(UNIT_KINDS)[-1] != name:
        raise ValueError(f"only the last registered kind can be removed, not {name!r}")
    del UNIT_KINDS[name]


def kind_classes() -> tuple[type, ...]:
    """The registered classes in kind-code order."""
    return tuple(UNIT_KINDS.values())

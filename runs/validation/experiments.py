"""The validation experiments V1-V8 and the Lanchester check, declared as data.

Each experiment compares scenario variants (arms) over the same seeds (common random
numbers): which scenario and overrides, which measure, the expected direction and the minimum
effect size. The declarations are in ``experiments.toml`` next to this module (package data);
the estimators that judge them are code (:mod:`.estimators`), named from the data. Effects are
estimated with paired bootstrap 95% intervals over seeds; an effect counts as reproduced only
when its interval excludes "no effect" and the estimate meets the minimum size.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

DATA = "experiments.toml"
EXPERIMENT_KEYS = (
    "key",
    "title",
    "published",
    "arms",
    "measure",
    "estimator",
    "minimum",
    "unit",
    "days",
    "explain",
    "extra",
)
ARM_KEYS = ("label", "scenario", "overrides", "set", "days")


@dataclass(frozen=True)
class Arm:
    """One scenario variant: a preset plus overrides."""

    label: str
    scenario: str
    overrides: tuple[tuple[str, object], ...] = ()
    days: float | None = None

    def key(self, days: float | None, seed: int) -> tuple:
        return (self.scenario, self.overrides, self.days if self.days is not None else days, seed)


@dataclass(frozen=True)
class Experiment:
    """A comparison of arms and how to judge it."""

    key: str
    title: str
    published: str
    arms: tuple[Arm, ...]
    measure: str  # a summary column, or the name of an estimator in ESTIMATORS
    estimator: str  # how arms are turned into one effect (see ESTIMATORS)
    minimum: float  # minimum effect size for "reproduced"
    unit: str
    days: float
    explain: str
    extra: dict = field(default_factory=dict)


@cache
def declarations() -> dict[str, Any]:
    """``experiments.toml`` as plain data (read once)."""
    text = resources.files(__package__).joinpath(DATA).read_text(encoding="utf-8")
    return tomllib.loads(text)


def technology() -> dict[str, Any]:
    """V7's new technology: the day red adopts it, the copy lag, the side, label and settings."""
    return dict(declarations()["technology"])


def lanchester_declaration() -> dict[str, Any]:
    """The Lanchester check's key, labels, force ratios and garrison."""
    return dict(declarations()["lanchester"])


def experiments(days: float = 14.0) -> list[Experiment]:
    """The experiments, at the given run length (the quick mode shortens it)."""
    data = declarations()
    arms = data.get("arms", {})
    override_sets = data.get("overrides", {})
    return [_experiment(e, days, arms, override_sets) for e in data["experiments"]]


def _experiment(raw: Mapping, days: float, arms: Mapping, override_sets: Mapping) -> Experiment:
    _known_keys(raw, EXPERIMENT_KEYS, f"experiment {raw.get('key')}")
    explain = raw["explain"]
    if raw.get("extra", {}).get("event"):
        explain = explain.format(**technology())
    return Experiment(
        key=raw["key"],
        title=raw["title"],
        published=raw["published"],
        arms=tuple(
            _arm(arms[a] if isinstance(a, str) else a, days, override_sets) for a in raw["arms"]
        ),
        measure=raw["measure"],
        estimator=raw["estimator"],
        minimum=float(raw["minimum"]),
        unit=raw["unit"],
        days=run_length(raw.get("days"), days),
        explain=explain,
        extra=dict(raw.get("extra", {})),
    )


def _arm(raw: Mapping, days: float, override_sets: Mapping) -> Arm:
    _known_keys(raw, ARM_KEYS, f"arm {raw.get('label')}")
    overrides: dict[str, object] = {}
    for name in raw.get("overrides", ()):
        overrides.update(override_sets[name])
    overrides.update(raw.get("set", {}))
    return Arm(
        raw["label"],
        raw["scenario"],
        tuple(sorted(overrides.items())),
        run_length(raw["days"], days) if "days" in raw else None,
    )


def run_length(rule: Mapping | None, days: float) -> float:
    """The run length a ``days`` rule gives for the suite's ``days``: ``max(days * scale,
    at_least)``; no rule keeps ``days``."""
    if rule is None:
        return days
    _known_keys(rule, ("scale", "at_least"), "days")
    return max(days * rule.get("scale", 1.0), rule.get("at_least", 0.0))


def _known_keys(raw: Mapping, known: tuple[str, ...], where: str) -> None:
    unknown = set(raw) - set(known)
    if unknown:
        raise ValueError(
            f"{DATA}: {where}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(known)}"
        )

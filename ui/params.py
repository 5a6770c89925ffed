"""The handful of scenario parameters the UI offers as sliders, read from the scenario schema.

Sliders are named by role (the attacker's group size, the defender's drone line depth) and
resolved to dotted schema names for the scenario at hand (``blue.drones.strike_depth_km`` when
red attacks). Label text is the UI's; unit, range and type come from ``dl.parameters()``, so
the sliders, the loader, the CLI and the sweeps share one list of parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import droneline as dl

from ..model.scenario import get as get_param

SIDES = ("red", "blue")


@dataclass(frozen=True)
class SliderGroup:
    """A heading and its sliders: ``(label, template, sides)`` where ``template`` has a
    ``{side}`` placeholder and ``sides`` is "both", "attacker" or "defender"."""

    title: str
    rows: tuple[tuple[str, str, str], ...]


# The sliders that matter for the drone-line story (issue 5), in the order shown.
SLIDER_GROUPS = (
    SliderGroup(
        "Drones",
        (
            ("drone line depth", "{side}.drones.strike_depth_km", "both"),
            ("drone units", "{side}.drones.units", "both"),
            ("sorties per crew and hour", "{side}.drones.sorties_per_crew_hour", "both"),
            ("fibre-optic share of FPV sorties", "{side}.drones.fibre_share", "both"),
            ("crews hunting supply roads", "{side}.drones.interdiction_share", "both"),
        ),
    ),
    SliderGroup(
        "Electronic warfare",
        (("EW: chance to jam a radio drone", "{side}.ew.jam_probability", "both"),),
    ),
    SliderGroup(
        "Assault",
        (
            ("assault group size", "{side}.forces.group_size", "attacker"),
            ("share sent on motorcycles", "{side}.forces.motorcycle_share", "attacker"),
            ("share sent in armour", "{side}.forces.armor_share", "attacker"),
        ),
    ),
    SliderGroup(
        "Forces", (("reinforcements per day", "{side}.forces.reinforcements_per_day", "both"),)
    ),
)


@dataclass(frozen=True)
class Slider:
    """One slider: a dotted parameter name with the schema's unit, range and type."""

    name: str
    label: str
    side: str
    unit: str
    lo: float
    hi: float
    step: float
    is_int: bool
    doc: str

    def clamp(self, value: Any) -> int | float:
        """``value`` within the slider's range, as int or float like the schema says."""
        v = min(max(float(value), self.lo), self.hi)
        return int(round(v)) if self.is_int else v

    def format(self, value: Any) -> str:
        """The value with its unit, for labels ("12 km", "0.25 probability")."""
        if self.is_int:
            text = f"{int(round(float(value)))}"
        else:
            text = f"{float(value):.{_decimals(self.step)}f}"
        return f"{text} {self.unit}" if self.unit not in ("", "-") else text


def _decimals(step: float) -> int:
    return max(0, -int(math.floor(math.log10(step) + 1e-9))) if step < 1 else 0


def nice_step(lo: float, hi: float, value: float | None = None, is_int: bool = False) -> float:
    """A 1-2-5 step giving about 100 positions over ``[lo, hi]``, fine enough to hit
    ``value`` (a preset's value should not move just because it is shown on a slider)."""
    if is_int:
        return 1
    span = hi - lo
    if span <= 0:
        return 1.0
    raw = span / 100.0
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw - 1e-12)
    if value is not None:  # finer 1-2-5 steps until one lands on the value
        for finer in (step * f / 10.0**k for k in range(4) for f in (1, 0.5, 0.2)):
            ratio = (value - lo) / finer
            if abs(ratio - round(ratio)) < 1e-6:
                return float(f"{finer:.6g}")
    return float(f"{step:.6g}")


# Sliders that only matter for a side with strike drones (hidden where it has none, as in
# baseline_2022, whose drones only spot for the guns).
STRIKE_ONLY = ("drones.strike_depth_km", "drones.fibre_share", "drones.interdiction_share")


def has_strike_drones(scenario: dl.Scenario, side: str) -> bool:
    d = getattr(scenario, side).drones
    return d.units > 0 and (1.0 - d.recon_share - d.mining_share) > 1e-9


def no_strike_drone_sides(scenario: dl.Scenario) -> list[str]:
    return [s for s in SIDES if not has_strike_drones(scenario, s)]


def sliders_for(scenario: dl.Scenario) -> list[tuple[str, list[Slider]]]:
    """The slider groups for a scenario, sides resolved (attacker, defender); the strike
    drones' sliders only for a side that has strike drones."""
    specs = dl.parameters()
    no_strike = set(no_strike_drone_sides(scenario))
    attacker = scenario.attacker
    defender = SIDES[1 - SIDES.index(attacker)]
    out = []
    for group in SLIDER_GROUPS:
        sliders = []
        for label, template, sides in group.rows:
            chosen = {
                "both": (defender, attacker),
                "attacker": (attacker,),
                "defender": (defender,),
            }[sides]
            for side in chosen:
                name = template.format(side=side)
                if side in no_strike and name.split(".", 1)[1] in STRIKE_ONLY:
                    continue
                spec = specs.get(name)
                if spec is None:  # the schema dropped a parameter: leave its slider out
                    continue
                sliders.append(make_slider(name, label, side, spec, get_param(scenario, name)))
        if sliders:
            out.append((group.title, sliders))
    return out


def make_slider(name: str, label: str, side: str, spec, value: Any = None) -> Slider:
    is_int = spec.type is int
    lo = float(spec.lo if spec.lo is not None else 0.0)
    hi = float(spec.hi if spec.hi is not None else max(1.0, 10 * float(spec.default or 1)))
    return Slider(
        name=name,
        label=label,
        side=side,
        unit=spec.unit or "",
        lo=lo,
        hi=hi,
        step=nice_step(lo, hi, None if value is None else float(value), is_int),
        is_int=is_int,
        doc=spec.doc or "",
    )


def all_sliders(scenario: dl.Scenario) -> list[Slider]:
    return [s for _, group in sliders_for(scenario) for s in group]


def slider_values(scenario: dl.Scenario) -> dict[str, Any]:
    """Each slider's value in ``scenario`` (what the sliders show after a preset loads)."""
    return {s.name: get_param(scenario, s.name) for s in all_sliders(scenario)}


def changed(scenario: dl.Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """The slider values that differ from the scenario's: the overrides to apply."""
    out = {}
    for name, value in values.items():
        base = get_param(scenario, name)
        if isinstance(base, float) or isinstance(value, float):
            if not math.isclose(float(base), float(value), rel_tol=1e-9, abs_tol=1e-12):
                out[name] = value
        elif base != value:
            out[name] = value
    return out

"""Day boundary: reinforcements arrive, drone stocks are restocked, events fire.

Each day a side's reinforcements (plus soldiers who withdrew and returned) are formed by its
doctrine mix into armoured groups, motorcycle squads and foot assault groups (the attack
share) and relief groups for its own positions (the rest). They arrive at the staging area
at random times during the day, on the day's axis of attack. Besides this trickle, a
scenario's assault plans (``[[waves]]``) bring whole waves to the staging area at one time.
Technology events (a side adopts a parameter value on a given day; the other side copies it
after its lag) fire when their day comes.
"""

from __future__ import annotations

import heapq

import numpy as np

from ..agents.registry import kind_classes
from . import weather
from .scenario import wave_hours
from .schema import RED, SIDES

FORMATIONS = ("armor", "motorcycle", "foot", "relief")  # the doctrine mix, in forming order


def day_boundary(model) -> None:
    """Start of a new day: the day's weather, reinforcements, restocked drones, mines decay."""
    weather.new_day(model)
    for side in (0, 1):
        if model.params.switches.reinforcements:
            plan_reinforcements(model, side)
        for cls in model.kinds.classes:
            cls.new_day(model, side)
    model.mines_flat *= 1.0 - model.params.mines.decay_per_day


def formation_kinds(classes=None) -> dict[str, type]:
    """The unit class each formation of the doctrine mix is raised as (from the kinds'
    ``FORMATIONS``; the registered kinds unless ``classes`` are given)."""
    if classes is None:
        classes = kind_classes()
    out = {name: cls for cls in classes for name in cls.FORMATIONS}
    missing = [name for name in FORMATIONS if name not in out]
    if missing:
        raise ValueError(f"no registered unit kind forms {missing}")
    return out


def formation_sizes(f, classes=None) -> dict[str, int]:
    """Soldiers per unit of each formation."""
    kinds = formation_kinds(classes)
    return {name: kinds[name].formation_size(f, name) for name in FORMATIONS}


def form_units(
    soldiers: float, f, carry: dict[str, float], classes=None, extra_attack: float = 0.0
) -> list[str]:
    """Split a day's soldiers into formations by the doctrine mix (``extra_attack`` more
    soldiers go into assault units); fractions carry over to the next day in ``carry``
    (updated in place)."""
    attack = soldiers * f.attack_share + extra_attack
    foot_share = max(0.0, 1.0 - f.armor_share - f.motorcycle_share)
    carry["armor"] += attack * f.armor_share
    carry["motorcycle"] += attack * f.motorcycle_share
    carry["foot"] += attack * foot_share
    carry["relief"] += soldiers + extra_attack - attack
    sizes = formation_sizes(f, classes)
    out = []
    for name in FORMATIONS:
        k = int(carry[name] // sizes[name])
        carry[name] -= k * sizes[name]
        out.extend([name] * k)
    return out


def plan_reinforcements(model, side: int) -> None:
    """Queue today's arrivals for ``side`` at random times within the day."""
    f = model.side_params[side].forces
    soldiers = f.reinforcements_per_day + model.reserve[side]
    model.reserve[side] = 0.0
    extra = weather_held(model, side, soldiers)
    units = form_units(soldiers, f, model.formation_carry[side], model.kinds.classes, extra)
    if not units:
        return
    rng = model.rng
    steps_per_day = max(1, int(round(model.scales.steps_per_day)))
    when = model.steps + rng.integers(0, steps_per_day, len(units))
    axis = rng.uniform(0.1, 0.9) * model.scales.ny
    for t, name in zip(when, units, strict=True):
        queue(model, int(t), side, name, float(axis), f.axis_width_km)


def queue(model, step: int, side: int, name: str, axis: float, width_km: float) -> None:
    """One unit of formation ``name`` to arrive at ``step``, on row ``axis`` of the front,
    spread over ``width_km``."""
    model.arrival_seq += 1
    heapq.heappush(model.arrivals, (step, model.arrival_seq, side, name, axis, width_km))


def schedule_waves(model) -> None:
    """The scenario's assault plans: every unit of a wave arrives at its staging area at the
    wave's time, on its axis (whole squads and groups of the side's formation sizes)."""
    scales = model.scales
    for wave in model.params.waves:
        side = SIDES.index(wave.side)
        hours = wave_hours(wave, model.params.run.start_hour)
        step = int(np.floor(hours / scales.step_h + 1e-9)) + 1
        axis = scales.ny / 2.0 if wave.axis_km < 0 else scales.cells(wave.axis_km)
        sizes = formation_vehicles_and_soldiers(model, side)
        for name, count in (
            ("motorcycle", wave.motorcycles),
            ("armor", wave.armor),
            ("foot", wave.foot),
        ):
            if count <= 0:
                continue
            for _ in range(max(1, int(round(count / sizes[name])))):
                queue(model, step, side, name, float(axis), wave.width_km)


def formation_vehicles_and_soldiers(model, side: int) -> dict[str, int]:
    """What one unit of each assault formation counts in a wave: vehicles for mounted
    formations, soldiers for foot groups."""
    f = model.side_params[side].forces
    kinds = formation_kinds(model.kinds.classes)
    out = {}
    for name in ("motorcycle", "armor"):
        out[name] = kinds[name].formation_vehicles(f)[0]
    out["foot"] = kinds["foot"].formation_size(f, "foot")
    return out


def weather_held(model, side: int, soldiers: float) -> float:
    """The doctrine of waiting for bad weather: on a day the enemy's drones fly freely,
    ``weather_hold`` of the day's assault soldiers are held back (taken out of ``soldiers``
    by returning a negative extra); on a day they cannot, all held soldiers go into the
    assault. Returns the soldiers to add to today's assault units."""
    f = model.side_params[side].forces
    if model.weather_sorties < 1.0:
        released, model.held[side] = model.held[side], 0.0
        return released
    held = soldiers * f.attack_share * f.weather_hold
    model.held[side] += held
    return -held


def release_arrivals(model) -> None:
    """Units whose arrival time has come appear at the staging area and take their orders."""
    while model.arrivals and model.arrivals[0][0] <= model.steps:
        _, _, side, name, axis, width_km = heapq.heappop(model.arrivals)
        spawn(model, side, name, axis, width_km)


def staging_cell(model, side: int, y: float) -> int:
    """A passable cell on ``side``'s staging line at row ``y``."""
    scales = model.scales
    yi = int(np.clip(y, 0, scales.ny - 1))
    sign = 1 if side == RED else -1  # red holds the high-x side
    x = model.front_x[yi] + sign * scales.cells(model.side_params[side].forces.staging_km)
    xi = int(np.clip(round(x), 1, scales.nx - 2))
    for dx in range(scales.nx):
        for xx in (xi - sign * dx, xi + sign * dx):
            if 0 <= xx < scales.nx and model.passable[yi, xx]:
                return yi * scales.nx + xx
    return yi * scales.nx + xi


def spawn(model, side: int, name: str, axis: float, width_km: float) -> None:
    """One unit of formation ``name`` appears at ``side``'s staging area (reliefs anywhere
    along the front, attackers on their axis, spread over ``width_km``) and takes its
    orders."""
    rng, scales = model.rng, model.scales
    if name == "relief":
        y = rng.uniform(0, scales.ny)
    else:
        y = axis + rng.uniform(-0.5, 0.5) * scales.cells(width_km)
    cell = staging_cell(model, side, y)
    formation_kinds(model.kinds.classes)[name].raise_formation(model, side, cell, name)


# --------------------------------------------------------------------------- events
def schedule_events(model) -> None:
    """Technology events of the scenario, in the order they fire."""
    model.pending_events = sorted(
        (
            {
                "day": e.day,
                "side": SIDES.index(e.side),
                "set": dict(e.set),
                "label": e.label or ", ".join(e.set),
                "lag": e.copy_lag_days,
                "copy": False,
            }
            for e in model.params.events
        ),
        key=lambda e: (e["day"], e["side"]),
    )


def fire_events(model) -> None:
    """Apply the events whose day has come; schedule the other side's copy."""
    now = model.elapsed_hours / 24.0
    fired = False
    while model.pending_events and model.pending_events[0]["day"] <= now + 1e-9:
        ev = model.pending_events.pop(0)
        p = model.side_params[ev["side"]]
        for key, value in ev["set"].items():
            section, _, attr = key.rpartition(".")
            setattr(getattr(p, section) if section else p, attr, value)
        model.event_log.append(
            {
                "day": now,
                "side": SIDES[ev["side"]],
                "label": ev["label"],
                "copy": ev["copy"],
                "set": ev["set"],
            }
        )
        if ev["lag"] >= 0 and not ev["copy"]:
            model.pending_events.append(
                {**ev, "day": ev["day"] + ev["lag"], "side": 1 - ev["side"], "copy": True}
            )
        model.pending_events.sort(key=lambda e: (e["day"], e["side"]))
        fired = True
    if fired:
        model.coverage_dirty = True
        model.params_version += 1

"""Logistics: consumption, convoys from the depots, morale, withdrawal out of supply.

Supply is counted in soldier-days. Positions and assault groups consume one soldier-day per
soldier per day; a trickle reaches positions without convoys (porters, drone drops). Each
side can dispatch a limited number of convoys a day; a position whose stock falls below its
request threshold gets the next free convoy, which drives the road network from the nearest
depot, delivers what survives the trip, and drives back. A position out of supply loses
morale day by day and withdraws when morale breaks: the garrison walks back, and the empty
position is ground for whoever comes first.

Vehicles do not drive into the enemy's drone zone: each side's trucks stop at its drop-off
line, as deep behind its front as the enemy's drones have recently been hitting its trucks
(:func:`hit_depth_km`), and positions forward of that line are supplied by porters on foot
(``agents/porter.py``), who cross the zone and are hunted in it.
"""

from __future__ import annotations

import numpy as np


def consume(
    supply: np.ndarray, strength: np.ndarray, dt_days: float, trickle: np.ndarray
) -> np.ndarray:
    """Supply after ``dt_days`` of consumption (one soldier-day per soldier per day) and the
    trickle of supply that arrives without convoys (soldier-days per soldier per day)."""
    return np.maximum(0.0, supply + strength * dt_days * (trickle - 1.0))


def morale_step(
    morale: np.ndarray,
    in_supply: np.ndarray,
    dt_days: float,
    loss_per_day: float,
    recovery_per_day: float,
) -> np.ndarray:
    """Morale falls while out of supply and recovers while supplied (bounded to 0..1)."""
    change = np.where(in_supply, recovery_per_day, -loss_per_day) * dt_days
    return np.clip(morale + change, 0.0, 1.0)


def supply(model) -> None:
    """Each kind's consumption and supply for both sides, in kind order: positions consume,
    lose or regain morale and may withdraw; groups live on what they carry; convoys are
    dispatched to the positions that asked."""
    if not model.params.switches.logistics:
        return
    for side in (0, 1):
        for cls in model.kinds.classes:
            cls.sustain(model, side)


def hit_depth_km(
    hits: np.ndarray, upper_km: np.ndarray, quantile: float, previous: float = 0.0
) -> float:
    """How deep behind its front the enemy's drones have been hitting a side: the depth
    within which ``quantile`` of the remembered hits fell (``hits`` per depth bin behind the
    front, ``upper_km`` each bin's far edge); with less than one hit remembered, ``previous``
    stays. Hits on its trucks set its drop-off line (0 at the start: trucks drive to the
    positions until they are hit); hits on its soldiers on their way forward set its
    assembly area."""
    total = float(hits.sum())
    if total < 1.0:
        return float(previous)
    cum = np.cumsum(hits)
    k = int(np.searchsorted(cum, quantile * total, side="left"))
    return float(upper_km[min(k, len(upper_km) - 1)])

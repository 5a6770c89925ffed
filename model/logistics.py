"""Logistics: consumption, convoys from the depots, morale, withdrawal out of supply.

Supply is counted in soldier-days. Positions and assault groups consume one soldier-day per
soldier per day; a trickle reaches positions without convoys (porters, drone drops). Each
side can dispatch a limited number of convoys a day; a position whose stock falls below its
request threshold gets the next free convoy, which drives the road network from the nearest
depot, delivers what survives the trip, and drives back. A position out of supply loses
morale day by day and withdraws when morale breaks: the garrison walks back, and the empty
position is ground for whoever comes first.
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

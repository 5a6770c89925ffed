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

from ..agents.convoy import SupplyConvoy
from .units import GROUP, POSITION


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
    """Consumption, morale and withdrawal, then convoy dispatch."""
    if not model.params.switches.logistics:
        return
    u = model.units
    dt_days = model.scales.step_days
    for s in (0, 1):
        p = model.side_params[s]
        pos = u.live_of(POSITION, s)
        grp = u.live_of(GROUP, s)
        if len(pos):
            u.supply[pos] = consume(
                u.supply[pos],
                u.strength[pos],
                dt_days,
                np.full(len(pos), p.logistics.local_supply_per_day),
            )
            manned = pos[u.strength[pos] > 0]
            u.morale[manned] = morale_step(
                u.morale[manned],
                u.supply[manned] > 0,
                dt_days,
                p.morale.loss_per_day_out_of_supply,
                p.morale.recovery_per_day,
            )
            breaking = manned[
                (u.morale[manned] < p.morale.withdraw_below) & (u.supply[manned] <= 0)
            ]
            for row in breaking:
                u.agents[row].withdraw()
        if len(grp):
            u.supply[grp] = consume(u.supply[grp], u.strength[grp], dt_days, np.zeros(len(grp)))
        model.convoy_tokens[s] = min(
            p.logistics.convoys_per_day,
            model.convoy_tokens[s] + p.logistics.convoys_per_day * dt_days,
        )
        if model.convoy_tokens[s] >= 1.0 and len(pos) and model.steps % model.hour_steps == 0:
            SupplyConvoy.dispatch(model, s)  # requests are gathered and served hourly

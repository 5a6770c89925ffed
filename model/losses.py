"""Losses: applying hits and casualties to units, counting them, and removing the dead.

Every cause of loss (drone, artillery, direct fire, mine) goes through these functions so
that the tally of losses by side x cause x unit kind, vehicles lost by type, suppression,
morale and the removal of destroyed units are handled in one place.
"""

from __future__ import annotations

import numpy as np


def protection(model, rows: np.ndarray) -> np.ndarray:
    """Share of fire each unit is shielded from, as its kind says (terrain by default,
    fortification for positions)."""
    return model.kinds.apply("shield", model, rows, np.empty(len(rows)))


def apply_hits(
    model,
    rows: np.ndarray,
    hits: np.ndarray,
    personnel_mean: np.ndarray,
    hard_kill_p: float,
    soft_kill_p: float,
    cause: int,
) -> None:
    """Resolve ``hits`` on each target row.

    ``personnel_mean`` is the expected casualties those hits cause among soldiers in the open
    (scaled here by protection); vehicles are lost with ``hard_kill_p`` per hit (armour,
    guns) or ``soft_kill_p`` (motorcycles, trucks, EW). A lost vehicle takes a share of
    the soldiers aboard with it.
    """
    if len(rows) == 0:
        return
    u, rng, kinds = model.units, model.rng, model.kinds
    kind = u.kind[rows]
    scenario = model.params
    cas = np.zeros(len(rows))
    veh = np.zeros(len(rows))
    pers = kinds.personnel[kind]
    if pers.any():
        lam = personnel_mean[pers] * (1 - protection(model, rows[pers]))
        cas[pers] = rng.poisson(lam)
    hard = kinds.hard[kind]
    soft = kinds.soft[kind]
    if hard.any():
        veh[hard] = rng.binomial(hits[hard].astype(np.int64), hard_kill_p)
    if soft.any():
        veh[soft] = rng.binomial(hits[soft].astype(np.int64), soft_kill_p)
    veh = np.minimum(veh, u.vehicles[rows])
    # soldiers aboard lost vehicles
    has_veh = veh > 0
    if has_veh.any():
        r = rows[has_veh]
        per_vehicle = u.strength[r] / np.maximum(u.vehicles[r], 1)
        share = kinds.aboard_loss[u.kind[r]]
        cas[has_veh] += np.round(veh[has_veh] * per_vehicle * share)
        lose_vehicles(model, r, veh[has_veh], cause)
    u.suppression[rows] = np.minimum(
        1.0, u.suppression[rows] + scenario.combat.suppression_per_strike * (hits > 0)
    )
    u.struck[rows[hits > 0]] = model.steps
    casualties(model, rows, cas, cause)


def lose_vehicles(model, rows: np.ndarray, n: np.ndarray, cause: int) -> None:
    """Remove ``n`` vehicles from each row and count them by vehicle type."""
    u = model.units
    n = np.minimum(n, u.vehicles[rows])
    if not n.any():
        return
    frac = n / np.maximum(u.vehicles[rows], 1e-9)
    cargo = model.kinds.cargo[u.kind[rows]]
    u.supply[rows[cargo]] *= 1 - frac[cargo]  # cargo burns with its truck
    u.vehicles[rows] -= n
    vt = model.kinds.vehicle[u.kind[rows]]
    ok = vt >= 0
    np.add.at(model.tally.vehicles_lost, (u.side[rows[ok]], vt[ok], cause), n[ok])
    model.dead_check.extend(rows[u.vehicles[rows] <= 0].tolist())


def casualties(model, rows: np.ndarray, cas: np.ndarray, cause: int) -> None:
    """Remove ``cas`` soldiers from each row; count them; suppress and shake the survivors."""
    u = model.units
    cas = np.minimum(cas, u.strength[rows])
    hit = cas > 0
    if not hit.any():
        return
    rows, cas = rows[hit], cas[hit]
    before = u.strength[rows].copy()
    u.strength[rows] -= cas
    u.casualties[rows] += cas
    approach = u.attacking[rows] & ~u.reached[rows]  # lost on the way to the enemy
    np.add.at(model.tally.approach_losses, u.side[rows[approach]], cas[approach])
    np.add.at(model.tally.losses, (u.side[rows], cause, u.kind[rows]), cas)
    share = cas / np.maximum(before, 1.0)
    u.suppression[rows] = np.minimum(
        1.0, u.suppression[rows] + model.params.combat.suppression_per_casualty * share
    )
    for cls, m in model.kinds.by_kind(u.kind[rows]):
        cls.on_casualties(model, rows[m], share[m])
    model.dead_check.extend(rows[u.strength[rows] <= 0].tolist())


def remove_dead(model) -> None:
    """Units that took losses this phase settle them: each kind says when it is destroyed
    (positions never are: an empty position is ground someone can walk into; armour that
    lost its vehicles drops its soldiers)."""
    if not model.dead_check:
        return
    u = model.units
    for row in sorted(set(model.dead_check)):
        if u.alive[row]:
            u.agents[row].settle()
    model.dead_check.clear()

"""Losses: applying hits and casualties to units, counting them, and removing the dead.

Every cause of loss (drone, artillery, direct fire, mine) goes through these functions so
that the tally of losses by side x cause x unit kind, vehicles lost by type, suppression,
morale and the removal of destroyed units are handled in one place.
"""

from __future__ import annotations

import numpy as np

from .units import (
    ARMOR,
    ARTILLERY,
    CONVOY,
    DRONES,
    EW,
    GROUP,
    KIND_VEHICLE,
    MOTORCYCLE,
    N_KINDS,
    POSITION,
    lookup,
)

# kinds whose losses are soldiers hit where they stand (no vehicle to lose first)
PERSONNEL_KINDS = (POSITION, GROUP, DRONES)
IS_PERSONNEL = lookup(PERSONNEL_KINDS, N_KINDS)


def protection(model, rows: np.ndarray) -> np.ndarray:
    """Share of fire a unit is shielded from: fortification for positions, terrain otherwise."""
    u = model.units
    prot = model.protection.ravel()[u.cell[rows]]
    is_pos = u.kind[rows] == POSITION
    prot[is_pos] = np.maximum(prot[is_pos], u.fortification[rows[is_pos]])
    return prot


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
    u, rng = model.units, model.rng
    kind = u.kind[rows]
    sc = model.params
    cas = np.zeros(len(rows))
    veh = np.zeros(len(rows))
    pers = IS_PERSONNEL[kind]
    if pers.any():
        lam = personnel_mean[pers] * (1 - protection(model, rows[pers]))
        cas[pers] = rng.poisson(lam)
    hard = (kind == ARMOR) | (kind == ARTILLERY)
    soft = (kind == MOTORCYCLE) | (kind == CONVOY) | (kind == EW)
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
        share = np.where(u.kind[r] == ARMOR, sc.combat.mounted_casualty_share, 1.0)
        cas[has_veh] += np.round(veh[has_veh] * per_vehicle * share)
        lose_vehicles(model, r, veh[has_veh], cause)
    u.suppression[rows] = np.minimum(
        1.0, u.suppression[rows] + sc.combat.suppression_per_strike * (hits > 0)
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
    conv = u.kind[rows] == CONVOY
    u.supply[rows[conv]] *= 1 - frac[conv]  # cargo burns with its truck
    u.vehicles[rows] -= n
    vt = KIND_VEHICLE[u.kind[rows]]
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
    np.add.at(model.tally.losses, (u.side[rows], cause, u.kind[rows]), cas)
    sc = model.params
    share = cas / np.maximum(before, 1.0)
    u.suppression[rows] = np.minimum(
        1.0, u.suppression[rows] + sc.combat.suppression_per_casualty * share
    )
    pos = u.kind[rows] == POSITION
    if pos.any():
        pr = rows[pos]
        for s in (0, 1):
            m = u.side[pr] == s
            loss = model.side_params[s].morale.loss_per_casualty_share
            u.morale[pr[m]] = np.maximum(0.0, u.morale[pr[m]] - loss * share[pos][m])
        if (u.strength[pr] <= 0).any():
            model.control_dirty = True
    if (u.kind[rows] == DRONES).any():
        model.coverage_dirty = True
    model.dead_check.extend(rows[u.strength[rows] <= 0].tolist())


def remove_dead(model) -> None:
    """Remove units that have nothing left to fight with (positions stay: an empty position
    is ground someone can walk into; armour that lost its vehicles drops its soldiers)."""
    if not model.dead_check:
        return
    u = model.units
    for row in sorted(set(model.dead_check)):
        if not u.alive[row]:
            continue
        kind = u.kind[row]
        agent = u.agents[row]
        if kind == POSITION:
            continue
        if kind in (GROUP, DRONES):
            dead = u.strength[row] <= 0
        elif kind == ARMOR:
            if u.vehicles[row] <= 0 and u.strength[row] > 0:
                agent.dismount()
                continue
            dead = u.vehicles[row] <= 0
        elif kind == MOTORCYCLE:
            dead = u.vehicles[row] <= 0 or u.strength[row] <= 0
        else:  # convoy, EW, artillery: the vehicles are the unit
            dead = u.vehicles[row] <= 0
        if dead:
            agent.destroyed()
    model.dead_check.clear()

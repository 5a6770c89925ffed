"""Orders that mobile units of several kinds give themselves: which position to go for, which
to relieve, whether an objective still makes sense, whether a unit is close to it, which depot
is nearest. Array functions on the unit table; the agent classes call them.
"""

from __future__ import annotations

import numpy as np

from .kinds import RELIEVE
from .position import DefenderPosition


def objective_valid(model, rows: np.ndarray) -> np.ndarray:
    """Whether each unit's objective still makes sense: an enemy position to attack, or an
    own position to relieve."""
    u = model.units
    obj = u.objective[rows]
    ok = obj >= 0
    o = np.where(ok, obj, 0)
    ok &= u.alive[o] & (u.kind[o] == DefenderPosition.KIND)
    own = u.side[o] == u.side[rows]
    relieving = u.mission[rows] == RELIEVE
    return ok & np.where(relieving, own, ~own)


def within(model, rows: np.ndarray, targets: np.ndarray, km: float) -> np.ndarray:
    """Whether each unit is within ``km`` of its target unit."""
    u = model.units
    d = u.xy[rows] - u.xy[targets]
    d2 = (d * d).sum(axis=1)
    r = model.scales.cells(km)
    return d2 <= r * r


def within_by_side(model, rows: np.ndarray, km_of_side) -> np.ndarray:
    """:func:`within` of each unit's objective, the distance set per side by
    ``km_of_side(side)``."""
    u = model.units
    close = np.zeros(len(rows), dtype=bool)
    for side in (0, 1):
        m = u.side[rows] == side
        close[m] = within(model, rows[m], u.objective[rows[m]], km_of_side(side))
    return close


def nearest_position(model, row: int, enemy: bool) -> int:
    """Row of the enemy (or own) position to go for from unit ``row``: the nearest, counting
    each soldier in it as ``weakness_preference_km`` of extra distance (attackers look for
    weak spots and walk into abandoned positions); -1 if none."""
    u = model.units
    side = u.side[row]
    pos = u.live_of(DefenderPosition.KIND)
    pos = pos[(u.side[pos] != side) if enemy else (u.side[pos] == side)]
    if len(pos) == 0:
        return -1
    d_km = model.scales.km(u.distance_cells(row, u.cell[pos]))
    w = model.side_params[side].forces.weakness_preference_km if enemy else 0.0
    return int(pos[np.argmin(d_km + w * u.strength[pos])])


def neediest_position(model, row: int) -> int:
    """Own position a relief should go to: fewest soldiers, ties broken by distance."""
    u = model.units
    side = u.side[row]
    pos = u.live_of(DefenderPosition.KIND, side)
    if len(pos) == 0:
        return -1
    limit = model.side_params[side].defence.max_garrison
    pos = pos[(u.strength[pos] < limit) & ~u.abandoned[pos]]
    if len(pos) == 0:
        return -1
    d_km = model.scales.km(u.distance_cells(row, u.cell[pos]))
    score = u.strength[pos] + d_km / model.side_params[side].forces.relief_distance_km_per_soldier
    return int(pos[np.argmin(score)])


def nearest_depot(model, row: int) -> int:
    """Cell of the depot of ``row``'s side nearest to it."""
    u = model.units
    return depot_near(model, int(u.side[row]), int(u.cell[row]))


def depot_near(model, side: int, cell: int) -> int:
    """Cell of ``side``'s depot nearest to ``cell``."""
    nx = model.scales.nx
    depots = np.asarray(model.depots[side])
    d = np.hypot(depots % nx - cell % nx, depots // nx - cell // nx)
    return int(depots[np.argmin(d)])


def cell_behind_front(model, side: int, cell: int, km: float) -> int:
    """The passable cell on ``cell``'s row nearest ``km`` behind ``side``'s front (where its
    trucks unload, where its groups assemble)."""
    nx = model.scales.nx
    y = cell // nx
    behind_km = -model.depth[side][y]
    gap = np.abs(behind_km - km)
    gap[~model.passable[y]] = np.inf
    return int(y * nx + np.argmin(gap))

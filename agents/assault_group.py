"""AssaultGroup: 3-10 soldiers on foot, infiltrating toward an enemy position.

It moves from cover to cover (the foot cost field prefers tree lines and ruins), goes to
ground when struck (suppression stops it), assaults the position when within assault range,
and takes it when the garrison is gone, becoming the new garrison that holds the ground for
days awaiting reinforcement. A group worn below ``break_off_fraction`` of its strength falls
back. The same class carries reliefs walking to their own positions and garrisons
withdrawing to the rear.
"""

from __future__ import annotations

import numpy as np

from .base import Unit
from .kinds import ADVANCE, ASSAULT, GROUP, IDLE, POSITION, RELIEVE, WITHDRAW


class AssaultGroup(Unit):
    """Soldiers on foot with a mission: advance, assault, relieve or withdraw."""

    KIND = GROUP
    LABEL = "assault group"

    def __init__(
        self,
        model,
        side: int,
        cell: int,
        soldiers: float,
        *,
        supply: float | None = None,
        mission: int = IDLE,
        objective: int = -1,
    ):
        if supply is None:
            supply = soldiers * model.side_params[side].forces.carried_supply_days
        super().__init__(
            model,
            side,
            cell,
            strength=float(soldiers),
            supply=float(supply),
            mission=mission,
            objective=objective,
        )

    # ------------------------------------------------------------------ orders
    def advance_on_nearest(self) -> bool:
        """Head for the nearest enemy position (manned or empty)."""
        target = nearest_position(self.model, self.row, enemy=True)
        if target < 0:
            self._halt()
            return False
        return self._go(target, ADVANCE)

    def relieve_weakest(self) -> bool:
        """Walk to the own position that most needs soldiers (few soldiers, not too far)."""
        target = neediest_position(self.model, self.row)
        if target < 0:
            return self.fall_back()
        return self._go(target, RELIEVE)

    def fall_back(self) -> bool:
        """Walk back to the nearest own depot at the rear."""
        model, u = self.model, self.model.units
        depots = model.depots[self.side]
        nx = model.scales.nx
        c = u.cell[self.row]
        d = np.hypot(depots % nx - c % nx, depots // nx - c // nx)
        u.mission[self.row] = WITHDRAW
        u.objective[self.row] = -1
        return model.routes.send(self.row, int(depots[np.argmin(d)]))

    def _go(self, target: int, mission: int) -> bool:
        u = self.model.units
        u.mission[self.row] = mission
        u.objective[self.row] = target
        if not self.model.routes.send(self.row, int(u.cell[target])):
            self._halt()
            return False
        return True

    def _halt(self) -> None:
        u = self.model.units
        u.mission[self.row] = IDLE
        u.objective[self.row] = -1
        u.path_len[self.row] = 0

    def destroyed(self) -> None:
        self.remove()

    # ------------------------------------------------------------------ rules for all
    @classmethod
    def decide(cls, model) -> None:
        """Break off when worn out; re-target when the objective is gone; assault when close."""
        u = model.units
        rows = u.live_of(GROUP)
        if len(rows) == 0:
            return
        mission = u.mission[rows]
        attacking = (mission == ADVANCE) | (mission == ASSAULT)
        frac = np.array([model.params.combat.break_off_fraction] * 2)
        weak = attacking & (u.strength[rows] < frac[u.side[rows]] * u.strength0[rows])
        valid = objective_valid(model, rows)
        agents = u.agents
        for r in rows[weak]:
            agents[r].fall_back()
        for r in rows[attacking & ~weak & ~valid]:
            agents[r].advance_on_nearest()
        for r in rows[(mission == RELIEVE) & ~valid]:
            agents[r].relieve_weakest()
        for r in rows[mission == IDLE]:
            agents[r].advance_on_nearest()
        adv = rows[(mission == ADVANCE) & valid & ~weak]
        if len(adv):
            close = within(model, adv, u.objective[adv], model.params.combat.assault_range_km)
            u.mission[adv[close]] = ASSAULT

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        """End of a route: assault the objective, join the position, or reach the rear."""
        u = model.units
        for r in rows:
            if not u.alive[r]:
                continue
            m = u.mission[r]
            if m == ADVANCE:
                u.mission[r] = ASSAULT
            elif m == RELIEVE:
                target = u.objective[r]
                if objective_valid(model, np.array([r]))[0]:
                    u.agents[target].reinforce(u.strength[r], u.supply[r])
                    u.agents[r].remove()
                else:
                    u.agents[r].relieve_weakest()
            elif m == WITHDRAW:
                model.reserve[u.side[r]] += u.strength[r]
                u.agents[r].remove()


# --------------------------------------------------------------------------- helpers
def advance_mounted(unit) -> bool:
    """Send a mounted unit (motorcycles, armour) toward the enemy position to attack."""
    u = unit.model.units
    target = nearest_position(unit.model, unit.row, enemy=True)
    u.objective[unit.row] = target
    if target < 0:
        u.mission[unit.row] = IDLE
        return False
    u.mission[unit.row] = ADVANCE
    return unit.model.routes.send(unit.row, int(u.cell[target]))


def objective_valid(model, rows: np.ndarray) -> np.ndarray:
    """Whether each unit's objective still makes sense: an enemy position to attack, or an
    own position to relieve."""
    u = model.units
    obj = u.objective[rows]
    ok = obj >= 0
    o = np.where(ok, obj, 0)
    ok &= u.alive[o] & (u.kind[o] == POSITION)
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


def nearest_position(model, row: int, enemy: bool) -> int:
    """Row of the enemy (or own) position to go for from unit ``row``: the nearest, counting
    each soldier in it as ``weakness_preference_km`` of extra distance (attackers look for
    weak spots and walk into abandoned positions); -1 if none."""
    u, nx = model.units, model.scales.nx
    side = u.side[row]
    pos = u.live_of(POSITION)
    pos = pos[(u.side[pos] != side) if enemy else (u.side[pos] == side)]
    if len(pos) == 0:
        return -1
    c = u.cell[row]
    d_km = model.scales.km(np.hypot(u.cell[pos] % nx - c % nx, u.cell[pos] // nx - c // nx))
    w = model.side_params[side].forces.weakness_preference_km if enemy else 0.0
    return int(pos[np.argmin(d_km + w * u.strength[pos])])


def neediest_position(model, row: int) -> int:
    """Own position a relief should go to: fewest soldiers, ties broken by distance."""
    u, nx = model.units, model.scales.nx
    side = u.side[row]
    pos = u.live_of(POSITION, side)
    if len(pos) == 0:
        return -1
    limit = model.side_params[side].defence.max_garrison
    pos = pos[(u.strength[pos] < limit) & ~u.abandoned[pos]]
    if len(pos) == 0:
        return -1
    c = u.cell[row]
    d_km = model.scales.km(np.hypot(u.cell[pos] % nx - c % nx, u.cell[pos] // nx - c // nx))
    score = u.strength[pos] + d_km / model.side_params[side].forces.relief_distance_km_per_soldier
    return int(pos[np.argmin(score)])

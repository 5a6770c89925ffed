"""MountedUnit: what motorcycle squads and armoured groups share.

Vehicles carrying soldiers toward an enemy position; near it (``forces.dismount_km``) the
soldiers get off and fight on as an :class:`AssaultGroup`. A lost vehicle takes its riders
(or a share of them) with it; mines on the route can stop vehicles. After the soldiers are
off, the vehicles are *parked* where they stopped, seen and struck like any vehicle, for as
long as the kind's doctrine says (:meth:`parked_hours`); then each kind says where they go
(:meth:`leave`).
"""

from __future__ import annotations

import numpy as np

from .assault_group import AssaultGroup
from .base import Unit
from .kinds import ADVANCE, IDLE, SOFT_VEHICLE, WITHDRAW
from .orders import nearest_depot, nearest_position, objective_valid, within_by_side


class MountedUnit(Unit):
    """Vehicles and the soldiers they carry (not a kind itself: it has no ``NAME``)."""

    HIT_AS = SOFT_VEHICLE
    OBSERVES = True
    DIRECT_FIRE = True
    ASSAULT = True
    MINE_RISK = "vehicle"

    def __init__(self, model, side: int, cell: int, vehicles: int, soldiers_per_vehicle: int):
        f = model.side_params[side].forces
        soldiers = float(vehicles * soldiers_per_vehicle)
        super().__init__(
            model,
            side,
            cell,
            strength=soldiers,
            vehicles=float(vehicles),
            supply=soldiers * f.carried_supply_days,
        )

    def is_destroyed(self) -> bool:
        return self.model.units.vehicles[self.row] <= 0

    def settle(self) -> None:
        """All vehicles lost with soldiers still aboard: the survivors get off where they are;
        all soldiers aboard lost: the vehicles stop there."""
        u = self.model.units
        if u.vehicles[self.row] <= 0 and u.strength[self.row] > 0:
            self.dismount()
        elif self.is_destroyed():
            self.destroyed()
        elif u.strength[self.row] <= 0 and u.mission[self.row] == ADVANCE:
            self.park()

    def advance_on_nearest(self) -> bool:
        """Head (mounted) for the enemy position to attack."""
        u = self.model.units
        target = nearest_position(self.model, self.row, enemy=True)
        u.objective[self.row] = target
        if target < 0:
            u.mission[self.row] = IDLE
            return False
        u.mission[self.row] = ADVANCE
        return self.model.routes.send(self.row, int(u.cell[target]))

    def dismount(self) -> AssaultGroup | None:
        """The soldiers get off and fight on foot toward the same objective; the vehicles are
        parked here."""
        u = self.model.units
        target = u.objective[self.row]
        group = self._dismounted_group() if u.strength[self.row] > 0 else None
        self.park()
        if group is not None:
            self._send_on(group, target)
        return group

    def park(self) -> None:
        """Nobody aboard: the vehicles stop where they are (or leave the map if none is
        left)."""
        u = self.model.units
        u.strength[self.row] = 0.0
        u.supply[self.row] = 0.0
        u.mission[self.row] = IDLE
        u.path_len[self.row] = 0
        self.parked_since = self.model.steps
        if u.vehicles[self.row] <= 0:
            self.remove()

    @classmethod
    def parked_hours(cls, model, side: int) -> float:
        """How long the side's doctrine leaves this kind's vehicles parked."""
        raise NotImplementedError

    def leave(self) -> None:
        """Parked long enough: the vehicles drive back to the rear and leave the map there."""
        u = self.model.units
        u.mission[self.row] = WITHDRAW
        if not self.model.routes.send(self.row, nearest_depot(self.model, self.row)):
            self.remove()

    def _dismounted_group(self) -> AssaultGroup:
        """The soldiers aboard as an assault group in this cell, with their supply."""
        u = self.model.units
        group = AssaultGroup(
            self.model, self.side, self.cell_index, u.strength[self.row], supply=u.supply[self.row]
        )
        u.attacking[group.row] = u.attacking[self.row]  # the same soldiers, still on the way
        u.reached[group.row] = u.reached[self.row]
        return group

    @staticmethod
    def _send_on(group: AssaultGroup, target: int) -> None:
        """The dismounted group goes for the same objective (or the nearest if it is gone)."""
        if target >= 0 and group.model.units.alive[target]:
            group._go(int(target), ADVANCE)
        else:
            group.advance_on_nearest()

    # ------------------------------------------------------------------ rules for all
    @classmethod
    def deciding(cls, model) -> np.ndarray:
        """Rows that decide this step: units still advancing (parked or withdrawing vehicles
        decide nothing)."""
        u = model.units
        rows = u.live_of(cls.KIND)
        return rows[u.mission[rows] == ADVANCE]

    @classmethod
    def decide(cls, model) -> None:
        """Re-target when the objective is gone; dismount when close to it; vehicles parked
        long enough leave."""
        u = model.units
        cls.leave_parking(model)
        rows = cls.deciding(model)
        if len(rows) == 0:
            return
        valid = objective_valid(model, rows)
        for r in rows[~valid]:
            u.agents[r].advance_on_nearest()
        ok = rows[valid]
        if len(ok):
            close = within_by_side(
                model, ok, lambda side: model.side_params[side].forces.dismount_km
            )
            for r in ok[close]:
                u.agents[r].dismount()

    @classmethod
    def leave_parking(cls, model) -> None:
        """Vehicles parked for their doctrine's hours leave (:meth:`leave`)."""
        u = model.units
        rows = u.live_of(cls.KIND)
        parked = rows[(u.mission[rows] == IDLE) & (u.strength[rows] <= 0)]
        for r in parked:
            agent = u.agents[r]
            hours = cls.parked_hours(model, int(u.side[r]))
            if (model.steps - agent.parked_since) * model.scales.step_h >= hours - 1e-9:
                agent.leave()

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        """At the end of the route to the objective, dismount; back at the rear, leave."""
        u = model.units
        for r in rows:
            if u.alive[r] and u.mission[r] == ADVANCE:
                u.agents[r].dismount()
            elif u.alive[r] and u.mission[r] == WITHDRAW:
                u.agents[r].remove()

    @classmethod
    def formation_size(cls, forces, formation: str) -> int:
        vehicles, per_vehicle = cls.formation_vehicles(forces)
        return vehicles * per_vehicle

    @classmethod
    def formation_vehicles(cls, forces) -> tuple[int, int]:
        """(vehicles, soldiers per vehicle) of one unit raised from reinforcements."""
        raise NotImplementedError

    @classmethod
    def raise_formation(cls, model, side: int, cell: int, formation: str) -> MountedUnit:
        """One unit of this kind from the day's reinforcements, sent toward the enemy."""
        vehicles, per_vehicle = cls.formation_vehicles(model.side_params[side].forces)
        unit = cls(model, side, cell, vehicles, per_vehicle)
        model.tally.vehicles_committed[side, cls.VEHICLE] += vehicles
        model.tally.soldiers_committed[side, cls.KIND] += unit.strength
        unit.set_out()
        unit.advance_on_nearest()
        return unit

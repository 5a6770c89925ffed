"""ArmorGroup: 2-8 armoured vehicles carrying 10-40 dismounts.

Slow and highly visible (large thermal and acoustic signature), protected against small
arms, vulnerable to FPV hits and mines: a destroyed vehicle takes part of its dismounts with
it. Near the objective the dismounts get off as an assault group; the vehicles stay and
support them with their weapons until they are destroyed. If all vehicles are lost on the
way, the survivors dismount where they are.
"""

from __future__ import annotations

import numpy as np

from .assault_group import AssaultGroup, advance_mounted, objective_valid, within
from .base import Unit
from .kinds import ADVANCE, ARMOR, IDLE


class ArmorGroup(Unit):
    """Armoured vehicles and their dismounts."""

    KIND = ARMOR
    LABEL = "armoured group"

    def __init__(self, model, side: int, cell: int, vehicles: int, dismounts_per_vehicle: int):
        f = model.side_params[side].forces
        soldiers = float(vehicles * dismounts_per_vehicle)
        super().__init__(
            model,
            side,
            cell,
            strength=soldiers,
            vehicles=float(vehicles),
            supply=soldiers * f.carried_supply_days,
        )

    def advance_on_nearest(self) -> bool:
        """Head (mounted) for the enemy position to attack."""
        return advance_mounted(self)

    def dismount(self) -> AssaultGroup | None:
        """The dismounts fight on foot; the vehicles hold here in support."""
        u = self.model.units
        soldiers = u.strength[self.row]
        target = u.objective[self.row]
        u.mission[self.row] = IDLE
        u.path_len[self.row] = 0
        if soldiers <= 0:
            return None
        group = AssaultGroup(
            self.model, self.side, self.cell_index, soldiers, supply=u.supply[self.row]
        )
        u.strength[self.row] = 0.0
        u.supply[self.row] = 0.0
        if target >= 0 and u.alive[target]:
            group._go(int(target), ADVANCE)
        else:
            group.advance_on_nearest()
        if u.vehicles[self.row] <= 0:
            self.remove()
        return group

    def destroyed(self) -> None:
        self.remove()

    @classmethod
    def decide(cls, model) -> None:
        """Re-target when the objective is gone; dismount when close to it."""
        u = model.units
        rows = u.live_of(ARMOR)
        rows = rows[u.mission[rows] == ADVANCE]
        if len(rows) == 0:
            return
        valid = objective_valid(model, rows)
        for r in rows[~valid]:
            u.agents[r].advance_on_nearest()
        ok = rows[valid]
        if len(ok):
            close = np.zeros(len(ok), dtype=bool)
            for s in (0, 1):
                m = u.side[ok] == s
                close[m] = within(
                    model, ok[m], u.objective[ok[m]], model.side_params[s].forces.dismount_km
                )
            for r in ok[close]:
                u.agents[r].dismount()

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        for r in rows:
            if model.units.alive[r] and model.units.mission[r] == ADVANCE:
                model.units.agents[r].dismount()

"""MotorcycleSquad: 2-6 motorcycles (or ATVs, buggies) with 1-2 riders each.

It dashes across the kill zone at high speed on the fastest line (no cover preference), so
it spends little time exposed to the enemy's sensors; it is a small, fast target. Near its
objective (``dismount_km``) the riders get off and fight on as an assault group; the bikes
are left behind.
"""

from __future__ import annotations

import numpy as np

from .assault_group import AssaultGroup, advance_mounted, objective_valid, within
from .base import Unit
from .kinds import ADVANCE, MOTORCYCLE


class MotorcycleSquad(Unit):
    """Bikes and riders racing to the objective, then an assault group."""

    KIND = MOTORCYCLE
    LABEL = "motorcycle squad"

    def __init__(self, model, side: int, cell: int, bikes: int, riders_per_bike: int):
        f = model.side_params[side].forces
        soldiers = float(bikes * riders_per_bike)
        super().__init__(
            model,
            side,
            cell,
            strength=soldiers,
            vehicles=float(bikes),
            supply=soldiers * f.carried_supply_days,
        )

    def advance_on_nearest(self) -> bool:
        """Head (mounted) for the enemy position to attack."""
        return advance_mounted(self)

    def dismount(self) -> AssaultGroup | None:
        """The riders fight on foot from here, toward the same objective."""
        u = self.model.units
        soldiers, target = u.strength[self.row], u.objective[self.row]
        if soldiers <= 0:
            self.remove()
            return None
        group = AssaultGroup(
            self.model, self.side, self.cell_index, soldiers, supply=u.supply[self.row]
        )
        self.remove()
        if target >= 0 and u.alive[target]:
            group._go(int(target), ADVANCE)
        else:
            group.advance_on_nearest()
        return group

    def destroyed(self) -> None:
        self.remove()

    @classmethod
    def decide(cls, model) -> None:
        """Re-target when the objective is gone; dismount when close to it."""
        u = model.units
        rows = u.live_of(MOTORCYCLE)
        if len(rows) == 0:
            return
        valid = objective_valid(model, rows)
        for r in rows[~valid]:
            u.agents[r].advance_on_nearest()
        ok = rows[valid]
        if len(ok):
            km = model.side_params[0].forces.dismount_km, model.side_params[1].forces.dismount_km
            close = np.zeros(len(ok), dtype=bool)
            for s in (0, 1):
                m = u.side[ok] == s
                close[m] = within(model, ok[m], u.objective[ok[m]], km[s])
            for r in ok[close]:
                u.agents[r].dismount()

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        for r in rows:
            if model.units.alive[r]:
                model.units.agents[r].dismount()

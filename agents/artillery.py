"""ArtilleryBattery: guns firing at enemy units their side has detected within range.

The side's daily shells are fired at located targets by value; firing gives the battery
away (its signature rises for an hour), so batteries are found and struck in turn.
Artillery is the other side's remaining firepower edge in the drone era (seed article).
"""

from __future__ import annotations

from .base import Unit, along_front
from .kinds import ARTILLERY, VEH_GUN


class ArtilleryBattery(Unit):
    """Guns and gun crews."""

    KIND = ARTILLERY
    LABEL = "artillery battery"

    def __init__(self, model, side: int, cell: int):
        a = model.side_params[side].artillery
        super().__init__(
            model,
            side,
            cell,
            strength=float(a.guns_per_battery * a.crew_per_gun),
            vehicles=float(a.guns_per_battery),
        )

    @classmethod
    def deploy(cls, model, side: int) -> list[ArtilleryBattery]:
        a = model.side_params[side].artillery
        cells = along_front(model, side, a.batteries, a.setback_km, offset=0.4)
        model.tally.vehicles_committed[side, VEH_GUN] += len(cells) * a.guns_per_battery
        return [cls(model, side, c) for c in cells]

    def destroyed(self) -> None:
        self.remove()

    @classmethod
    def decide(cls, model) -> None:
        """Batteries stay where they are."""

    @classmethod
    def on_arrival(cls, model, rows) -> None:
        """Batteries never travel."""

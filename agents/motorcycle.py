"""MotorcycleSquad: 2-6 motorcycles (or ATVs, buggies) with 1-2 riders each.

It dashes across the kill zone at high speed on the fastest line (no cover preference), so
it spends little time exposed to the enemy's sensors; it is a small, fast target. Near its
objective (``dismount_km``) the riders get off and fight on as an assault group; the bikes
are left where they stopped (as they are where their riders fell), a target, for
``forces.parked_bike_hours``, then are recovered or written off the map.
"""

from __future__ import annotations

import numpy as np

from .kinds import MOTO, VEH_MOTORCYCLE
from .mounted import MountedUnit


class MotorcycleSquad(MountedUnit):
    """Bikes and riders racing to the objective, then an assault group."""

    NAME = "motorcycle"
    LABEL = "motorcycle squad"
    MARKER = ">"
    MOBILITY = MOTO
    VEHICLE = VEH_MOTORCYCLE
    SIGNATURE = "sensing.signature_motorcycle"
    TARGET_VALUE = "targeting.motorcycle"
    DECISION_RANK = 10
    FORMATIONS = ("motorcycle",)

    def __init__(self, model, side: int, cell: int, bikes: int, riders_per_bike: int):
        super().__init__(model, side, cell, bikes, riders_per_bike)

    @classmethod
    def parked_hours(cls, model, side: int) -> float:
        return model.side_params[side].forces.parked_bike_hours

    def leave(self) -> None:
        """Nobody rides them back: the bikes leave the map where they are."""
        self.remove()

    @classmethod
    def firepower(cls, model, rows: np.ndarray) -> np.ndarray:
        """Riders on the move do not fire."""
        return np.zeros(len(rows))

    @classmethod
    def formation_vehicles(cls, forces) -> tuple[int, int]:
        return forces.bikes_per_squad, forces.riders_per_bike

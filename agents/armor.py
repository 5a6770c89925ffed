"""ArmorGroup: 2-8 armoured vehicles carrying 10-40 dismounts.

Slow and highly visible (large thermal and acoustic signature), protected against small
arms, vulnerable to FPV hits and mines: a destroyed vehicle takes part of its dismounts with
it. Near the objective the dismounts get off as an assault group; the vehicles stay and
support them with their weapons for ``forces.armor_support_hours``, then drive back to the
rear (a doctrine rule: armour left in the kill zone is lost). If all vehicles are lost on the
way, the survivors dismount where they are.
"""

from __future__ import annotations

import numpy as np

from .kinds import HARD_VEHICLE, TRACKED, VEH_ARMOR
from .mounted import MountedUnit


class ArmorGroup(MountedUnit):
    """Armoured vehicles and their dismounts."""

    NAME = "armor"
    LABEL = "armoured group"
    MARKER = "D"
    MOBILITY = TRACKED
    VEHICLE = VEH_ARMOR
    SIGNATURE = "sensing.signature_armor"
    TARGET_VALUE = "targeting.armor"
    HIT_AS = HARD_VEHICLE
    ABOARD_LOSS = "combat.mounted_casualty_share"
    DECISION_RANK = 20
    FORMATIONS = ("armor",)

    def __init__(self, model, side: int, cell: int, vehicles: int, dismounts_per_vehicle: int):
        super().__init__(model, side, cell, vehicles, dismounts_per_vehicle)

    @classmethod
    def parked_hours(cls, model, side: int) -> float:
        """The vehicles support the dismounts this long, then drive back."""
        return model.side_params[side].forces.armor_support_hours

    # ------------------------------------------------------------------ rules for all
    @classmethod
    def firepower(cls, model, rows: np.ndarray) -> np.ndarray:
        """The vehicles' weapons (the troops aboard do not fire)."""
        return model.units.vehicles[rows] * model.params.combat.vehicle_fire_per_vehicle

    @classmethod
    def small_arms_shield(cls, model, rows: np.ndarray) -> np.ndarray:
        return np.maximum(cls.shield(model, rows), model.params.combat.armor_protection)

    @classmethod
    def formation_vehicles(cls, forces) -> tuple[int, int]:
        return forces.vehicles_per_armor_group, forces.dismounts_per_vehicle

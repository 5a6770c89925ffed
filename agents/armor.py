"""ArmorGroup: 2-8 armoured vehicles carrying 10-40 dismounts.

Slow and highly visible (large thermal and acoustic signature), protected against small
arms, vulnerable to FPV hits and mines: a destroyed vehicle takes part of its dismounts with
it. Near the objective the dismounts get off as an assault group; the vehicles stay and
support them with their weapons until they are destroyed. If all vehicles are lost on the
way, the survivors dismount where they are.
"""

from __future__ import annotations

import numpy as np

from .assault_group import AssaultGroup
from .kinds import ADVANCE, HARD_VEHICLE, IDLE, TRACKED, VEH_ARMOR
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

    def dismount(self) -> AssaultGroup | None:
        """The dismounts fight on foot; the vehicles hold here in support."""
        u = self.model.units
        target = u.objective[self.row]
        u.mission[self.row] = IDLE
        u.path_len[self.row] = 0
        if u.strength[self.row] <= 0:
            return None
        group = self._dismounted_group()
        u.strength[self.row] = 0.0
        u.supply[self.row] = 0.0
        self._send_on(group, target)
        if u.vehicles[self.row] <= 0:
            self.remove()
        return group

    def is_destroyed(self) -> bool:
        return self.model.units.vehicles[self.row] <= 0

    def settle(self) -> None:
        """All vehicles lost with soldiers still aboard: they dismount where they are."""
        u = self.model.units
        if u.vehicles[self.row] <= 0 and u.strength[self.row] > 0:
            self.dismount()
        elif self.is_destroyed():
            self.destroyed()

    # ------------------------------------------------------------------ rules for all
    @classmethod
    def deciding(cls, model) -> np.ndarray:
        """Only groups still advancing (vehicles parked after dismounting decide nothing)."""
        u = model.units
        rows = u.live_of(cls.KIND)
        return rows[u.mission[rows] == ADVANCE]

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

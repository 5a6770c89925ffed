"""Codes shared by the agents and the model (mobility classes, missions, drone types, causes of
loss, vehicle types) and :class:`KindTable`, the per-kind tables the array code reads, built
from the registered unit classes (``droneline.agents.UNIT_KINDS``), never written by hand.
"""

from __future__ import annotations

import numpy as np

from ..model.schema.spec import SIDES

# mobility classes (index into the terrain speed table)
FOOT, MOTO, TRACKED, TRUCK = range(4)
NO_MOBILITY = -1

# missions of mobile units
IDLE, ADVANCE, ASSAULT, RELIEVE, WITHDRAW, DELIVER, RETURN, ASSEMBLE = range(8)
MISSION_NAMES = (
    "idle",
    "advance",
    "assault",
    "relieve",
    "withdraw",
    "deliver",
    "return",
    "assemble",
)

# drone types (stock, sorties and hits are counted by type)
RECON, FPV_RADIO, FPV_FIBRE, BOMBER, MINING = range(5)
DRONE_TYPES = ("recon", "fpv_radio", "fpv_fibre", "bomber", "mining")

# causes of loss
DRONE, ARTILLERY_FIRE, DIRECT_FIRE, MINE = range(4)
CAUSES = ("drone", "artillery", "direct_fire", "mine")

# vehicle types for losses
VEH_ARMOR, VEH_MOTORCYCLE, VEH_TRUCK, VEH_EW, VEH_GUN = range(5)
VEHICLE_TYPES = ("armor", "motorcycle", "truck", "ew", "gun")
NO_VEHICLE = -1

# how a hit on a unit is resolved: soldiers hit where they stand, or vehicles lost first
PERSONNEL, HARD_VEHICLE, SOFT_VEHICLE = "personnel", "hard vehicle", "soft vehicle"


def lookup(codes, size: int) -> np.ndarray:
    """A boolean table indexed by code: ``lookup((1, 3), 8)[kind_array]`` is a fast
    ``np.isin``."""
    table = np.zeros(size, dtype=bool)
    table[list(codes)] = True
    return table


def scenario_value(scenario, side: int, key: str) -> float:
    """A number a unit class names by schema key: scenario-level (``sensing.signature_foot``)
    when the key's first part is a scenario section, else in ``side``'s own sections
    (``observation_posts.signature``)."""
    head = key.split(".", 1)[0]
    node = scenario if hasattr(scenario, head) and head not in SIDES else None
    if node is None:
        node = scenario.side(side)
    for part in key.split("."):
        node = getattr(node, part)
    return float(node)


class KindTable:
    """What the array code needs to know of every registered kind, indexed by kind code."""

    def __init__(self, classes, scenario):
        self.classes = tuple(classes)
        self.n = len(self.classes)
        self.names = tuple(c.NAME for c in self.classes)
        self.labels = tuple(c.LABEL for c in self.classes)
        self.mobility = np.array([c.MOBILITY for c in self.classes], dtype=np.int8)
        self.vehicle = np.array([c.VEHICLE for c in self.classes], dtype=np.int8)
        self.personnel = self.flag(lambda c: c.HIT_AS == PERSONNEL)
        self.hard = self.flag(lambda c: c.HIT_AS == HARD_VEHICLE)
        self.soft = self.flag(lambda c: c.HIT_AS == SOFT_VEHICLE)
        self.observer = self.flag(lambda c: c.OBSERVES)
        self.direct_fire = self.flag(lambda c: c.DIRECT_FIRE)
        self.assault = self.flag(lambda c: c.ASSAULT)
        self.cargo = self.flag(lambda c: c.CARGO)
        self.mine_vehicle = self.flag(lambda c: c.MINE_RISK == "vehicle")
        self.mine_foot = self.flag(lambda c: c.MINE_RISK == "foot")

        def per_side(key_of):
            return np.array(
                [
                    [scenario_value(scenario, side, key_of(c)) for c in self.classes]
                    for side in (0, 1)
                ]
            )

        self.signature = per_side(lambda c: c.SIGNATURE)  # (side of the unit, kind)
        self.target_value = per_side(lambda c: c.TARGET_VALUE)
        self.aboard_loss = np.array(
            [
                1.0 if c.ABOARD_LOSS is None else scenario_value(scenario, 0, c.ABOARD_LOSS)
                for c in self.classes
            ]
        )

    def jam_survival(self, model, side: int, from_xy: np.ndarray, to_xy: np.ndarray):
        """Chance each radio-drone path survives the jamming of all of ``side``'s kinds."""
        out = np.ones(len(from_xy))
        for cls in self.classes:
            s = cls.jam_survival(model, side, from_xy, to_xy)
            if s is not None:
                out = out * s
        return out

    def flag(self, test) -> np.ndarray:
        return np.array([bool(test(c)) for c in self.classes], dtype=bool)

    def code(self, name: str) -> int:
        return self.names.index(name)

    def by_kind(self, kinds: np.ndarray):
        """(class, mask) for each kind present in ``kinds`` (kind-code order)."""
        for code in np.unique(kinds):
            yield self.classes[code], kinds == code

    def apply(self, hook: str, model, rows: np.ndarray, out: np.ndarray) -> np.ndarray:
        """``out`` with each kind's ``hook(model, rows_of_that_kind)`` written at its rows."""
        for cls, m in self.by_kind(model.units.kind[rows]):
            out[m] = getattr(cls, hook)(model, rows[m])
        return out

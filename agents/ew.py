"""EWStation: an electronic-warfare set jamming radio-controlled drones in its radius.

A radio drone sortie aimed at a target inside the station's radius is lost with the
station's jamming probability; fibre-optic drones are immune. Stations emit, so they are
easy to find, and a hit destroys them.
"""

from __future__ import annotations

import numpy as np

from ..model.sensing import jam_layer
from ..model.strikes import path_lengths_in_discs
from .base import Unit, along_front
from .kinds import SOFT_VEHICLE, VEH_EW


class EWStation(Unit):
    """One EW set with its crew."""

    NAME = "ew"
    LABEL = "EW station"
    MARKER = "*"
    VEHICLE = VEH_EW
    SECTION = "ew"
    SIGNATURE = "sensing.signature_ew"
    TARGET_VALUE = "targeting.ew"
    HIT_AS = SOFT_VEHICLE
    DEPLOY_STAGE = "support"

    def __init__(self, model, side: int, cell: int):
        e = model.side_params[side].ew
        super().__init__(model, side, cell, strength=float(e.crew), vehicles=1.0)

    @classmethod
    def deploy(cls, model, side: int) -> list[EWStation]:
        e = model.side_params[side].ew
        cells = along_front(model, side, e.stations, e.setback_km, offset=0.25)
        model.tally.vehicles_committed[side, VEH_EW] += len(cells)
        return [cls(model, side, c) for c in cells]

    @classmethod
    def census(cls, model, side: int) -> dict[str, float]:
        """``ew_stations``: the side's EW stations left."""
        rows = model.units.live_of(cls.KIND, side)
        return {"ew_stations": float((model.units.vehicles[rows] > 0).sum())}

    def is_destroyed(self) -> bool:
        return self.model.units.vehicles[self.row] <= 0

    def destroyed(self) -> None:
        self.model.coverage_dirty = True
        self.remove()

    @classmethod
    def jam_survival(cls, model, side: int, from_xy: np.ndarray, to_xy: np.ndarray):
        """Jamming grows with the path flown through each station's cover: a drone crossing
        one radius' length of it survives with ``1 - jam_probability``."""
        u, e = model.units, model.side_params[side].ew
        rows = u.live_of(cls.KIND, side)
        if len(rows) == 0 or len(from_xy) == 0:
            return None
        radius = model.scales.cells(e.radius_km)
        inside = path_lengths_in_discs(from_xy, to_xy, u.xy[rows], radius) / radius
        return np.power(1.0 - e.jam_probability, inside.sum(axis=1))

    @classmethod
    def coverage(cls, model, side: int) -> None:
        """The side's jamming layer: the chance a radio drone aimed at each cell is jammed."""
        cls.jam_layer(model, side)

    @classmethod
    def jam_layer(cls, model, side: int) -> None:
        """Write the chance that ``side``'s stations jam a radio drone aimed at each cell."""
        u, e = model.units, model.side_params[side].ew
        rows = u.live_of(cls.KIND, side)
        sites_yx = u.xy[rows][:, ::-1]
        radius = model.scales.cells(e.radius_km)
        jam = jam_layer(model.shape, sites_yx, radius, e.jam_probability)
        layer = model.layer("jam", side)
        layer[:] = 1.0 - (1.0 - layer) * (1.0 - jam)  # with any other jamming kind

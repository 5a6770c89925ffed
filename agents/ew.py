"""EWStation: an electronic-warfare set jamming radio-controlled drones in its radius.

A radio drone sortie aimed at a target inside the station's radius is lost with the
station's jamming probability; fibre-optic drones are immune. Stations emit, so they are
easy to find, and a hit destroys them.
"""

from __future__ import annotations

from .base import Unit, along_front
from .kinds import EW, VEH_EW


class EWStation(Unit):
    """One EW set with its crew."""

    KIND = EW
    LABEL = "EW station"

    def __init__(self, model, side: int, cell: int):
        e = model.side_params[side].ew
        super().__init__(model, side, cell, strength=float(e.crew), vehicles=1.0)

    @classmethod
    def deploy(cls, model, side: int) -> list[EWStation]:
        e = model.side_params[side].ew
        cells = along_front(model, side, e.stations, e.setback_km, offset=0.25)
        model.tally.vehicles_committed[side, VEH_EW] += len(cells)
        return [cls(model, side, c) for c in cells]

    def destroyed(self) -> None:
        self.model.coverage_dirty = True
        self.remove()

    @classmethod
    def decide(cls, model) -> None:
        """Stations stay where they are."""

    @classmethod
    def on_arrival(cls, model, rows) -> None:
        """Stations never travel."""

"""Conversion of scenario units (km, km/h, per hour, per day) into cells and steps: one place.

Scenario files speak in kilometres, hours and days; the model's arrays speak in cells and
steps. Every conversion goes through a :class:`Scales` built once per model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Scales:
    """Sizes of one cell and one step, and the grid they imply."""

    cell_km: float
    step_h: float
    nx: int  # cells along the depth of the sector (x: 0 = blue's rear edge)
    ny: int  # cells along the front (y)

    @classmethod
    def from_scenario(cls, scenario) -> Scales:
        cell_km = scenario.map.cell_m / 1000.0
        nx = max(10, int(round(scenario.map.depth_km / cell_km)))
        ny = max(5, int(round(scenario.map.frontage_km / cell_km)))
        return cls(cell_km=cell_km, step_h=scenario.run.step_minutes / 60.0, nx=nx, ny=ny)

    # space -----------------------------------------------------------------------------
    def cells(self, km: float) -> float:
        """A distance in cells (float)."""
        return km / self.cell_km

    def km(self, cells: float) -> float:
        """A distance in km."""
        return cells * self.cell_km

    @property
    def cell_area_km2(self) -> float:
        return self.cell_km * self.cell_km

    @property
    def n_cells(self) -> int:
        return self.nx * self.ny

    # time ------------------------------------------------------------------------------
    @property
    def step_days(self) -> float:
        return self.step_h / 24.0

    def per_step(self, per_hour: float) -> float:
        """A rate per hour as an expected count per step."""
        return per_hour * self.step_h

    def per_step_from_day(self, per_day: float) -> float:
        """A rate per day as an expected count per step."""
        return per_day * self.step_days

    def steps(self, hours: float) -> int:
        """A duration in whole steps (at least one)."""
        return max(1, int(math.ceil(hours / self.step_h - 1e-9)))

    @property
    def steps_per_day(self) -> float:
        return 24.0 / self.step_h

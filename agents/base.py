"""What every unit shares: a Mesa cell agent whose state is a row of the model's unit table.

A unit is a Mesa ``CellAgent``: registered with the model (``model.agents_by_type``), placed in
a cell of the model's ``OrthogonalMooreGrid``. Its state lives in ``model.units`` (columns of
numpy arrays) so that the per-step phases can act on all units at once; the attributes below
read and write that row. Each kind adds its own rules as class methods that act on the rows
of all units of that kind, plus methods for the rare events of a single unit.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from mesa.discrete_space import CellAgent


class Column:
    """An agent attribute stored in a column of the unit table."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __set_name__(self, owner, name):
        self.name = self.name or name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj.model.units, self.name)[obj.row].item()

    def __set__(self, obj, value):
        getattr(obj.model.units, self.name)[obj.row] = value
        if self.name in ("side", "alive"):
            obj.model.units.touch()


class Unit(CellAgent):
    """Base of all unit kinds: side, cell, strength, vehicles, supply, morale, suppression."""

    KIND: ClassVar[int]
    LABEL: ClassVar[str]

    side = Column("side")
    strength = Column("strength")
    vehicles = Column("vehicles")
    supply = Column("supply")
    morale = Column("morale")
    suppression = Column("suppression")
    mission = Column("mission")
    cell_index = Column("cell")

    def __init__(self, model, side: int, cell: int, **state):
        super().__init__(model)
        state.setdefault("strength0", state.get("strength", 0.0))
        state.setdefault("vehicles0", state.get("vehicles", 0.0))
        self.row = model.units.add(
            self, side=side, kind=self.KIND, cell=int(cell), born=model.steps, **state
        )
        self.cell = model.grid.cell_by_index(int(cell))

    @property
    def alive(self) -> bool:
        return bool(self.model.units.alive[self.row])

    @property
    def side_name(self) -> str:
        return ("red", "blue")[self.side]

    @property
    def xy(self) -> tuple[int, int]:
        """Cell coordinates (x along the depth, y along the front)."""
        c = self.cell_index
        return c % self.model.scales.nx, c // self.model.scales.nx

    def remove(self) -> None:
        """Take the unit off the map and out of the model (its row stays, marked dead)."""
        self.model.units.alive[self.row] = False
        self.model.units.touch()
        super().remove()

    def __repr__(self) -> str:
        x, y = self.xy
        return (
            f"{type(self).__name__}({self.side_name}, x={x}, y={y}, "
            f"strength={self.strength:g}, vehicles={self.vehicles:g})"
        )


def along_front(
    model,
    side: int,
    n: int,
    depth_km: float,
    *,
    jitter: float = 0.15,
    offset: float = 0.0,
    prefer_cover: bool = True,
    search: int = 2,
) -> np.ndarray:
    """Cells for ``n`` units spread evenly along the front, ``depth_km`` behind it on
    ``side``'s own ground (distance to the initial front line, so salients are respected),
    snapped to the most concealed passable own cell nearby when ``prefer_cover``."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    s, rng = model.scales, model.rng
    ny, nx = s.ny, s.nx
    ys = ((np.arange(n) + 0.5 + offset) / n + rng.uniform(-jitter, jitter, n) / n) * ny
    ys = np.clip(ys.astype(int) % ny, 0, ny - 1)
    behind = model.behind_front_km[side]  # km behind the initial front; 0 on enemy ground
    ok = model.passable & (behind > 0)
    if model.control_ready:  # support units go on ground the positions actually hold
        ok &= model.grid.control.data == side
    conceal = model.concealment
    tol = search * s.cell_km  # how far the snap may move a unit off its depth (km)
    cells = np.empty(n, dtype=np.int64)
    for k, y in enumerate(ys):
        row_ok = ok[y]
        if not row_ok.any():
            row_ok = model.passable[y]
        x = int(np.argmin(np.where(row_ok, np.abs(behind[y] - depth_km), np.inf)))
        y0, y1 = max(0, y - search), min(ny, y + search + 1)
        x0, x1 = max(0, x - search), min(nx, x + search + 1)
        win_ok = ok[y0:y1, x0:x1] & (np.abs(behind[y0:y1, x0:x1] - depth_km) <= tol + 1e-9)
        score = np.where(win_ok, conceal[y0:y1, x0:x1] if prefer_cover else 0.0, -np.inf)
        yy, xx = np.mgrid[y0:y1, x0:x1]
        score = score - 0.01 * (np.abs(yy - y) + np.abs(xx - x))  # nearest among equals
        if not np.isfinite(score).any():
            cells[k] = y * nx + x
            continue
        j = np.unravel_index(np.argmax(score), score.shape)
        cells[k] = (y0 + j[0]) * nx + (x0 + j[1])
    return cells

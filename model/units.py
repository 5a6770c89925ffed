"""The unit table: the state of every agent as columns of numpy arrays (struct of arrays).

Each Mesa agent (``droneline.agents``) owns one row and reads and writes its state through
it, so the phases of a step can work on all units at once with array code while each agent
remains an object with a name, a docstring and rules. Rows are never reused within a run:
a dead unit keeps its row (``alive`` false), which keeps indices stable for the records.
"""

from __future__ import annotations

import numpy as np

from ..agents.kinds import DRONE_TYPES, IDLE
from .schema.spec import RED

_COLUMNS: dict[str, tuple[type, object]] = {
    "alive": (np.bool_, False),
    "side": (np.int8, 0),
    "kind": (np.int8, 0),
    "cell": (np.int64, 0),
    "strength": (np.float64, 0.0),  # soldiers (garrison, group, riders, dismounts, crews)
    "strength0": (np.float64, 0.0),  # at creation
    "vehicles": (np.float64, 0.0),  # bikes, armoured vehicles, trucks, EW systems, guns
    "vehicles0": (np.float64, 0.0),
    "supply": (np.float64, 0.0),  # soldier-days (cargo for convoys)
    "morale": (np.float64, 1.0),
    "suppression": (np.float64, 0.0),
    "fortification": (np.float64, 0.0),
    "mission": (np.int8, IDLE),
    "objective": (np.int64, -1),  # row of the target unit (position, depot row -1)
    "goal_cell": (np.int64, -1),  # cell the current path leads to
    "path_start": (np.int64, 0),  # offset of the path in the path pool
    "path_len": (np.int64, 0),
    "path_base": (np.float64, 0.0),  # time offset of the path in the pool (hours)
    "path_t": (np.float64, 0.0),  # hours travelled along the path
    "path_total": (np.float64, 0.0),  # hours the whole path takes
    "moving": (np.bool_, False),  # moved during the last step
    "exposure": (np.float64, 0.0),  # mean detection intensity over cells crossed last step
    "det_red": (np.int64, -1),  # last step at which red's picture includes this unit
    "det_blue": (np.int64, -1),
    "struck": (np.int64, -1),  # step of the last hit (for the map's short-lived marks)
    "fired": (np.int64, -1),  # step of the last firing (artillery signature)
    "sorties_h": (np.float64, 0.0),  # sorties launched in the last hour (drone-site signature)
    "mining_due": (np.int64, 0),  # mining sorties drawn this step, flown after the strikes
    "attacking": (np.bool_, False),  # set out toward the enemy (attack formations)
    "reached": (np.bool_, False),  # has come within assault range of an enemy position
    "born": (np.int64, 0),  # step of creation
    "casualties": (np.float64, 0.0),  # soldiers lost so far
    "abandoned": (np.bool_, False),  # a position its side has written off (withdrawn from)
}


class UnitTable:
    """Columns of unit state with amortised growth. Access columns as attributes."""

    def __init__(self, nx: int, capacity: int = 256):
        self.nx = nx  # cells per row of the grid (flat cell = y * nx + x)
        self.n = 0  # rows in use (alive or dead)
        self._cap = capacity
        for name, (dtype, fill) in _COLUMNS.items():
            setattr(self, name, np.full(capacity, fill, dtype=dtype))
        self.stock = np.zeros((capacity, len(DRONE_TYPES)))  # drones held by type (drone units)
        self.xy = np.zeros((capacity, 2), dtype=np.int64)  # (x, y) of each unit's cell
        self.agents: list = []
        self.version = 0  # bumped whenever a unit is added, dies or changes side
        self._cache: dict = {}
        self._cache_version = -1

    def add(self, agent, **values) -> int:
        """Append a row for ``agent`` with column values; return the row index."""
        if self.n == self._cap:
            self._grow()
        i = self.n
        for name, (_, fill) in _COLUMNS.items():
            getattr(self, name)[i] = values.pop(name, fill)
        if values:
            raise KeyError(f"unknown unit columns: {sorted(values)}")
        self.alive[i] = True
        self.xy[i] = (self.cell[i] % self.nx, self.cell[i] // self.nx)
        self.agents.append(agent)
        self.n += 1
        self.version += 1
        return i

    def touch(self) -> None:
        """Note that a unit died or changed side (invalidates the cached row lists)."""
        self.version += 1

    def _grow(self) -> None:
        new = self._cap * 2
        for name, (dtype, fill) in _COLUMNS.items():
            col = np.full(new, fill, dtype=dtype)
            col[: self._cap] = getattr(self, name)
            setattr(self, name, col)
        stock = np.zeros((new, self.stock.shape[1]))
        stock[: self._cap] = self.stock
        self.stock = stock
        xy = np.zeros((new, 2), dtype=np.int64)
        xy[: self._cap] = self.xy
        self.xy = xy
        self._cap = new

    def _cached(self, key, compute):
        if self._cache_version != self.version:
            self._cache.clear()
            self._cache_version = self.version
        out = self._cache.get(key)
        if out is None:
            out = self._cache[key] = compute()
            out.flags.writeable = False
        return out

    def live(self) -> np.ndarray:
        """Row indices of live units (cached until a unit is added, dies or changes side)."""
        return self._cached("live", lambda: np.flatnonzero(self.alive[: self.n]))

    def live_of(self, kind: int | tuple, side: int | None = None) -> np.ndarray:
        """Rows of live units of a kind (or kinds), optionally of one side (cached)."""
        return self._cached((kind, side), lambda: self._select(kind, side))

    def _select(self, kind, side) -> np.ndarray:
        rows = self.live()
        k = self.kind[rows]
        mask = np.isin(k, kind) if isinstance(kind, tuple) else k == kind
        if side is not None:
            mask &= self.side[rows] == side
        return rows[mask]

    def move_to(self, rows: np.ndarray, cells: np.ndarray) -> None:
        """Put units in new cells (keeps the (x, y) columns in step)."""
        self.cell[rows] = cells
        self.xy[rows, 0] = cells % self.nx
        self.xy[rows, 1] = cells // self.nx

    def distance_cells(self, row, cells: np.ndarray) -> np.ndarray:
        """Grid distance (cells) from unit ``row`` to each flat cell of ``cells`` (or, with an
        array of rows, from each row to its own cell)."""
        x, y = self.xy[row, 0], self.xy[row, 1]
        return np.hypot(cells % self.nx - x, cells // self.nx - y)

    def detected_until(self, side: int) -> np.ndarray:
        """The column of last-detection steps by observing side (0 red, 1 blue)."""
        return self.det_red if side == RED else self.det_blue

"""Move: mobile units follow cost-distance fields toward their objectives.

Routes come from cost-distance fields computed by Dijkstra over the grid (8 neighbours) for
each objective cell and mobility class (foot, motorcycle, tracked, truck). The cost of a cell
is its crossing time, raised for open ground by the class's cover preference, so foot routes
hug tree lines and ruins while motorcycles take the fastest line. Fields depend only on the
map, so they are cached per (map, mobility class, objective) and shared by every model in
the process.

A route is stored once, as its cells and the cumulative time to reach each, in a pool shared
by all units; moving a unit is then advancing its clock along the route. All movers advance
at once: a binary search finds each unit's new cell, and the cells it crossed this step are
gathered to score its exposure to enemy sensing (time-weighted mean of the detection
intensity) and the mines it ran over. A fast unit crossing a kill zone within one step is
therefore still exposed to it.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from ..agents.kinds import (
    ADVANCE,
    ASSEMBLE,
    DELIVER,
    MINE,
    MISSION_NAMES,
    RELIEVE,
    RETURN,
    WITHDRAW,
    lookup,
)
from .losses import casualties, lose_vehicles

MOVING_MISSIONS = (ADVANCE, ASSEMBLE, RELIEVE, WITHDRAW, DELIVER, RETURN)
IS_MOVING = lookup(MOVING_MISSIONS, len(MISSION_NAMES))
_OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))

_GRAPHS: OrderedDict = OrderedDict()
_FIELDS: OrderedDict = OrderedDict()
_field_bytes = 0
_graph_bytes = 0
GRAPH_BUDGET_BYTES = 48 * 2**20  # routing graphs kept per process (~2.3 MB per default map)
FIELD_BUDGET_BYTES = 96 * 2**20  # route fields kept per process (one byte per cell each)


# --------------------------------------------------------------------------- array functions
def cell_costs(
    speed_kmh: np.ndarray, concealment: np.ndarray, cell_km: float, cover_preference: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: hours to cross it, and the routing cost (time x (1 + preference x openness)).
    Impassable cells (speed 0) get infinite time."""
    with np.errstate(divide="ignore"):
        t = np.where(speed_kmh > 0, cell_km / np.maximum(speed_kmh, 1e-12), np.inf)
    return t, t * (1.0 + cover_preference * (1.0 - concealment))


def graph_nbytes(g: sparse.csr_matrix) -> int:
    """Bytes held by a sparse graph's arrays."""
    return int(g.data.nbytes + g.indices.nbytes + g.indptr.nbytes)


def grid_graph(weight: np.ndarray) -> sparse.csr_matrix:
    """Sparse 8-neighbour graph whose edge a-b costs the mean of both cells' weights times
    the step length (1 or sqrt 2 cells). Edges touching impassable cells are left out."""
    ny, nx = weight.shape
    idx = np.arange(ny * nx).reshape(ny, nx)
    rows, cols, vals = [], [], []
    for dy, dx in _OFFSETS:
        ys = slice(max(0, -dy), ny - max(0, dy))
        xs = slice(max(0, -dx), nx - max(0, dx))
        yt = slice(max(0, dy), ny - max(0, -dy))
        xt = slice(max(0, dx), nx - max(0, -dx))
        w = 0.5 * (weight[ys, xs] + weight[yt, xt]) * (np.sqrt(2.0) if dy and dx else 1.0)
        ok = np.isfinite(w)
        rows.append(idx[ys, xs][ok])
        cols.append(idx[yt, xt][ok])
        vals.append(w[ok])
    n = ny * nx
    return sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    )


def encode_directions(pred: np.ndarray, nx: int) -> np.ndarray:
    """A predecessor field as one byte per cell: the index in ``_OFFSETS`` of the next cell
    toward the goal (255 at the goal and where the goal cannot be reached)."""
    n = len(pred)
    code = np.full(n, 255, dtype=np.uint8)
    delta = pred.astype(np.int64) - np.arange(n)
    ok = pred >= 0
    for k, (dy, dx) in enumerate(_OFFSETS):
        code[ok & (delta == dy * nx + dx)] = k
    return code


def follow_directions(
    code: np.ndarray, nx: int, start: int, goal: int, limit: int
) -> np.ndarray | None:
    """Cells from ``start`` to ``goal`` following a direction-coded field."""
    if start == goal:
        return np.array([start], dtype=np.int64)
    offsets = [dy * nx + dx for dy, dx in _OFFSETS]
    out = [start]
    c = start
    for _ in range(limit):
        k = code[c]
        if k == 255:
            return None
        c += offsets[k]
        out.append(c)
        if c == goal:
            return np.array(out, dtype=np.int64)
    return None


def step_times(cells: np.ndarray, cell_time: np.ndarray, nx: int) -> np.ndarray:
    """Hours to go from each cell of a path to the next (mean of both cells' crossing times
    times 1 or sqrt 2)."""
    a, b = cells[:-1], cells[1:]
    diag = ((a % nx) != (b % nx)) & ((a // nx) != (b // nx))
    flat = cell_time.ravel()
    return 0.5 * (flat[a] + flat[b]) * np.where(diag, np.sqrt(2.0), 1.0)


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(start, start + count)`` for each pair, without a Python loop."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts, counts) + (np.arange(total) - offsets)


# --------------------------------------------------------------------------- routes
class PathPool:
    """All routes of a run in two flat arrays: cells, and the time to reach each cell on a
    clock that is shifted per route so the whole array stays sorted (one binary search
    serves every mover)."""

    def __init__(self, capacity: int = 4096):
        self.cells = np.zeros(capacity, dtype=np.int64)
        self.cum = np.zeros(capacity, dtype=np.float64)
        self.n = 0
        self.next_base = 0.0

    def add(self, cells: np.ndarray, times: np.ndarray) -> tuple[int, int, float, float]:
        """Store a route; return (start offset, length, base time, total hours)."""
        k = len(cells)
        while self.n + k > len(self.cells):
            self.cells = np.concatenate([self.cells, np.zeros_like(self.cells)])
            self.cum = np.concatenate([self.cum, np.zeros_like(self.cum)])
        base = self.next_base
        cum = np.empty(k)
        cum[0] = 0.0
        np.cumsum(times, out=cum[1:])
        start = self.n
        self.cells[start : start + k] = cells
        self.cum[start : start + k] = base + cum
        self.n += k
        total = float(cum[-1])
        self.next_base = base + total + 1.0
        return start, k, base, total

    def locate(
        self, start: np.ndarray, length: np.ndarray, base: np.ndarray, t: np.ndarray
    ) -> np.ndarray:
        """Pool index of the cell each unit is in after ``t`` hours along its route."""
        g = np.searchsorted(self.cum[: self.n], base + t, side="right") - 1
        return np.clip(g, start, start + length - 1)


class Routes:
    """Route finding for one model: cost fields per mobility class over its map."""

    def __init__(self, model):
        self.model = model
        scenario = model.params
        conceal = model.concealment
        speed = model.tables["speed_kmh"][model.grid.terrain.data]  # (ny, nx, class)
        prefs = (
            scenario.movement.cover_preference_foot,
            scenario.movement.cover_preference_motorcycle,
            scenario.movement.cover_preference_tracked,
            scenario.movement.cover_preference_truck,
        )
        self.cell_time, self.weight, self.keys = [], [], []
        for m, pref in enumerate(prefs):
            t, w = cell_costs(speed[..., m], conceal, model.scales.cell_km, pref)
            self.cell_time.append(t)
            self.weight.append(w)
            self.keys.append(hashlib.sha1(w.tobytes() + t.tobytes()).hexdigest())
        self.pool = PathPool()
        self.limit = model.scales.n_cells

    def graph(self, mobility: int) -> sparse.csr_matrix:
        """The routing graph of a mobility class (cached per map in the process, least
        recently used first out, within ``GRAPH_BUDGET_BYTES``)."""
        global _graph_bytes
        key = self.keys[mobility]
        g = _GRAPHS.get(key)
        if g is None:
            g = _GRAPHS[key] = grid_graph(self.weight[mobility])
            _graph_bytes += graph_nbytes(g)
            while _graph_bytes > GRAPH_BUDGET_BYTES and len(_GRAPHS) > 1:
                _, old = _GRAPHS.popitem(last=False)
                _graph_bytes -= graph_nbytes(old)
        else:
            _GRAPHS.move_to_end(key)
        return g

    def field(self, mobility: int, goal: int) -> np.ndarray:
        """Direction-coded field toward ``goal`` for a mobility class (cached, least recently
        used first out, within ``FIELD_BUDGET_BYTES``)."""
        key = (self.keys[mobility], int(goal))
        code = _FIELDS.get(key)
        if code is None:
            _, p = dijkstra(self.graph(mobility), indices=int(goal), return_predecessors=True)
            code = _FIELDS[key] = encode_directions(p, self.model.scales.nx)
            global _field_bytes
            _field_bytes += code.nbytes
            while _field_bytes > FIELD_BUDGET_BYTES and len(_FIELDS) > 1:
                _, old = _FIELDS.popitem(last=False)
                _field_bytes -= old.nbytes
        else:
            _FIELDS.move_to_end(key)
        return code

    def send(self, row: int, goal: int) -> bool:
        """Give unit ``row`` a route from its cell to ``goal``; False if none exists."""
        u = self.model.units
        mobility = int(self.model.kinds.mobility[u.kind[row]])
        start = int(u.cell[row])
        path = follow_directions(
            self.field(mobility, goal), self.model.scales.nx, start, int(goal), self.limit
        )
        if path is None:
            u.path_len[row] = 0
            u.goal_cell[row] = -1
            return False
        times = step_times(path, self.cell_time[mobility], self.model.scales.nx)
        start_at, k, base, total = self.pool.add(path, times)
        u.path_start[row], u.path_len[row], u.path_base[row] = start_at, k, base
        u.path_t[row], u.path_total[row] = 0.0, total
        u.goal_cell[row] = goal
        return True


# --------------------------------------------------------------------------- phase
def move(model) -> None:
    """Decide, then advance every mover along its route; score exposure and mines."""
    for cls in sorted(model.kinds.classes, key=lambda c: c.DECISION_RANK):
        cls.decide(model)
    u = model.units
    live = u.live()
    u.moving[live] = False
    if not model.params.switches.movement:
        return
    stop = model.params.combat.suppression_stop
    mask = (
        IS_MOVING[u.mission[live]]
        & (u.path_len[live] > 0)
        & (u.path_t[live] < u.path_total[live])
        & (u.suppression[live] < stop)
    )
    rows = live[mask]
    if len(rows) == 0:
        return
    pool = model.routes.pool
    start, length, base = u.path_start[rows], u.path_len[rows], u.path_base[rows]
    t_old = u.path_t[rows]
    t_new = np.minimum(t_old + model.scales.step_h, u.path_total[rows])
    g_old = pool.locate(start, length, base, t_old)
    g_new = pool.locate(start, length, base, t_new)
    counts = g_new - g_old + 1
    idx = ranges(g_old, counts)
    cells = pool.cells[idx]
    seg = np.cumsum(counts) - counts
    enemy = np.repeat(1 - u.side[rows], counts)
    hazard = model.exposure_layer[enemy, cells]
    u.exposure[rows] = np.add.reduceat(hazard, seg) / counts
    u.moving[rows] = True
    u.path_t[rows] = t_new
    old_cells = u.cell[rows]
    new_cells = pool.cells[g_new]
    u.move_to(rows, new_cells)
    # mines on the cells entered this step (not the one the unit started in)
    mines = model.mines_flat[cells]
    mines[seg] = 0.0
    if mines.any():
        crossed = np.add.reduceat(mines, seg)
        hit = crossed > 0
        mine_effects(model, rows[hit], crossed[hit])
    # keep Mesa's cells in step with the table
    changed = np.flatnonzero(new_cells != old_cells)
    grid, agents = model.grid, u.agents
    for k in changed:
        r = rows[k]
        if u.alive[r]:
            agents[r].cell = grid.cell_by_index(int(new_cells[k]))
    arrived = rows[(t_new >= u.path_total[rows]) & u.alive[rows]]
    if len(arrived):
        for cls, m in model.kinds.by_kind(u.kind[arrived]):
            cls.on_arrival(model, arrived[m])


def mine_effects(model, rows: np.ndarray, mines: np.ndarray) -> None:
    """Units that ran over ``mines`` mines this step lose vehicles or soldiers."""
    u, rng, m, kinds = model.units, model.rng, model.params.mines, model.kinds
    kind = u.kind[rows]
    veh = kinds.mine_vehicle[kind] & (u.vehicles[rows] > 0)
    if veh.any():
        r = rows[veh]
        p = -np.expm1(np.log1p(-m.vehicle_loss_per_mine) * mines[veh])
        lost = rng.binomial(u.vehicles[r].astype(np.int64), p).astype(float)
        if lost.any():
            per_vehicle = u.strength[r] / np.maximum(u.vehicles[r], 1)
            share = kinds.aboard_loss[u.kind[r]]
            cas = np.round(lost * per_vehicle * share)
            lose_vehicles(model, r, lost, MINE)
            casualties(model, r, cas, MINE)
    foot = kinds.mine_foot[kind]
    if foot.any():
        r = rows[foot]
        p = -np.expm1(np.log1p(-m.foot_casualty_per_mine) * mines[foot])
        cas = rng.binomial(u.strength[r].astype(np.int64), p).astype(float)
        casualties(model, r, cas, MINE)

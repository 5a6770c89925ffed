"""Donbas-like terrain: open fields divided by tree lines, villages, a town, roads, a river.

The generator draws from its own seed (``map.seed``) so that a scenario's map stays fixed
while the battle's seed varies. Arrays have shape ``(ny, nx)``: ``y`` runs along the front,
``x`` through the depth of the sector, ``x = 0`` being blue's rear edge and ``x = nx - 1``
red's. All functions are pure: parameters and a generator in, arrays out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scales import Scales

OPEN, TREELINE, URBAN, ROAD, WATER = range(5)
TERRAIN_NAMES = ("open", "treeline", "urban", "road", "water")
MOBILITY_NAMES = ("foot", "motorcycle", "tracked", "truck")


@dataclass
class TerrainMap:
    """The generated map: terrain codes, initial front, roads and depots."""

    terrain: np.ndarray  # int8 (ny, nx)
    front_x: np.ndarray  # float (ny,): initial front position (cells from blue's rear)
    road_paths: list[np.ndarray]  # per main road: flat cell indices from blue's rear to red's
    depots: tuple[np.ndarray, np.ndarray]  # per side (red, blue): flat cell indices of depots


def front_line(scenario, scales: Scales) -> np.ndarray:
    """Initial front position per row, in cells from blue's rear edge (salient included)."""
    y = np.arange(scales.ny) + 0.5
    x0 = scenario.map.front_fraction * scales.nx
    if scenario.map.bulge_km == 0:
        return np.full(scales.ny, x0)
    half = scales.cells(scenario.map.bulge_width_km) / 2.0
    yc = scales.ny / 2.0
    # a smooth-shouldered bump: full depth across the middle, tapering over half a width
    t = np.clip((np.abs(y - yc) - half * 0.5) / (half * 0.5 + 1e-9), 0.0, 1.0)
    bump = 0.5 * (1 + np.cos(np.pi * t))
    return np.clip(x0 + scales.cells(scenario.map.bulge_km) * bump, 2, scales.nx - 3)


def generate(scenario, scales: Scales) -> TerrainMap:
    """Generate the sector's terrain from ``scenario.map`` (deterministic in ``map.seed``)."""
    m = scenario.map
    rng = np.random.default_rng(m.seed)
    ny, nx = scales.ny, scales.nx
    terrain = np.full((ny, nx), OPEN, dtype=np.int8)
    front_x = front_line(scenario, scales)

    _tree_lines(terrain, rng, scales.cells(m.treeline_spacing_km), m.treeline_gap_fraction)

    # villages anywhere but at the very edges, the town on blue's side behind the front
    r_v = max(1.0, scales.cells(m.village_radius_km))
    for _ in range(m.villages):
        cy, cx = rng.uniform(2, ny - 2), rng.uniform(3, nx - 3)
        _blob(terrain, rng, cy, cx, r_v, URBAN)
    if m.town:
        cy = rng.uniform(0.3, 0.7) * ny
        cx = float(np.clip(front_x[int(cy)] - scales.cells(m.town_depth_km), 2, nx - 3))
        _blob(terrain, rng, cy, cx, max(1.5, scales.cells(m.town_radius_km)), URBAN)

    if m.river:
        xr = float(np.clip(front_x.mean() + scales.cells(m.river_depth_km), 3, nx - 4))
        xs = _meander(rng, ny, xr, amplitude=max(1.0, ny * 0.04), lo=2, hi=nx - 3)
        for y in range(ny):
            terrain[y, int(xs[y])] = WATER
            terrain[y, min(nx - 1, int(xs[y]) + 1)] = WATER

    # main roads: rear to rear, meandering; lateral roads along the front
    road_paths = []
    if m.bulge_km != 0:
        # a salient is fed by the roads that run into it
        span = min(ny, scales.cells(m.bulge_width_km) * 0.6)
        ys = ny / 2 + ((np.arange(m.roads) + 0.5) / m.roads - 0.5) * span
    else:
        ys = (np.arange(m.roads) + 0.5) / m.roads * ny
    ys = ys + rng.uniform(-0.15, 0.15, m.roads) * ny / m.roads
    for y0 in ys:
        yline = _meander(rng, nx, float(y0), amplitude=max(1.0, ny * 0.06), lo=0, hi=ny - 1)
        cells = _draw_polyline(terrain, np.arange(nx), yline.astype(int), along_x=True)
        road_paths.append(cells)
    for _ in range(m.lateral_roads):
        x0 = rng.uniform(0.1, 0.9) * nx
        xline = _meander(rng, ny, x0, amplitude=max(1.0, nx * 0.01), lo=0, hi=nx - 1)
        _draw_polyline(terrain, xline.astype(int), np.arange(ny), along_x=False)

    blue_depots = np.array([p[0] for p in road_paths], dtype=np.int64)
    red_depots = np.array([p[-1] for p in road_paths], dtype=np.int64)
    return TerrainMap(terrain, front_x, road_paths, (red_depots, blue_depots))


def open_terrain(scales: Scales, scenario) -> TerrainMap:
    """A featureless map (terrain switched off): open ground, one road per depot pair."""
    terrain = np.full((scales.ny, scales.nx), OPEN, dtype=np.int8)
    front_x = front_line(scenario, scales)
    y = scales.ny // 2
    path = y * scales.nx + np.arange(scales.nx, dtype=np.int64)
    return TerrainMap(terrain, front_x, [path], (path[-1:], path[:1]))


# --------------------------------------------------------------------------- pieces
def _tree_lines(terrain: np.ndarray, rng, spacing: float, gap_fraction: float) -> None:
    """Windbreaks between fields: lines along both axes at jittered spacing, with gaps."""
    ny, nx = terrain.shape
    spacing = max(2.0, spacing)
    for along_x in (True, False):
        n_lines_extent = ny if along_x else nx
        length = nx if along_x else ny
        pos = rng.uniform(0, spacing)
        while pos < n_lines_extent:
            k = int(pos)
            mask = _gappy_mask(rng, length, gap_fraction, seg=max(3.0, spacing))
            if along_x:
                row = terrain[k]
                row[mask & (row == OPEN)] = TREELINE
            else:
                col = terrain[:, k]
                col[mask & (col == OPEN)] = TREELINE
            pos += spacing * rng.uniform(0.7, 1.3)


def _gappy_mask(rng, length: int, gap_fraction: float, seg: float) -> np.ndarray:
    """A boolean run along a line, broken into segments with gaps totalling ``gap_fraction``."""
    mask = np.ones(length, dtype=bool)
    if gap_fraction <= 0:
        return mask
    i = 0
    while i < length:
        run = max(1, int(rng.exponential(seg * (1 - gap_fraction) + 1)))
        gap = max(1, int(rng.exponential(seg * gap_fraction + 0.5)))
        mask[i + run : i + run + gap] = False
        i += run + gap
    return mask


def _blob(terrain: np.ndarray, rng, cy: float, cx: float, r: float, code: int) -> None:
    ny, nx = terrain.shape
    y0, y1 = max(0, int(cy - 2 * r)), min(ny, int(cy + 2 * r) + 1)
    x0, x1 = max(0, int(cx - 2 * r)), min(nx, int(cx + 2 * r) + 1)
    yy, xx = np.mgrid[y0:y1, x0:x1]
    ang = np.arctan2(yy - cy, xx - cx)
    # irregular outline: radius modulated by a few harmonics
    phase = rng.uniform(0, 2 * np.pi, 3)
    rr = r * (1 + 0.2 * np.sin(2 * ang + phase[0]) + 0.15 * np.sin(3 * ang + phase[1]))
    inside = np.hypot(yy - cy, xx - cx) <= rr
    block = terrain[y0:y1, x0:x1]
    block[inside & (block != WATER)] = code


def _meander(rng, n: int, start: float, amplitude: float, lo: float, hi: float) -> np.ndarray:
    """A smooth random curve of ``n`` values around ``start`` (sum of a few sines)."""
    t = np.arange(n) / max(1, n - 1)
    curve = np.full(n, start, dtype=float)
    for k in (1, 2, 3):
        curve += (
            amplitude
            / k
            * np.sin(2 * np.pi * k * t * rng.uniform(0.5, 1.5) + rng.uniform(0, 2 * np.pi))
        )
    return np.clip(curve, lo, hi)


def _draw_polyline(
    terrain: np.ndarray, xs: np.ndarray, ys: np.ndarray, along_x: bool
) -> np.ndarray:
    """Draw a connected road through points (one per step along the main axis); return its
    cells in order as flat indices (8-connected, gaps filled)."""
    ny, nx = terrain.shape
    cells = []
    prev = None
    for x, y in zip(xs, ys, strict=True):
        x, y = int(np.clip(x, 0, nx - 1)), int(np.clip(y, 0, ny - 1))
        if prev is not None:
            px, py = prev
            # fill the perpendicular gap so the road stays 8-connected
            if along_x:
                step = 1 if y > py else -1
                for yy in range(py + step, y, step):
                    terrain[yy, px] = ROAD
                    cells.append(yy * nx + px)
            else:
                step = 1 if x > px else -1
                for xx in range(px + step, x, step):
                    terrain[py, xx] = ROAD
                    cells.append(py * nx + xx)
        terrain[y, x] = ROAD
        cells.append(y * nx + x)
        prev = (x, y)
    return np.array(cells, dtype=np.int64)


def terrain_tables(scenario) -> dict[str, np.ndarray]:
    """Per-terrain-type lookup arrays: concealment, protection, speed by mobility class."""
    types = [getattr(scenario.terrain, n) for n in TERRAIN_NAMES]
    speed = np.array(
        [[t.foot_kmh, t.motorcycle_kmh, t.tracked_kmh, t.truck_kmh] for t in types], dtype=float
    )
    return {
        "concealment": np.array([t.concealment for t in types], dtype=float),
        "protection": np.array([t.protection for t in types], dtype=float),
        "speed_kmh": speed,  # (terrain type, mobility class)
    }

"""Control of ground: which side holds each cell, the front line, depth from the front.

Ground is held by positions: each cell belongs to the side of the nearest position, the way
front-line maps are drawn between known positions. A position emptied by fire or abandoned
still marks its side's ground (grey zone at most) until an enemy assault group walks in and
takes it: ground changes hands only by occupation. Both rear edges are anchored to their
side. Control changes only when positions change hands or are built, so it is recomputed on
those events, not every step.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

RED, BLUE = 0, 1


def voronoi_control(
    shape: tuple[int, int], seed_cells: np.ndarray, seed_sides: np.ndarray
) -> np.ndarray:
    """Control layer (int8: 0 red, 1 blue): each cell takes the side of its nearest seed.

    Ties between seeds in the same cell go to the last one listed; the caller lists rear
    anchors first so positions win over anchors.
    """
    ny, nx = shape
    marker = np.full(ny * nx, -1, dtype=np.int8)
    marker[seed_cells] = seed_sides
    marker = marker.reshape(ny, nx)
    if (marker < 0).all():
        raise ValueError("no seeds: control is undefined")
    _, (iy, ix) = ndimage.distance_transform_edt(marker < 0, return_indices=True)
    return marker[iy, ix].astype(np.int8)


def signed_depth(control: np.ndarray, side: int, cell_km: float) -> np.ndarray:
    """Distance (km) of each cell from the front as seen by ``side``: positive inside the
    enemy's ground (how deep a strike reaches), negative inside its own (how far behind)."""
    own = control == side
    into_enemy = ndimage.distance_transform_edt(~own)  # 0 on own cells
    behind_own = ndimage.distance_transform_edt(own)  # 0 on enemy cells
    return ((into_enemy - behind_own) * cell_km).astype(np.float32)


def front_depth_km(control: np.ndarray, side: int, cell_km: float) -> float:
    """Mean depth of ``side``'s ground along the front (km): cells held per row x cell size."""
    return float((control == side).sum(axis=1).mean() * cell_km)


def front_line_cells(control: np.ndarray) -> np.ndarray:
    """Boolean layer of cells on the boundary between the sides (for the map)."""
    edge = np.zeros_like(control, dtype=bool)
    edge[:, 1:] |= control[:, 1:] != control[:, :-1]
    edge[1:, :] |= control[1:, :] != control[:-1, :]
    return edge


def rear_anchors(ny: int, nx: int, spacing: int) -> tuple[np.ndarray, np.ndarray]:
    """Cells along both rear edges that always belong to their side (blue x=0, red x=nx-1)."""
    ys = np.arange(0, ny, max(1, spacing))
    blue = ys * nx
    red = ys * nx + (nx - 1)
    cells = np.concatenate([red, blue])
    sides = np.concatenate([np.full(len(red), RED), np.full(len(blue), BLUE)]).astype(np.int8)
    return cells, sides


def update_control(model) -> None:
    """Recompute control and the per-side depth layers from the held positions."""
    u = model.units
    from ..agents.position import DefenderPosition

    rows = u.live_of(DefenderPosition.KIND)
    a_cells, a_sides = model.anchors
    cells = np.concatenate([a_cells, u.cell[rows]])
    sides = np.concatenate([a_sides, u.side[rows]])
    control = voronoi_control(model.shape, cells, sides)
    model.grid.control.data[:] = control
    for side in (RED, BLUE):
        model.depth[side] = signed_depth(control, side, model.scales.cell_km)
    model.control_dirty = False
    model.control_version += 1
    model.coverage_dirty = True

"""Strike: every kind that fires at a distance acts on what its side has detected.

The rules are the kinds' own (``DroneUnit.strike`` and ``DroneUnit.lay_mines``,
``ArtilleryBattery.fire``); this module holds the phase, which calls each registered kind in
turn for each side, and the array functions they share: choosing targets by weight,
distances between sets of cells, and the depth bins of the strike tallies.
"""

from __future__ import annotations

import numpy as np


# --------------------------------------------------------------------------- array functions
def choose_targets(
    weights: np.ndarray, counts: np.ndarray, u01: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Assign ``counts[k]`` sorties of shooter row ``k`` to targets (columns) with probability
    proportional to ``weights[k]``. ``u01`` holds one uniform draw per sortie.

    Returns (shooter row, target column) per sortie. Rows with zero total weight must have
    zero count.
    """
    shooter = np.repeat(np.arange(len(counts)), counts)
    if len(shooter) == 0:
        return shooter, shooter.copy()
    cum = np.cumsum(weights, axis=1)
    r = u01 * cum[shooter, -1]
    target = (cum[shooter] <= r[:, None]).sum(axis=1)
    return shooter, np.minimum(target, weights.shape[1] - 1)


def depth_edges_km(map_depth_km: float) -> np.ndarray:
    """Edges (km, 1 km apart) of the strike-depth histogram: the map's whole depth on either
    side of the front."""
    d = float(np.ceil(map_depth_km))
    return np.arange(-d, d + 1.0, 1.0)


def depth_bins(depth_km: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Index of the ``edges`` bin of each depth (outliers go to the end bins)."""
    i = np.searchsorted(edges, depth_km, side="right") - 1
    return np.clip(i, 0, len(edges) - 2)


def pairwise_cells(a_xy: np.ndarray, b_xy: np.ndarray) -> np.ndarray:
    """Distances (cells) between two sets of (x, y) points."""
    d = a_xy[:, None, :].astype(np.float64) - b_xy[None, :, :]
    return np.sqrt((d * d).sum(axis=2))


# --------------------------------------------------------------------------- phase
def strike(model) -> None:
    """All strikes of this step, side by side, on a snapshot of the detections: every kind
    fires at the enemy units its side has located (drone units, then artillery, in kind
    order), then mining sorties are flown."""
    for side in (0, 1):
        targets = located_targets(model, side)
        for cls in model.kinds.classes:
            cls.strike(model, side, targets)
        for cls in model.kinds.classes:
            cls.lay_mines(model, side)


def located_targets(model, side: int) -> np.ndarray:
    """Enemy units ``side`` currently has located (and that still have something to hit)."""
    u = model.units
    live = u.live()
    det = u.detected_until(side)
    m = (
        (u.side[live] != side)
        & (det[live] >= model.steps)
        & ((u.strength[live] > 0) | (u.vehicles[live] > 0))
    )
    return live[m]

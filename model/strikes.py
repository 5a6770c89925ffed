"""Strike: every kind that fires at a distance acts on what its side has detected.

The rules are the kinds' own (``DroneUnit.strike`` and ``DroneUnit.lay_mines``,
``ArtilleryBattery.fire``); this module holds the phase, which calls each registered kind in
turn for each side, and the array functions they share: choosing targets by weight,
distances between sets of cells, and the depth bins of the strike tallies.
"""

from __future__ import annotations

import numpy as np

LN2 = float(np.log(2.0))


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


def serve_by_priority(
    weights: np.ndarray, counts: np.ndarray, need: np.ndarray, order: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Crews serving their targets by priority: the sorties of each row of ``weights``
    (crews, taken in ``order``) go to that row's targets from the heaviest down, each target
    taking at most the sorties it still ``needs`` (shared by all rows: no overkill); sorties
    left with no target that still needs one are not flown.

    Returns (shooter row, target column) per sortie flown, and the need left per target."""
    need = need.astype(np.int64).copy()
    shooters, targets = [], []
    for i in order:
        n = int(counts[i])
        if n <= 0:
            continue
        w = weights[i]
        cand = np.flatnonzero((w > 0) & (need > 0))
        if len(cand) == 0:
            continue
        cand = cand[np.argsort(-w[cand], kind="stable")]
        before = np.cumsum(need[cand]) - need[cand]
        take = np.clip(n - before, 0, need[cand])
        need[cand] -= take
        targets.append(np.repeat(cand, take))
        shooters.append(np.full(int(take.sum()), i))
    if not shooters:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, need
    return np.concatenate(shooters), np.concatenate(targets), need


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


def reach_km(range_km: float, speed_kmh: float, endurance_min: float) -> float:
    """How far a drone can strike from its launch site: its range (radio or cable), but no
    further than it flies in its endurance."""
    return min(range_km, speed_kmh * endurance_min / 60.0)


def link_success(
    dist_km: np.ndarray,
    half_km: float,
    relay_km: float,
    masking: float,
    concealment: np.ndarray,
) -> np.ndarray:
    """Chance a radio drone keeps its control link to a target ``dist_km`` from its launch
    site: full up to the relays' reach, then falling to one half at ``half_km`` beyond them
    (Gaussian in distance), less ``masking`` x the target cell's concealment (tree lines
    and buildings mask the final, low approach)."""
    beyond = np.maximum(0.0, dist_km - relay_km) / half_km
    return np.exp(-LN2 * beyond * beyond) * (1.0 - masking * concealment)


def path_lengths_in_discs(
    a_xy: np.ndarray, b_xy: np.ndarray, centers_xy: np.ndarray, radius: float
) -> np.ndarray:
    """Length of each straight path ``a -> b`` (one per row) inside each disc (one per
    column), in the units of the coordinates."""
    a = np.asarray(a_xy, dtype=np.float64)[:, None, :]
    d = np.asarray(b_xy, dtype=np.float64)[:, None, :] - a
    f = a - np.asarray(centers_xy, dtype=np.float64)[None, :, :]
    qa = (d * d).sum(axis=2)
    qb = 2.0 * (d * f).sum(axis=2)
    qc = (f * f).sum(axis=2) - radius * radius
    disc = qb * qb - 4.0 * qa * qc
    ok = (disc > 0) & (qa > 0)
    root = np.sqrt(np.where(ok, disc, 0.0))
    den = np.where(ok, 2.0 * qa, 1.0)
    t0 = np.clip((-qb - root) / den, 0.0, 1.0)
    t1 = np.clip((-qb + root) / den, 0.0, 1.0)
    length = np.where(ok, (t1 - t0) * np.sqrt(qa), 0.0)
    # a path of zero length (target at the launch site) inside a disc: count nothing
    return length


def target_weights(
    value: np.ndarray,
    threat: np.ndarray,
    moving: np.ndarray,
    flight_min: np.ndarray,
    threat_weight: float,
    moving_weight: float,
    penalty_per_min: float,
) -> np.ndarray:
    """How much a crew wants each target: its value, raised for a threat (advancing on own
    positions, carrying troops) and for a moving target, lowered by the minutes of flight
    to it. ``value``, ``threat``, ``moving`` per target; ``flight_min`` per (crew, target)."""
    w = value * np.where(threat, threat_weight, 1.0) * np.where(moving, moving_weight, 1.0)
    return w[None, :] * np.exp(-penalty_per_min * flight_min)


def sorties_needed(
    soldiers: np.ndarray,
    vehicles: np.ndarray,
    is_vehicle: np.ndarray,
    casualties_per_sortie: np.ndarray,
    kills_per_sortie: np.ndarray,
    margin: float,
) -> np.ndarray:
    """Sorties a crew sends at most at each target: ``margin`` x the sorties expected to
    finish it (its soldiers, or its vehicles for a vehicle target), at least one."""
    need = np.where(
        is_vehicle,
        vehicles / np.maximum(kills_per_sortie, 1e-9),
        soldiers / np.maximum(casualties_per_sortie, 1e-9),
    )
    return np.maximum(1, np.ceil(margin * need)).astype(np.int64)


def first_n_per_target(target: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Mask keeping, in order, at most ``cap[t]`` of the entries aimed at each target ``t``
    (the sorties beyond a target's need are not flown)."""
    if len(target) == 0:
        return np.zeros(0, dtype=bool)
    order = np.argsort(target, kind="stable")
    sorted_t = target[order]
    start = np.searchsorted(sorted_t, sorted_t, side="left")
    rank = np.empty(len(target), dtype=np.int64)
    rank[order] = np.arange(len(target)) - start
    return rank < cap[target]


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

"""Strike: drones, artillery and mining drones act on what their side has detected.

Each drone unit launches this step's sorties by type (radio FPV, fibre-optic FPV, heavy
bomber at night; interdiction crews only at targets on the enemy's roads), but only when a
detected enemy unit is in range and inside the side's tasked zone; each sortie picks a target
with probability proportional to its value (armour, convoys, artillery first). A sortie can
be jammed (radio types aimed into enemy EW cover; fibre-optic drones are immune), can miss,
and on a hit causes casualties or disables a vehicle. Artillery does the same with shells,
at any detected target within the guns' range. Mining sorties lay mines on enemy road cells.
Drones are spent from each unit's stock.
"""

from __future__ import annotations

import numpy as np

from ..agents.drone_unit import DroneUnit
from .losses import apply_hits
from .units import (
    ARTILLERY,
    ARTILLERY_FIRE,
    BOMBER,
    DRONE,
    DRONES,
    FPV_FIBRE,
    FPV_RADIO,
    MINING,
    RECON,
)

# sortie streams flown by strike crews: (drone type, interdiction only)
STREAMS = (
    (FPV_RADIO, False),
    (FPV_FIBRE, False),
    (BOMBER, False),
    (FPV_RADIO, True),
    (FPV_FIBRE, True),
    (BOMBER, True),
)
DEPTH_BINS_KM = np.arange(-10.0, 41.0, 1.0)  # strike depth histogram (beyond the front)


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


def depth_bins(depth_km: np.ndarray) -> np.ndarray:
    """Index of the ``DEPTH_BINS_KM`` bin of each depth (outliers go to the end bins)."""
    i = np.searchsorted(DEPTH_BINS_KM, depth_km, side="right") - 1
    return np.clip(i, 0, len(DEPTH_BINS_KM) - 2)


def pairwise_cells(a_xy: np.ndarray, b_xy: np.ndarray) -> np.ndarray:
    """Distances (cells) between two sets of (x, y) points."""
    d = a_xy[:, None, :].astype(np.float64) - b_xy[None, :, :]
    return np.sqrt((d * d).sum(axis=2))


# --------------------------------------------------------------------------- phase
def strike(model) -> None:
    """All strikes of this step, both sides, on a snapshot of the detections."""
    dt = model.scales.step_h
    for s in (0, 1):
        targets = _targets(model, s)
        rows = model.units.live_of(DRONES, s)
        if len(rows):
            # this step's sorties of every task of every unit, in one draw
            rates = DroneUnit.sortie_rates(model, s, rows)
            counts = model.rng.poisson(rates["tasks"].T * dt)
            drone_strikes(model, s, targets, rows, counts)
        artillery_fire(model, s, targets)
        if len(rows):
            mining(model, s, rows, counts[7])


def _targets(model, s: int) -> np.ndarray:
    """Enemy units side ``s`` currently has located (and that still have something to hit)."""
    u = model.units
    live = u.live()
    det = u.detected_until(s)
    m = (
        (u.side[live] != s)
        & (det[live] >= model.steps)
        & ((u.strength[live] > 0) | (u.vehicles[live] > 0))
    )
    return live[m]


def drone_strikes(model, s: int, targets: np.ndarray, rows: np.ndarray, counts: np.ndarray) -> None:
    """Side ``s``'s drone units fly this step's sorties (``counts``: drawn sorties per task
    and unit; strike sorties fly only at located targets in range and zone)."""
    u, rng = model.units, model.rng
    p = model.side_params[s].drones
    u.sorties_h[rows] *= model.sortie_decay
    # recon flies regardless of targets; some recon drones are lost
    recon_n = counts[0]
    lost = rng.binomial(recon_n, p.recon_loss_probability)
    u.stock[rows, RECON] = np.maximum(0, u.stock[rows, RECON] - lost)
    u.sorties_h[rows] += recon_n
    model.tally.sorties[s, RECON] += recon_n.sum()
    if len(targets) == 0:
        return
    tcell = u.cell[targets]
    zone_ok = model.zone[s].ravel()[tcell]
    targets, tcell = targets[zone_ok], tcell[zone_ok]
    if len(targets) == 0:
        return
    dist = pairwise_cells(u.xy[rows], u.xy[targets])
    value = model.target_value[u.kind[targets]]
    on_road = model.road_mask.ravel()[tcell] & (model.depth[s].ravel()[tcell] > 0)
    ranges = np.array(
        [
            model.scales.cells(p.fpv_range_km),
            model.scales.cells(p.fibre_range_km),
            model.scales.cells(p.bomber_range_km),
        ]
    )
    # weights of every (stream, unit, target): in range of the stream's drone type, by value;
    # interdiction streams only at targets on the enemy's roads
    w = (dist[None, :, :] <= ranges[:, None, None]) * value[None, None, :]
    w = np.concatenate([w, w * on_road[None, None, :]])  # (stream, unit, target)
    has = w.any(axis=2)
    n = counts[1:7] * has  # sorties per (stream, unit)
    if not n.any():
        return
    shooters, tgts, types = [], [], []
    stock = u.stock[rows].astype(np.int64)  # drones left, spent stream by stream
    for k in np.flatnonzero(n.any(axis=1)):
        dtype = STREAMS[k][0]
        nk = np.minimum(n[k], stock[:, dtype])
        if not nk.any():
            continue
        stock[:, dtype] -= nk
        sh, tg = choose_targets(w[k], nk, rng.random(int(nk.sum())))
        shooters.append(sh)
        tgts.append(tg)
        types.append(np.full(len(sh), dtype))
    if not shooters:
        return
    sh, tg, ty = np.concatenate(shooters), np.concatenate(tgts), np.concatenate(types)
    np.subtract.at(u.stock, (rows[sh], ty), 1)
    np.add.at(u.sorties_h, rows[sh], 1)
    np.add.at(model.tally.sorties, (s, ty), 1)
    # jamming: radio-controlled types aimed into the enemy's EW cover
    jam_p = model.jam[1 - s][tcell[tg]] * (ty != FPV_FIBRE)
    jammed = rng.random(len(tg)) < jam_p
    np.add.at(model.tally.jammed, (s, ty[jammed]), 1)
    hit_p = np.where(ty == BOMBER, p.bomber_hit_probability, p.hit_probability)
    hit = ~jammed & (rng.random(len(tg)) < hit_p)
    np.add.at(model.tally.hits, (s, ty[hit]), 1)
    np.add.at(model.tally.strike_depth, (s, depth_bins(model.depth[s].ravel()[tcell[tg]])), 1)
    if not hit.any():
        return
    cas_each = np.where(ty == BOMBER, p.bomber_casualties_per_hit, p.casualties_per_hit)
    hits = np.bincount(tg[hit], minlength=len(targets)).astype(float)
    mean = np.bincount(tg[hit], weights=cas_each[hit], minlength=len(targets))
    struck = hits > 0
    before = u.casualties[targets[struck]].copy()
    apply_hits(
        model,
        targets[struck],
        hits[struck],
        mean[struck],
        p.vehicle_kill_probability,
        p.soft_vehicle_kill_probability,
        DRONE,
    )
    # where drone casualties fall, by depth beyond the front (V8)
    inflicted = u.casualties[targets[struck]] - before
    tb = depth_bins(model.depth[s].ravel()[tcell[struck]])
    np.add.at(model.tally.casualty_depth, (s, tb), inflicted)


def artillery_fire(model, s: int, targets: np.ndarray) -> None:
    u, rng = model.units, model.rng
    rows = u.live_of(ARTILLERY, s)
    if len(rows) == 0 or len(targets) == 0:
        return
    a = model.side_params[s].artillery
    guns_full = max(1.0, model.initial_guns[s])
    rate_step = (
        model.scales.per_step_from_day(a.shells_per_day) * u.vehicles[rows].sum() / guns_full
    )
    dist = pairwise_cells(u.xy[rows], u.xy[targets])
    in_range = dist <= model.scales.cells(a.range_km)
    reach = in_range.any(axis=0)
    if not reach.any():
        return
    shells = rng.poisson(rate_step)
    if shells == 0:
        return
    value = model.target_value[u.kind[targets]] * reach
    if not value.any():
        return
    _, tg = choose_targets(value[None, :], np.array([shells]), rng.random(shells))
    u.fired[rows[in_range.any(axis=1)]] = model.steps
    model.tally.shells[s] += shells
    per_target = np.bincount(tg, minlength=len(targets)).astype(float)
    hit = per_target > 0
    apply_hits(
        model,
        targets[hit],
        per_target[hit],
        per_target[hit] * a.casualties_per_shell,
        a.vehicle_kill_per_shell,
        a.soft_kill_per_shell,
        ARTILLERY_FIRE,
    )


def mining(model, s: int, rows: np.ndarray, drawn: np.ndarray) -> None:
    """Side ``s``'s mining sorties (``drawn`` per unit) lay mines on enemy road cells in its
    zone and range."""
    u, rng = model.units, model.rng
    cands = model.mine_targets[s]
    if len(cands) == 0 or not drawn.any():
        return
    p = model.side_params[s].drones
    n = np.minimum(drawn, u.stock[rows, MINING].astype(np.int64))
    if not n.any():
        return
    shooter = np.repeat(np.arange(len(rows)), n)
    cells = cands[rng.integers(0, len(cands), len(shooter))]
    nx = model.scales.nx
    sx, sy = u.xy[rows[shooter], 0], u.xy[rows[shooter], 1]
    ok = np.hypot(cells % nx - sx, cells // nx - sy) <= model.scales.cells(p.bomber_range_km)
    np.subtract.at(u.stock, (rows[shooter[ok]], MINING), 1)
    np.add.at(model.mines_flat, cells[ok], model.params.mines.per_sortie)
    model.tally.sorties[s, MINING] += int(ok.sum())

"""Sense: each side's chance to detect each enemy unit this step.

Two sources of detection, both as intensities (detections per hour for a reference
signature in open ground):

* recon drones: a drone unit's recon sorties search its zone (cells within its recon range,
  from ``own_side_km`` behind the front to ``strike_depth_km`` beyond it); a sortie searches
  ``area_per_recon_sortie_km2`` thoroughly, so the intensity is sorties x area / zone area:
  a deep zone is watched thinly, a dense drone line watches it closely. Crews tasked to road
  interdiction watch the enemy's roads in their zone the same way;
* ground observers: any enemy ground unit within ``observe_range_km``.

The intensity is scaled by the unit's signature (kind, moving or still, launching drones,
firing), the cell's concealment and daylight, and turned into a probability for the step.
Moving units are scored on the cells they crossed during their last move (time-weighted by
the movement phase), so a fast unit's exposure is right whatever the step length.
"""

from __future__ import annotations

import numpy as np

from ..agents.drone_unit import DroneUnit
from .units import (
    ARMOR,
    ARTILLERY,
    CONVOY,
    DRONES,
    EW,
    GROUP,
    MOTORCYCLE,
    N_KINDS,
    POSITION,
    lookup,
)

GROUND_OBSERVERS = (POSITION, GROUP, ARMOR, MOTORCYCLE)
IS_OBSERVER = lookup(GROUND_OBSERVERS, N_KINDS)


# --------------------------------------------------------------------------- array functions
def detection_probability(intensity: np.ndarray, signature: np.ndarray, dt_h: float) -> np.ndarray:
    """Chance of at least one detection in ``dt_h`` hours at the given intensity x signature."""
    return -np.expm1(-intensity * signature * dt_h)


def zone_mask(depth_km: np.ndarray, strike_depth_km: float, own_side_km: float) -> np.ndarray:
    """Cells a side's drones are tasked to watch and strike: from ``own_side_km`` behind the
    front to ``strike_depth_km`` beyond it (``depth_km`` is that side's signed depth)."""
    return (depth_km <= strike_depth_km) & (depth_km >= -own_side_km)


def disc_bounds(cy: int, cx: int, r: float, ny: int, nx: int):
    """Slices of the bounding box of a disc and the disc mask inside it."""
    ri = int(np.ceil(r))
    y0, y1 = max(0, cy - ri), min(ny, cy + ri + 1)
    x0, x1 = max(0, cx - ri), min(nx, cx + ri + 1)
    yy = np.arange(y0, y1)[:, None] - cy
    xx = np.arange(x0, x1)[None, :] - cx
    return (slice(y0, y1), slice(x0, x1)), (yy * yy + xx * xx) <= r * r


def zone_intensity(
    shape,
    sites_yx: np.ndarray,
    radius_cells: np.ndarray,
    sorties_h: np.ndarray,
    zone: np.ndarray,
    area_per_sortie_cells: float,
) -> np.ndarray:
    """Detection intensity (per hour) from drone units spreading sorties over their zones.

    Unit ``k`` at ``sites_yx[k]`` flies ``sorties_h[k]`` per hour over the cells of ``zone``
    within ``radius_cells[k]``; each sortie searches ``area_per_sortie_cells`` cells; the
    resulting intensity on each cell is sorties x area / zone cells, summed over units.
    """
    fp = footprints(shape, sites_yx, radius_cells, zone)
    n = shape[0] * shape[1]
    return spread(fp, np.asarray(sorties_h, float), n, area_per_sortie_cells).reshape(shape)


def footprints(
    shape, sites_yx: np.ndarray, radius_cells: np.ndarray, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Flat indices of the ``mask`` cells within each site's radius, concatenated, and how
    many belong to each site (the part of a zone each drone unit can reach)."""
    ny, nx = shape
    cells, counts = [], []
    for (cy, cx), r in zip(sites_yx, radius_cells, strict=True):
        box, disc = disc_bounds(int(cy), int(cx), float(r), ny, nx)
        yy, xx = np.nonzero(disc & mask[box])
        cells.append((yy + box[0].start) * nx + (xx + box[1].start))
        counts.append(len(yy))
    if not cells:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(cells), np.array(counts)


def spread(
    footprint: tuple[np.ndarray, np.ndarray],
    sorties_h: np.ndarray,
    n_cells: int,
    area_per_sortie_cells: float,
) -> np.ndarray:
    """Intensity (per hour) on each cell when each unit spreads its sorties over its
    footprint: sorties x area per sortie / footprint cells (at most sorties), summed."""
    cells, counts = footprint
    per_cell = sorties_h * np.minimum(1.0, area_per_sortie_cells / np.maximum(counts, 1))
    per_cell = np.where(counts > 0, per_cell, 0.0)
    return np.bincount(cells, weights=np.repeat(per_cell, counts), minlength=n_cells)


def jam_layer(shape, sites_yx: np.ndarray, radius_cells: float, p_jam: float) -> np.ndarray:
    """Chance that a radio drone aimed at each cell is jammed by at least one station."""
    ny, nx = shape
    survive = np.ones(shape, dtype=np.float64)
    for cy, cx in sites_yx:
        box, disc = disc_bounds(int(cy), int(cx), radius_cells, ny, nx)
        survive[box] *= np.where(disc, 1.0 - p_jam, 1.0)
    return 1.0 - survive


def observed_rate(
    obs_xy: np.ndarray, tgt_xy: np.ndarray, range_cells: float, rate: float
) -> np.ndarray:
    """Detection intensity on each target from ground observers: ``rate`` if any observer is
    within range."""
    if len(obs_xy) == 0 or len(tgt_xy) == 0:
        return np.zeros(len(tgt_xy))
    d2 = ((tgt_xy[:, None, :] - obs_xy[None, :, :]) ** 2).sum(axis=2)
    return np.where((d2 <= range_cells * range_cells).any(axis=1), rate, 0.0)


# --------------------------------------------------------------------------- phase
def signature_table(sc) -> np.ndarray:
    """Base signature of each unit kind (still), from the scenario."""
    s = sc.sensing
    sig = np.zeros(N_KINDS)
    sig[POSITION] = s.signature_position
    sig[GROUP] = s.signature_foot
    sig[MOTORCYCLE] = s.signature_motorcycle
    sig[ARMOR] = s.signature_armor
    sig[CONVOY] = s.signature_convoy
    sig[DRONES] = s.signature_drone_site
    sig[EW] = s.signature_ew
    sig[ARTILLERY] = s.signature_artillery_silent  # full signature for an hour after firing
    return sig


def update_coverage(model) -> None:
    """Recompute each side's zones, recon and strike intensity and jamming layers.

    Called when launch sites, crews or the front change (at most once an hour)."""
    u, sc, sc_side = model.units, model.params, model.side_params
    shape, scales = model.shape, model.scales
    area_cells = sc.sensing.area_per_recon_sortie_km2 / scales.cell_area_km2
    roads = model.road_mask
    for s in (0, 1):
        p = sc_side[s]
        zone = zone_mask(model.depth[s], p.drones.strike_depth_km, p.drones.own_side_km)
        model.zone[s] = zone
        rows = u.live_of(DRONES, s)
        x, y = u.cell[rows] % scales.nx, u.cell[rows] // scales.nx
        yx = np.stack([y, x], axis=1) if len(rows) else np.zeros((0, 2), int)
        rates = DroneUnit.sortie_rates(model, s, rows)
        recon_r = np.full(len(rows), scales.cells(p.drones.recon_range_km))
        # interdiction crews watch the enemy's roads inside their zone
        enemy_roads = zone & roads & (model.depth[s] > 0)
        fpv_r = np.full(
            len(rows), scales.cells(max(p.drones.fpv_range_km, p.drones.fibre_range_km))
        )
        # which cells each unit reaches changes with the front, the sites and the
        # technology, not with its crews: keep the footprints until one of those changes
        key = (model.control_version, model.params_version, tuple(rows.tolist()))
        cached = model.footprint_cache.get(s)
        if cached is None or cached[0] != key:
            cached = (
                key,
                footprints(shape, yx, recon_r, zone),
                footprints(shape, yx, fpv_r, enemy_roads),
                footprints(shape, yx, fpv_r, zone),
            )
            model.footprint_cache[s] = cached
        _, fp_recon, fp_roads, fp_strike = cached
        n = scales.n_cells
        intensity = spread(fp_recon, rates["recon"], n, area_cells)
        intensity += spread(fp_roads, rates["interdiction"], n, area_cells)
        getattr(model.grid, ("recon_red", "recon_blue")[s]).data[:] = intensity.reshape(shape)
        strike = spread(fp_strike, rates["strike"], n, float("inf"))
        getattr(model.grid, ("strike_red", "strike_blue")[s]).data[:] = strike.reshape(shape)
        ew = u.live_of(EW, s)
        ex, ey = u.cell[ew] % scales.nx, u.cell[ew] // scales.nx
        jam = jam_layer(
            shape, np.stack([ey, ex], axis=1), scales.cells(p.ew.radius_km), p.ew.jam_probability
        )
        getattr(model.grid, ("jam_red", "jam_blue")[s]).data[:] = jam
        model.mine_targets[s] = np.flatnonzero((enemy_roads).ravel())
    conceal = model.concealment
    model.exposure_layer = np.stack(
        [
            (model.grid.recon_red.data * (1 - conceal)).ravel(),
            (model.grid.recon_blue.data * (1 - conceal)).ravel(),
        ]
    )
    model.coverage_dirty = False


def sense(model) -> None:
    """Draw this step's detections for both sides (vectorised over all units)."""
    u, sc = model.units, model.params
    rows = u.live()
    if len(rows) == 0:
        return
    step = model.steps
    track = model.track_steps
    if not sc.sensing.enabled:
        u.det_red[rows] = step + track
        u.det_blue[rows] = step + track
        return
    dt = model.scales.step_h
    kind, side, cell = u.kind[rows], u.side[rows], u.cell[rows]
    sig = model.signature[kind].copy()
    moving = u.moving[rows]
    sig[moving] *= sc.sensing.moving_factor
    is_drone = kind == DRONES
    sig[is_drone] += sc.sensing.signature_per_sortie * u.sorties_h[rows[is_drone]]
    fired = (kind == ARTILLERY) & (u.fired[rows] >= step - model.hour_steps)
    sig[fired] = sc.sensing.signature_artillery
    light = 1.0 if model.is_day else sc.sensing.night_factor
    xy = u.xy[rows]
    ground = IS_OBSERVER[kind] & (u.strength[rows] > 0)
    obs_range = model.scales.cells(sc.sensing.observe_range_km)
    for s in (0, 1):
        tgt = side != s
        if not tgt.any():
            continue
        enemy_layer = model.exposure_layer[s]
        lam = enemy_layer[cell[tgt]]
        mv = moving[tgt]
        lam[mv] = u.exposure[rows[tgt][mv]]  # cells crossed during the last move
        lam = lam * light
        lam += observed_rate(
            xy[ground & ~tgt], xy[tgt], obs_range, sc.sensing.observe_rate_per_hour
        ) * (1 - model.concealment.ravel()[cell[tgt]])
        p = detection_probability(lam, sig[tgt], dt)
        hit = model.rng.random(len(p)) < p
        det = u.detected_until(s)
        det[rows[tgt][hit]] = step + track

"""Sense: each side's chance to detect each enemy unit this step.

Two sources of detection, both as intensities (detections per hour for a reference
signature in open ground):

* recon drones: the recon drones a drone unit keeps in the air search its footprint (the
  cells within their range of the launch site) at random, each sweeping speed x sweep width
  per hour (Koopman's random search, :func:`random_search`): more drones in the air watch
  closely, a wider footprint is watched more thinly. Crews tasked to road interdiction
  watch the enemy's roads in their zone the same way;
* ground observers: any enemy ground unit within ``observe_range_km``.

The intensity is scaled by the unit's signature (kind, moving or still, launching drones,
firing), the cell's concealment and daylight, and turned into a probability for the step.
Moving units are scored on the cells they crossed during their last move (time-weighted by
the movement phase), so a fast unit's exposure is right whatever the step length.
"""

from __future__ import annotations

import numpy as np


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
    out = np.bincount(cells, weights=np.repeat(per_cell, counts), minlength=n_cells)
    return out.astype(np.float64, copy=False)  # (bincount of no cells is int64)


def random_search(
    footprint: tuple[np.ndarray, np.ndarray], sweep_cells_h: np.ndarray, n_cells: int
) -> np.ndarray:
    """Detection intensity (per hour, reference target) on each cell when each unit's drones
    in the air search its footprint at random (Koopman): ``sweep_cells_h[k]`` cells swept per
    hour (drones aloft x speed x sweep width) over the ``counts[k]`` cells of its footprint,
    summed over units. A wider footprint is watched more thinly; more drones watch it more
    closely."""
    cells, counts = footprint
    per_cell = np.asarray(sweep_cells_h, float) / np.maximum(counts, 1)
    per_cell = np.where(counts > 0, per_cell, 0.0)
    out = np.bincount(cells, weights=np.repeat(per_cell, counts), minlength=n_cells)
    return out.astype(np.float64, copy=False)


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
def update_coverage(model) -> None:
    """Recompute every kind's map layers for both sides (recon and strike intensity from
    drone units, jamming from EW stations, ...), then the exposure each side's recon gives.

    Called when launch sites, crews or the front change (at most once an hour)."""
    for side in (0, 1):
        for name in ("recon", "strike", "jam"):
            model.layer(name, side)[:] = 0.0  # the kinds add their part
        for cls in model.kinds.classes:
            cls.coverage(model, side)
    conceal = model.concealment
    model.exposure_layer = np.stack(
        [(model.layer("recon", side) * (1 - conceal)).ravel() for side in (0, 1)]
    )
    model.coverage_dirty = False


def signatures(model, rows: np.ndarray) -> np.ndarray:
    """This step's signature of each unit: its kind's base signature, raised while moving,
    then as its kind adjusts it (launching drones, firing guns)."""
    u, kinds = model.units, model.kinds
    kind = u.kind[rows]
    sig = kinds.signature[u.side[rows], kind]
    sig[u.moving[rows]] *= model.params.sensing.moving_factor
    for cls, m in kinds.by_kind(kind):
        sig[m] = cls.adjust_signature(model, rows[m], sig[m])
    return sig


def ground_observation(model, rows: np.ndarray, observer: np.ndarray, target: np.ndarray):
    """Detection intensity on the ``target`` units from the ``observer`` units within their
    kind's observation range (the scenario's ``observe_rate_per_hour`` if any is in range)."""
    u = model.units
    rate = model.params.sensing.observe_rate_per_hour
    obs = rows[observer]
    reach = np.zeros(len(obs))
    for cls, m in model.kinds.by_kind(u.kind[obs]):
        side = int(u.side[obs[m][0]])
        reach[m] = model.scales.cells(cls.observe_range_km(model, side))
    tgt_xy = u.xy[rows[target]]
    lam = np.zeros(len(tgt_xy))
    for r in np.unique(reach):  # one call per distinct range (one for the built-in kinds)
        lam = np.maximum(lam, observed_rate(u.xy[obs[reach == r]], tgt_xy, r, rate))
    return lam


def sense(model) -> None:
    """Draw this step's detections for both sides (vectorised over all units)."""
    u, scenario = model.units, model.params
    rows = u.live()
    if len(rows) == 0:
        return
    step = model.steps
    track = model.track_steps
    if not scenario.sensing.enabled:
        u.det_red[rows] = step + track
        u.det_blue[rows] = step + track
        return
    dt = model.scales.step_h
    kind, unit_side, cell = u.kind[rows], u.side[rows], u.cell[rows]
    sig = signatures(model, rows)
    moving = u.moving[rows]
    light = 1.0 if model.is_day else scenario.sensing.night_factor
    seeing = model.weather_sensing  # fog and rain blind recon drones and observers alike
    ground = model.kinds.observer[kind] & (u.strength[rows] > 0)
    for side in (0, 1):
        tgt = unit_side != side
        if not tgt.any():
            continue
        enemy_layer = model.exposure_layer[side]
        lam = enemy_layer[cell[tgt]]
        mv = moving[tgt]
        lam[mv] = u.exposure[rows[tgt][mv]]  # cells crossed during the last move
        lam = lam * light
        lam += ground_observation(model, rows, ground & ~tgt, tgt) * (
            1 - model.concealment.ravel()[cell[tgt]]
        )
        p = detection_probability(lam * seeing, sig[tgt], dt)
        hit = model.rng.random(len(p)) < p
        det = u.detected_until(side)
        det[rows[tgt][hit]] = step + track

"""DroneUnit: a launch site with crews and a stock of drones by type.

Crews are split by task: recon (builds the side's picture of the enemy), strike (radio and
fibre-optic FPVs), heavy bombers (at night), mining (lays mines on enemy roads), and, of the
strike and mining crews, a share that watches and hits the enemy's supply roads
(interdiction). Strike sorties fly only at detected targets in range and inside the side's
tasked zone; each sortie spends a drone from stock, which production restocks daily. The
launch site gives itself away as it launches and can be found and struck: lost operators
mean fewer crews.

A *drone line* is not a special case: it is many such units placed along the whole sector
with a deep tasked zone, as a scenario sets them.
"""

from __future__ import annotations

import numpy as np

from ..model.losses import apply_hits
from ..model.sensing import footprints, spread, zone_mask
from ..model.strikes import choose_targets, depth_bins, pairwise_cells
from .base import Unit, along_front
from .kinds import BOMBER, DRONE, DRONE_TYPES, FPV_FIBRE, FPV_RADIO, MINING, RECON

# sortie streams flown by strike crews: (drone type, interdiction only)
STREAMS = (
    (FPV_RADIO, False),
    (FPV_FIBRE, False),
    (BOMBER, False),
    (FPV_RADIO, True),
    (FPV_FIBRE, True),
    (BOMBER, True),
)


class DroneUnit(Unit):
    """Operators (crews x soldiers per crew) and a stock of drones by type."""

    NAME = "drone_unit"
    LABEL = "drone unit"
    MARKER = "^"
    SECTION = "drones"
    SIGNATURE = "sensing.signature_drone_site"
    TARGET_VALUE = "targeting.drone_unit"
    DEPLOY_STAGE = "support"

    def __init__(self, model, side: int, cell: int):
        d = self.params(model, side)
        super().__init__(model, side, cell, strength=float(d.crews_per_unit * d.soldiers_per_crew))
        self.model.units.stock[self.row] = d.stock_per_crew * d.crews_per_unit * type_shares(d)

    @classmethod
    def deploy(cls, model, side: int) -> list[DroneUnit]:
        """Launch sites spread along the whole front at ``setback_km`` behind it."""
        d = cls.params(model, side)
        cells = along_front(model, side, d.units, d.setback_km, jitter=0.3)
        return [cls(model, side, c) for c in cells]

    @property
    def crews(self) -> float:
        return self.strength / self.params(self.model, self.side).soldiers_per_crew

    @property
    def stock(self) -> dict[str, float]:
        return dict(zip(DRONE_TYPES, self.model.units.stock[self.row].tolist(), strict=True))

    def destroyed(self) -> None:
        self.model.coverage_dirty = True
        self.remove()

    @classmethod
    def on_casualties(cls, model, rows: np.ndarray, share: np.ndarray) -> None:
        """Lost operators mean fewer crews: the coverage they gave is recomputed."""
        model.coverage_dirty = True

    # ------------------------------------------------------------------ rules for all
    @classmethod
    def sortie_rates(cls, model, side: int, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Sorties per hour of each unit, by task.

        ``tasks`` has one column per task of ``TASKS``: recon, then the strike streams of
        ``STREAMS`` (radio, fibre, bomber; the same three for road
        interdiction), then mining. A task with no drones of its type in stock flies nothing.
        """
        d = cls.params(model, side)
        u = model.units
        per_crew = task_rates(d, model.is_day)
        tasks = (u.strength[rows] / d.soldiers_per_crew)[:, None] * per_crew[None, :]
        tasks *= u.stock[rows][:, TASK_TYPES] > 0
        streams = tasks[:, 1:7]
        return {
            "tasks": tasks,
            "recon": tasks[:, 0],
            "streams": streams,
            "strike": streams.sum(axis=1),
            "interdiction": streams[:, 3:].sum(axis=1),
            "mining": tasks[:, 7],
        }

    @classmethod
    def new_day(cls, model, side: int) -> None:
        """The day's production, split by type as the crews use them and among units by crews."""
        d = cls.params(model, side)
        u = model.units
        rows = u.live_of(cls.KIND, side)
        if len(rows) == 0 or d.production_per_day <= 0:
            return
        crews = u.strength[rows]
        share = crews / max(crews.sum(), 1e-9)
        u.stock[rows] += np.outer(share, d.production_per_day * type_shares(d))

    # ------------------------------------------------------------------ sensing
    @classmethod
    def coverage(cls, model, side: int) -> None:
        """The side's tasked zone, its recon intensity (recon crews over the zone, road
        interdiction crews over the enemy's roads in it), the strike sorties that can reach
        each cell, and the road cells mining crews can mine."""
        u, p, scales = model.units, cls.params(model, side), model.scales
        shape = model.shape
        area_cells = model.params.sensing.area_per_recon_sortie_km2 / scales.cell_area_km2
        zone = zone_mask(model.depth[side], p.strike_depth_km, p.own_side_km)
        model.zones[cls.NAME, side] = zone
        rows = u.live_of(cls.KIND, side)
        yx = u.xy[rows][:, ::-1] if len(rows) else np.zeros((0, 2), int)
        rates = cls.sortie_rates(model, side, rows)
        recon_r = np.full(len(rows), scales.cells(p.recon_range_km))
        enemy_roads = zone & model.road_mask & (model.depth[side] > 0)
        fpv_r = np.full(len(rows), scales.cells(max(p.fpv_range_km, p.fibre_range_km)))
        # which cells each unit reaches changes with the front, the sites and the
        # technology, not with its crews: keep the footprints until one of those changes
        key = (model.control_version, model.params_version, tuple(rows.tolist()))
        cached = model.footprint_cache.get((cls.NAME, side))
        if cached is None or cached[0] != key:
            cached = (
                key,
                footprints(shape, yx, recon_r, zone),
                footprints(shape, yx, fpv_r, enemy_roads),
                footprints(shape, yx, fpv_r, zone),
            )
            model.footprint_cache[cls.NAME, side] = cached
        _, fp_recon, fp_roads, fp_strike = cached
        n = scales.n_cells
        intensity = spread(fp_recon, rates["recon"], n, area_cells)
        intensity += spread(fp_roads, rates["interdiction"], n, area_cells)
        model.layer("recon", side)[:] += intensity.reshape(shape)
        strike = spread(fp_strike, rates["strike"], n, float("inf"))
        model.layer("strike", side)[:] += strike.reshape(shape)
        model.mine_targets[cls.NAME, side] = np.flatnonzero(enemy_roads.ravel())

    @classmethod
    def adjust_signature(cls, model, rows: np.ndarray, sig: np.ndarray) -> np.ndarray:
        """A launch site gives itself away with every sortie of the last hour."""
        return sig + model.params.sensing.signature_per_sortie * model.units.sorties_h[rows]

    # ------------------------------------------------------------------ strikes
    @classmethod
    def strike(cls, model, side: int, targets: np.ndarray) -> None:
        """This step's sorties of every task of every unit (one Poisson draw), flown at
        ``targets``; the mining sorties drawn wait for :meth:`lay_mines`."""
        rows = model.units.live_of(cls.KIND, side)
        if len(rows) == 0:
            return
        rates = cls.sortie_rates(model, side, rows)
        counts = model.rng.poisson(rates["tasks"].T * model.scales.step_h)
        flown = cls.fly_sorties(model, side, targets, rows, counts)
        model.units.mining_due[rows] = counts[7]
        cls.count_crew_time(model, side, rows, counts, flown)

    @classmethod
    def count_crew_time(
        cls, model, side: int, rows: np.ndarray, counts: np.ndarray, flown: np.ndarray
    ) -> None:
        """Crews' hours by task: each sortie flown costs ``1 / sorties_per_crew_hour`` (a
        fibre-optic one ``1 / (rate x fibre_rate_factor)``); strike sorties drawn with no
        target in reach are not flown, and their time counts as idle."""
        p, tally = cls.params(model, side), model.tally
        rate = max(p.sorties_per_crew_hour, 1e-9)
        per_stream = np.array([1.0, 1.0 / max(p.fibre_rate_factor, 1e-9), 1.0] * 2) / rate
        hours = tally.crew_hours[side]
        hours[0] += counts[0].sum() / rate
        hours[1] += (flown[:3] * per_stream[:3]).sum()
        hours[2] += (flown[3:] * per_stream[3:]).sum()
        hours[3] += counts[7].sum() / rate
        crews = model.units.strength[rows].sum() / p.soldiers_per_crew
        tally.crew_hours_available[side] += crews * model.scales.step_h

    @classmethod
    def fly_sorties(
        cls, model, side: int, targets: np.ndarray, rows: np.ndarray, counts: np.ndarray
    ) -> np.ndarray:
        """Recon sorties fly regardless of targets; strike sorties fly only at located targets
        in range and zone, each picking a target by value; radio drones aimed into the
        enemy's EW cover can be jammed; a sortie that is not jammed may still miss. Returns the
        strike sorties flown by stream."""
        flown = np.zeros(len(STREAMS))
        u, rng = model.units, model.rng
        p = cls.params(model, side)
        u.sorties_h[rows] *= model.sortie_decay
        recon_n = counts[0]
        lost = rng.binomial(recon_n, p.recon_loss_probability)  # some recon drones are lost
        u.stock[rows, RECON] = np.maximum(0, u.stock[rows, RECON] - lost)
        u.sorties_h[rows] += recon_n
        model.tally.sorties[side, RECON] += recon_n.sum()
        if len(targets) == 0:
            return flown
        tcell = u.cell[targets]
        zone_ok = model.zones[cls.NAME, side].ravel()[tcell]
        targets, tcell = targets[zone_ok], tcell[zone_ok]
        if len(targets) == 0:
            return flown
        dist = pairwise_cells(u.xy[rows], u.xy[targets])
        value = model.kinds.target_value[u.side[targets], u.kind[targets]]
        on_road = model.road_mask.ravel()[tcell] & (model.depth[side].ravel()[tcell] > 0)
        scales = model.scales
        ranges = np.array(
            [
                scales.cells(p.fpv_range_km),
                scales.cells(p.fibre_range_km),
                scales.cells(p.bomber_range_km),
            ]
        )
        # weights of every (stream, unit, target): in range of the stream's drone type, by
        # value; interdiction streams only at targets on the enemy's roads
        w = (dist[None, :, :] <= ranges[:, None, None]) * value[None, None, :]
        w = np.concatenate([w, w * on_road[None, None, :]])  # (stream, unit, target)
        n = counts[1:7] * w.any(axis=2)  # sorties per (stream, unit)
        if not n.any():
            return flown
        shooters, tgts, types = [], [], []
        stock = u.stock[rows].astype(np.int64)  # drones left, spent stream by stream
        for k in np.flatnonzero(n.any(axis=1)):
            dtype = STREAMS[k][0]
            nk = np.minimum(n[k], stock[:, dtype])
            if not nk.any():
                continue
            stock[:, dtype] -= nk
            flown[k] = nk.sum()
            sh, tg = choose_targets(w[k], nk, rng.random(int(nk.sum())))
            shooters.append(sh)
            tgts.append(tg)
            types.append(np.full(len(sh), dtype))
        if not shooters:
            return flown
        sh, tg, ty = np.concatenate(shooters), np.concatenate(tgts), np.concatenate(types)
        np.subtract.at(u.stock, (rows[sh], ty), 1)
        np.add.at(u.sorties_h, rows[sh], 1)
        tally = model.tally
        np.add.at(tally.sorties, (side, ty), 1)
        # jamming: radio-controlled types aimed into the enemy's EW cover
        jam_p = model.jam[1 - side][tcell[tg]] * (ty != FPV_FIBRE)
        jammed = rng.random(len(tg)) < jam_p
        np.add.at(tally.jammed, (side, ty[jammed]), 1)
        hit_p = np.where(ty == BOMBER, p.bomber_hit_probability, p.hit_probability)
        hit = ~jammed & (rng.random(len(tg)) < hit_p)
        np.add.at(tally.hits, (side, ty[hit]), 1)
        depth = model.depth[side].ravel()
        edges = model.depth_edges_km
        np.add.at(tally.strike_depth, (side, depth_bins(depth[tcell[tg]], edges)), 1)
        if not hit.any():
            return flown
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
        bins = depth_bins(depth[tcell[struck]], edges)
        np.add.at(tally.casualty_depth, (side, bins), inflicted)
        return flown

    @classmethod
    def lay_mines(cls, model, side: int) -> None:
        """This step's mining sorties lay mines on enemy road cells in the zone and in the
        bombers' range of the launching unit."""
        u, rng = model.units, model.rng
        rows = u.live_of(cls.KIND, side)
        cands = model.mine_targets[cls.NAME, side]
        if len(rows) == 0 or len(cands) == 0:
            return
        drawn = u.mining_due[rows]
        if not drawn.any():
            return
        p = cls.params(model, side)
        n = np.minimum(drawn, u.stock[rows, MINING].astype(np.int64))
        if not n.any():
            return
        shooter = np.repeat(np.arange(len(rows)), n)
        cells = cands[rng.integers(0, len(cands), len(shooter))]
        ok = u.distance_cells(rows[shooter], cells) <= model.scales.cells(p.bomber_range_km)
        np.subtract.at(u.stock, (rows[shooter[ok]], MINING), 1)
        np.add.at(model.mines_flat, cells[ok], model.params.mines.per_sortie)
        model.tally.sorties[side, MINING] += int(ok.sum())


TASKS = (
    "recon",
    "radio",
    "fibre",
    "bomber",
    "radio_roads",
    "fibre_roads",
    "bomber_roads",
    "mining",
)
TASK_TYPES = np.array([RECON, FPV_RADIO, FPV_FIBRE, BOMBER, FPV_RADIO, FPV_FIBRE, BOMBER, MINING])


def task_rates(d, is_day: bool) -> np.ndarray:
    """Sorties per crew per hour for each task of ``TASKS``, from the crews' task shares."""
    rate = d.sorties_per_crew_hour
    strike = max(0.0, 1.0 - d.recon_share - d.bomber_share - d.mining_share)
    radio = rate * strike * (1 - d.fibre_share)
    fibre = rate * strike * d.fibre_share * d.fibre_rate_factor
    bomber = 0.0 if is_day else rate * d.bomber_share
    i = d.interdiction_share
    return np.array(
        [
            rate * d.recon_share,
            radio * (1 - i),
            fibre * (1 - i),
            bomber * (1 - i),
            radio * i,
            fibre * i,
            bomber * i,
            rate * d.mining_share,
        ]
    )


def type_shares(d) -> np.ndarray:
    """Share of drones of each type a unit uses (recon, radio FPV, fibre FPV, bomber, mining),
    from its crews' tasks."""
    strike = max(0.0, 1.0 - d.recon_share - d.bomber_share - d.mining_share)
    out = np.zeros(len(DRONE_TYPES))
    out[RECON] = d.recon_share * d.recon_loss_probability  # recon drones mostly come back
    out[FPV_RADIO] = strike * (1 - d.fibre_share)
    out[FPV_FIBRE] = strike * d.fibre_share * d.fibre_rate_factor
    out[BOMBER] = d.bomber_share
    out[MINING] = d.mining_share
    total = out.sum()
    return out / total if total > 0 else out


class DeepStrikeUnit(DroneUnit):
    """A deep-strike drone unit: the same rules as a drone unit, its own numbers (the side's
    ``deep_strike`` section): few crews with long-range drones, set far back and tasked to
    hunt roads and rear areas deep in the enemy's ground."""

    NAME = "deep_strike_unit"
    LABEL = "deep-strike drone unit"
    MARKER = "v"
    SECTION = "deep_strike"

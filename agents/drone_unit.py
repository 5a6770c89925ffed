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

from ..model.losses import apply_hits, protection
from ..model.sensing import footprints, random_search, spread, zone_mask
from ..model.strikes import (
    choose_targets,
    depth_bins,
    first_n_per_target,
    link_success,
    pairwise_cells,
    reach_km,
    serve_by_priority,
    sorties_needed,
    target_weights,
)
from .base import Unit, along_front
from .kinds import (
    ADVANCE,
    ASSAULT,
    ASSEMBLE,
    BOMBER,
    DRONE,
    DRONE_TYPES,
    FPV_FIBRE,
    FPV_RADIO,
    MINING,
    MISSION_NAMES,
    RECON,
    lookup,
)

IS_ATTACKING = lookup((ASSEMBLE, ADVANCE, ASSAULT), len(MISSION_NAMES))  # massing or attacking
IS_APPROACHING = lookup((ASSEMBLE, ADVANCE), len(MISSION_NAMES))  # on the way forward

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

    @classmethod
    def census(cls, model, side: int) -> dict[str, float]:
        """``drone_crews``: the side's drone crews left."""
        rows = model.units.live_of(cls.KIND, side)
        crews = model.units.strength[rows].sum() / cls.params(model, side).soldiers_per_crew
        return {"drone_crews": float(crews)}

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
        tasks *= model.weather_sorties  # rain, fog and wind ground part of the drones
        if not d.strikes:
            tasks[:, 1:7] = 0.0  # (the strike crews stand idle)
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
    def recon_aloft(cls, model, side: int, rows: np.ndarray) -> np.ndarray:
        """Recon drones each unit keeps in the air: its recon crews x ``recon_aloft_per_crew``
        x the share the day's weather lets fly (none without recon drones in stock)."""
        d, u = cls.params(model, side), model.units
        crews = u.strength[rows] / d.soldiers_per_crew * d.recon_share
        aloft = crews * d.recon_aloft_per_crew * model.weather_sorties
        return aloft * (u.stock[rows, RECON] > 0)

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
        """The side's tasked zone, its recon intensity, the strike sorties that can reach each
        cell, and the road cells mining crews can mine.

        Recon is the side's assets, not a budget spread over the tasked zone: quadcopters
        watch the ground within their range of the launch site, fixed-wing drones (a share of
        the recon sorties, each watching a larger area) watch to their longer range, both
        from ``own_side_km`` behind the front forward, however deep the strikes are tasked;
        road-interdiction crews watch the enemy's roads inside the tasked zone."""
        u, p, scales = model.units, cls.params(model, side), model.scales
        shape = model.shape
        zone = zone_mask(model.depth[side], p.strike_depth_km, p.own_side_km)
        model.zones[cls.NAME, side] = zone
        rows = u.live_of(cls.KIND, side)
        yx = u.xy[rows][:, ::-1] if len(rows) else np.zeros((0, 2), int)
        rates = cls.sortie_rates(model, side, rows)
        recon_r = np.full(len(rows), scales.cells(p.recon_range_km))
        deep_r = np.full(len(rows), scales.cells(p.deep_recon_range_km))
        watched = model.depth[side] >= -p.own_side_km
        enemy_roads = zone & model.road_mask & (model.depth[side] > 0)
        reach = max(
            reach_km(p.fpv_range_km, p.fpv_speed_kmh, p.fpv_endurance_min),
            reach_km(p.fibre_range_km, p.fibre_speed_kmh, p.fpv_endurance_min),
        )
        fpv_r = np.full(len(rows), scales.cells(reach))
        # which cells each unit reaches changes with the front, the sites and the
        # technology, not with its crews: keep the footprints until one of those changes
        key = (model.control_version, model.params_version, tuple(rows.tolist()))
        cached = model.footprint_cache.get((cls.NAME, side))
        if cached is None or cached[0] != key:
            cached = (
                key,
                footprints(shape, yx, recon_r, watched),
                footprints(shape, yx, fpv_r, enemy_roads),
                footprints(shape, yx, deep_r, watched),
                footprints(shape, yx, fpv_r, zone),
            )
            model.footprint_cache[cls.NAME, side] = cached
        _, fp_recon, fp_roads, fp_deep, fp_strike = cached
        n = scales.n_cells
        cell_km2 = scales.cell_area_km2
        aloft = cls.recon_aloft(model, side, rows)  # recon drones in the air, per unit
        quad = aloft * (1.0 - p.deep_recon_share) * p.quad_search_kmh * p.quad_sweep_km
        wing = aloft * p.deep_recon_share * p.wing_search_kmh * p.wing_sweep_km
        intensity = random_search(fp_recon, quad / cell_km2, n)
        intensity += random_search(fp_deep, wing / cell_km2, n)
        # interdiction crews loiter over the enemy's roads, watching them as they hunt
        hunting = rates["interdiction"] * p.fpv_endurance_min / 60.0
        roads = hunting * p.quad_search_kmh * p.quad_sweep_km
        intensity += random_search(fp_roads, roads / cell_km2, n)
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
        """This step's sorties of every task of every unit, in one Poisson draw: recon flies
        regardless of targets; each strike stream flies only if a located target in the
        tasked zone is within reach of its drone type, at a rate lowered by the crew time
        its flights take; the mining sorties drawn wait for :meth:`lay_mines`."""
        u, p = model.units, cls.params(model, side)
        rows = u.live_of(cls.KIND, side)
        if len(rows) == 0:
            return
        tasks = cls.sortie_rates(model, side, rows)["tasks"].copy()
        plan = cls.plan(model, side, rows, targets)
        crew_rate = p.sorties_per_crew_hour * np.array([1.0, p.fibre_rate_factor, 1.0] * 2)
        if plan is None:
            tasks[:, 1:7] = 0.0
        else:
            # a sortie costs its crew 1/rate hours on the ground plus its flight
            tasks[:, 1:7] *= plan["reachable"] / (1.0 + crew_rate * plan["flight_h"])
        counts = model.rng.poisson(tasks.T * model.scales.step_h)
        cls.fly_recon(model, side, rows, counts[0])
        if plan is not None:
            flight_h = plan["flight_h"].T
            cls.fly_strikes(model, side, rows, counts, plan)
        else:
            flight_h = np.zeros((6, len(rows)))
        # crew time by task (hours): ground time of each sortie drawn, plus its flight
        t = model.tally.crew_hours[side]
        t[0] += counts[0].sum() / max(p.sorties_per_crew_hour, 1e-9)
        strike_h = counts[1:7] * (1.0 / np.maximum(crew_rate, 1e-9)[:, None] + flight_h)
        t[1] += strike_h[:3].sum()
        t[2] += strike_h[3:].sum()
        t[3] += counts[7].sum() / max(p.sorties_per_crew_hour, 1e-9)
        model.tally.crew_hours_available[side] += (
            u.strength[rows].sum() / p.soldiers_per_crew * model.scales.step_h
        )
        u.mining_due[rows] = counts[7]

    @classmethod
    def fly_recon(cls, model, side: int, rows: np.ndarray, flown: np.ndarray) -> None:
        """Recon sorties (some drones are lost); launches give the site away."""
        u, p = model.units, cls.params(model, side)
        u.sorties_h[rows] *= model.sortie_decay
        lost = model.rng.binomial(flown, p.recon_loss_probability)
        u.stock[rows, RECON] = np.maximum(0, u.stock[rows, RECON] - lost)
        u.sorties_h[rows] += flown
        model.tally.sorties[side, RECON] += flown.sum()

    @classmethod
    def plan(cls, model, side: int, rows: np.ndarray, targets: np.ndarray) -> dict | None:
        """What each crew could strike: the located targets in the tasked zone (doctrine)
        that each drone type reaches from the unit's launch site, weighted as crews choose
        (value, threat, movement, time of flight, link quality); per (unit, stream) whether
        any target is reachable and the mean flight time to the chosen ones."""
        u, p, kinds = model.units, cls.params(model, side), model.kinds
        if len(targets) == 0:
            return None
        tasked = model.zones[cls.NAME, side].ravel()[u.cell[targets]]  # doctrine: how deep
        targets = targets[tasked]
        tcell = u.cell[targets]
        if len(targets) == 0:
            return None
        dist_km = pairwise_cells(u.xy[rows], u.xy[targets]) * model.scales.cell_km
        speeds = np.array([p.fpv_speed_kmh, p.fibre_speed_kmh, p.bomber_speed_kmh])
        reach = np.array(
            [
                reach_km(p.fpv_range_km, p.fpv_speed_kmh, p.fpv_endurance_min),
                reach_km(p.fibre_range_km, p.fibre_speed_kmh, p.fpv_endurance_min),
                reach_km(p.bomber_range_km, p.bomber_speed_kmh, p.bomber_endurance_min / 2),
            ]
        )
        flight_min = dist_km[None, :, :] / speeds[:, None, None] * 60.0  # (type, unit, target)
        kind = u.kind[targets]
        threat = IS_ATTACKING[u.mission[targets]] | (
            (u.vehicles[targets] > 0) & (u.strength[targets] > 0) & (kinds.mobility[kind] >= 0)
        )
        # what a hit is worth: the kind's value; on soldiers, less what cover keeps off
        value = kinds.target_value[u.side[targets], kind]
        value = value * np.where(kinds.personnel[kind], 1.0 - protection(model, targets), 1.0)
        w = target_weights(
            value,
            threat,
            u.moving[targets],
            flight_min,
            p.threat_weight,
            p.moving_weight,
            p.flight_time_penalty_per_min,
        )
        conceal = model.concealment.ravel()[tcell]
        link = link_success(dist_km, p.link_half_km, p.relay_km, p.link_masking, conceal)
        w[0] *= link  # radio FPV
        w[2] *= link  # radio-controlled bombers
        w *= dist_km[None, :, :] <= reach[:, None, None]
        # interdiction streams only at the enemy's supply runs: targets on its roads, and
        # whatever carries supply (trucks, porters) wherever it goes
        on_road = model.road_mask.ravel()[tcell] & (model.depth[side].ravel()[tcell] > 0)
        supply_run = on_road | kinds.cargo[kind]
        w = np.concatenate([w, w * supply_run[None, None, :]])  # (stream, unit, target)
        flight_h = np.concatenate([flight_min, flight_min]) / 60.0
        total = w.sum(axis=2)
        mean_h = (w * flight_h).sum(axis=2) / np.maximum(total, 1e-300)
        return {
            "targets": targets,
            "tcell": tcell,
            "dist_km": dist_km,
            "link": link,
            "weights": w,
            "reachable": (total > 0).T.astype(float),  # (unit, stream)
            "flight_h": mean_h.T,  # (unit, stream)
        }

    @classmethod
    def fly_strikes(cls, model, side: int, rows: np.ndarray, counts: np.ndarray, plan) -> None:
        """Each drawn strike sortie picks a target by the crews' weights, limited by stock;
        sorties beyond a target's need are not flown (no overkill). A radio sortie can lose
        its link or be jammed along its path through the enemy's EW cover; fibre-optic
        drones are immune to both; a sortie that gets through may still miss."""
        u, rng, p = model.units, model.rng, cls.params(model, side)
        targets, tcell, w = plan["targets"], plan["tcell"], plan["weights"]
        n = counts[1:7]
        if not n.any():
            return
        kinds, soft_kill = model.kinds, p.soft_vehicle_kill_probability
        tkind = u.kind[targets]
        # no more sorties at a target than it needs
        need = sorties_needed(
            u.strength[targets],
            u.vehicles[targets],
            ~kinds.personnel[tkind],
            np.full(len(targets), p.hit_probability * p.casualties_per_hit),
            p.hit_probability * np.where(kinds.hard[tkind], p.vehicle_kill_probability, soft_kill),
            p.overkill_margin,
        )
        by_priority = p.target_choice == "priority"
        order = rng.permutation(len(rows)) if by_priority else None
        shooters, tgts, types = [], [], []
        stock = u.stock[rows].astype(np.int64)  # drones left, spent stream by stream
        for k in np.flatnonzero(n.any(axis=1)):
            dtype = STREAMS[k][0]
            nk = np.minimum(n[k], stock[:, dtype])
            if not nk.any():
                continue
            if by_priority:
                sh, tg, need = serve_by_priority(w[k], nk, need, order)
            else:
                sh, tg = choose_targets(w[k], nk, rng.random(int(nk.sum())))
            stock[:, dtype] -= np.bincount(sh, minlength=len(rows))
            shooters.append(sh)
            tgts.append(tg)
            types.append(np.full(len(sh), dtype))
        if not shooters:
            return
        sh, tg, ty = np.concatenate(shooters), np.concatenate(tgts), np.concatenate(types)
        if not by_priority:
            keep = first_n_per_target(tg, need)
            sh, tg, ty = sh[keep], tg[keep], ty[keep]
        if len(sh) == 0:
            return
        bomber = ty == BOMBER
        hit_p = np.where(bomber, p.bomber_hit_probability, p.hit_probability)
        cas_each = np.where(bomber, p.bomber_casualties_per_hit, p.casualties_per_hit)
        np.subtract.at(u.stock, (rows[sh], ty), 1)
        np.add.at(u.sorties_h, rows[sh], 1)
        tally = model.tally
        np.add.at(tally.sorties, (side, ty), 1)
        radio = ty != FPV_FIBRE
        # the control link over distance and terrain, then jamming along the path
        lost = radio & (rng.random(len(tg)) >= plan["link"][sh, tg])
        np.add.at(tally.link_lost, (side, ty[lost]), 1)
        survive = model.kinds.jam_survival(model, 1 - side, u.xy[rows[sh]], u.xy[targets[tg]])
        jammed = ~lost & radio & (rng.random(len(tg)) >= survive)
        np.add.at(tally.jammed, (side, ty[jammed]), 1)
        hit = ~lost & ~jammed & (rng.random(len(tg)) < hit_p)
        np.add.at(tally.hits, (side, ty[hit]), 1)
        depth = model.depth[side].ravel()
        edges = model.depth_edges_km
        bins = depth_bins(depth[tcell[tg]], edges)
        np.add.at(tally.strike_depth, (side, bins), 1)
        # the enemy learns how deep its supply vehicles are being hit
        kind = tkind[tg]
        trucks = hit & (kinds.vehicle[kind] >= 0) & kinds.cargo[kind]
        np.add.at(model.drone_hits[1 - side], bins[trucks], 1.0)
        # ... and how deep its soldiers on their way forward are
        aimed = targets[tg]
        troops = hit & IS_APPROACHING[u.mission[aimed]] & (u.strength[aimed] > 0)
        np.add.at(model.troop_hits[1 - side], bins[troops], 1.0)
        if not hit.any():
            return
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
    ``deep_strike`` section): few crews, long-range drones and relays, set far back and
    tasked to hunt roads and rear areas deep in the enemy's ground."""

    NAME = "deep_strike_unit"
    LABEL = "deep-strike drone unit"
    MARKER = "v"
    SECTION = "deep_strike"

"""Measures of effectiveness: the running tally, the time series and the one-row summary.

The tally counts events as they happen (losses by side x cause x unit kind, vehicles lost
and committed by type, sorties, hits and jammed sorties by drone type, shells, convoys,
strikes by depth). A Mesa ``DataCollector`` samples the time series every
``run.metrics_interval_minutes``; :func:`summary` turns a finished (or running) model into
the one-row run summary used by the CLI, the sweeps and the validation experiments.
"""

from __future__ import annotations

import math

import numpy as np
from mesa import DataCollector

from ..agents.kinds import CAUSES, DRONE_TYPES, VEH_ARMOR, VEH_MOTORCYCLE, VEHICLE_TYPES
from ..agents.position import DefenderPosition
from .control import front_depth_km
from .schema import SIDES
from .weather import STATES as WEATHER_STATES

SIDE_NAMES = SIDES


CREW_TASKS = ("recon", "strike", "interdiction", "mining", "idle")


class Tally:
    """Cumulative counters of one run."""

    def __init__(self, n_kinds: int, n_depth_bins: int):
        self.losses = np.zeros((2, len(CAUSES), n_kinds))  # soldiers
        self.vehicles_lost = np.zeros((2, len(VEHICLE_TYPES), len(CAUSES)))
        self.vehicles_committed = np.zeros((2, len(VEHICLE_TYPES)))
        self.soldiers_committed = np.zeros((2, n_kinds))
        self.sorties = np.zeros((2, len(DRONE_TYPES)))
        self.hits = np.zeros((2, len(DRONE_TYPES)))
        self.jammed = np.zeros((2, len(DRONE_TYPES)))
        self.shells = np.zeros(2)
        self.convoys = np.zeros((2, 3))  # sent, arrived, lost
        self.supply_delivered = np.zeros(2)
        self.positions_captured = np.zeros(2)  # by side
        self.positions_abandoned = np.zeros(2)  # by side
        self.positions_retaken = np.zeros(2)  # by the side that had lost them
        self.strike_depth = np.zeros((2, n_depth_bins))  # drone sorties by depth
        self.casualty_depth = np.zeros((2, n_depth_bins))  # drone casualties by depth
        self.link_lost = np.zeros((2, len(DRONE_TYPES)))  # radio sorties that lost their link
        self.crew_hours = np.zeros((2, len(CREW_TASKS) - 1))  # drone crews' hours by task
        self.crew_hours_available = np.zeros(2)
        self.set_out = np.zeros(2)  # soldiers who set out toward the enemy
        self.approach_losses = np.zeros(2)  # of those, lost before reaching assault range
        self.weather_days = np.zeros(4)  # days of each weather state
        self.forward_need = np.zeros(2)  # soldier-days forward units consumed
        self.forward_delivered = np.zeros(2)  # soldier-days that reached them
        self.porters = np.zeros((2, 3))  # porter trips sent, arrived, lost with the load
        self.porter_delivered = np.zeros(2)  # soldier-days porters handed over
        self.dropoff_days = np.zeros(2)  # drop-off depth (km) summed over days
        self.assembly_days = np.zeros(2)  # assembly area's depth (km) summed over days


# --------------------------------------------------------------------------- per-step measures
def territory_cells(model, side: int) -> int:
    return int((model.grid.control.data == side).sum())


def gained_cells(model, side: int) -> int:
    """Cells held by ``side`` now that the other side held at the start."""
    c = model.grid.control.data
    return int(((c == side) & (model.control0 != side)).sum())


def positions_held(model, side: int) -> int:
    u = model.units
    rows = u.live_of(DefenderPosition.KIND, side)
    return int((u.strength[rows] > 0).sum())


def strength(model, side: int) -> float:
    u = model.units
    rows = np.flatnonzero(u.alive[: u.n] & (u.side[: u.n] == side))
    return float(u.strength[rows].sum())


def supply_days(model, side: int) -> float:
    """Mean days of supply at the side's manned positions."""
    u = model.units
    rows = u.live_of(DefenderPosition.KIND, side)
    rows = rows[u.strength[rows] > 0]
    if len(rows) == 0:
        return 0.0
    return float(np.mean(u.supply[rows] / u.strength[rows]))


def out_of_supply(model, side: int) -> int:
    u = model.units
    rows = u.live_of(DefenderPosition.KIND, side)
    return int(((u.strength[rows] > 0) & (u.supply[rows] <= 0)).sum())


def assault_units(model, side: int) -> int:
    u = model.units
    rows = u.live()
    return int((model.kinds.assault[u.kind[rows]] & (u.side[rows] == side)).sum())


def measures(model) -> dict[str, float]:
    """Every per-step measure at once (one row of the time series)."""
    t, u = model.tally, model.units
    cell_km, area = model.scales.cell_km, model.scales.cell_area_km2
    control = model.grid.control.data
    held_now = np.bincount(control.ravel(), minlength=2)
    depth_att = front_depth_km(control, model.attacker, cell_km)
    rows = u.live()
    kind, unit_side, strength = u.kind[rows], u.side[rows], u.strength[rows]
    pos = kind == DefenderPosition.KIND
    manned = pos & (strength > 0)
    assault = model.kinds.assault[kind]
    row: dict[str, float] = {
        "day": model.elapsed_hours / 24.0,
        "front_depth_km": depth_att,
        "advance_km": depth_att - model.depth0,
        "weather": float(model.weather),
    }
    for side, name in enumerate(SIDE_NAMES):
        mine = unit_side == side
        held = manned & mine
        row[f"territory_{name}_km2"] = float(held_now[side] * area)
        row[f"gained_{name}_km2"] = float(
            ((control == side) & (model.control0 != side)).sum() * area
        )
        row[f"strength_{name}"] = float(strength[mine].sum())
        row[f"positions_held_{name}"] = float(held.sum())
        row[f"assault_units_{name}"] = float((assault & mine).sum())
        for cls in model.kinds.classes:  # kinds sharing a column add up (deep-strike crews)
            for what, value in cls.census(model, side).items():
                key = f"{what}_{name}"
                row[key] = row.get(key, 0.0) + value
        r = rows[held]
        row[f"supply_days_{name}"] = float(np.mean(u.supply[r] / u.strength[r])) if len(r) else 0.0
        row[f"out_of_supply_{name}"] = float((u.supply[r] <= 0).sum())
        row[f"casualties_{name}"] = float(t.losses[side].sum())
        by_cause = t.losses[side].sum(axis=1)
        for c, cause in enumerate(CAUSES):
            row[f"casualties_{name}_{cause}"] = float(by_cause[c])
        for k, kname in enumerate(model.kinds.names):
            for c, cause in enumerate(CAUSES):
                row[f"losses_{name}_{cause}_{kname}"] = float(t.losses[side, c, k])
        lost = t.vehicles_lost[side].sum(axis=1)
        for v, vt in enumerate(VEHICLE_TYPES):
            row[f"vehicles_lost_{name}_{vt}"] = float(lost[v])
        for d, dt in enumerate(DRONE_TYPES):
            row[f"sorties_{name}_{dt}"] = float(t.sorties[side, d])
            row[f"hits_{name}_{dt}"] = float(t.hits[side, d])
        row[f"jammed_{name}"] = float(t.jammed[side].sum())
        row[f"shells_{name}"] = float(t.shells[side])
        for j, what in enumerate(("sent", "arrived", "lost")):
            row[f"convoys_{what}_{name}"] = float(t.convoys[side, j])
            row[f"porter_trips_{what}_{name}"] = float(t.porters[side, j])
        row[f"dropoff_km_{name}"] = float(model.dropoff[side])
        row[f"assembly_km_{name}"] = float(model.assembly_km[side])
    row["mines"] = float(model.mines_flat.sum())
    return row


TABLE = "timeseries"


def make_datacollector(model) -> DataCollector:
    """A Mesa DataCollector whose table ``timeseries`` gets one row per sample."""
    return DataCollector(tables={TABLE: list(measures(model))})


def collect(model) -> None:
    """Append the current measures to the time series."""
    model.datacollector.add_table_row(TABLE, measures(model))


# --------------------------------------------------------------------------- run summary
def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else math.nan


def summary(model) -> dict:
    """The one-row run summary (plain dict of numbers and labels)."""
    t, u = model.tally, model.units
    att, dfd = model.attacker, 1 - model.attacker
    days = model.elapsed_hours / 24.0
    area = model.scales.cell_area_km2
    depth_now = front_depth_km(model.grid.control.data, att, model.scales.cell_km)
    advance = depth_now - model.depth0
    gained = (territory_cells(model, att) - model.territory0[att]) * area
    cas = t.losses.sum(axis=(1, 2))
    by_cause = t.losses.sum(axis=(0, 2))
    total = cas.sum()
    held_d = positions_held(model, dfd)
    out: dict = {
        "scenario": model.params.name,
        "seed": model.seed,
        "days": round(days, 6),
        "attacker": SIDE_NAMES[att],
        "advance_km": advance,
        "advance_m_per_day": _ratio(advance * 1000.0, days),
        "area_gained_km2": gained,
        "counter_gains_km2": gained_cells(model, dfd) * area,
        "casualties_red": cas[0],
        "casualties_blue": cas[1],
        "casualties_attacker": cas[att],
        "casualties_defender": cas[dfd],
        "exchange_ratio": _ratio(cas[att], cas[dfd]),
        "drone_share": _ratio(by_cause[0], total),
        "artillery_share": _ratio(by_cause[1], total),
        "direct_fire_share": _ratio(by_cause[2], total),
        "mine_share": _ratio(by_cause[3], total),
        "casualties_per_km2": _ratio(cas[att], gained) if gained > 0.05 else math.nan,
        "positions_defender_initial": model.positions0[dfd],
        "positions_held_defender": held_d,
        "positions_lost": model.positions0[dfd] - held_d,
        "collapse_day": model.collapse_day if model.collapse_day is not None else math.nan,
        "approach_loss_share": _ratio(t.approach_losses[att], t.set_out[att]),
    }
    for k, state in enumerate(WEATHER_STATES):
        if k:  # (clear days are the rest)
            out[f"days_{state}"] = t.weather_days[k]
    for side, name in enumerate(SIDE_NAMES):
        out[f"drone_share_{name}"] = _ratio(t.losses[side, 0].sum(), cas[side])
        for v, vt in enumerate(VEHICLE_TYPES):
            out[f"vehicles_lost_{name}_{vt}"] = t.vehicles_lost[side, v].sum()
        out[f"armor_committed_{name}"] = t.vehicles_committed[side, VEH_ARMOR]
        out[f"motorcycles_committed_{name}"] = t.vehicles_committed[side, VEH_MOTORCYCLE]
        out[f"armor_loss_rate_{name}"] = _ratio(
            t.vehicles_lost[side, VEH_ARMOR].sum(), t.vehicles_committed[side, VEH_ARMOR]
        )
        out[f"motorcycle_loss_rate_{name}"] = _ratio(
            t.vehicles_lost[side, VEH_MOTORCYCLE].sum(), t.vehicles_committed[side, VEH_MOTORCYCLE]
        )
        out[f"sorties_{name}"] = t.sorties[side].sum()
        out[f"strike_sorties_{name}"] = t.sorties[side, 1:4].sum()
        out[f"hits_{name}"] = t.hits[side].sum()
        out[f"jammed_share_{name}"] = _ratio(t.jammed[side].sum(), t.sorties[side, 1:4].sum())
        out[f"shells_{name}"] = t.shells[side]
        out[f"convoys_sent_{name}"] = t.convoys[side, 0]
        out[f"convoys_arrived_{name}"] = t.convoys[side, 1]
        out[f"convoys_lost_{name}"] = t.convoys[side, 2]
        out[f"approach_loss_share_{name}"] = _ratio(t.approach_losses[side], t.set_out[side])
        out[f"forward_supply_ratio_{name}"] = _ratio(
            t.forward_delivered[side], t.forward_need[side]
        )
        out[f"dropoff_km_{name}"] = _ratio(t.dropoff_days[side], math.ceil(days - 1e-9))
        out[f"assembly_km_{name}"] = _ratio(t.assembly_days[side], math.ceil(days - 1e-9))
        out[f"positions_captured_{name}"] = t.positions_captured[side]
        out[f"positions_retaken_{name}"] = t.positions_retaken[side]
        out[f"positions_abandoned_{name}"] = t.positions_abandoned[side]
        out[f"porter_trips_{name}"] = t.porters[side, 0]
        out[f"porter_trips_lost_{name}"] = t.porters[side, 2]
        out[f"porter_delivered_{name}"] = t.porter_delivered[side]
        available = t.crew_hours_available[side]
        used = t.crew_hours[side]
        for k, task in enumerate(CREW_TASKS):
            hours = used[k] if k < len(used) else max(0.0, available - used.sum())
            out[f"crew_time_{task}_{name}"] = _ratio(hours, available)
        out[f"link_lost_share_{name}"] = _ratio(t.link_lost[side].sum(), t.sorties[side, 1:4].sum())
        live = u.live()
        counts = np.bincount(u.kind[live][u.side[live] == side], minlength=model.kinds.n)
        for k, kname in enumerate(model.kinds.names):
            out[f"units_{name}_{kname}"] = int(counts[k])  # live at the end
        depth = model.side_params[side].drones.strike_depth_km
        edges = model.depth_edges_km[1:]  # upper edge of each bin
        within = t.strike_depth[side, edges <= depth + 1e-9].sum()
        out[f"strikes_within_depth_{name}"] = _ratio(within, t.strike_depth[side].sum())
    return out

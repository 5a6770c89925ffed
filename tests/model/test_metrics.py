"""model/metrics.py: the tally, the time series and the one-row run summary."""

import math

import numpy as np
import pytest

from droneline.agents import UNIT_KINDS, AssaultGroup, DefenderPosition
from droneline.agents.kinds import ASSAULT, CAUSES, DIRECT_FIRE, DRONE, DRONE_TYPES
from droneline.model import control
from droneline.model.metrics import Tally, summary

KIND_NAMES = tuple(UNIT_KINDS)


def test_tally_starts_at_zero_with_the_right_shapes():
    t = Tally(len(UNIT_KINDS), 30)
    assert t.losses.shape == (2, len(CAUSES), len(KIND_NAMES))
    assert t.strike_depth.shape == t.casualty_depth.shape == (2, 30)
    assert t.crew_hours.shape == (2, 4) and t.approach_losses.shape == t.set_out.shape == (2,)
    assert t.sorties.shape == t.hits.shape == t.jammed.shape == (2, len(DRONE_TYPES))
    assert t.losses.sum() == t.sorties.sum() == t.convoys.sum() == 0


def test_summary_of_an_untouched_model(bare_model):
    m = bare_model(**{"blue.defence.positions": 4})
    row = summary(m)
    assert row["scenario"] == "pokrovsk_drone_line" and row["seed"] == 1
    assert row["days"] == 0 and row["attacker"] == "red"
    assert row["advance_km"] == 0 and row["area_gained_km2"] == 0
    assert row["casualties_red"] == row["casualties_blue"] == 0
    assert math.isnan(row["exchange_ratio"]) and math.isnan(row["drone_share"])
    assert row["positions_defender_initial"] == row["positions_held_defender"] == 4
    assert row["positions_lost"] == 0 and math.isnan(row["collapse_day"])


def test_summary_counts_casualties_by_cause(bare_model):
    m = bare_model()
    m.tally.losses[0, DRONE, 1] = 6
    m.tally.losses[0, DIRECT_FIRE, 1] = 2
    m.tally.losses[1, DIRECT_FIRE, 0] = 4
    row = summary(m)
    assert (row["casualties_red"], row["casualties_blue"]) == (8, 4)
    assert row["casualties_attacker"] == 8 and row["exchange_ratio"] == 2.0
    assert row["drone_share"] == pytest.approx(0.5) and row["direct_fire_share"] == 0.5
    assert row["drone_share_red"] == 0.75 and row["drone_share_blue"] == 0.0


def test_positions_lost_collapse_and_advance(bare_model):
    m = bare_model(**{"blue.defence.positions": 4, "run.collapse_threshold": 0.5})
    u = m.units
    pos = u.live_of(DefenderPosition.KIND, 1)
    u.strength[pos[:3]] = 0.0
    m.step()
    row = summary(m)
    assert row["positions_held_defender"] == 1 and row["positions_lost"] == 3
    assert row["collapse_day"] == pytest.approx(m.steps * m.scales.step_h / 24)
    # red takes one of the empty positions: its ground is red's now
    nx = m.scales.nx
    c = int(u.cell[pos[0]])
    g = AssaultGroup(m, 0, c + 1 if (c + 1) % nx else c - 1, 4, mission=ASSAULT)
    u.agents[pos[0]].capture(np.array([g.row]))
    m.step()
    row = summary(m)
    assert row["advance_km"] > 0 and row["area_gained_km2"] > 0


def test_timeseries_sampled_every_metrics_interval(bare_model):
    m = bare_model(**{"run.metrics_interval_minutes": 60})
    AssaultGroup(m, 0, 10 * m.scales.nx + 50, 4)
    control.update_control(m)
    m.run_days(0.5)
    ts = m.timeseries()
    assert len(ts) == 13  # the start and every hour
    np.testing.assert_allclose(ts["day"], np.arange(13) / 24)
    assert ts["strength_red"].iloc[-1] == 4
    for side in ("red", "blue"):
        causes = ts[[f"casualties_{side}_{c}" for c in CAUSES]].sum(axis=1)
        np.testing.assert_allclose(ts[f"casualties_{side}"], causes)


def test_timeseries_counts_the_support_arms_left(bare_model):
    from droneline.agents import ArtilleryBattery, DroneUnit, EWStation
    from droneline.model.metrics import measures

    m = bare_model()
    nx = m.scales.nx
    drones = DroneUnit(m, 0, 10 * nx + 50)
    guns = ArtilleryBattery(m, 0, 12 * nx + 55)
    ew = EWStation(m, 0, 8 * nx + 50)
    control.update_control(m)
    d, a = m.side_params[0].drones, m.side_params[0].artillery
    row = measures(m)
    assert row["drone_crews_red"] == d.crews_per_unit and row["drone_crews_blue"] == 0
    assert row["guns_red"] == a.guns_per_battery and row["ew_stations_red"] == 1
    u = m.units
    u.strength[drones.row] -= d.soldiers_per_crew  # one crew lost
    u.vehicles[guns.row] -= 1
    u.vehicles[ew.row] = 0
    row = measures(m)
    assert row["drone_crews_red"] == d.crews_per_unit - 1
    assert row["guns_red"] == a.guns_per_battery - 1 and row["ew_stations_red"] == 0

"""model/model.py: BattlefieldModel builds the sector and runs one step's phases in order."""

import numpy as np
import pandas as pd
import pytest

import droneline as dl
from droneline.agents import (
    ArmorGroup,
    ArtilleryBattery,
    AssaultGroup,
    DefenderPosition,
    DroneUnit,
    EWStation,
    MotorcycleSquad,
)
from droneline.model.terrain import OPEN

ARMOR = ArmorGroup.KIND
ARTILLERY = ArtilleryBattery.KIND
DRONES = DroneUnit.KIND
EW = EWStation.KIND
GROUP = AssaultGroup.KIND
MOTORCYCLE = MotorcycleSquad.KIND
POSITION = DefenderPosition.KIND

MOBILE = (GROUP, MOTORCYCLE, ARMOR)


def test_builds_the_sector_and_both_sides_forces():
    sc = dl.load_scenario("pokrovsk_drone_line")
    m = dl.BattlefieldModel(sc, seed=1)
    s = m.scales
    assert m.shape == (s.ny, s.nx) == m.grid.terrain.data.shape
    assert m.grid.dimensions == m.shape
    u = m.units
    for side, p in ((0, sc.red), (1, sc.blue)):
        assert len(u.live_of(POSITION, side)) == p.defence.positions
        assert len(u.live_of(DRONES, side)) == p.drones.units
        assert len(u.live_of(EW, side)) == p.ew.stations
        assert len(u.live_of(ARTILLERY, side)) == p.artillery.batteries
        assert m.positions0[side] == p.defence.positions
    # every unit is a Mesa agent on the grid, in the cell its row says
    assert len(m.agents) == len(u.live())
    for a in m.agents:
        assert a.cell is m.grid.cell_by_index(int(u.cell[a.row]))
    assert m.timeseries().shape[0] == 1  # the start is sampled


def test_accepts_a_preset_name_with_overrides():
    m = dl.BattlefieldModel("pokrovsk_drone_line", seed=2, overrides={"blue.drones.units": 3})
    assert len(m.units.live_of(DRONES, 1)) == 3 and m.params.blue.drones.units == 3
    assert m.seed == 2


def test_map_fixed_by_map_seed_battle_by_seed():
    a = dl.BattlefieldModel("pokrovsk_drone_line", seed=1)
    b = dl.BattlefieldModel("pokrovsk_drone_line", seed=2)
    c = dl.BattlefieldModel("pokrovsk_drone_line", seed=1, overrides={"map.seed": 99})
    np.testing.assert_array_equal(a.grid.terrain.data, b.grid.terrain.data)
    assert (a.grid.terrain.data != c.grid.terrain.data).any()


def _run(seed, days=0.5, **overrides):
    m = dl.BattlefieldModel("pokrovsk_drone_line", seed=seed, overrides=overrides or None)
    m.run_days(days)
    return m


def test_same_seed_same_run_other_seed_other_run():
    a, b, c = _run(5), _run(5), _run(6)
    assert a.summary() == pytest.approx(b.summary(), nan_ok=True)
    pd.testing.assert_frame_equal(a.timeseries(), b.timeseries())
    np.testing.assert_array_equal(a.units.cell[: a.units.n], b.units.cell[: b.units.n])
    assert not a.timeseries().equals(c.timeseries())


def test_run_days_counts_steps_and_hours():
    m = dl.BattlefieldModel(
        "pokrovsk_drone_line",
        seed=1,
        overrides={"run.step_minutes": 15, "run.metrics_interval_minutes": 60},
    )
    m.run_days(0.5)
    assert m.steps == 48 and m.elapsed_hours == pytest.approx(12) and m.day == pytest.approx(0.5)
    assert len(m.timeseries()) == 13
    calls = []
    m.run_days(0.25, progress=calls.append)
    assert calls == [1] * 24


def test_daylight_follows_the_clock():
    m = dl.BattlefieldModel(
        "pokrovsk_drone_line",
        seed=1,
        overrides={"run.start_hour": 18, "run.daylight_start_hour": 6, "run.daylight_end_hour": 20},
    )
    assert m.is_day
    m.run_days(3 / 24)  # 21:00
    assert not m.is_day
    m.run_days(10 / 24)  # the last step began at 06:50 next day
    assert m.is_day


def test_switches_off():
    m = dl.BattlefieldModel(
        "pokrovsk_drone_line",
        seed=1,
        overrides={
            "switches.terrain": False,
            "switches.movement": False,
            "switches.reinforcements": False,
            "switches.logistics": False,
        },
    )
    assert (m.grid.terrain.data == OPEN).all()
    u = m.units
    n0, cells0, supply0 = u.n, u.cell[: u.n].copy(), u.supply[: u.n].copy()
    m.run_days(0.5)
    assert u.n == n0  # no reinforcements, no convoys
    np.testing.assert_array_equal(u.cell[:n0], cells0)  # nobody moved
    pos = u.live_of(POSITION)
    held = pos[u.strength[pos] > 0]
    np.testing.assert_array_equal(u.supply[held], supply0[held])  # nothing consumed


def test_reinforcements_arrive_and_set_out():
    m = dl.BattlefieldModel("pokrovsk_drone_line", seed=1)
    u = m.units
    n0 = u.n
    assert len(u.live_of(MOBILE)) == 0
    m.run_days(1.0)
    assert all(a[0] > m.steps for a in m.arrivals)  # the day's arrivals have all come
    new = np.arange(n0, u.n)
    mobile = new[np.isin(u.kind[new], MOBILE)]
    assert 0 in set(u.side[mobile].tolist())  # red, the attacker, has sent units
    assert (u.path_t[mobile] > 0).any()  # they set out along their routes
    assert (m.tally.soldiers_committed[:, list(MOBILE)].sum(axis=1) > 0).all()


def test_collapse_day_is_recorded_once(bare_model):
    m = bare_model(**{"blue.defence.positions": 4, "run.collapse_threshold": 0.5})
    u = m.units
    pos = u.live_of(POSITION, 1)
    u.strength[pos[:3]] = 0
    m.control_dirty = True
    m.step()
    day = m.collapse_day
    assert day == pytest.approx(m.day)
    m.step()
    assert m.collapse_day == day

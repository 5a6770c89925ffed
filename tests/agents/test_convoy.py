"""agents/convoy.py: SupplyConvoy drives from a depot to a position, delivers, drives back;
destroyed, it loses its cargo."""

import numpy as np
import pytest

from droneline.agents import DefenderPosition, DroneUnit, SupplyConvoy
from droneline.agents.kinds import DELIVER, DRONE, RETURN
from droneline.model import control
from droneline.model.losses import apply_hits, remove_dead
from droneline.model.sensing import update_coverage
from droneline.model.strikes import strike

RED, BLUE = 0, 1


def _setup(m, supply_days=1.0):
    p = DefenderPosition(
        m, BLUE, 10 * m.scales.nx + 25, garrison=6, fortification=0.5, supply_days=supply_days
    )
    depot = int(m.depots[BLUE][0])
    c = SupplyConvoy(m, BLUE, depot, p.row)
    control.update_control(m)
    update_coverage(m)
    return p, c, depot


def test_a_new_convoy_carries_cargo_to_its_position(bare_model):
    m = bare_model(
        **{"blue.logistics.cargo_soldier_days": 120.0, "blue.logistics.trucks_per_convoy": 2}
    )
    p, c, depot = _setup(m)
    assert (c.supply, c.vehicles, c.mission) == (120.0, 2.0, DELIVER)
    assert m.units.objective[c.row] == p.row and m.convoy_target[p.row] == c.row
    assert c.cell_index == depot and m.tally.convoys[BLUE, 0] == 1


def test_arrival_delivers_the_cargo_then_drives_back(bare_model):
    m = bare_model(**{"blue.logistics.cargo_soldier_days": 120.0})
    p, c, depot = _setup(m)
    before = p.supply
    assert m.routes.send(c.row, int(m.units.cell[p.row]))
    SupplyConvoy.on_arrival(m, np.array([c.row]))
    assert p.supply == before + 120.0 and c.supply == 0
    assert m.tally.convoys[BLUE, 1] == 1 and m.tally.supply_delivered[BLUE] == 120.0
    assert c.mission == RETURN and m.units.goal_cell[c.row] == depot
    assert p.row not in m.convoy_target  # the position may ask again
    SupplyConvoy.on_arrival(m, np.array([c.row]))  # back at the depot
    assert not c.alive


def test_a_destroyed_convoy_loses_its_cargo(bare_model):
    m = bare_model()
    p, c, _ = _setup(m)
    before = p.supply
    apply_hits(
        m,
        np.array([c.row]),
        hits=np.array([5.0]),
        personnel_mean=np.zeros(1),
        hard_kill_p=0.0,
        soft_kill_p=1.0,
        cause=DRONE,
    )
    assert c.vehicles == 0 and c.supply == 0  # the cargo burns with the trucks
    remove_dead(m)
    assert not c.alive and p.supply == before
    assert m.tally.convoys[BLUE].tolist() == [1, 0, 1]  # sent, arrived, lost
    assert p.row not in m.convoy_target


def test_drones_destroy_a_located_convoy_and_its_cargo(bare_model):
    m = bare_model(
        **{
            "red.drones.recon_share": 0.0,
            "red.drones.bomber_share": 0.0,
            "red.drones.mining_share": 0.0,
            "red.drones.crews_per_unit": 40,
            "red.drones.sorties_per_crew_hour": 3.0,
            "red.drones.hit_probability": 1.0,
            "red.drones.soft_vehicle_kill_probability": 1.0,
            "red.drones.strike_depth_km": 6.0,
            "red.drones.fpv_range_km": 20.0,
            "red.drones.fibre_range_km": 20.0,
            "red.drones.link_half_km": 200.0,  # links hold
            "red.drones.link_masking": 0.0,
            "red.drones.overkill_margin": 5.0,
        }
    )
    p, c, _ = _setup(m)
    DroneUnit(m, RED, 10 * m.scales.nx + 40)
    update_coverage(m)
    m.units.det_red[c.row] = m.steps + 10
    strike(m)
    remove_dead(m)
    assert not c.alive and m.tally.convoys[BLUE, 2] == 1
    assert m.units.supply[c.row] == 0


def test_dispatch_sends_the_neediest_first(bare_model):
    m = bare_model(**{"blue.logistics.request_days": 3.0})
    low = DefenderPosition(m, BLUE, 10 * m.scales.nx + 25, 6, 0.5, supply_days=0.5)
    mid = DefenderPosition(m, BLUE, 5 * m.scales.nx + 25, 6, 0.5, supply_days=2.0)
    DefenderPosition(m, BLUE, 15 * m.scales.nx + 25, 6, 0.5, supply_days=5.0)
    m.convoy_tokens[BLUE] = 1.0
    SupplyConvoy.dispatch(m, BLUE)
    assert list(m.convoy_target) == [low.row]
    m.convoy_tokens[BLUE] = 5.0
    SupplyConvoy.dispatch(m, BLUE)
    assert sorted(m.convoy_target) == sorted([low.row, mid.row])  # not twice to the same one
    assert m.convoy_tokens[BLUE] == pytest.approx(4.0)


def test_a_returning_convoy_does_not_unregister_the_next_one(bare_model):
    m = bare_model()
    p, a, depot = _setup(m)
    SupplyConvoy.on_arrival(m, np.array([a.row]))  # delivered; now driving back
    b = SupplyConvoy(m, BLUE, depot, p.row)  # the position asked again
    SupplyConvoy.on_arrival(m, np.array([a.row]))  # the first one is home
    assert not a.alive and b.alive
    assert m.convoy_target.get(p.row) == b.row

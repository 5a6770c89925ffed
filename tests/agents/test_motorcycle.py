"""agents/motorcycle.py: MotorcycleSquad dashes to its objective, then fights on foot."""

import numpy as np

from droneline.agents import AssaultGroup, DefenderPosition, MotorcycleSquad
from droneline.agents.kinds import ADVANCE, DRONE, IDLE
from droneline.model import control
from droneline.model.losses import apply_hits, remove_dead
from droneline.model.movement import move

GROUP = AssaultGroup.KIND
MOTORCYCLE = MotorcycleSquad.KIND

RED, BLUE = 0, 1


def _setup(m, x=55):
    nx = m.scales.nx
    p = DefenderPosition(m, BLUE, 10 * nx + 25, garrison=6, fortification=0.5, supply_days=5)
    control.update_control(m)
    s = MotorcycleSquad(m, RED, 10 * nx + x, bikes=3, riders_per_bike=2)
    s.advance_on_nearest()
    return p, s


def test_squad_of_bikes_and_riders(bare_model):
    m = bare_model()
    p, s = _setup(m)
    assert (s.strength, s.vehicles) == (6, 3)
    assert s.mission == ADVANCE and m.units.objective[s.row] == p.row


def test_dismounts_near_the_objective_as_an_assault_group(bare_model):
    m = bare_model(**{"red.forces.dismount_km": 0.8})
    p, s = _setup(m, x=32)  # 0.7 km from the position
    supply = s.supply
    MotorcycleSquad.decide(m)
    assert s.alive and s.strength == 0 and s.vehicles == 3 and s.mission == IDLE  # parked
    (g,) = m.units.live_of(GROUP, RED)
    agent = m.units.agents[g]
    assert isinstance(agent, AssaultGroup)
    assert agent.strength == 6 and agent.supply == supply and agent.cell_index == s.cell_index
    assert agent.mission == ADVANCE and m.units.objective[g] == p.row


def test_dashes_across_open_ground_in_one_step(bare_model):
    m = bare_model(
        **{
            "switches.movement": True,
            "terrain.open.motorcycle_kmh": 30.0,
            "red.forces.dismount_km": 0.5,
            "run.step_minutes": 10,
        }
    )
    p, s = _setup(m, x=55)  # 3 km from the position: six minutes at 30 km/h
    move(m)
    assert s.strength == 0 and s.mission == IDLE  # the bikes parked where they stopped
    (g,) = m.units.live_of(GROUP, RED)  # the riders, on foot at the objective
    assert m.units.cell[g] == m.units.cell[p.row] and m.units.strength[g] == 6


def test_parked_bikes_are_a_target_until_written_off(bare_model):
    """Issue 11: bikes were deleted when their riders got off, so they could never be hit."""
    m = bare_model(**{"red.forces.dismount_km": 0.8, "red.forces.parked_bike_hours": 2.0})
    _, s = _setup(m, x=32)
    MotorcycleSquad.decide(m)
    assert s.alive and s.vehicles == 3
    apply_hits(m, np.array([s.row]), np.array([1.0]), np.zeros(1), 1.0, 1.0, DRONE)
    remove_dead(m)
    assert s.alive and s.vehicles == 2 and m.tally.vehicles_lost[RED].sum() == 1
    hour = m.hour_steps
    for _ in range(2 * hour - 1):
        m.steps += 1
        MotorcycleSquad.decide(m)
    assert s.alive
    m.steps += 1
    MotorcycleSquad.decide(m)
    assert not s.alive  # recovered or written off after two hours


def test_riders_lost_on_the_way_leave_their_bikes(bare_model):
    m = bare_model()
    _, s = _setup(m, x=55)
    m.units.strength[s.row] = 0.0  # every rider lost on the way
    s.settle()
    assert s.alive and s.strength == 0 and s.vehicles == 3 and s.mission == IDLE

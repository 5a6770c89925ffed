"""agents/motorcycle.py: MotorcycleSquad dashes to its objective, then fights on foot."""

from droneline.agents import AssaultGroup, DefenderPosition, MotorcycleSquad
from droneline.agents.kinds import ADVANCE
from droneline.model import control
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
    assert not s.alive
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
    assert not s.alive and len(m.units.live_of(MOTORCYCLE, RED)) == 0
    (g,) = m.units.live_of(GROUP, RED)  # the riders, on foot at the objective
    assert m.units.cell[g] == m.units.cell[p.row] and m.units.strength[g] == 6

"""agents/porter.py and the drop-off line: trucks stop where the enemy's drones have been
hitting; forward of that line, porters carry supply to the positions on foot."""

import numpy as np
import pytest

from droneline.agents import DefenderPosition, PorterTeam, SupplyConvoy
from droneline.agents.kinds import DELIVER, RETURN
from droneline.model import control
from droneline.model.logistics import hit_depth_km
from droneline.model.losses import apply_hits, remove_dead
from droneline.model.sensing import update_coverage

RED, BLUE = 0, 1
LINE = {"blue.logistics.dropoff_line": True, "red.logistics.dropoff_line": True}
LOGISTICS_ON = {"switches.logistics": True, **LINE}


# --------------------------------------------------------------------------- array function
def test_dropoff_is_the_quantile_of_remembered_hit_depths():
    upper = np.array([1.0, 2.0, 3.0, 4.0])
    assert hit_depth_km(np.zeros(4), upper, 0.9) == 0.0  # no hits: drive to the positions
    assert hit_depth_km(np.array([0.5, 0.0, 0.0, 0.0]), upper, 0.9) == 0.0  # less than one hit
    assert hit_depth_km(np.array([0.5, 0.0, 0.0, 0.0]), upper, 0.9, 3.0) == 3.0  # the line stays
    assert hit_depth_km(np.array([0.0, 10.0, 0.0, 0.0]), upper, 0.9) == 2.0
    assert hit_depth_km(np.array([5.0, 0.0, 0.0, 5.0]), upper, 0.5) == 1.0
    assert hit_depth_km(np.array([5.0, 0.0, 0.0, 5.0]), upper, 0.9) == 4.0
    deeper = hit_depth_km(np.array([1.0, 1.0, 1.0, 7.0]), upper, 0.9)
    shallower = hit_depth_km(np.array([7.0, 1.0, 1.0, 1.0]), upper, 0.9)
    assert shallower < deeper


# --------------------------------------------------------------------------- the line
def _hits_at(m, side, km, n=10.0):
    """Remember ``n`` enemy drone hits on ``side`` at ``km`` behind its front."""
    edges = m.depth_edges_km
    k = int(np.searchsorted(edges, km, side="right") - 1)
    m.drone_hits[side, k] += n


def test_the_drop_off_line_follows_where_the_enemy_hit_and_fades(bare_model):
    m = bare_model(**LINE)
    PorterTeam.new_day(m, BLUE)
    assert m.dropoff[BLUE] == 0.0
    _hits_at(m, BLUE, 3.5)
    PorterTeam.new_day(m, BLUE)
    assert m.dropoff[BLUE] == pytest.approx(4.0)
    before = m.drone_hits[BLUE].sum()
    PorterTeam.new_day(m, BLUE)
    lg = m.side_params[BLUE].logistics
    assert m.drone_hits[BLUE].sum() == pytest.approx(before * np.exp(-1 / lg.threat_memory_days))
    _hits_at(m, RED, 1.5)  # hits on the other side move only its line
    PorterTeam.new_day(m, BLUE)
    assert m.dropoff[BLUE] == pytest.approx(4.0)


def test_without_the_doctrine_there_is_no_line_and_no_porters(bare_model):
    m = bare_model(**{"switches.logistics": True})  # dropoff_line off (the default)
    PorterTeam.deploy(m, BLUE)
    assert PorterTeam.pool_size(m, BLUE) == 0.0 and m.porters_free[BLUE] == 0.0
    _hits_at(m, BLUE, 3.5)
    PorterTeam.new_day(m, BLUE)
    assert m.dropoff[BLUE] == 0.0  # trucks still drive to every position
    fwd, rear = _line(m, dropoff=0.0)
    convoys, porters = _dispatch(m)
    assert convoys == {fwd.row, rear.row} and porters == set()


@pytest.mark.parametrize("target", ["convoy", "motorcycles", "foot"])
def test_drone_hits_on_trucks_are_remembered_by_the_side_they_hit(
    bare_model, certain_strikes, target
):
    from droneline.agents import AssaultGroup, DroneUnit, MotorcycleSquad
    from droneline.model.strikes import strike

    m = bare_model(
        **certain_strikes("red"),
        **{"blue.logistics.trucks_per_convoy": 20, "red.drones.vehicle_kill_probability": 0.0},
        **{"red.drones.soft_vehicle_kill_probability": 0.0},
    )
    nx = m.scales.nx
    DroneUnit(m, RED, 10 * nx + 40)
    cell = 10 * nx + 15  # 1.5 km behind blue's front
    if target == "convoy":
        p = DefenderPosition(m, BLUE, 10 * nx + 5, 6, 0.5, supply_days=1.0)
        g = SupplyConvoy(m, BLUE, cell, p.row)
    elif target == "motorcycles":
        g = MotorcycleSquad(m, BLUE, cell, bikes=200, riders_per_bike=1)
    else:
        g = AssaultGroup(m, BLUE, cell, 500)
    control.update_control(m)
    update_coverage(m)
    for _ in range(6):
        m.units.det_red[g.row] = m.steps + 10
        strike(m)
    assert m.tally.hits[RED].sum() > 0 and m.drone_hits[RED].sum() == 0
    if target != "convoy":  # assault troops are hit everywhere; they do not move the line
        assert m.drone_hits[BLUE].sum() == 0
        return
    assert m.drone_hits[BLUE].sum() == m.tally.hits[RED].sum()
    depth = m.depth_edges_km[:-1][m.drone_hits[BLUE] > 0]
    assert (depth == 1.0).all()


# --------------------------------------------------------------------------- who carries
def _line(m, dropoff, stock=100.0):
    """A forward and a rear blue position, 2 km apart; the drop-off line ``dropoff`` km
    behind the forward one (0: no line), holding ``stock`` soldier-days."""
    fwd = DefenderPosition(m, BLUE, 10 * m.scales.nx + 25, 6, 0.5, supply_days=1.0)
    rear = DefenderPosition(m, BLUE, 10 * m.scales.nx + 5, 6, 0.5, supply_days=1.0)
    control.update_control(m)
    update_coverage(m)
    behind = -m.depth[BLUE].ravel()[fwd.cell_index]
    m.dropoff[BLUE] = behind + dropoff if dropoff > 0 else 0.0
    m.line_stock[BLUE] = stock
    return fwd, rear


def _dispatch(m):
    m.convoy_tokens[BLUE] = 10.0
    SupplyConvoy.dispatch(m, BLUE)
    PorterTeam.sustain(m, BLUE)
    u = m.units
    convoys = u.objective[u.live_of(SupplyConvoy.KIND, BLUE)]
    porters = u.objective[u.live_of(PorterTeam.KIND, BLUE)]
    return set(convoys.tolist()), set(porters.tolist())


def test_porters_serve_positions_forward_of_the_line_and_trucks_the_rest(bare_model):
    m = bare_model(**LOGISTICS_ON)
    m.porters_free[BLUE] = 10.0
    fwd, rear = _line(m, dropoff=1.0)
    convoys, porters = _dispatch(m)
    assert convoys == {rear.row} and porters == {fwd.row}
    team = m.units.agents[m.units.live_of(PorterTeam.KIND, BLUE)[0]]
    lg = m.side_params[BLUE].logistics
    assert team.strength == lg.porter_team and team.mission == DELIVER
    assert team.supply == pytest.approx(lg.porter_team * lg.porter_load_soldier_days)
    assert m.porters_free[BLUE] == 10.0 - lg.porter_team
    assert m.line_stock[BLUE] == pytest.approx(100.0 - team.supply)  # taken from the line
    # it starts on the line, on the position's row
    behind = -m.depth[BLUE].ravel()[team.cell_index]
    assert abs(behind - m.dropoff[BLUE]) <= m.scales.cell_km
    assert team.cell_index // m.scales.nx == fwd.cell_index // m.scales.nx
    _, again = _dispatch(m)
    assert again == {fwd.row}  # one team per position at a time


def test_without_enemy_drone_hits_trucks_drive_to_every_position(bare_model):
    m = bare_model(**LOGISTICS_ON)
    m.porters_free[BLUE] = 10.0
    fwd, rear = _line(m, dropoff=0.0)
    convoys, porters = _dispatch(m)
    assert convoys == {fwd.row, rear.row} and porters == set()


def test_an_empty_line_asks_for_a_convoy_which_unloads_there(bare_model):
    m = bare_model(**LOGISTICS_ON, **{"blue.logistics.cargo_soldier_days": 50.0})
    m.porters_free[BLUE] = 10.0
    fwd, rear = _line(m, dropoff=1.0, stock=0.0)
    convoys, porters = _dispatch(m)
    assert porters == set()  # nothing to carry
    assert convoys == {rear.row, -1} and m.line_convoy[BLUE] >= 0
    row = m.line_convoy[BLUE]
    goal = int(m.units.goal_cell[row])
    assert abs(-m.depth[BLUE].ravel()[goal] - m.dropoff[BLUE]) <= m.scales.cell_km
    assert goal // m.scales.nx == fwd.cell_index // m.scales.nx  # the neediest row
    SupplyConvoy.on_arrival(m, np.array([row]))
    assert m.line_stock[BLUE] == 50.0 and m.line_convoy[BLUE] == -1
    assert m.units.mission[row] == RETURN
    _, porters = _dispatch(m)
    assert porters == {fwd.row}


def test_a_full_line_asks_for_nothing(bare_model):
    m = bare_model(**LOGISTICS_ON)
    fwd, rear = _line(m, dropoff=1.0, stock=1000.0)
    convoys, _ = _dispatch(m)
    assert convoys == {rear.row}


def test_no_free_porters_means_no_team(bare_model):
    m = bare_model(**LOGISTICS_ON)
    m.porters_free[BLUE] = 0.0
    fwd, _ = _line(m, dropoff=1.0)
    _, porters = _dispatch(m)
    assert porters == set()


def _team_out(bare_model):
    """A model whose one team (of 4 porters in the pool) is walking to the forward position."""
    m = bare_model(**LOGISTICS_ON)
    m.porters_free[BLUE] = 4.0
    fwd, _ = _line(m, dropoff=1.0)
    PorterTeam.sustain(m, BLUE)
    return m, fwd, m.units.live_of(PorterTeam.KIND, BLUE)[0]


def test_a_team_hands_over_its_load_walks_back_and_rejoins_the_pool(bare_model):
    m, fwd, row = _team_out(bare_model)
    team = m.units.agents[row]
    load, before = team.supply, fwd.supply
    PorterTeam.on_arrival(m, np.array([row]))
    assert fwd.supply == pytest.approx(before + load) and team.supply == 0.0
    assert team.mission == RETURN and m.units.goal_cell[row] == team.base
    assert m.tally.porters[BLUE, 1] == 1 and m.tally.porter_delivered[BLUE] == load
    PorterTeam.on_arrival(m, np.array([row]))
    assert not team.alive and m.porters_free[BLUE] == 4.0


def test_a_load_that_could_not_be_handed_over_goes_back_to_the_line(bare_model):
    m, fwd, row = _team_out(bare_model)
    m.units.side[fwd.row] = RED  # the position fell while the team walked
    PorterTeam.on_arrival(m, np.array([row]))
    assert m.units.mission[row] == RETURN and m.units.supply[row] > 0
    PorterTeam.on_arrival(m, np.array([row]))
    assert m.line_stock[BLUE] == pytest.approx(100.0) and m.tally.porters[BLUE, 1] == 0


def test_porters_killed_lose_their_load_and_are_replaced_from_reinforcements(bare_model):
    m = bare_model(**LOGISTICS_ON, **{"blue.logistics.porters_per_km": 2.0})
    PorterTeam.deploy(m, BLUE)
    pool = PorterTeam.pool_size(m, BLUE)
    assert pool == pytest.approx(2.0 * 2.0) and m.porters_free[BLUE] == pool
    fwd, _ = _line(m, dropoff=1.0)
    PorterTeam.sustain(m, BLUE)
    row = m.units.live_of(PorterTeam.KIND, BLUE)[0]
    apply_hits(m, np.array([row]), np.array([9.0]), np.array([9.0]), 0.0, 0.0, 0)
    remove_dead(m)
    assert not m.units.alive[row] and m.tally.porters[BLUE, 2] == 1
    assert m.porters_free[BLUE] == pool - 2
    reserve = m.reserve[BLUE]
    PorterTeam.new_day(m, BLUE)
    assert m.porters_free[BLUE] == pool and m.reserve[BLUE] == pytest.approx(reserve - 2)

"""model/movement.py: cell costs, routing graph, paths, path pool, the move phase."""

import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from droneline.agents import AssaultGroup, DefenderPosition
from droneline.agents.kinds import ADVANCE, ASSAULT, MINE
from droneline.model import control
from droneline.model.movement import (
    PathPool,
    cell_costs,
    encode_directions,
    follow_directions,
    grid_graph,
    move,
    ranges,
    step_times,
)
from droneline.model.sensing import update_coverage

SQ2 = np.sqrt(2.0)


def test_cell_costs_time_and_cover_preference():
    speed = np.array([[4.0, 2.0, 0.0]])
    conceal = np.array([[0.0, 0.5, 0.0]])
    t, cost = cell_costs(speed, conceal, cell_km=0.1, cover_preference=2.0)
    np.testing.assert_allclose(t[0, :2], [0.025, 0.05])
    assert np.isinf(t[0, 2])  # impassable
    np.testing.assert_allclose(cost[0, :2], [0.025 * 3.0, 0.05 * 2.0])
    _, flat = cell_costs(speed, conceal, 0.1, 0.0)
    np.testing.assert_allclose(flat[0, :2], t[0, :2])


def test_grid_graph_eight_neighbours_and_impassable_cells():
    g = grid_graph(np.ones((2, 2)))
    assert g.nnz == 12  # every cell joined to the other three, both ways
    assert g[0, 1] == pytest.approx(1.0) and g[0, 3] == pytest.approx(SQ2)
    assert (g != g.T).nnz == 0
    w = np.array([[1.0, 3.0], [np.inf, 1.0]])
    g = grid_graph(w)
    assert g[0, 1] == pytest.approx(2.0)  # mean of both cells
    assert g[0, 2] == 0 and g[2, :].nnz == 0 and g[:, 2].nnz == 0


def test_route_follows_dijkstra_predecessors():
    ny, nx = 3, 3
    g = grid_graph(np.ones((ny, nx)))
    _, pred = dijkstra(g, indices=8, return_predecessors=True)
    code = encode_directions(pred, nx)
    path = follow_directions(code, nx, start=0, goal=8, limit=9)
    assert path.tolist() == [0, 4, 8]  # the diagonal
    assert follow_directions(code, nx, 5, 5, 9).tolist() == [5]


def test_route_unreachable():
    w = np.ones((3, 3))
    w[:, 1] = np.inf  # a wall
    _, pred = dijkstra(grid_graph(w), indices=2, return_predecessors=True)
    assert follow_directions(encode_directions(pred, 3), 3, start=0, goal=2, limit=9) is None


def test_step_times_straight_and_diagonal():
    nx = 3
    cell_time = np.array([[1.0, 3.0, 1.0], [1.0, 1.0, 1.0]])
    times = step_times(np.array([0, 1, 5]), cell_time, nx)
    np.testing.assert_allclose(times, [2.0, 2.0 * SQ2])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ranges_equals_python_concatenation(seed):
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, 100, 12)
    counts = rng.integers(0, 5, 12)
    expected = [i for s, c in zip(starts, counts, strict=True) for i in range(s, s + c)]
    assert ranges(starts, counts).tolist() == expected
    assert ranges(np.array([3]), np.array([0])).tolist() == []


def test_path_pool_add_and_locate():
    pool = PathPool(capacity=4)  # grows past its capacity
    s1, k1, b1, t1 = pool.add(np.array([10, 11, 12]), np.array([1.0, 2.0]))
    s2, k2, b2, t2 = pool.add(np.array([20, 21, 22, 23, 24]), np.array([0.5, 0.5, 0.5, 0.5]))
    assert (s1, k1, t1) == (0, 3, 3.0) and (s2, k2, t2) == (3, 5, 2.0)
    assert b2 > b1 + t1  # each route's clock starts after the previous one ends
    start = np.array([s1, s1, s1, s1, s2, s2, s2])
    length = np.array([k1, k1, k1, k1, k2, k2, k2])
    base = np.array([b1, b1, b1, b1, b2, b2, b2])
    t = np.array([0.0, 0.99, 1.0, 10.0, 0.0, 1.2, 2.0])
    g = pool.locate(start, length, base, t)
    assert pool.cells[g].tolist() == [10, 10, 11, 12, 20, 22, 24]


# --------------------------------------------------------------------------- phase
def _group_toward_position(m, x_group=50, x_pos=20):
    nx = m.scales.nx
    p = DefenderPosition(m, 1, 10 * nx + x_pos, garrison=5, fortification=0.5, supply_days=5)
    g = AssaultGroup(m, 0, 10 * nx + x_group, 4)
    control.update_control(m)
    update_coverage(m)
    g.advance_on_nearest()
    return p, g


def test_move_advances_along_the_route_at_foot_speed(bare_model):
    m = bare_model(
        **{
            "switches.movement": True,
            "terrain.open.foot_kmh": 3.0,
            "movement.cover_preference_foot": 3.0,
        }
    )
    p, g = _group_toward_position(m)
    u = m.units
    assert u.mission[g.row] == ADVANCE and u.goal_cell[g.row] == u.cell[p.row]
    x0 = g.xy[0]
    for _ in range(6):  # one hour at 3 km/h on open ground
        move(m)
    assert x0 - g.xy[0] == pytest.approx(30, abs=1)
    assert u.moving[g.row]
    assert g.cell.coordinate == (g.xy[1], g.xy[0])  # Mesa's cell kept in step


def test_move_switched_off_nobody_moves(bare_model):
    m = bare_model()
    _, g = _group_toward_position(m)
    c0 = g.cell_index
    for _ in range(6):
        move(m)
    assert g.cell_index == c0 and not m.units.moving[g.row]


def test_move_suppressed_units_go_to_ground(bare_model):
    m = bare_model(**{"switches.movement": True, "combat.suppression_stop": 0.3})
    _, g = _group_toward_position(m)
    c0 = g.cell_index
    m.units.suppression[g.row] = 0.9
    move(m)
    assert g.cell_index == c0


def test_arrival_turns_advance_into_assault(bare_model):
    m = bare_model(**{"switches.movement": True})
    p, g = _group_toward_position(m, x_group=23, x_pos=20)
    for _ in range(12):
        move(m)
        if m.units.mission[g.row] == ASSAULT:
            break
    assert m.units.mission[g.row] == ASSAULT


def test_mines_hit_units_crossing_them(bare_model):
    m = bare_model(**{"switches.movement": True, "mines.foot_casualty_per_mine": 0.5})
    _, g = _group_toward_position(m)
    nx = m.scales.nx
    m.mines_flat[10 * nx + 40 : 10 * nx + 50] = 5.0  # every cell ahead of the group is mined
    for _ in range(6):
        move(m)
    assert m.units.casualties[g.row] > 0
    assert m.tally.losses[0, MINE].sum() == m.units.casualties[g.row]  # cause: mine

"""model/control.py: control of ground from positions, signed depth, front depth, front line."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DefenderPosition
from droneline.agents.kinds import ASSAULT
from droneline.model import control
from droneline.model.control import (
    BLUE,
    RED,
    front_depth_km,
    front_line_cells,
    rear_anchors,
    signed_depth,
    voronoi_control,
)


def test_voronoi_two_seeds_on_3x4_layer():
    # red seed at (y=1, x=0), blue seed at (y=1, x=3): columns 0-1 are nearer red, 2-3 blue
    shape = (3, 4)
    cells = np.array([1 * 4 + 0, 1 * 4 + 3])
    c = voronoi_control(shape, cells, np.array([RED, BLUE], dtype=np.int8))
    expected = np.array([[RED, RED, BLUE, BLUE]] * 3, dtype=np.int8)
    assert c.dtype == np.int8
    np.testing.assert_array_equal(c, expected)


def test_voronoi_matches_brute_force_nearest_seed():
    rng = np.random.default_rng(0)
    ny, nx = 7, 9
    cells = rng.choice(ny * nx, size=5, replace=False)
    sides = np.array([0, 1, 0, 1, 1], dtype=np.int8)
    c = voronoi_control((ny, nx), cells, sides)
    yy, xx = np.mgrid[0:ny, 0:nx]
    d = np.stack([np.hypot(yy - k // nx, xx - k % nx) for k in cells])
    order = np.sort(d, axis=0)
    clear = order[1] - order[0] > 1e-9  # cells without a tie between two seeds
    nearest = sides[np.argmin(d, axis=0)]
    np.testing.assert_array_equal(c[clear], nearest[clear])
    assert set(np.unique(c)) <= {0, 1}


def test_voronoi_tie_in_one_cell_goes_to_last_listed():
    c = voronoi_control((2, 2), np.array([0, 0]), np.array([RED, BLUE], dtype=np.int8))
    assert (c == BLUE).all()


def test_voronoi_without_seeds_refuses():
    with pytest.raises(ValueError):
        voronoi_control((2, 3), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8))


def test_signed_depth_signs_and_values():
    ctl = np.array([[BLUE, BLUE, RED, RED]], dtype=np.int8)
    blue = signed_depth(ctl, BLUE, 0.1)
    red = signed_depth(ctl, RED, 0.1)
    np.testing.assert_allclose(blue, [[-0.2, -0.1, 0.1, 0.2]], rtol=1e-6)
    np.testing.assert_allclose(red, -blue)
    # positive exactly on the enemy's ground, negative on one's own
    assert ((blue > 0) == (ctl == RED)).all()
    assert ((blue < 0) == (ctl == BLUE)).all()


def test_front_depth_is_mean_ground_per_row():
    ctl = np.array([[1, 1, 0, 0], [1, 0, 0, 0]], dtype=np.int8)
    assert front_depth_km(ctl, BLUE, 0.1) == pytest.approx(0.15)
    assert front_depth_km(ctl, RED, 0.1) == pytest.approx(0.25)


def test_front_line_marks_cells_on_the_boundary():
    ctl = np.array([[1, 1, 0], [1, 1, 1]], dtype=np.int8)
    edge = front_line_cells(ctl)
    expected = np.array([[False, False, True], [False, False, True]])
    np.testing.assert_array_equal(edge, expected)
    assert not front_line_cells(np.ones((3, 3), dtype=np.int8)).any()


def test_rear_anchors_on_both_rear_edges():
    cells, sides = rear_anchors(ny=5, nx=8, spacing=2)
    x = cells % 8
    assert set(x[sides == BLUE]) == {0}
    assert set(x[sides == RED]) == {7}
    assert sorted(cells[sides == BLUE] // 8) == [0, 2, 4]
    assert len(cells) == len(sides) == 6


def test_update_control_follows_positions(bare_model):
    m = bare_model()
    nx = m.scales.nx
    # a blue position far forward pushes blue's ground toward red's rear
    p = DefenderPosition(m, BLUE, 10 * nx + 45, garrison=5, fortification=0.5, supply_days=5)
    control.update_control(m)
    ctl = m.grid.control.data
    assert ctl[10, 45] == BLUE and ctl[10, 50] == BLUE
    assert (ctl[:, 0] == BLUE).all() and (ctl[:, -1] == RED).all()
    assert set(np.unique(ctl)) <= {0, 1}
    # ground changes hands only when the position does
    g = AssaultGroup(m, RED, 10 * nx + 46, 4, mission=ASSAULT, objective=p.row)
    m.units.strength[p.row] = 0
    p.capture(np.array([g.row]))
    control.update_control(m)
    assert m.grid.control.data[10, 45] == RED and m.grid.control.data[10, 50] == RED
    # depth layers are kept in step with control
    np.testing.assert_allclose(
        m.depth[BLUE], signed_depth(m.grid.control.data, BLUE, m.scales.cell_km)
    )

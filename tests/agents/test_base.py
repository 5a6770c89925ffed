"""agents/base.py: a unit is a Mesa cell agent whose state is a row of the unit table."""

import numpy as np
from mesa.discrete_space import CellAgent

from droneline.agents import AssaultGroup
from droneline.agents.base import along_front

RED, BLUE = 0, 1


def test_attributes_read_and_write_the_unit_table(bare_model):
    m = bare_model()
    g = AssaultGroup(m, RED, 10 * m.scales.nx + 40, 4)
    assert isinstance(g, CellAgent) and g in m.agents
    u = m.units
    assert u.agents[g.row] is g and u.strength0[g.row] == 4
    g.strength = 3
    assert u.strength[g.row] == 3
    u.suppression[g.row] = 0.25
    assert g.suppression == 0.25 and isinstance(g.strength, float)
    assert g.xy == (40, 10) and g.side_name == "red"
    assert g.cell is m.grid.cell_by_index(10 * m.scales.nx + 40)
    assert "AssaultGroup(red, x=40, y=10" in repr(g)


def test_remove_keeps_the_row_and_marks_it_dead(bare_model):
    m = bare_model()
    a = AssaultGroup(m, RED, 10 * m.scales.nx + 40, 4)
    b = AssaultGroup(m, RED, 11 * m.scales.nx + 40, 4)
    a.remove()
    assert not a.alive and b.alive and a not in m.agents
    assert m.units.n == 2 and m.units.live().tolist() == [b.row]
    c = AssaultGroup(m, BLUE, 5 * m.scales.nx + 5, 4)
    assert c.row == 2  # rows are never reused


def test_along_front_spreads_units_on_own_side(bare_model):
    m = bare_model()
    for side, sign in ((RED, 1), (BLUE, -1)):
        cells = along_front(m, side, 5, 1.0)
        x, y = cells % m.scales.nx, cells // m.scales.nx
        assert len(cells) == 5 and len(np.unique(y)) == 5
        assert (np.abs(x - (m.front_x[0] + sign * 10)) <= 2).all()
    assert len(along_front(m, RED, 0, 1.0)) == 0

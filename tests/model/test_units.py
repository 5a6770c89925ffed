"""model/units.py: the struct-of-arrays unit table."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DefenderPosition
from droneline.agents.kinds import DRONE_TYPES
from droneline.model.units import UnitTable

GROUP = AssaultGroup.KIND
POSITION = DefenderPosition.KIND


def test_add_grow_and_select():
    t = UnitTable(nx=10, capacity=2)
    rows = [
        t.add(
            object(), side=i % 2, kind=POSITION if i < 3 else GROUP, cell=10 + i, strength=float(i)
        )
        for i in range(5)
    ]
    assert rows == [0, 1, 2, 3, 4] and t.n == 5 and len(t.agents) == 5
    assert t.strength[:5].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]  # kept through growth
    assert t.cell[:5].tolist() == [10, 11, 12, 13, 14]
    assert t.stock.shape[0] >= 5 and t.stock.shape[1] == len(DRONE_TYPES)
    assert t.alive[:5].all() and t.morale[:5].tolist() == [1.0] * 5  # column defaults
    assert t.live().tolist() == [0, 1, 2, 3, 4]
    assert t.live_of(POSITION).tolist() == [0, 1, 2]
    assert t.live_of(POSITION, 1).tolist() == [1]
    assert t.live_of((POSITION, GROUP), 0).tolist() == [0, 2, 4]
    assert t.detected_until(0) is t.det_red and t.detected_until(1) is t.det_blue


def test_unknown_column_refused():
    t = UnitTable(nx=10)
    with pytest.raises(KeyError):
        t.add(object(), colour="red")


def test_xy_columns_follow_the_cell():
    t = UnitTable(nx=7)
    t.add(object(), cell=2 * 7 + 3)
    assert tuple(t.xy[0]) == (3, 2)
    t.move_to(np.array([0]), np.array([5 * 7 + 6]))
    assert tuple(t.xy[0]) == (6, 5)
    assert t.cell[0] == 5 * 7 + 6

"""agents/position.py: DefenderPosition holds ground, is captured when empty, withdraws,
takes reliefs."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DefenderPosition
from droneline.agents.kinds import ADVANCE, ASSAULT, WITHDRAW
from droneline.model import control
from droneline.model.combat import fight

GROUP = AssaultGroup.KIND
POSITION = DefenderPosition.KIND

RED, BLUE = 0, 1


def _cell(m, x, y=10):
    return y * m.scales.nx + x


def _pos(m, x, garrison, side=BLUE, y=10):
    p = DefenderPosition(
        m, side, _cell(m, x, y), garrison=garrison, fortification=0.6, supply_days=5
    )
    control.update_control(m)
    return p


def test_empty_position_next_to_an_enemy_group_changes_side(bare_model):
    m = bare_model(**{"combat.range_km": 0.6})
    p = _pos(m, 40, garrison=0)
    _pos(m, 50, garrison=4)  # a manned blue position out of range holds the ground meanwhile
    g = AssaultGroup(m, RED, _cell(m, 41), 4, mission=ADVANCE)
    assert m.grid.control.data[10, 40] == BLUE
    m.step()  # decide (objective: the nearest enemy position), fight, captures, control
    assert p.side == RED and p.strength == 4 and not g.alive
    assert p.fortification == pytest.approx(m.params.red.defence.captured_fortification)
    assert p.morale == 1.0
    assert m.tally.positions_captured[RED] == 1
    assert m.grid.control.data[10, 40] == RED


def test_manned_position_is_not_captured(bare_model):
    m = bare_model()
    p = _pos(m, 40, garrison=20)
    g = AssaultGroup(m, RED, _cell(m, 41), 4, mission=ASSAULT, objective=p.row)
    DefenderPosition.resolve_captures(m)
    assert p.side == BLUE and g.alive


@pytest.mark.parametrize("case", ["own side", "out of assault range", "withdrawing"])
def test_who_cannot_take_an_empty_position(bare_model, case):
    m = bare_model(**{"combat.assault_range_km": 0.25})
    p = _pos(m, 40, garrison=0)
    side, x, mission = {
        "own side": (BLUE, 41, ADVANCE),
        "out of assault range": (RED, 44, ADVANCE),
        "withdrawing": (RED, 41, WITHDRAW),
    }[case]
    g = AssaultGroup(m, side, _cell(m, x), 4, mission=mission)
    DefenderPosition.resolve_captures(m)
    assert p.side == BLUE and p.strength == 0 and g.alive


def test_capture_takes_groups_up_to_max_garrison(bare_model):
    m = bare_model(**{"red.defence.max_garrison": 5})
    p = _pos(m, 40, garrison=0)
    big = AssaultGroup(m, RED, _cell(m, 41), 4, mission=ASSAULT)
    small = AssaultGroup(m, RED, _cell(m, 39), 3, mission=ASSAULT)
    extra = AssaultGroup(m, RED, _cell(m, 40, 11), 2, mission=ASSAULT)
    DefenderPosition.resolve_captures(m)
    # the strongest go in first until the limit is reached; the rest push on
    assert p.side == RED and p.strength == 7
    assert not big.alive and not small.alive and extra.alive


def test_a_group_without_soldiers_takes_nothing(bare_model):
    m = bare_model()
    p = _pos(m, 40, garrison=0)
    g = AssaultGroup(m, RED, _cell(m, 41), 4, mission=ASSAULT, objective=p.row)
    m.units.strength[g.row] = 0.0  # its last soldier fell in this step's exchange of fire
    fight(m)
    assert p.side == BLUE


def test_withdraw_leaves_an_empty_position_and_a_group_walking_back(bare_model):
    m = bare_model()
    p = _pos(m, 40, garrison=6)
    p.withdraw()
    u = m.units
    assert p.alive and p.strength == 0 and p.supply == 0
    (g,) = u.live_of(GROUP, BLUE)
    assert u.strength[g] == 6 and u.mission[g] == WITHDRAW
    assert u.goal_cell[g] in m.depots[BLUE].tolist()
    assert m.tally.positions_abandoned[BLUE] == 1 and m.control_dirty
    p.withdraw()  # nothing left to withdraw
    assert m.tally.positions_abandoned[BLUE] == 1


def test_reinforce_adds_soldiers_supply_and_morale(bare_model):
    m = bare_model()
    p = _pos(m, 40, garrison=4)
    p.morale = 0.5
    supply0 = p.supply
    p.reinforce(4, 8.0)
    assert p.strength == 8 and p.supply == supply0 + 8.0 and 0.5 < p.morale <= 1.0


def test_build_line_on_own_ground(bare_model):
    m = bare_model(
        **{
            "blue.defence.positions": 7,
            "blue.defence.garrison": 5,
            "blue.defence.belt_km": 2.0,
            "red.defence.positions": 5,
        }
    )
    u = m.units
    for side, n in ((BLUE, 7), (RED, 5)):
        rows = u.live_of(POSITION, side)
        assert len(rows) == n and (u.strength[rows] > 0).all()
        assert (m.grid.control.data.ravel()[u.cell[rows]] == side).all()
    blue = u.live_of(POSITION, BLUE)
    assert (u.strength[blue] == 5).all()
    x = u.cell[blue] % m.scales.nx
    assert (x < m.front_x[0]).all() and (x >= m.front_x[0] - m.scales.cells(2.0) - 3).all()
    assert m.tally.soldiers_committed[BLUE, POSITION] == 35
    assert len(np.unique(u.cell[blue])) == 7

"""agents/assault_group.py: AssaultGroup advances on the nearest enemy position, assaults when
close, breaks off when worn out, relieves own positions, withdraws to the rear."""

import numpy as np

from droneline.agents import AssaultGroup, DefenderPosition
from droneline.agents.kinds import ADVANCE, ASSAULT, IDLE, RELIEVE, WITHDRAW
from droneline.agents.orders import nearest_position, neediest_position, objective_valid
from droneline.model import control
from droneline.model.movement import move

RED, BLUE = 0, 1


def _cell(m, x, y=10):
    return y * m.scales.nx + x


def _pos(m, x, side=BLUE, garrison=6, y=10):
    return DefenderPosition(
        m, side, _cell(m, x, y), garrison=garrison, fortification=0.5, supply_days=5
    )


def test_advances_on_the_nearest_enemy_position(bare_model):
    m = bare_model()
    near, _far, _own = _pos(m, 25), _pos(m, 10), _pos(m, 45, side=RED)
    control.update_control(m)
    g = AssaultGroup(m, RED, _cell(m, 40), 4)
    assert nearest_position(m, g.row, enemy=True) == near.row
    assert g.advance_on_nearest()
    u = m.units
    assert (u.mission[g.row], u.objective[g.row]) == (ADVANCE, near.row)
    assert u.goal_cell[g.row] == u.cell[near.row] and u.path_len[g.row] > 1


def test_nothing_to_attack_halts(bare_model):
    m = bare_model()
    g = AssaultGroup(m, RED, _cell(m, 40), 4, mission=ADVANCE)
    assert not g.advance_on_nearest()
    assert g.mission == IDLE and m.units.objective[g.row] == -1


def test_assaults_when_within_assault_range(bare_model):
    m = bare_model(**{"combat.assault_range_km": 0.25})
    p = _pos(m, 25)
    control.update_control(m)
    far = AssaultGroup(m, RED, _cell(m, 35), 4)
    close = AssaultGroup(m, RED, _cell(m, 27), 4)
    far.advance_on_nearest()
    close.advance_on_nearest()
    AssaultGroup.decide(m)
    assert far.mission == ADVANCE and close.mission == ASSAULT
    assert m.units.objective[close.row] == p.row


def test_breaks_off_when_worn_out(bare_model):
    m = bare_model(**{"combat.break_off_fraction": 0.5})
    _pos(m, 25)
    control.update_control(m)
    g = AssaultGroup(m, RED, _cell(m, 35), 6)
    g.advance_on_nearest()
    m.units.strength[g.row] = 2  # a third of its start strength left
    AssaultGroup.decide(m)
    assert g.mission == WITHDRAW
    assert m.units.goal_cell[g.row] in m.depots[RED].tolist()


def test_retargets_when_the_objective_changes_hands(bare_model):
    m = bare_model()
    a, b = _pos(m, 25), _pos(m, 20)
    control.update_control(m)
    g = AssaultGroup(m, RED, _cell(m, 35), 4)
    g.advance_on_nearest()
    m.units.strength[a.row] = 0
    a.capture(np.array([AssaultGroup(m, RED, _cell(m, 26), 3, mission=ASSAULT).row]))  # taken
    assert not objective_valid(m, np.array([g.row]))[0]
    AssaultGroup.decide(m)
    assert m.units.objective[g.row] == b.row


def test_relief_joins_the_weakest_own_position(bare_model):
    m = bare_model(**{"blue.defence.max_garrison": 20, "switches.movement": True})
    weak = _pos(m, 20, garrison=2, y=12)
    _pos(m, 20, garrison=8, y=8)
    control.update_control(m)
    g = AssaultGroup(m, BLUE, _cell(m, 10), 4)
    assert neediest_position(m, g.row) == weak.row
    g.relieve_weakest()
    assert g.mission == RELIEVE
    for _ in range(30):
        move(m)
        if not g.alive:
            break
    assert not g.alive and weak.strength == 6


def test_withdrawing_group_reaching_the_rear_joins_the_reserve(bare_model):
    m = bare_model(**{"switches.movement": True})
    g = AssaultGroup(m, BLUE, _cell(m, 3), 5)
    g.fall_back()
    for _ in range(30):
        move(m)
        if not g.alive:
            break
    assert not g.alive and m.reserve[BLUE] == 5
    assert m.tally.losses.sum() == 0

"""Counterattacks (agents/position.py): a side's positions nearby send soldiers to retake a
position it lost when the local odds allow (issue 11, item 3)."""

import pytest

from droneline.agents import AssaultGroup, DefenderPosition
from droneline.agents.kinds import ADVANCE
from droneline.model import control
from droneline.model.movement import move

RED, BLUE = 0, 1
ON = {"blue.defence.counterattack_odds": 2.0, "blue.defence.counterattack_keep": 3}


def _cell(m, x, y=10):
    return y * m.scales.nx + x


def _lost(m, garrison=2.0, fortification=0.3):
    """A blue position (x = 22) taken by red, and two blue positions 0.5 and 1 km behind it
    with 10 and 8 soldiers."""
    lost = DefenderPosition(m, BLUE, _cell(m, 22), 6, fortification, supply_days=5)
    u = m.units
    u.side[lost.row] = RED
    u.strength[lost.row] = garrison
    near = DefenderPosition(m, BLUE, _cell(m, 17), 10, 0.5, supply_days=5)
    far = DefenderPosition(m, BLUE, _cell(m, 12), 8, 0.5, supply_days=5)
    DefenderPosition(m, RED, _cell(m, 45), 6, 0.5, supply_days=5)
    control.update_control(m)
    return lost, near, far


def _groups(m):
    u = m.units
    return [u.agents[r] for r in u.live_of(AssaultGroup.KIND, BLUE)]


def test_the_nearest_positions_send_what_the_odds_need(bare_model):
    m = bare_model(**ON)
    lost, near, far = _lost(m)
    DefenderPosition.counterattack(m, BLUE)
    (g,) = _groups(m)
    # 2 soldiers behind 0.3 fortification hold like 2.86; odds 2 need 5.7: six soldiers
    assert g.strength == 6 and g.mission == ADVANCE and m.units.objective[g.row] == lost.row
    assert g.cell_index == near.cell_index and near.strength == 4 and far.strength == 8
    assert g.supply == pytest.approx(10 * 5 * 0.6)  # its share of the position's stock
    assert m.tally.set_out[BLUE] == 6
    DefenderPosition.counterattack(m, BLUE)  # one counterattack at a time on a position
    assert len(_groups(m)) == 1


def test_several_positions_pool_their_spare_soldiers(bare_model):
    m = bare_model(**ON)
    _lost(m, garrison=4.0)  # holds like 5.7: needs 11.4, the nearer can spare 7
    DefenderPosition.counterattack(m, BLUE)
    assert sorted(g.strength for g in _groups(m)) == [5.0, 7.0]


def test_no_counterattack_when_the_odds_are_not_there(bare_model):
    m = bare_model(**ON)
    _lost(m, garrison=6.0)  # holds like 8.6: needs 17.1, the two can spare 12
    DefenderPosition.counterattack(m, BLUE)
    assert _groups(m) == []


def test_only_positions_the_side_lost_and_only_with_the_doctrine(bare_model):
    m = bare_model(**{**ON, "blue.defence.counterattack_km": 0.3})
    _lost(m)  # the red position at x = 45 was never blue's; the lost one is out of range
    DefenderPosition.counterattack(m, BLUE)
    assert _groups(m) == []
    m = bare_model()  # counterattack_odds 0: the default
    _lost(m)
    m.steps = m.hour_steps
    DefenderPosition.decide(m)
    assert _groups(m) == []


def test_a_counterattack_walks_in_and_the_position_counts_as_retaken(bare_model):
    m = bare_model(**ON, **{"switches.movement": True})
    lost, _, _ = _lost(m, garrison=0.0)  # emptied by fire: two soldiers walk back in
    m.steps = m.hour_steps
    DefenderPosition.decide(m)
    (g,) = _groups(m)
    assert g.strength == 2
    for _ in range(60):
        m.steps += 1
        move(m)
        DefenderPosition.resolve_captures(m)
        if m.units.side[lost.row] == BLUE:
            break
    assert m.units.side[lost.row] == BLUE and m.units.strength[lost.row] == 2
    assert m.tally.positions_retaken[BLUE] == 1 and m.tally.positions_captured[BLUE] == 1
    assert m.tally.positions_retaken[RED] == 0

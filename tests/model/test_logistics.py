"""model/logistics.py: consumption, morale, withdrawal out of supply, convoy dispatch."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DefenderPosition, SupplyConvoy
from droneline.agents.kinds import DELIVER, WITHDRAW
from droneline.model import control
from droneline.model.logistics import consume, morale_step, supply

CONVOY = SupplyConvoy.KIND


def test_consume_one_soldier_day_per_soldier_per_day():
    s = consume(
        np.array([10.0, 10.0, 1.0, 5.0]),
        np.array([2.0, 2.0, 4.0, 0.0]),
        1.0,
        np.array([0.0, 0.5, 0.0, 0.0]),
    )
    np.testing.assert_allclose(s, [8.0, 9.0, 0.0, 5.0])  # trickle; never below zero; nobody eats
    grow = consume(np.array([1.0]), np.array([2.0]), 0.5, np.array([1.5]))
    assert grow[0] == pytest.approx(1.5)


def test_morale_step_bounds():
    m = morale_step(
        np.array([0.5, 0.5, 0.05, 0.98]),
        np.array([True, False, False, True]),
        dt_days=0.5,
        loss_per_day=0.2,
        recovery_per_day=0.1,
    )
    np.testing.assert_allclose(m, [0.55, 0.4, 0.0, 1.0])
    r = np.random.default_rng(0)
    m = morale_step(r.random(100), r.random(100) < 0.5, 3.0, 5.0, 5.0)
    assert ((m >= 0) & (m <= 1)).all()


def _position(m, x, supply_days, side=1, garrison=6):
    p = DefenderPosition(
        m, side, 10 * m.scales.nx + x, garrison=garrison, fortification=0.5, supply_days=supply_days
    )
    control.update_control(m)
    return p


NO_CONVOYS = {
    "switches.logistics": True,
    "blue.logistics.convoys_per_day": 0.0,
    "blue.logistics.local_supply_per_day": 0.0,
    "blue.morale.loss_per_day_out_of_supply": 5.0,
    "blue.morale.withdraw_below": 0.3,
    "blue.morale.recovery_per_day": 0.1,
}


def test_position_out_of_supply_loses_morale_and_withdraws(bare_model):
    m = bare_model(**NO_CONVOYS)
    p = _position(m, 45, supply_days=0.0)
    u = m.units
    morale = [p.morale]
    for _ in range(40):
        m.step()
        morale.append(p.morale)
        if p.strength == 0:
            break
    assert p.strength == 0 and u.supply[p.row] == 0
    assert morale[-1] < 0.3 and all(np.diff(morale) <= 0)
    assert m.tally.positions_abandoned[1] == 1
    # the garrison walks back to the rear as a group; nobody was lost
    rows = u.live_of(AssaultGroup.KIND, 1)
    assert len(rows) == 1 and u.mission[rows[0]] == WITHDRAW and u.strength[rows[0]] == 6
    assert m.tally.losses.sum() == 0


def test_position_in_supply_stays(bare_model):
    m = bare_model(**NO_CONVOYS)
    p = _position(m, 45, supply_days=5.0)
    for _ in range(40):
        m.step()
    assert p.strength == 6 and p.morale == 1.0 and m.tally.positions_abandoned.sum() == 0
    assert p.supply == pytest.approx(6 * 5.0 - 6 * 40 / 144)


def test_logistics_switched_off_nothing_consumed(bare_model):
    m = bare_model()
    p = _position(m, 25, supply_days=0.0)
    for _ in range(40):
        m.step()
    assert p.strength == 6 and p.morale == 1.0


def test_convoys_go_to_needy_positions(bare_model):
    m = bare_model(
        **{
            "switches.logistics": True,
            "blue.logistics.convoys_per_day": 48.0,
            "blue.logistics.request_days": 3.0,
        }
    )
    needy = _position(m, 25, supply_days=1.0)
    _position(m, 20, supply_days=10.0)
    for _ in range(6):
        supply(m)
    u = m.units
    convoys = u.live_of(CONVOY, 1)
    assert len(convoys) == 1  # one convoy per waiting position, only to the needy one
    assert u.objective[convoys[0]] == needy.row and u.mission[convoys[0]] == DELIVER
    assert m.tally.convoys[1, 0] == 1
    assert isinstance(u.agents[convoys[0]], SupplyConvoy)

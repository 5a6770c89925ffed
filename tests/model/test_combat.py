"""model/combat.py: who engages whom, expected casualties (Lanchester), the fight phase."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DefenderPosition
from droneline.agents.kinds import DIRECT_FIRE
from droneline.model import control
from droneline.model.combat import engagements, expected_casualties, fight
from droneline.model.sensing import update_coverage

GROUP = AssaultGroup.KIND
POSITION = DefenderPosition.KIND

K, DT = 0.1, 0.5  # casualties per shooter-hour, hours


def _e(xy, side, fp, sees=None, ok=None, shield=None, rng=5.0, assault=0.5, factor=3.0):
    n = len(side)
    sees = np.ones((n, n), dtype=bool) if sees is None else sees
    ok = np.ones(n, dtype=bool) if ok is None else ok
    shield = np.zeros(n) if shield is None else shield
    return expected_casualties(
        np.array(xy),
        np.array(side),
        np.array(fp, dtype=float),
        sees,
        ok,
        shield,
        rng,
        assault,
        factor,
        K,
        DT,
    )


def test_one_shooter_one_target():
    e = _e([[0, 0], [2, 0]], [0, 1], [10, 0])
    np.testing.assert_allclose(e, [0.0, K * 10 * DT])


def test_fire_is_spread_evenly_over_targets_in_range():
    e = _e([[0, 0], [2, 0], [0, 3], [9, 9]], [0, 1, 1, 1], [10, 0, 0, 0])
    np.testing.assert_allclose(e, [0, K * 10 * DT / 2, K * 10 * DT / 2, 0])


def test_square_law_casualty_rate_proportional_to_enemy_strength():
    # three blue shooters of 4 on one red unit: red loses as if shot by 12
    e = _e([[0, 0], [1, 0], [0, 1], [1, 1]], [0, 1, 1, 1], [5, 4, 4, 4])
    assert e[0] == pytest.approx(K * 12 * DT)
    np.testing.assert_allclose(e[1:], K * 5 * DT / 3)


def test_square_law_invariant_in_a_deterministic_duel():
    # dA/dt = -k B, dB/dt = -k A: A^2 - B^2 stays constant (Lanchester's square law)
    a, b = 100.0, 60.0
    inv0 = a * a - b * b
    while b > 10:
        e = expected_casualties(
            np.array([[0, 0], [1, 0]]),
            np.array([0, 1]),
            np.array([a, b]),
            np.ones((2, 2), bool),
            np.ones(2, bool),
            np.zeros(2),
            5.0,
            0.5,
            3.0,
            0.01,
            0.05,
        )
        a, b = a - e[0], b - e[1]
    assert a * a - b * b == pytest.approx(inv0, rel=1e-3)


def test_assault_range_multiplies_fire_and_needs_no_detection():
    sees = np.zeros((2, 2), dtype=bool)
    far = _e([[0, 0], [2, 0]], [0, 1], [10, 0], sees=sees)
    near = _e([[0, 0], [0, 0]], [0, 1], [10, 0], sees=sees)
    assert far[1] == 0.0  # unseen at range: no fire
    assert near[1] == pytest.approx(3.0 * K * 10 * DT)


def test_protection_range_side_and_valid_targets():
    e = _e([[0, 0], [2, 0]], [0, 1], [10, 0], shield=np.array([0.0, 0.6]))
    assert e[1] == pytest.approx(0.4 * K * 10 * DT)
    assert _e([[0, 0], [6, 0]], [0, 1], [10, 0])[1] == 0.0  # out of range
    assert _e([[0, 0], [1, 0]], [1, 1], [10, 10]).tolist() == [0.0, 0.0]  # same side
    # a target that cannot be hit takes no fire and does not dilute the fire on others
    e = _e([[0, 0], [1, 0], [2, 0]], [0, 1, 1], [10, 0, 0], ok=np.array([True, False, True]))
    np.testing.assert_allclose(e, [0, 0, K * 10 * DT])


def test_engagements_matrix():
    xy = np.array([[0, 0], [2, 0], [20, 0]])
    can, dist2 = engagements(
        xy,
        np.array([0, 1, 1]),
        np.array([1.0, 0.0, 1.0]),
        np.ones((3, 3), bool),
        np.ones(3, bool),
        5.0,
        0.5,
    )
    np.testing.assert_array_equal(can, [[False, True, False], [False] * 3, [False] * 3])
    assert dist2[0, 2] == 400


# --------------------------------------------------------------------------- phase
def test_fight_exchanges_fire_and_counts_direct_fire_losses(bare_model):
    m = bare_model(
        **{
            "combat.kill_rate_per_hour": 1.0,
            "combat.range_km": 0.6,
            "combat.assault_range_km": 0.25,
            "combat.assault_factor": 3.0,
        }
    )
    nx = m.scales.nx
    p = DefenderPosition(m, 1, 10 * nx + 29, garrison=30, fortification=0.0, supply_days=5)
    g = AssaultGroup(m, 0, 10 * nx + 31, 30)  # 0.2 km apart: close assault
    control.update_control(m)
    update_coverage(m)
    for _ in range(3):
        fight(m)
    u, t = m.units, m.tally
    assert u.casualties[p.row] > 0 and u.casualties[g.row] > 0
    assert t.losses[1, DIRECT_FIRE, POSITION] == u.casualties[p.row]
    assert t.losses[0, DIRECT_FIRE, GROUP] == u.casualties[g.row]
    assert t.losses.sum() == u.casualties[p.row] + u.casualties[g.row]
    assert (u.strength[[p.row, g.row]] >= 0).all()
    # both are now detected by the side they fired at
    assert u.det_red[p.row] >= m.steps and u.det_blue[g.row] >= m.steps


def test_suppression_wears_off(bare_model):
    m = bare_model(**{"combat.suppression_halflife_minutes": 10.0, "run.step_minutes": 10.0})
    g = AssaultGroup(m, 0, 10 * m.scales.nx + 55, 4)
    m.units.suppression[g.row] = 0.8
    fight(m)
    assert m.units.suppression[g.row] == pytest.approx(0.4)

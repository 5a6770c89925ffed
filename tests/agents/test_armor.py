"""agents/armor.py: ArmorGroup carries dismounts to the objective; the vehicles support them
for a while, then drive back."""

import numpy as np
import pytest

from droneline.agents import ArmorGroup, AssaultGroup, DefenderPosition
from droneline.agents.kinds import ADVANCE, IDLE, WITHDRAW
from droneline.model import control

GROUP = AssaultGroup.KIND

RED, BLUE = 0, 1


def _setup(m, x):
    nx = m.scales.nx
    p = DefenderPosition(m, BLUE, 10 * nx + 25, garrison=6, fortification=0.5, supply_days=5)
    control.update_control(m)
    a = ArmorGroup(m, RED, 10 * nx + x, vehicles=3, dismounts_per_vehicle=6)
    a.advance_on_nearest()
    return p, a


def test_vehicles_dismounts_and_supply(bare_model):
    m = bare_model(**{"red.forces.carried_supply_days": 3.0})
    p, a = _setup(m, 55)
    assert (a.strength, a.vehicles, a.supply) == (18, 3, 54)
    assert a.mission == ADVANCE and m.units.objective[a.row] == p.row


def test_dismounts_near_the_objective_and_vehicles_stay(bare_model):
    m = bare_model(**{"red.forces.dismount_km": 0.8})
    p, a = _setup(m, 32)
    ArmorGroup.decide(m)
    assert a.alive and a.strength == 0 and a.vehicles == 3 and a.mission == IDLE
    (g,) = m.units.live_of(GROUP, RED)
    assert m.units.strength[g] == 18 and m.units.mission[g] == ADVANCE
    assert m.units.objective[g] == p.row


@pytest.mark.parametrize("hours", [0.0, 1.0, 3.0])
def test_the_vehicles_drive_back_after_their_support_hours(bare_model, hours):
    """Issue 11: armour stayed idle in the kill zone after dismounting until destroyed."""
    m = bare_model(**{"red.forces.dismount_km": 0.8, "red.forces.armor_support_hours": hours})
    _, a = _setup(m, 32)
    ArmorGroup.decide(m)  # dismount
    assert a.mission == IDLE
    for _ in range(100):
        ArmorGroup.decide(m)
        if a.mission != IDLE:
            break
        m.steps += 1
    assert a.mission == WITHDRAW and m.units.goal_cell[a.row] in set(m.depots[RED].tolist())
    assert (m.steps - a.parked_since) * m.scales.step_h == pytest.approx(hours)
    ArmorGroup.on_arrival(m, np.array([a.row]))  # back at the rear
    assert not a.alive

"""model/losses.py: hits, casualties, lost vehicles, their tally, and removal of the dead."""

import numpy as np
import pytest

from droneline.agents import (
    ArmorGroup,
    ArtilleryBattery,
    AssaultGroup,
    DefenderPosition,
    MotorcycleSquad,
    SupplyConvoy,
)
from droneline.agents.kinds import (
    ARTILLERY_FIRE,
    DIRECT_FIRE,
    DRONE,
    MINE,
    VEH_ARMOR,
    VEH_MOTORCYCLE,
    VEH_TRUCK,
)
from droneline.model.losses import (
    apply_hits,
    casualties,
    lose_vehicles,
    protection,
    remove_dead,
)

ARMOR = ArmorGroup.KIND
CONVOY = SupplyConvoy.KIND
GROUP = AssaultGroup.KIND
POSITION = DefenderPosition.KIND


def _cell(m, x, y=10):
    return y * m.scales.nx + x


def test_casualties_capped_counted_and_suppressing(bare_model):
    m = bare_model(**{"combat.suppression_per_casualty": 0.5})
    g = AssaultGroup(m, 0, _cell(m, 40), 4)
    casualties(m, np.array([g.row]), np.array([1.0]), DIRECT_FIRE)
    assert g.strength == 3 and m.units.casualties[g.row] == 1
    assert g.suppression == pytest.approx(0.5 * 1 / 4)
    casualties(m, np.array([g.row]), np.array([10.0]), MINE)
    assert g.strength == 0 and m.units.casualties[g.row] == 4  # never more than there are
    assert m.tally.losses[0, DIRECT_FIRE, GROUP] == 1 and m.tally.losses[0, MINE, GROUP] == 3
    assert m.tally.losses.sum() == 4
    remove_dead(m)
    assert not g.alive


def test_position_casualties_shake_morale_and_empty_positions_stay(bare_model):
    m = bare_model(**{"blue.morale.loss_per_casualty_share": 0.5})
    p = DefenderPosition(m, 1, _cell(m, 25), garrison=4, fortification=0.5, supply_days=5)
    casualties(m, np.array([p.row]), np.array([2.0]), DRONE)
    assert p.morale == pytest.approx(1 - 0.5 * 2 / 4)
    casualties(m, np.array([p.row]), np.array([2.0]), DRONE)
    assert m.control_dirty
    remove_dead(m)
    assert p.alive and p.strength == 0  # an empty position is ground to be taken


def test_protection_fortification_or_terrain(bare_model):
    m = bare_model(**{"terrain.open.protection": 0.1})
    p = DefenderPosition(m, 1, _cell(m, 25), garrison=4, fortification=0.6, supply_days=5)
    g = AssaultGroup(m, 0, _cell(m, 40), 4)
    np.testing.assert_allclose(protection(m, np.array([p.row, g.row])), [0.6, 0.1])


def test_convoy_losing_trucks_loses_cargo(bare_model):
    m = bare_model()
    p = DefenderPosition(m, 1, _cell(m, 25), garrison=4, fortification=0.5, supply_days=5)
    c = SupplyConvoy(m, 1, int(m.depots[1][0]), p.row)
    cargo, trucks = c.supply, c.vehicles
    assert trucks >= 2
    lose_vehicles(m, np.array([c.row]), np.array([1.0]), DRONE)
    assert c.supply == pytest.approx(cargo * (trucks - 1) / trucks)
    assert m.tally.vehicles_lost[1, VEH_TRUCK, DRONE] == 1


def test_apply_hits_destroys_vehicles_and_the_soldiers_aboard(bare_model):
    m = bare_model(**{"combat.mounted_casualty_share": 0.5})
    a = ArmorGroup(m, 0, _cell(m, 45), vehicles=2, dismounts_per_vehicle=6)
    b = MotorcycleSquad(m, 0, _cell(m, 46), bikes=3, riders_per_bike=2)
    rows = np.array([a.row, b.row])
    apply_hits(
        m,
        rows,
        hits=np.array([1.0, 1.0]),
        personnel_mean=np.zeros(2),
        hard_kill_p=1.0,
        soft_kill_p=1.0,
        cause=DRONE,
    )
    assert a.vehicles == 1 and a.strength == 12 - 3  # half of the 6 aboard
    assert b.vehicles == 2 and b.strength == 4  # both riders of the bike
    t = m.tally
    assert t.vehicles_lost[0, VEH_ARMOR, DRONE] == 1
    assert t.vehicles_lost[0, VEH_MOTORCYCLE].sum() == 1
    assert t.losses[0, DRONE, ARMOR] == 3
    assert m.units.struck[rows].tolist() == [m.steps, m.steps]
    assert (m.units.suppression[rows] > 0).all()


def test_apply_hits_never_kill_more_vehicles_than_there_are(bare_model):
    m = bare_model()
    g = ArtilleryBattery(m, 0, _cell(m, 55))
    guns = g.vehicles
    apply_hits(m, np.array([g.row]), np.array([50.0]), np.zeros(1), 1.0, 1.0, ARTILLERY_FIRE)
    assert g.vehicles == 0 and m.tally.vehicles_lost[0].sum() == guns
    remove_dead(m)
    assert not g.alive


def test_armor_without_vehicles_dismounts_instead_of_dying(bare_model):
    m = bare_model(**{"combat.mounted_casualty_share": 0.0})
    a = ArmorGroup(m, 0, _cell(m, 45), vehicles=1, dismounts_per_vehicle=6)
    lose_vehicles(m, np.array([a.row]), np.array([1.0]), MINE)
    remove_dead(m)
    assert not a.alive
    rows = m.units.live_of(GROUP, 0)
    assert len(rows) == 1 and m.units.strength[rows[0]] == 6


def test_convoys_are_not_personnel_targets(bare_model):
    m = bare_model()
    p = DefenderPosition(m, 1, _cell(m, 25), garrison=4, fortification=0.0, supply_days=5)
    c = SupplyConvoy(m, 1, int(m.depots[1][0]), p.row)
    apply_hits(m, np.array([c.row]), np.array([3.0]), np.array([10.0]), 0.0, 0.0, DRONE)
    assert c.strength == c.vehicles and m.tally.losses[1, :, CONVOY].sum() == 0
    assert m.tally.losses[1, :, POSITION].sum() == 0

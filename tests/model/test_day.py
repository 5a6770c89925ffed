"""model/day.py: reinforcements by doctrine mix, arrivals, technology events with copy lags."""

from types import SimpleNamespace

import pytest

from droneline.agents import ArmorGroup, AssaultGroup, MotorcycleSquad
from droneline.model.day import form_units, formation_sizes

ARMOR = ArmorGroup.KIND
GROUP = AssaultGroup.KIND
MOTORCYCLE = MotorcycleSquad.KIND


def _forces(**kw):
    f = dict(
        attack_share=0.5,
        armor_share=0.0,
        motorcycle_share=0.0,
        group_size=5,
        vehicles_per_armor_group=3,
        dismounts_per_vehicle=6,
        bikes_per_squad=3,
        riders_per_bike=2,
    )
    f.update(kw)
    return SimpleNamespace(**f)


def test_formation_sizes():
    assert formation_sizes(_forces()) == {"armor": 18, "motorcycle": 6, "foot": 5, "relief": 5}


def test_form_units_carries_fractions_across_days():
    f = _forces()
    carry = dict.fromkeys(("armor", "motorcycle", "foot", "relief"), 0.0)
    days = [form_units(7, f, carry) for _ in range(4)]
    # 3.5 foot and 3.5 relief soldiers a day in groups of 5: carried 3.5, 2, 0.5, 4
    assert days[0] == []
    assert [d.count("foot") for d in days] == [0, 1, 1, 0]
    assert [d.count("relief") for d in days] == [0, 1, 1, 0]
    assert carry["foot"] == pytest.approx(4.0) and carry["relief"] == pytest.approx(4.0)
    formed = sum(len(d) for d in days) * 5
    assert formed + sum(carry.values()) == pytest.approx(4 * 7)


def test_form_units_doctrine_mix():
    f = _forces(attack_share=1.0, armor_share=0.5, motorcycle_share=0.25)
    carry = dict.fromkeys(("armor", "motorcycle", "foot", "relief"), 0.0)
    out = form_units(72, f, carry)  # 36 by armour, 18 by bike, 18 on foot
    assert out.count("armor") == 2 and out.count("motorcycle") == 3
    assert out.count("foot") == 3 and "relief" not in out
    assert carry == pytest.approx({"armor": 0.0, "motorcycle": 0.0, "foot": 3.0, "relief": 0.0})


def test_reinforcements_arrive_during_the_day_at_the_rear(bare_model):
    m = bare_model(
        **{
            "switches.reinforcements": True,
            "red.forces.reinforcements_per_day": 60,
            "red.forces.attack_share": 1.0,
            "red.forces.group_size": 4,
            "red.forces.armor_share": 0.3,
            "red.forces.motorcycle_share": 0.2,
            "red.forces.vehicles_per_armor_group": 3,
            "red.forces.dismounts_per_vehicle": 6,
            "red.forces.bikes_per_squad": 3,
            "red.forces.riders_per_bike": 2,
            "blue.forces.reinforcements_per_day": 0,
        }
    )
    m.run_days(1.0)
    u = m.units
    rows = u.live_of((GROUP, MOTORCYCLE, ARMOR), 0)
    assert u.live_of((GROUP, MOTORCYCLE, ARMOR), 1).size == 0
    assert len(u.live_of(ARMOR, 0)) == 1  # 18 of 18
    assert len(u.live_of(MOTORCYCLE, 0)) == 2  # 12 of 12
    assert len(u.live_of(GROUP, 0)) == 7  # 28 of 30
    assert u.strength[rows].sum() == 18 + 12 + 28
    assert len(set(u.born[rows].tolist())) > 1  # at different times of the day
    x = u.cell[rows] % m.scales.nx
    assert (x > m.front_x[0]).all()  # behind red's front
    assert m.tally.soldiers_committed[0, [GROUP, MOTORCYCLE, ARMOR]].sum() == 58


def test_events_fire_on_their_day_and_are_copied_after_the_lag(bare_model):
    m = bare_model(
        events=[
            {
                "day": 0.5,
                "side": "red",
                "label": "fibre",
                "copy_lag_days": 0.25,
                "set": {"drones": {"fibre_share": 0.9}},
            }
        ],
        **{"red.drones.fibre_share": 0.1, "blue.drones.fibre_share": 0.2},
    )
    red, blue = m.side_params
    m.run_days(0.5)
    assert (red.drones.fibre_share, blue.drones.fibre_share) == (0.1, 0.2)
    m.step()
    assert (red.drones.fibre_share, blue.drones.fibre_share) == (0.9, 0.2)
    m.run_days(0.25)
    assert blue.drones.fibre_share == 0.9
    assert [(e["side"], e["copy"]) for e in m.event_log] == [("red", False), ("blue", True)]
    assert m.event_log[0]["day"] == pytest.approx(0.5)
    # the scenario itself is not changed by its events
    assert m.params.red.drones.fibre_share == 0.1 and m.params.blue.drones.fibre_share == 0.2


def test_events_without_copy_lag_are_never_copied(bare_model):
    m = bare_model(
        events=[{"day": 0.0, "side": "blue", "set": {"ew.jam_probability": 0.5}}],
        **{"red.ew.jam_probability": 0.1},
    )
    m.run_days(1.0)
    assert m.side_params[1].ew.jam_probability == 0.5
    assert m.side_params[0].ew.jam_probability == 0.1
    assert len(m.event_log) == 1

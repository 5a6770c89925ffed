"""The experiments declared in runs/validation/experiments.toml load as the same declarations
the code held before they became data."""

from __future__ import annotations

import pytest

from droneline.runs.validation.estimators import ESTIMATORS
from droneline.runs.validation.experiments import (
    Arm,
    experiments,
    lanchester_declaration,
    run_length,
    technology,
)
from droneline.runs.validation.lanchester import GARRISON, RATIOS

EW_RACE = (
    ("blue.drones.fibre_share", 0.05),
    ("blue.ew.jam_probability", 0.8),
    ("blue.ew.radius_km", 8.0),
    ("blue.ew.stations", 8),
    ("red.drones.fibre_share", 0.05),
    ("red.ew.jam_probability", 0.8),
    ("red.ew.radius_km", 8.0),
    ("red.ew.stations", 8),
)


def by_key(days: float = 14.0):
    return {e.key: e for e in experiments(days)}


def test_v1_to_v8_and_the_lanchester_check_are_declared():
    assert list(by_key()) == [f"V{i}" for i in range(1, 9)]
    lan = lanchester_declaration()
    assert lan["key"] == "L" and "Lanchester" in lan["title"]
    assert RATIOS == ((10, 5), (10, 7), (8, 8), (6, 10)) and GARRISON == 10


def test_every_experiment_names_a_known_estimator():
    for e in experiments():
        assert e.estimator in ESTIMATORS, e.key


def test_arms_and_overrides_as_before():
    e = by_key()
    drone_line = Arm("drone line", "pokrovsk_drone_line")
    assert e["V1"].arms == (Arm("no drone line", "pokrovsk_no_drone_line"), drone_line)
    assert e["V1"].minimum == 2.0 / 3.0 and e["V1"].estimator == "reduction"
    assert e["V2"].arms[1] == Arm(
        "blue counterattacks, red with UAV regiment",
        "pokrovsk_symmetric",
        (("blue.forces.attack_share", 0.3),),
    )
    assert e["V3"].arms[0].overrides == (
        ("red.drones.interdiction_share", 0.0),
        ("red.drones.mining_share", 0.0),
        ("red.drones.strike_depth_km", 8.0),
    )
    assert [a.label for a in e["V3"].arms[1:]] == [
        f"interdiction {x:g}" for x in (0.15, 0.3, 0.45, 0.6)
    ]
    assert [dict(a.overrides)["red.drones.interdiction_share"] for a in e["V3"].arms] == [
        0.0,
        0.15,
        0.3,
        0.45,
        0.6,
    ]
    assert e["V4"].arms[0] == drone_line and e["V4"].extra == {"low": 0.60, "high": 0.85}
    assert e["V6"].arms[0].overrides == (
        ("blue.forces.attack_share", 0.6),
        ("blue.forces.reinforcements_per_day", 20.0),
        ("red.forces.attack_share", 0.6),
        ("red.forces.reinforcements_per_day", 40.0),
    )
    assert e["V7"].arms[0].overrides == EW_RACE == e["V7"].arms[1].overrides
    assert e["V7"].extra == {"event": True}
    assert "On day 3 red switches" in e["V7"].explain and "after 6 days" in e["V7"].explain
    assert e["V8"].arms == (
        Arm("drone line 6 km", "pokrovsk_drone_line", (("blue.drones.strike_depth_km", 6.0),)),
        drone_line,
    )
    # whole numbers stay integers, reals stay reals, as the scenario loader gets them
    assert type(dict(EW_RACE)["red.ew.stations"]) is type(
        dict(e["V7"].arms[0].overrides)["red.ew.stations"]
    )


@pytest.mark.parametrize("days", [14.0, 7.0, 30.0])
def test_run_lengths_follow_the_suite_days(days):
    e = by_key(days)
    assert e["V1"].days == days and e["V6"].days == days
    assert e["V3"].days == max(days, 21.0)
    assert e["V5"].days == max(days / 2.0, 3.0)
    assert e["V7"].days == max(days, 15.0)
    sudzha, toretsk = e["V4"].arms[2], e["V4"].arms[3]
    assert sudzha.days == max(days, 21.0) and toretsk.days == max(days / 2.0, 3.0)
    assert e["V4"].arms[0].days is None
    assert run_length(None, days) == days


def test_the_technology_event_of_v7():
    tech = technology()
    assert (tech["day"], tech["copy_lag_days"], tech["side"]) == (3.0, 6.0, "red")
    assert tech["set"] == {"drones.fibre_share": 0.8}

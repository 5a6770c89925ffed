"""The sliders: resolved by role, unit/range/type from the schema, values from the preset."""

from __future__ import annotations

import pytest

import droneline as dl
from droneline.ui.params import all_sliders, changed, nice_step, slider_values, sliders_for


@pytest.fixture(scope="module")
def pokrovsk():
    return dl.load_scenario("pokrovsk_drone_line")


def test_every_slider_is_a_schema_parameter_with_its_unit_and_range(pokrovsk):
    specs = dl.parameters()
    sliders = all_sliders(pokrovsk)
    assert len(sliders) >= 12
    for s in sliders:
        spec = specs[s.name]
        assert s.unit == spec.unit
        assert (s.lo, s.hi) == (float(spec.lo), float(spec.hi))
        assert s.is_int == (spec.type is int)


def test_roles_resolve_to_the_scenario_sides(pokrovsk):
    names = {s.name for s in all_sliders(pokrovsk)}
    defender = "blue" if pokrovsk.attacker == "red" else "red"
    attacker = pokrovsk.attacker
    assert f"{defender}.drones.strike_depth_km" in names
    assert f"{attacker}.forces.group_size" in names
    assert f"{defender}.forces.group_size" not in names  # assault sliders: attacker only
    for side in ("red", "blue"):
        for leaf in (
            "drones.units",
            "drones.sorties_per_crew_hour",
            "drones.fibre_share",
            "ew.jam_probability",
            "forces.reinforcements_per_day",
            "drones.interdiction_share",
        ):
            assert f"{side}.{leaf}" in names
    titles = [t for t, _ in sliders_for(pokrovsk)]
    assert titles == ["Drones", "Electronic warfare", "Assault", "Forces"]


def test_slider_steps_hit_the_preset_values(pokrovsk):
    values = slider_values(pokrovsk)
    for s in all_sliders(pokrovsk):
        v = float(values[s.name])
        assert s.lo <= v <= s.hi
        ratio = (v - s.lo) / s.step
        assert abs(ratio - round(ratio)) < 1e-6, (s.name, v, s.step)


def test_nice_step():
    assert nice_step(0, 1) == 0.01
    assert nice_step(0, 6, 0.25) == 0.05
    assert nice_step(0, 60, is_int=True) == 1
    assert nice_step(0, 0.95, 0.25) == 0.01


def test_clamp_and_format(pokrovsk):
    s = next(x for x in all_sliders(pokrovsk) if x.name.endswith("group_size"))
    assert s.clamp(1e9) == int(s.hi) and isinstance(s.clamp(3.6), int)
    assert s.format(4) == f"4 {s.unit}"


def test_changed_lists_only_the_differences(pokrovsk):
    values = slider_values(pokrovsk)
    assert changed(pokrovsk, values) == {}
    values["blue.drones.units"] = values["blue.drones.units"] + 3
    values["red.ew.jam_probability"] = 0.5
    assert changed(pokrovsk, values) == {
        "blue.drones.units": values["blue.drones.units"],
        "red.ew.jam_probability": 0.5,
    }

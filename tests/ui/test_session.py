"""Runs the page drives: rebuilt exactly from preset, overrides and seed; pairs step together."""

from __future__ import annotations

import pandas as pd
import pytest

import droneline as dl
from droneline.ui.session import (
    DEFAULT_PAIR,
    LiveRun,
    PairRun,
    RunSpec,
    default_pair,
    parameter_pair,
    preset_pair,
)


def test_a_rebuilt_run_repeats_a_script_run_exactly():
    spec = RunSpec.of("pokrovsk_drone_line", {"blue.drones.units": 6}, seed=3)
    run = LiveRun(spec)
    run.advance(12)
    script = dl.BattlefieldModel(
        dl.load_scenario("pokrovsk_drone_line", {"blue.drones.units": 6}), seed=3
    )
    for _ in range(12):
        script.step()
    pd.testing.assert_frame_equal(run.model.timeseries(), script.timeseries())
    run.reset()  # same spec: back to step 0, same map
    assert run.steps == 0 and run.generation == 1
    assert run.model.params.blue.drones.units == 6 and run.model.seed == 3


def test_a_spec_that_breaks_a_rule_leaves_the_run_alone():
    run = LiveRun(RunSpec.of("pokrovsk_drone_line", {}, 1))
    model = run.model
    bad = RunSpec.of(
        "pokrovsk_drone_line",
        {"red.forces.motorcycle_share": 0.8, "red.forces.armor_share": 0.5},
        1,
    )
    with pytest.raises(dl.ScenarioError):
        run.reset(bad)
    assert run.model is model and run.spec.overrides == ()


def test_finished_at_the_scenarios_run_length():
    run = LiveRun(RunSpec.of("pokrovsk_drone_line", {"run.days": 0.25}, 1))
    assert not run.finished
    run.advance(int(0.25 * run.model.scales.steps_per_day))
    assert run.finished and run.day == pytest.approx(0.25)


def test_default_pair_is_the_drone_line_on_and_off():
    pair = default_pair(seed=5)
    if all(p in dl.preset_names() for p in DEFAULT_PAIR):
        assert (pair.a.preset, pair.b.preset) == DEFAULT_PAIR
    else:  # until both presets exist: one parameter, the defender's drone line depth
        assert pair.a.preset == pair.b.preset
    assert pair.a.seed == pair.b.seed == 5


def test_pairs_step_together_with_the_same_seed():
    run = PairRun(preset_pair("pokrovsk_drone_line", "pokrovsk_drone_line", seed=2))
    run.advance(6)
    assert run.a.steps == run.b.steps == 6
    pd.testing.assert_frame_equal(run.a.model.timeseries(), run.b.model.timeseries())


def test_parameter_pair_changes_one_value():
    pair = parameter_pair(
        "pokrovsk_drone_line",
        "blue.drones.strike_depth_km",
        3,
        seed=4,
        overrides={"red.forces.group_size": 6},
    )
    a, b = pair.a.override_dict, pair.b.override_dict
    assert a == {"red.forces.group_size": 6}
    assert b == {"red.forces.group_size": 6, "blue.drones.strike_depth_km": 3}
    assert pair.label_b == "blue's drone line depth 3 km"  # plain words, with the unit
    run = PairRun(pair)
    assert run.b.model.params.blue.drones.strike_depth_km == 3
    assert run.a.model.params.blue.drones.strike_depth_km != 3

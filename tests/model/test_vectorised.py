"""Regression guard for performance: the per-step array work stays vectorised.

The number of calls of each phase's array functions per step must not grow with the number of
units: doubling the forces leaves it unchanged (no per-unit Python loops in the hot paths).
Timing stays out of the tests (benchmarks/ measures it).
"""

from __future__ import annotations

import collections

import pytest

import droneline as dl
from droneline.agents import drone_unit
from droneline.model import combat, movement, sensing

# (module where the function is called from, name): drone strikes live in the drone unit's
# class and use the strike phase's shared array function
HOT = (
    (sensing, "detection_probability"),
    (sensing, "observed_rate"),
    (drone_unit, "pairwise_cells"),
    (combat, "fire_on"),
    (movement, "ranges"),
)
FORCES = ("defence.positions", "drones.units", "forces.reinforcements_per_day")


def calls_per_step(monkeypatch, scale: int) -> dict[str, float]:
    base = dl.load_scenario("pokrovsk_drone_line")
    ov = {}
    for side in ("red", "blue"):
        for key in FORCES:
            section, name = key.split(".")
            value = getattr(getattr(base.side(side), section), name)
            ov[f"{side}.{key}"] = value * scale
    model = dl.BattlefieldModel(base, seed=3, overrides=ov)
    model.run_days(0.5)  # get units into contact first
    counts: collections.Counter = collections.Counter()
    for module, name in HOT:
        original = getattr(module, name)

        def counted(*args, _f=original, _n=name, **kwargs):
            counts[_n] += 1
            return _f(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    steps = 36
    for _ in range(steps):
        model.step()
    monkeypatch.undo()
    print(scale, dict(counts))
    return {name: counts[name] / steps for _, name in HOT}, model.unit_steps / model.steps


def test_hot_array_functions_are_called_a_fixed_number_of_times_per_step(monkeypatch):
    small, units_small = calls_per_step(monkeypatch, 1)
    large, units_large = calls_per_step(monkeypatch, 2)
    assert units_large > 1.5 * units_small
    for name in small:
        assert small[name] > 0, f"{name} was never called: the guard would be empty"
        assert large[name] <= max(2.0, small[name] * 1.25), (name, small[name], large[name])
        assert large[name] <= 4.0, (name, large[name])  # a few calls per step, never per unit


@pytest.mark.parametrize("module,name", HOT)
def test_hot_functions_exist(module, name):
    assert callable(getattr(module, name))

"""Assault plans (``[[waves]]``, issue 11 item 4): a synchronised wave of motorcycles, armour
and foot arrives at one time on one axis, besides the daily trickle."""

import numpy as np
import pytest

import droneline as dl
from droneline.agents import ArmorGroup, MotorcycleSquad
from droneline.model.scenario import to_dict

RED = 0
WAVE = {"side": "red", "day": 2, "hour": 5.0, "motorcycles": 100, "armor": 20, "axis_km": 4.0}


def _scenario(*waves, **overrides):
    return dl.load_scenario({"extends": "pokrovsk_drone_line", "waves": list(waves)}, overrides)


def test_a_wave_is_read_with_its_defaults_and_written_back():
    sc = _scenario(WAVE, {"side": "blue", "day": 3, "hour": 22, "foot": 40})
    assert [w.motorcycles for w in sc.waves] == [100, 0]
    assert sc.waves[1].axis_km == -1.0 and sc.waves[1].width_km == 1.0
    again = dl.load_scenario(to_dict(sc))  # the scenario as TOML-ready data loads back
    assert again.waves == sc.waves


@pytest.mark.parametrize(
    "wave, key, rule",
    [
        ({**WAVE, "side": "green"}, "waves[0].side", "one of"),
        ({**WAVE, "bikes": 3}, "waves[0].bikes", "unknown key"),
        ({**WAVE, "motorcycles": -1}, "waves[0].motorcycles", ""),
        ({"side": "red", "day": 2}, "waves[0].motorcycles", "a wave needs"),
        ({**WAVE, "day": 1, "hour": 5.0}, "waves[0].hour", "before the battle starts"),
        ({**WAVE, "axis_km": 50.0}, "waves[0].axis_km", "beyond the front"),
        ("not a table", "waves[0]", "must be a table"),
    ],
)
def test_a_bad_wave_is_refused_in_one_line_naming_it(wave, key, rule):
    with pytest.raises(dl.ScenarioError) as err:
        _scenario(wave)
    text = str(err.value)
    assert key in text and rule in text and "\n" not in text


def test_waves_must_be_an_array_of_tables():
    with pytest.raises(dl.ScenarioError, match=r"waves.*array of tables"):
        dl.load_scenario({"extends": "pokrovsk_drone_line", "waves": {"side": "red"}})


def test_every_unit_of_a_wave_is_queued_for_the_same_step_on_its_axis():
    m = dl.BattlefieldModel(_scenario(WAVE), seed=1)
    f = m.side_params[RED].forces
    hours = 24.0 + 5.0 - m.params.run.start_hour
    step = int(np.floor(hours / m.scales.step_h + 1e-9)) + 1
    wave = [a for a in m.arrivals if a[0] == step]
    names = [a[3] for a in wave]
    assert names.count("motorcycle") == round(100 / f.bikes_per_squad)
    assert names.count("armor") == round(20 / f.vehicles_per_armor_group)
    assert {a[4] for a in wave} == {m.scales.cells(4.0)} and {a[5] for a in wave} == {1.0}
    assert all(a[2] == RED for a in wave)


def test_the_wave_arrives_together():
    """A wave of 100 motorcycles appears at one step and its squads reach their objectives
    (or are stopped) within the hour; the daily trickle is spread over the whole day."""
    m = dl.BattlefieldModel(_scenario(WAVE), seed=1)
    u = m.units
    per_day = int(round(m.scales.steps_per_day))
    appeared, done = None, {}
    for _ in range(2 * per_day):
        m.step()
        rows = u.live_of(MotorcycleSquad.KIND, RED)
        if appeared is None:
            new = rows[u.born[rows] == m.steps]
            if len(new) >= 30:
                appeared, wave = m.steps, new
            continue
        for r in wave:
            if r not in done and (not u.alive[r] or u.strength[r] <= 0):
                done[r] = m.steps
    assert appeared is not None
    clock = (appeared - 1) * m.scales.step_h + m.params.run.start_hour
    assert clock == pytest.approx(24.0 + 5.0)  # day 2, 05:00
    assert len(done) == len(wave)  # every squad dismounted or was stopped
    assert (max(done.values()) - appeared) * m.scales.step_h <= 1.0
    n = u.n  # the armour came with it
    armour = (u.kind[:n] == ArmorGroup.KIND) & (u.born[:n] == appeared)
    assert armour.sum() == round(20 / m.side_params[RED].forces.vehicles_per_armor_group)

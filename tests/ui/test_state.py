"""Page state: options from the page address; pending values and what Reset applies."""

from __future__ import annotations

from droneline.ui.state import COMPARE, MAX_FPS, AppState, options_from_query


def test_options_from_the_address():
    assert options_from_query(None) == {}
    q = options_from_query(
        "preset=sudzha_supply_cut&seed=7&fps=99&minutes=120&classroom=0&tab=compare"
    )
    assert q == {
        "preset": "sudzha_supply_cut",
        "seed": 7,
        "fps": MAX_FPS,
        "minutes_per_frame": 120,
        "classroom": False,
        "tab": COMPARE,
    }
    # values that do not fit are ignored
    assert options_from_query("preset=nowhere&seed=-3&minutes=7&fps=x") == {}


def test_pending_changes_and_overrides():
    state = AppState(seed=3)
    assert state.pending_changes() == 0 and state.overrides == {}
    state.set_value("blue.drones.units", state.values.value["blue.drones.units"] + 1)
    state.seed.value = 4
    assert state.pending_changes() == 2
    spec = state.pending_spec()
    assert spec.seed == 4 and set(spec.override_dict) == {"blue.drones.units"}
    assert state.reset() and state.live.spec == spec and state.pending_changes() == 0
    state.revert()
    assert state.pending_changes() == 0


def test_steps_per_frame_follow_model_time():
    state = AppState()
    step_min = state.live.model.scales.step_h * 60
    for minutes in (10, 30, 60, 120):
        state.minutes_per_frame.value = minutes
        assert state.steps_per_frame() == max(1, round(minutes / step_min))

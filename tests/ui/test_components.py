"""Headless component tests: the page rendered with ``solara.render`` inside an AppLayout,
driven through its widgets (buttons clicked, sliders and selects set) as a browser would."""

from __future__ import annotations

import time

import ipyvue
import ipyvuetify as v
import pandas as pd
import pytest
import solara
from widgets import button, map_units, map_widget, slider, text_of

import droneline as dl
from droneline.ui.page import Page
from droneline.ui.state import AppState, preset_label

DEPTH = "blue.drones.strike_depth_km"


@pytest.fixture
def page():
    state = AppState()
    box, rc = solara.render(solara.AppLayout(children=[Page(state=state)]), handle_error=False)
    yield state, rc
    state.playing.value = False
    rc.close()


def steps_per_sample(model) -> int:
    """Steps between two samples of the time series (6 by default: hourly, 10-min steps)."""
    r = model.params.run
    return max(1, round(r.metrics_interval_minutes / r.step_minutes))


def test_opens_with_the_pokrovsk_drone_line_ready_to_play(page):
    state, rc = page
    assert state.live.spec.preset == "pokrovsk_drone_line" and state.live.steps == 0
    m = map_widget(rc)
    assert m.title == "pokrovsk drone line" and m.step == 0
    assert len(map_units(m)["id"]) > 20 and m.terrain.startswith("data:image/png;base64,")
    assert m.control and m.zones and m.mines == "" and m.mined == 0  # no cell mined yet
    assert "Play" in button(rc, "dl-play").children
    sc = state.live.model.params
    texts = [w.children[0] for w in rc.find(v.Html, class_="dl-class-text").widgets]
    assert any(" ".join(sc.question.split()) in t for t in texts)
    charts = rc.find(ipyvue.VueTemplate, xlabel="day").widgets
    assert len(charts) == 6 and all(len(c.x) == 1 for c in charts)


def test_step_advances_the_model_and_redraws_map_and_charts(page):
    state, rc = page
    n = steps_per_sample(state.live.model) + 1
    for _ in range(n):
        button(rc, "dl-step").click()  # 10 minutes of battle each (one step by default)
    spf = state.steps_per_frame()
    assert state.live.steps == n * spf
    assert map_widget(rc).step == n * spf
    # one clock: the toolbar shows the map's ("Day 1, 07:10")
    clock = map_widget(rc).clock.rsplit(",", 1)[0]
    assert text_of(rc, "dl-status").startswith(clock + " · ")
    charts = rc.find(ipyvue.VueTemplate, xlabel="day").widgets
    assert all(len(c.x) >= 2 for c in charts)  # a new sample has been drawn
    state.minutes_per_frame.value = 60
    button(rc, "dl-step").click()
    assert state.live.steps == n * spf + state.steps_per_frame()


def test_sliders_and_seed_then_reset_rebuild_with_exactly_those_values(page):
    state, rc = page
    button(rc, "dl-step").click()
    slider(rc, DEPTH).v_model = 7
    slider(rc, "red.forces.group_size").v_model = 6
    seed = rc.find(v.TextField, label="Seed").single.widget
    seed.v_model = "42"
    assert state.live.model.params.blue.drones.strike_depth_km != 7  # pending until Reset
    assert "3 change(s) not applied" in text_of(rc, "dl-pending")
    button(rc, "dl-reset").click()
    m = state.live.model
    assert m.steps == 0 and m.seed == 42
    assert m.params.blue.drones.strike_depth_km == 7 and m.params.red.forces.group_size == 6
    assert state.pending_changes() == 0 and not rc.find(v.Html, class_="dl-pending")
    assert map_widget(rc).step == 0
    # the rebuilt run is the run a script gets from the same values
    overrides = {DEPTH: 7, "red.forces.group_size": 6}
    script = dl.BattlefieldModel(dl.load_scenario("pokrovsk_drone_line", overrides), seed=42)
    state.live.advance(12)
    for _ in range(12):
        script.step()
    pd.testing.assert_frame_equal(state.live.model.timeseries(), script.timeseries())


def test_undo_puts_the_controls_back(page):
    state, rc = page
    before = slider(rc, DEPTH).v_model
    slider(rc, DEPTH).v_model = 3
    button(rc, "dl-revert").click()
    assert slider(rc, DEPTH).v_model == before and state.pending_changes() == 0


def test_values_that_break_a_rule_are_refused_with_the_rule(page):
    """A combination the model refuses is refused before building, in plain words, and the
    current run is kept (here set behind the sliders' back: the sliders keep the shares
    within 1 themselves, see test_share_sliders_keep_their_sum_within_one)."""
    state, rc = page
    model = state.live.model
    state.values.value = {
        **state.values.value,
        "red.forces.motorcycle_share": 0.9,
        "red.forces.armor_share": 0.5,
    }
    shown = text_of(rc, "dl-values-error")
    assert "must not exceed 1" in shown and "armor_share" not in shown  # plain words
    button(rc, "dl-reset").click()
    assert state.live.model is model
    error = rc.find(v.Alert).single.widget
    assert "must not exceed 1" in " ".join(str(c) for c in error.children)


def test_choosing_a_preset_rebuilds_with_its_values(page):
    state, rc = page
    other = "sudzha_supply_cut"
    rc.find(v.Select, label="Preset").single.widget.v_model = preset_label(other)
    m = state.live.model
    assert state.live.spec.preset == other and m.params.name == other and m.steps == 0
    sc = dl.load_scenario(other)
    defender = "blue" if sc.attacker == "red" else "red"
    name = f"{defender}.drones.strike_depth_km"
    assert slider(rc, name).v_model == pytest.approx(
        sc.blue.drones.strike_depth_km if defender == "blue" else sc.red.drones.strike_depth_km
    )
    assert map_widget(rc).title == other.replace("_", " ")


def test_compare_view_steps_both_runs_together(page):
    state, rc = page
    rc.find(v.Tabs).single.widget.v_model = 1
    a, b = map_widget(rc, "A:"), map_widget(rc, "B:")
    pair = state.pair
    assert pair.a.model.seed == pair.b.model.seed == state.seed.value
    n = steps_per_sample(pair.a.model)
    state.minutes_per_frame.value = 10
    for _ in range(n):
        button(rc, "dl-step").click()
    k = n * state.steps_per_frame(pair.a.model)
    assert pair.a.steps == pair.b.steps == k and state.live.steps == 0
    assert map_widget(rc, "A:").step == map_widget(rc, "B:").step == k
    del a, b
    chart = rc.find(
        ipyvue.VueTemplate,
        title="Front depth: red's advance in both runs (km, mean along the front)",
    )
    lengths = [len(s["values"]) for s in chart.single.widget.series]
    assert lengths[0] == lengths[1] >= 2
    # one parameter different: run B gets the chosen value, run A the live run's
    rc.find(v.BtnToggle, class_="dl-compare-mode").single.widget.v_model = 1
    state.compare_param.value = DEPTH
    state.compare_value.value = 2
    button(rc, "dl-compare-apply").click()
    assert pair.b.model.params.blue.drones.strike_depth_km == 2
    assert (
        pair.a.model.params.blue.drones.strike_depth_km
        == state.live.model.params.blue.drones.strike_depth_km
    )
    assert pair.a.steps == 0


def test_play_runs_frames_until_paused(page):
    state, rc = page
    state.fps.value = 20
    button(rc, "dl-play").click()
    deadline = time.monotonic() + 20
    while state.live.steps < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    button(rc, "dl-play").click()  # pause
    time.sleep(0.3)
    steps = state.live.steps
    assert steps >= 4 and not state.playing.value
    time.sleep(0.3)
    assert state.live.steps == steps


def test_classroom_switch_hides_the_panel(page):
    state, rc = page
    assert rc.find(v.Html, class_="dl-class-head")
    state.classroom.value = False
    assert not rc.find(v.Html, class_="dl-class-head")


def test_reset_while_playing_pauses_and_leaves_a_fresh_run(page):
    state, rc = page
    state.fps.value = 30
    button(rc, "dl-play").click()
    deadline = time.monotonic() + 20
    while state.live.steps < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    slider(rc, DEPTH).v_model = 9
    button(rc, "dl-reset").click()
    time.sleep(0.5)  # the play loop notices and ends
    assert not state.playing.value
    assert state.live.steps == 0 and state.live.model.params.blue.drones.strike_depth_km == 9
    assert "Play" in button(rc, "dl-play").children

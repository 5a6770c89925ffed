"""Issue 13, "classroom-ready live UI", headless: the page rendered with ``solara.render`` and
driven through its widgets. One test (or more) per defect of the issue; the browser-only
parts (layout on a 1280x720 screen, the real page) are in test_browser_classroom.py."""

from __future__ import annotations

import io
import time

import ipyvue
import ipyvuetify as v
import pandas as pd
import pytest
import solara
from widgets import button, map_units, map_widget, slider, text_of

import droneline as dl
from droneline.cli import main as cli_main
from droneline.ui import export
from droneline.ui.classroom import help_sections
from droneline.ui.compare import verdict
from droneline.ui.page import Page
from droneline.ui.paramtable import parameter_rows
from droneline.ui.session import PairRun, RunSpec, preset_pair
from droneline.ui.state import AppState


def render(state: AppState):
    box, rc = solara.render(solara.AppLayout(children=[Page(state=state)]), handle_error=False)
    return rc


@pytest.fixture
def page():
    state = AppState()
    rc = render(state)
    yield state, rc
    state.stop()
    rc.close()


def texts(rc, cls) -> list[str]:
    return [" ".join(str(c) for c in w.children) for w in rc.find(v.Html, class_=cls).widgets]


def tables(rc, cls) -> list:
    """``solara.HTML`` tables whose class attribute has ``cls``."""
    return [w for w in rc.find(tag="table").widgets if cls in w.attributes.get("class", "")]


def alerts(rc) -> str:
    return " ".join(" ".join(str(c) for c in w.children) for w in rc.find(v.Alert).widgets)


def alerts_soon(rc, has: str, present: bool = True, seconds: float = 10.0) -> bool:
    """Whether an alert with ``has`` is (or, ``present=False``, is no longer) on the page
    within ``seconds``: the page re-renders when the play loop's thread settles, a moment after
    the control changed, as it does in the browser."""
    deadline = time.monotonic() + seconds
    while (has in alerts(rc)) != present and time.monotonic() < deadline:
        time.sleep(0.05)
    return (has in alerts(rc)) == present


# ----------------------------------------------------------------- 1. no traceback, ever
@pytest.mark.parametrize("typed", ["-5", "abc", "1.5", "99999999999999", "", "-0x10", "1e30"])
def test_a_bad_seed_shows_a_message_and_keeps_the_run(page, typed):
    """Issue 13 (1): Seed -5 + Reset replaced the page with a traceback (numpy ValueError)."""
    state, rc = page
    model = state.live.model
    rc.find(v.TextField, label="Seed").single.widget.v_model = typed
    assert "whole number from 0" in text_of(rc, "dl-seed-error")  # next to the control
    button(rc, "dl-reset").click()
    assert state.live.model is model and state.seed.value == 1
    assert "whole number from 0" in alerts(rc) and "Traceback" not in alerts(rc)
    rc.find(v.TextField, label="Seed").single.widget.v_model = " 7 "
    assert not rc.find(v.Html, class_="dl-seed-error")
    button(rc, "dl-reset").click()
    assert state.live.model.seed == 7 and not rc.find(v.Alert)


def test_any_error_while_building_is_a_message(page, monkeypatch):
    state, rc = page
    model = state.live.model

    def broken(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(RunSpec, "build", broken)
    slider(rc, "blue.drones.units").v_model = 3
    button(rc, "dl-reset").click()
    assert state.live.model is model
    assert "could not be built" in alerts(rc) and "disk on fire" in alerts(rc)
    rc.find(v.Select, label="Preset").single.widget.v_model = "Sudzha supply cut"
    assert state.live.model is model and "could not be built" in alerts(rc)


# ----------------------------------------------------------------- 5. the end of a run
def test_play_stops_at_the_last_day_and_says_the_run_is_finished(page):
    """Issue 13 (5): Play ran past the end ("Day 15.42 of 14") with no sign of the end."""
    state, rc = page
    state.live.reset(RunSpec.of("pokrovsk_drone_line", {"run.days": 0.25}, 1))
    state.frame.value += 1
    state.minutes_per_frame.value = 120
    for _ in range(4):  # 8 h asked for, 6 h in the run
        if not button(rc, "dl-step").disabled:
            button(rc, "dl-step").click()
    assert state.live.model.day == pytest.approx(0.25)
    assert "finished" in text_of(rc, "dl-status")
    notice = alerts(rc)
    assert "The run is finished" in notice and "advanced" in notice
    assert button(rc, "dl-play").disabled and button(rc, "dl-step").disabled
    state.playing.value = True  # even if asked: no step past the end
    time.sleep(0.5)
    assert state.live.model.day == pytest.approx(0.25) and not state.playing.value


def test_run_to_the_end_steps_without_drawing_every_frame():
    run_spec = RunSpec.of("pokrovsk_drone_line", {"run.days": 0.5}, 1)
    state = AppState()
    state.live.reset(run_spec)
    frames = []
    maker = state.live._maker
    original = maker.make
    maker.make = lambda *a, **k: frames.append(1) or original(*a, **k)
    assert state.run_to_end()
    assert state.live.finished and state.live.model.day == pytest.approx(0.5)
    assert len(frames) == 1  # one frame at the end, none in between


# ----------------------------------------------------------------- 9. busy indicator
def test_a_rebuild_shows_a_busy_indicator_until_it_is_done():
    state = AppState(threaded=True)
    rc = render(state)
    try:
        model = state.live.model
        rc.find(v.TextField, label="Seed").single.widget.v_model = "5"
        button(rc, "dl-reset").click()
        assert state.busy.value and "Building" in text_of(rc, "dl-busy-text")
        assert button(rc, "dl-play").disabled
        deadline = time.monotonic() + 60
        while state.busy.value and time.monotonic() < deadline:
            time.sleep(0.05)
        assert state.live.model is not model and state.live.model.seed == 5
        deadline = time.monotonic() + 5
        while rc.find(v.Html, class_="dl-busy-text") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not rc.find(v.Html, class_="dl-busy-text")
        assert map_widget(rc).step == 0
    finally:
        state.stop()
        rc.close()


# ----------------------------------------------------------------- 10. sliders
def test_share_sliders_keep_their_sum_within_one(page):
    """Issue 13 (10): motorcycle share 1 + armour share 1 was accepted, refused on Reset."""
    state, rc = page
    slider(rc, "red.forces.armor_share").v_model = 1.0
    slider(rc, "red.forces.motorcycle_share").v_model = 1.0
    values = state.values.value
    assert values["red.forces.motorcycle_share"] + values["red.forces.armor_share"] <= 1 + 1e-9
    assert "lowered" in text_of(rc, "dl-notice")
    assert state.pending_problem() is None
    button(rc, "dl-reset").click()
    f = state.live.model.params.red.forces
    assert (f.motorcycle_share, f.armor_share) == (1.0, 0.0) and not rc.find(v.Alert)


def test_no_drone_line_sliders_where_there_are_no_strike_drones(page):
    state, rc = page
    rc.find(v.Select, label="Preset").single.widget.v_model = "Baseline 2022"
    assert state.live.spec.preset == "baseline_2022"
    assert not rc.find(v.Html, class_="dl-slider dl-slider-blue-drones-strike_depth_km")
    assert any("No strike drones here" in t for t in texts(rc, "dl-note"))
    assert slider(rc, "red.forces.group_size")  # the other sliders stay


# ----------------------------------------------------------------- 3, 6. compare
def test_compare_labels_are_plain_words_with_units(page):
    state, rc = page
    rc.find(v.Tabs).single.widget.v_model = 1
    state.compare_mode.value = "parameter"
    state.compare_param.value = "blue.drones.strike_depth_km"
    state.compare_value.value = 4
    button(rc, "dl-compare-apply").click()
    assert map_widget(rc, "A:").title == "A: blue's drone line depth 12 km"
    assert map_widget(rc, "B:").title == "B: blue's drone line depth 4 km"
    state.compare_mode.value = "presets"
    button(rc, "dl-compare-apply").click()
    explained = " ".join(texts(rc, "dl-class-text"))
    assert "Blue: crews per drone unit: " in explained and "blue.drones" not in explained


def test_the_sidebar_drives_the_compare_view_and_says_when_maps_are_stale(page):
    """Issue 13 (6): the sidebar was silently ignored on the compare tab; in one-parameter
    mode stale maps and text stayed until "Build both runs", with no hint."""
    state, rc = page
    rc.find(v.Tabs).single.widget.v_model = 1
    assert rc.find(v.Select, label="Run B").single  # the compare settings are in the sidebar
    assert not rc.find(v.Select, label="Preset")  # the live run's controls are not shown
    assert not rc.find(v.Alert, class_="dl-stale-warning")
    rc.find(v.Select, label="Run B").single.widget.v_model = "Pokrovsk symmetric"
    assert alerts_soon(rc, "still show the runs built before")
    assert map_widget(rc, "B:").title.endswith("(out of date)")
    button(rc, "dl-compare-apply").click()
    assert state.pair.b.spec.preset == "pokrovsk_symmetric"
    assert alerts_soon(rc, "still show", present=False)
    # the seed is the sidebar's, for both runs
    rc.find(v.TextField, label="Seed").single.widget.v_model = "9"
    assert alerts_soon(rc, "still show")
    button(rc, "dl-compare-apply").click()
    assert state.pair.a.model.seed == state.pair.b.model.seed == 9


def test_verdict_says_what_the_comparison_shows():
    pair = PairRun(
        preset_pair("pokrovsk_drone_line", "pokrovsk_no_drone_line", 1, {"run.days": 0.5})
    )
    fa, fb = pair.a.frame, pair.b.frame
    assert "press Play or Run to the end" in verdict(fa, fb, "A", "B")
    assert pair.run_to_end()
    fa, fb = pair.a.frame, pair.b.frame
    a = pair.a.model.summary()["advance_km"]
    b = pair.b.model.summary()["advance_km"]
    text = verdict(fa, fb, pair.spec.label_a, pair.spec.label_b)
    assert text.startswith("Day 0.5 of 0.5: red advanced ")
    assert f"{a:.1f} km in A (Pokrovsk drone line)" in text
    assert f"{b:.1f} km in B (Pokrovsk no drone line)" in text


def test_compare_verdict_is_on_the_page_and_follows_the_runs(page):
    state, rc = page
    rc.find(v.Tabs).single.widget.v_model = 1
    assert "press Play" in text_of(rc, "dl-verdict")
    state.minutes_per_frame.value = 120
    button(rc, "dl-step").click()
    assert "red advanced" in text_of(rc, "dl-verdict")


# ----------------------------------------------------------------- 11, 12. inspect, export
def test_click_a_unit_to_inspect_it(page):
    state, rc = page
    m = map_widget(rc)
    unit = int(map_units(m)["id"][0])
    m.vue_select(unit)  # what the browser sends when the unit is clicked
    title = text_of(rc, "dl-class-head dl-inspect-title")
    side = state.live.model.units.side[unit]
    assert title.startswith(state.live.frame.names[side] + " ")
    (table,) = tables(rc, "dl-inspect-table")
    assert "soldiers" in table.unsafe_innerHTML
    assert map_widget(rc).selected == unit
    state.minutes_per_frame.value = 120
    for _ in range(2):
        button(rc, "dl-step").click()
    assert len(state.live.history) >= 2
    assert rc.find(ipyvue.VueTemplate, title="Since you clicked it: soldiers (and vehicles)")
    button(rc, "dl-inspect-close").click()
    assert not tables(rc, "dl-inspect-table")


def test_export_files_read_back(tmp_path):
    spec = RunSpec.of("sudzha_supply_cut", {"blue.drones.units": 7}, 3)
    from droneline.ui.session import LiveRun

    run = LiveRun(spec)
    run.advance(12)
    ts = pd.read_csv(io.BytesIO(export.to_csv(export.timeseries(run))))
    pd.testing.assert_frame_equal(
        ts, run.model.timeseries().reset_index(drop=True), check_dtype=False
    )
    pq = pd.read_parquet(io.BytesIO(export.to_parquet(export.timeseries(run))))
    assert len(pq) == len(run.model.timeseries())
    summary = pd.read_csv(io.BytesIO(export.to_csv(export.summary(run))))
    assert summary.loc[0, "seed"] == 3 and summary.loc[0, "preset"] == "sudzha_supply_cut"
    assert summary.loc[0, "advance_km"] == pytest.approx(run.model.summary()["advance_km"])
    assert len(pd.read_parquet(io.BytesIO(export.to_parquet(export.summary(run))))) == 1
    for png in (export.map_png(run), export.charts_png(run)):
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    path = tmp_path / "exported.toml"
    path.write_text(export.scenario_toml(run))
    again = dl.load_scenario(path)
    from droneline.model.scenario import flatten

    assert flatten(again) == flatten(run.model.params)
    assert again.blue.drones.units == 7
    out = tmp_path / "run"
    assert cli_main(["run", str(path), "--days", "0.1", "--seed", "3", "--quiet",
                     "--no-figure", "--out", str(out)]) == 0  # fmt: skip
    assert any(out.iterdir())


def test_export_and_all_parameters_are_in_the_sidebar(page):
    state, rc = page
    names = [w.filename for w in rc.find(v.Btn).widgets if getattr(w, "filename", None)]
    del names
    downloads = rc.find(v.Html, class_="dl-export-item dl-export-scenario-toml")
    assert downloads
    rows = parameter_rows(state.live.model.params, state.base)
    assert len(rows) == len(dl.parameters()) - 5 and not any(r["changed"] for r in rows)
    slider(rc, "blue.drones.units").v_model = 4
    button(rc, "dl-reset").click()
    rows = parameter_rows(state.live.model.params, state.base)
    assert [r["name"] for r in rows if r["changed"]] == ["blue.drones.units"]


# ----------------------------------------------------------------- help, presenter
@pytest.mark.parametrize("preset", dl.preset_names())
def test_help_for_every_preset(preset):
    sc = dl.load_scenario(preset)
    sections = {key: text for key, _, _, text in help_sections(sc)}
    assert list(sections) == ["what", "how", "use", "notice", "try"]
    assert " ".join(sc.description.split()) == sections["what"]
    assert " ".join(sc.watch_for.split()) == sections["notice"]
    assert " ".join(sc.question.split()) in sections["try"]


def test_presenter_mode_folds_the_sidebar_and_keeps_map_chart_and_play(page):
    state, rc = page
    state.presenter.value = True
    assert not rc.find(v.Select, label="Preset")  # the sidebar is folded away
    assert button(rc, "dl-play") and map_widget(rc).font_scale == 1.5
    assert len(rc.find(ipyvue.VueTemplate, xlabel="day").widgets) == 1  # one chart
    state.presenter.value = False
    assert rc.find(v.Select, label="Preset")


def test_a_reloaded_page_finds_its_run():
    """Issue 13 (11): reloading during play lost the run (the browser part is in
    test_browser_classroom.py)."""
    state = AppState(threaded=True)
    state.minutes_per_frame.value = 60
    state.step()
    state.set_value("blue.drones.units", 4)
    again = AppState.restored(state.token)
    assert again.live is state.live and again.live.steps == state.live.steps > 0
    assert again.minutes_per_frame.value == 60
    assert again.values.value["blue.drones.units"] == 4 and again.pending_changes() == 1
    assert AppState.restored("no-such-token") is None

"""What one played frame costs the page, counted rather than timed (issue 13, item 9: "20 fps
requested delivers 8-13"): one render pass per frame, only the views that follow the run
touched, only what changed sent to the map, charts only with a new sample, and several
frames of model time per drawn frame when playing falls behind; the units as one packed string
of a few bytes each, not a list of lists of numbers."""

from __future__ import annotations

import json

import ipyvue
import ipyvuetify as v
import ipywidgets
import pytest
import reacton.core
import solara
from widgets import map_units, map_widget

from droneline.ui import controls, server
from droneline.ui.controls import MAX_FRAMES_PER_DRAW, frames_due
from droneline.ui.page import Page
from droneline.ui.paramtable import AllParameters
from droneline.ui.state import AppState

FRAMES = 12
# what a frame may send to the map: its clock, units and marks; overlays when they change
PER_FRAME = {"step", "day", "clock", "units", "marks", "mark_window"}
OVERLAYS = {"control", "zones", "mines", "mined"}
# characters a unit may cost in the map's per-frame state (as JSON): a packed row is 24 bytes,
# 32 in base64; a row of nine numbers in a list of lists was about 50
UNIT_CHARS = 36


@pytest.fixture
def playing_page(monkeypatch):
    """The page as served (the renderer ``droneline ui`` selects), a day into the run; yields
    (state, render context, what each played frame touched: a list of {widget: keys})."""
    for key, value in server.SOLARA_DEFAULTS.items():
        monkeypatch.setenv(key, value)
    state = AppState()
    state.live.advance(144)
    box, rc = solara.render(solara.AppLayout(children=[Page(state=state)]), handle_error=False)
    touched: list[dict] = []
    sent: list[dict] = []
    update_widget = reacton.core.Element._update_widget
    send_state = ipywidgets.Widget.send_state

    def spy_update(self, widget, el_prev, kwargs):
        if touched:
            touched[-1][widget] = set(kwargs)
        return update_widget(self, widget, el_prev, kwargs)

    def spy_send(self, key=None):
        if sent:
            keys = {key} if isinstance(key, str) else set(key or ())
            sent[-1].setdefault(self, set()).update(keys)
        return send_state(self, key)

    monkeypatch.setattr(reacton.core.Element, "_update_widget", spy_update)
    monkeypatch.setattr(ipywidgets.Widget, "send_state", spy_send)
    generation = state.live.generation

    def play(frames: int) -> None:
        for _ in range(frames):
            touched.append({})
            sent.append({})
            assert state.step(generation, playing=True, batch=rc)

    yield state, rc, play, touched, sent
    rc.close()


def test_a_played_frame_is_one_render_of_the_page(playing_page):
    state, rc, play, _, _ = playing_page
    before = rc.render_count
    play(FRAMES)
    # the live view, its toolbar and the export panel all follow the frame: one pass for all
    assert rc.render_count - before == FRAMES


def test_a_played_frame_leaves_the_sidebar_alone(playing_page, monkeypatch):
    state, rc, play, touched, _ = playing_page
    ran = []
    for component in (controls.ScenarioPicker, controls.ParameterControls, AllParameters):
        f = component.f
        monkeypatch.setattr(component, "f", lambda *a, f=f, **k: ran.append(f) or f(*a, **k))
    sliders = set(rc.find(v.Slider).widgets)
    assert sliders
    play(FRAMES)
    assert not ran  # the parameter table (hundreds of rows) is not rebuilt per frame
    for frame in touched:
        assert not sliders & set(frame)
    # ... and at most a few dozen widgets per frame (the whole page has hundreds)
    assert max(len(frame) for frame in touched) < 40


def test_a_played_frame_sends_the_map_only_what_changed(playing_page):
    state, rc, play, _, sent = playing_page
    m = map_widget(rc)
    play(FRAMES)
    keys = [frame.get(m, set()) for frame in sent]
    assert all(k for k in keys)  # every frame reaches the map
    assert all(k <= PER_FRAME | OVERLAYS for k in keys), keys  # terrain, palette: never again
    assert sum(bool(k & OVERLAYS) for k in keys) < FRAMES  # overlays only when they changed


def test_a_played_frame_sends_the_units_in_a_few_bytes_each(playing_page):
    # at ~500 units the list of lists was ~4,600 numbers a frame, each walked by reacton and
    # ipywidgets on the server and deep-copied and compared by the browser's widget
    state, rc, play, _, _ = playing_page
    m = map_widget(rc)
    play(FRAMES)
    assert isinstance(m.units, str) and isinstance(m.marks, str)  # one value each, not lists
    units = map_units(m)
    with state.live.lock:
        assert list(units["id"]) == list(state.live.model.units.live())
    n = len(units["id"])
    assert n > 20
    assert len(json.dumps(m.get_state(["units"]))) <= UNIT_CHARS * n + 50


def test_charts_change_only_with_a_new_sample(playing_page):
    state, rc, play, _, sent = playing_page
    charts = set(rc.find(ipyvue.VueTemplate, xlabel="day").widgets)
    assert len(charts) == 6
    samples = state.live.frame.samples
    play(FRAMES)
    redrawn = sum(bool(charts & set(frame)) for frame in sent)
    assert redrawn <= state.live.frame.samples - samples


def test_frames_due_catch_up_when_drawing_falls_behind():
    assert frames_due(0.0, 20) == 1  # on time: one frame of model time per drawn frame
    assert frames_due(0.049, 20) == 1
    assert frames_due(0.05, 20) == 2  # a whole frame behind: the next draw covers two
    assert frames_due(10.0, 20) == MAX_FRAMES_PER_DRAW  # bounded: no runaway
    assert frames_due(-1.0, 20) == 1


def test_a_frame_behind_steps_several_frames_of_model_time(playing_page):
    state, rc, play, _, _ = playing_page
    steps = state.live.steps
    spf = state.steps_per_frame()
    assert state.step(state.live.generation, playing=True, frames=3, batch=rc)
    assert state.live.steps == steps + 3 * spf
    assert map_widget(rc).step == state.live.steps

"""The sidebar: playback (play / pause / step / reset, speed), the preset picker, the seed and
the sliders that matter. Playback drives whichever view is open (live run or compare)."""

from __future__ import annotations

import time

import solara

import droneline as dl

from .params import Slider, sliders_for
from .state import COMPARE, MAX_FPS, TIME_PER_FRAME_MIN, AppState, preset_label


def _play_loop(state: AppState, cancel) -> None:
    """Advance the active run one frame at a time at the chosen frame rate until paused,
    cancelled, or the run reaches the scenario's length (``run.days``)."""
    runner = state.runner
    generation = runner.generation
    stop_at_end = not runner.finished
    while state.playing.value and not cancel.is_set():
        t0 = time.perf_counter()
        if not state.step(generation, playing=True):
            return  # rebuilt by Reset or a preset change: its frame is fresh
        if stop_at_end and runner.finished:
            state.playing.value = False
            break
        delay = 1.0 / max(1, state.fps.value) - (time.perf_counter() - t0)
        if delay > 0:
            cancel.wait(delay)
    if runner.generation == generation and not state.playing.value:  # paused or at the end
        state.settle(runner)


@solara.component
def Playback(state: AppState):
    """Play / pause / step / reset, speed, and where the run stands."""
    playing = state.playing.value
    frame = state.pair_frame.value if state.tab.value == COMPARE else state.frame.value
    del frame  # read so that the day shown follows the run
    solara.use_thread(
        lambda cancel: _play_loop(state, cancel),
        dependencies=[playing, state.tab.value],
        intrusive_cancel=False,
    )
    runner = state.runner
    pending = state.pending_changes() if state.tab.value != COMPARE else 0

    def toggle():
        state.playing.value = not state.playing.value

    with solara.Card("Run", margin=0, classes=["dl-card"]):
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
            solara.Button(
                "Pause" if playing else "Play",
                icon_name="mdi-pause" if playing else "mdi-play",
                color="primary",
                on_click=toggle,
                classes=["dl-play"],
            )
            solara.Button(
                "Step",
                icon_name="mdi-step-forward",
                on_click=state.step,
                disabled=playing,
                classes=["dl-step"],
            )
            solara.Button(
                "Reset",
                icon_name="mdi-restore",
                on_click=state.reset,
                color="warning" if pending else None,
                classes=["dl-reset"],
            )
        what = "both runs" if state.tab.value == COMPARE else "the run"
        solara.Text(
            f"Day {runner.day:.2f} of {runner.run_days:g} · step {runner.steps} ({what})",
            classes=["dl-status"],
        )
        if pending:
            solara.Text(
                f"{pending} change(s) not applied yet: press Reset to rebuild the run with them.",
                classes=["dl-pending"],
            )
        solara.SliderInt(
            "Speed (frames per second)", value=state.fps, min=1, max=MAX_FPS, thumb_label=True
        )
        labels = [f"{m} min" if m < 60 else f"{m // 60} h" for m in TIME_PER_FRAME_MIN]
        solara.ToggleButtonsSingle(
            value=labels[TIME_PER_FRAME_MIN.index(state.minutes_per_frame.value)],
            values=labels,
            on_value=lambda v: state.minutes_per_frame.set(TIME_PER_FRAME_MIN[labels.index(v)]),
            dense=True,
        )
        solara.Text("model time per frame", style={"font-size": "0.8rem", "color": "#555"})
        if state.error.value:
            solara.Error(state.error.value, classes=["dl-error"])


@solara.component
def ScenarioPicker(state: AppState):
    """The preset picker and the preset's one-paragraph description."""
    names = dl.preset_names()
    labels = {preset_label(n): n for n in names}
    current = preset_label(state.preset.value)
    sc = state.base
    with solara.Card("Scenario", margin=0, classes=["dl-card"]):
        solara.Select(
            "Preset",
            values=list(labels),
            value=current,
            on_value=lambda label: state.choose_preset(labels[label]),
            classes=["dl-preset"],
        )
        sides = f"red: {sc.red.name} · blue: {sc.blue.name} · attacker: {sc.attacker}"
        solara.Text(sides, style={"font-size": "0.85rem", "color": "#444"})
        if sc.description:
            solara.Details(
                "About this scenario",
                children=[
                    solara.Text(" ".join(sc.description.split()), style={"font-size": "0.85rem"})
                ],
            )


@solara.component
def ParameterSlider(state: AppState, slider: Slider, side_name: str):
    value = state.values.value.get(slider.name)
    label = f"{side_name}: {slider.format(value)}"

    def on_value(v):
        state.set_value(slider.name, slider.clamp(v))

    kind = solara.SliderInt if slider.is_int else solara.SliderFloat
    with solara.Div(classes=["dl-slider", "dl-slider-" + slider.name.replace(".", "-")]):
        kind(label, value=value, min=slider.lo, max=slider.hi, step=slider.step, on_value=on_value)


@solara.component
def ParameterControls(state: AppState):
    """Seed and the sliders that matter, each with its unit and the schema's range."""
    sc = state.base
    with solara.Card("Parameters", margin=0, classes=["dl-card"]):
        solara.InputInt(
            "Seed",
            value=state.seed.value,
            continuous_update=True,
            on_value=lambda v: state.seed.set(int(v)),
            classes=["dl-seed"],
        )
        for title, sliders in sliders_for(sc):
            solara.HTML("div", title, classes=["dl-group"])
            last = None
            for s in sliders:
                if s.label != last:
                    solara.HTML("div", s.label, classes=["dl-param"], attributes={"title": s.doc})
                    last = s.label
                ParameterSlider(state, s, s.side)
        solara.Button(
            "Undo changes",
            text=True,
            on_click=state.revert,
            disabled=state.pending_changes() == 0,
            classes=["dl-revert"],
        )


@solara.component
def Sidebar(state: AppState):
    with solara.Column(gap="10px"):
        Playback(state)
        ScenarioPicker(state)
        ParameterControls(state)

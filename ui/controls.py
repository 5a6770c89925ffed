"""The sidebar: playback (play / pause / step / reset, speed), the preset picker, the seed and
the sliders that matter. Playback drives whichever view is open (live run or compare)."""

from __future__ import annotations

import contextlib
import time

import solara

import droneline as dl

from .params import Slider, no_strike_drone_sides, sliders_for
from .state import COMPARE, MAX_FPS, TIME_PER_FRAME_MIN, AppState, preset_label

# A drawn frame covers at most this many frames of model time when playing falls behind.
MAX_FRAMES_PER_DRAW = 4


def frames_due(lag_s: float, fps: float) -> int:
    """Frames of model time the next drawn frame should cover when the loop is ``lag_s``
    seconds behind the requested frame rate: one, plus every whole frame it is behind, at most
    ``MAX_FRAMES_PER_DRAW``. So model time per wall second keeps up with the requested speed
    when drawing cannot (a large battle, a busy machine), and slides no further behind than
    that bound when even this cannot keep up."""
    period = 1.0 / max(1.0, fps)
    return min(MAX_FRAMES_PER_DRAW, 1 + int(max(0.0, lag_s) / period))


def _play_loop(state: AppState, cancel, batch=None) -> None:
    """Advance the active run one frame at a time at the chosen frame rate until paused,
    cancelled, or the run reaches the scenario's length (``run.days``). A frame that took
    longer than its share of the second puts the loop behind; the next frames then cover
    several frames of model time each (:func:`frames_due`). ``batch`` (the page's render
    context) makes each frame one render of the page, whatever number of views follow it."""
    runner = state.runner
    generation = runner.generation
    lag = 0.0  # seconds behind the requested frame rate
    while state.playing.value and not cancel.is_set():
        t0 = time.perf_counter()
        if runner.finished:  # never past the scenario's end
            state.playing.value = False
            break
        fps = max(1, state.fps.value)
        frames = frames_due(lag, fps)
        if not state.step(generation, playing=True, frames=frames, batch=batch):
            return  # rebuilt by Reset or a preset change: its frame is fresh
        if runner.finished:
            state.playing.value = False
            break
        lag += time.perf_counter() - t0 - frames / fps
        # never owe more than one draw can pay back: beyond it, model time is let go
        lag = min(lag, MAX_FRAMES_PER_DRAW / fps)
        if lag < 0:
            cancel.wait(-lag)
            lag = 0.0
    if runner.generation == generation and not state.playing.value:  # paused or at the end
        with batch or contextlib.nullcontext():
            state.settle(runner)


def status_text(runner, both: bool = False) -> str:
    """Where the run stands, with the map's clock: "Day 3, 14:20 · 2.3 of 14 days"."""
    f = runner.frame
    clock = f.map.clock.rsplit(",", 1)[0]  # without "daylight" / "night"
    what = " (both runs)" if both else ""
    end = " · finished" if runner.finished else ""
    return f"{clock} · {f.day:.1f} of {f.run_days:g} days{what}{end}"


@solara.component
def BusyIndicator(state: AppState):
    """A spinner and what is being done while a run is built or run to the end."""
    busy = state.busy.value
    if not busy:
        return
    day = state.progress.value
    text = busy + (f" day {day:.1f}" if day is not None else "")
    with solara.Row(gap="8px", style={"align-items": "center"}, classes=["dl-busy"]):
        solara.v.ProgressCircular(indeterminate=True, size=22, width=3, color="primary")
        solara.Text(text, classes=["dl-busy-text"])


@solara.component
def Toolbar(state: AppState, font_scale: float = 1.0):
    """Play / pause / step / reset / run to the end, model time per frame and where the run
    stands: at the top of the live and compare views, so they stay reachable with the
    sidebar folded (presenter mode, a projector)."""
    playing = state.playing.value
    compare = state.tab.value == COMPARE
    _ = state.pair_frame.value if compare else state.frame.value  # follow the run
    busy = bool(state.busy.value)
    runner = state.runner
    finished = runner.finished
    pending = 0 if compare else state.pending_changes()
    stale = compare and state.compare_pending()

    def toggle():
        if not finished or playing:
            state.playing.value = not state.playing.value

    with solara.Div(classes=["dl-toolbar"], style={"font-size": f"{font_scale:.2f}rem"}):
        with solara.Row(gap="6px", style={"flex-wrap": "wrap", "align-items": "center"}):
            solara.Button(
                "Pause" if playing else "Play",
                icon_name="mdi-pause" if playing else "mdi-play",
                color="primary",
                on_click=toggle,
                disabled=busy or (finished and not playing),
                classes=["dl-play"],
            )
            solara.Button(
                "Step",
                icon_name="mdi-step-forward",
                on_click=lambda: state.step(),
                disabled=playing or busy or finished,
                classes=["dl-step"],
            )
            solara.Button(
                "Build both runs" if compare else "Reset",
                icon_name="mdi-restore",
                on_click=state.reset,
                color="warning" if (pending or stale) else None,
                disabled=busy,
                classes=["dl-compare-apply" if compare else "dl-reset"],
            )
            if busy and state.progress.value is not None:
                solara.Button(
                    "Stop", icon_name="mdi-stop", on_click=state.stop, classes=["dl-stop"]
                )
            else:
                solara.Button(
                    "Run to the end",
                    icon_name="mdi-fast-forward",
                    on_click=state.run_to_end,
                    disabled=busy or finished,
                    classes=["dl-run-to-end"],
                )
            labels = [f"{m} min" if m < 60 else f"{m // 60} h" for m in TIME_PER_FRAME_MIN]
            solara.ToggleButtonsSingle(
                value=labels[TIME_PER_FRAME_MIN.index(state.minutes_per_frame.value)],
                values=labels,
                on_value=lambda v: state.minutes_per_frame.set(TIME_PER_FRAME_MIN[labels.index(v)]),
                dense=True,
                classes=["dl-minutes"],
            )
            solara.Text("per frame", style={"font-size": "0.8rem", "color": "#555"})
            solara.Text(status_text(runner, compare), classes=["dl-status"])
            BusyIndicator(state)
        solara.v.ProgressLinear(
            value=100.0 * min(1.0, runner.day / max(runner.run_days, 1e-9)),
            height=4,
            color="success" if finished else "primary",
            class_="dl-progress",
        )
        if pending:
            solara.Text(
                f"{pending} change(s) not applied yet: press Reset to rebuild the run with them.",
                classes=["dl-pending"],
            )
        if state.error.value:
            solara.Error(state.error.value, classes=["dl-error"])


@solara.component
def SpeedControls(state: AppState):
    with solara.Card("Speed", margin=0, classes=["dl-card"]):
        solara.SliderInt("Frames per second", value=state.fps, min=1, max=MAX_FPS, thumb_label=True)
        solara.Text(
            "Model time per frame: the buttons next to Play (10 min … 2 h).",
            style={"font-size": "0.8rem", "color": "#555"},
        )


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
def SeedInput(state: AppState):
    """The seed as text: anything typed is checked; a bad value shows a message here and
    leaves the seed (and the run) as they were."""
    problem = state.seed_error.value
    solara.InputText(
        "Seed",
        value=state.seed_text.value,
        continuous_update=True,
        on_value=state.set_seed_text,
        error=bool(problem),
        classes=["dl-seed"],
    )
    if problem:
        solara.Text(problem, classes=["dl-seed-error"])


@solara.component
def ParameterControls(state: AppState):
    """Seed and the sliders that matter, each with its unit and the schema's range."""
    sc = state.base
    problem = solara.use_memo(
        state.pending_problem,
        [state.preset.value, tuple(sorted(state.overrides.items())), state.seed_error.value],
    )
    with solara.Card("Parameters", margin=0, classes=["dl-card"]):
        SeedInput(state)
        hidden = no_strike_drone_sides(sc)
        if hidden:
            who = " and ".join(hidden)
            solara.Text(
                f"No strike drones here ({who}: drones only spot for the guns), so the "
                "drone-line sliders are hidden.",
                classes=["dl-note"],
            )
        for title, sliders in sliders_for(sc):
            solara.HTML("div", title, classes=["dl-group"])
            last = None
            for s in sliders:
                if s.label != last:
                    solara.HTML("div", s.label, classes=["dl-param"], attributes={"title": s.doc})
                    last = s.label
                ParameterSlider(state, s, s.side)
        if state.notice.value:
            solara.Text(state.notice.value, classes=["dl-notice"])
        if problem and problem != state.seed_error.value:
            solara.Text(problem, classes=["dl-values-error"])
        solara.Button(
            "Undo changes",
            text=True,
            on_click=state.revert,
            disabled=state.pending_changes() == 0 and not state.seed_error.value,
            classes=["dl-revert"],
        )


@solara.component
def Sidebar(state: AppState):
    """Live tab: the scenario, its parameters, all parameters and export. Compare tab: what
    the two runs differ in (the sidebar drives the compare view there)."""
    from .compare import CompareSetup
    from .export import ExportPanel
    from .paramtable import AllParameters

    with solara.Column(gap="10px", classes=["dl-sidebar"]):
        if state.tab.value == COMPARE:
            CompareSetup(state)
        else:
            ScenarioPicker(state)
            ParameterControls(state)
            AllParameters(state)
            ExportPanel(state)
        SpeedControls(state)

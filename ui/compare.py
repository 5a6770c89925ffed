"""The compare view: two runs with the same seed and one switch different, side by side,
stepping together, with both front-depth curves on one chart and a one-line verdict.

The switch is either two presets (the drone line on / off by default:
``pokrovsk_drone_line`` vs ``pokrovsk_no_drone_line``) or one parameter of the live run's
scenario set to another value in run B. On this tab the sidebar holds these settings (it
drives the compare view); "Run to the end" steps both models to the last day without drawing
the frames in between.
"""

from __future__ import annotations

import solara

import droneline as dl

from .charts import Chart, SummaryTable, compare_spec
from .classroom import CompareExplainer
from .controls import SeedInput, Toolbar
from .frames import Frame
from .inspect import UnitInspector
from .labels import plain_name
from .mapview import BattleMap, MapLegend
from .state import AppState, preset_label

COMPACT_TEXT = 1.6
COMPACT_MARKERS = 1.3


def final_advance(frame: Frame) -> float:
    ts = frame.timeseries
    if len(ts) == 0 or "advance_km" not in ts:
        return 0.0
    return float(ts["advance_km"].iloc[-1])


def verdict(fa: Frame, fb: Frame, label_a: str, label_b: str) -> str:
    """One line that says what the comparison shows so far ("Day 14.0 of 14: red advanced
    0.4 km in A (Pokrovsk drone line) and 1.7 km in B (Pokrovsk no drone line): 1.3 km more
    in B.")."""
    att = fa.names[fa.attacker]
    a, b = final_advance(fa), final_advance(fb)
    day = min(fa.day, fb.day)
    head = f"Day {day:.1f} of {max(fa.run_days, fb.run_days):g}: "
    if day <= 0:
        return head + f"press Play or Run to the end to see how far {att} gets in each run."
    text = f"{att} advanced {a:.1f} km in A ({label_a}) and {b:.1f} km in B ({label_b})"
    diff = b - a
    if abs(diff) < 0.05:
        tail = ": about the same so far."
    else:
        tail = f": {abs(diff):.1f} km more in {'B' if diff > 0 else 'A'}."
    return head + text + tail


@solara.component
def CompareSetup(state: AppState):
    """Choose the switch (two presets, or one parameter's value in run B) and the seed: the
    sidebar on the compare tab. Changes take effect with "Build both runs"."""
    names = dl.preset_names()
    labels = {preset_label(n): n for n in names}
    mode = state.compare_mode.value
    with solara.Card("Compare two runs", margin=0, classes=["dl-card", "dl-compare-setup"]):
        solara.ToggleButtonsSingle(
            value="two presets" if mode == "presets" else "one parameter",
            values=["two presets", "one parameter"],
            on_value=lambda v: state.compare_mode.set(
                "presets" if v == "two presets" else "parameter"
            ),
            classes=["dl-compare-mode"],
        )
        if mode == "presets":
            solara.Select(
                "Run A",
                values=list(labels),
                value=preset_label(state.compare_a.value),
                on_value=lambda v: state.compare_a.set(labels[v]),
                classes=["dl-compare-a"],
            )
            solara.Select(
                "Run B",
                values=list(labels),
                value=preset_label(state.compare_b.value),
                on_value=lambda v: state.compare_b.set(labels[v]),
                classes=["dl-compare-b"],
            )
        else:
            sliders = {s.name: s for s in state.compare_sliders()}
            current = sliders.get(state.compare_param.value) or next(iter(sliders.values()))
            plain = {plain_name(n): n for n in sliders}
            solara.Select(
                "Parameter changed in run B",
                values=list(plain),
                value=plain_name(current.name),
                on_value=lambda v: state.compare_param.set(plain[v]),
                classes=["dl-compare-param"],
            )
            kind = solara.SliderInt if current.is_int else solara.SliderFloat
            value = current.clamp(state.compare_value.value)
            with solara.Div(classes=["dl-compare-value"]):
                kind(
                    f"value in run B: {current.format(value)}",
                    value=value,
                    min=current.lo,
                    max=current.hi,
                    step=current.step,
                    on_value=lambda v: state.compare_value.set(current.clamp(v)),
                )
            solara.Text(
                f"Run A is the live run as built ({preset_label(state.applied.value.preset)}"
                + (
                    f" with {len(state.applied.value.overrides)} change(s)"
                    if state.applied.value.overrides
                    else ""
                )
                + "); run B changes only this parameter.",
                classes=["dl-note"],
            )
        SeedInput(state)
        solara.Text("Same seed for both runs: the same map and the same dice.", classes=["dl-note"])
        stale = state.compare_pending()
        solara.Button(
            "Build both runs",
            icon_name="mdi-restore",
            color="warning" if stale else "primary",
            on_click=state.reset,
            disabled=bool(state.busy.value),
            classes=["dl-compare-build"],
        )
        if stale:
            solara.Text("Changed: press Build both runs to apply.", classes=["dl-stale-hint"])


@solara.component
def RunColumn(state: AppState, key: str, label: str, frame: Frame, font_scale: float, stale: bool):
    """One run of the pair: its map (click a unit to inspect it)."""
    letter = key.upper()
    with solara.Card(
        margin=0, classes=["dl-card", f"dl-run-{key}"] + (["dl-stale"] if stale else [])
    ):
        # half-width maps: larger text and markers than the live map
        BattleMap(
            frame.map,
            title=f"{letter}: {label}" + (" (out of date)" if stale else ""),
            show_legend=False,
            font_scale=COMPACT_TEXT * font_scale,
            marker_scale=COMPACT_MARKERS,
            on_select=lambda unit: state.select_unit(key, unit),
        )


@solara.component
def CompareView(state: AppState):
    _ = state.pair_frame.value  # re-render on every new frame
    pair = state.ensure_pair()
    fa, fb = pair.a.frame, pair.b.frame
    presenter = state.presenter.value
    fs = 1.5 if presenter else 1.15 if state.classroom.value else 1.0
    stale = state.compare_pending()
    chart = solara.use_memo(
        lambda: compare_spec(
            fa.timeseries,
            fb.timeseries,
            pair.spec.label_a,
            pair.spec.label_b,
            fa.names[fa.attacker],
        ),
        [fa.timeseries, fb.timeseries, pair.spec],
    )
    keep = ("advance (km)", "casualties", "drones", "positions lost", "convoys lost")
    with solara.Column(gap="8px", classes=["dl-compare"]):
        Toolbar(state, font_scale=fs if presenter else 1.0)
        solara.Text(
            verdict(fa, fb, pair.spec.label_a, pair.spec.label_b),
            classes=["dl-verdict"],
            style={"font-size": f"{1.1 * fs:.2f}rem"},
        )
        if stale:
            solara.Warning(
                "The settings in the sidebar have changed: these maps still show the runs "
                "built before. Press Build both runs to apply them.",
                classes=["dl-stale-warning"],
                dense=True,
            )
        with solara.Div(classes=["dl-compare-maps"]):
            RunColumn(state, "a", pair.spec.label_a, fa, fs, stale)
            RunColumn(state, "b", pair.spec.label_b, fb, fs, stale)
        with solara.Card(margin=0, classes=["dl-card", "dl-compare-chart"]):
            Chart(
                **chart,
                xmax=max(fa.run_days, fb.run_days),
                height=200 if not presenter else 240,
                font_scale=fs,
            )
        sel = state.selected.value
        if sel and sel[0] in ("a", "b"):
            UnitInspector(state, sel[0], sel[1], fs)
        if not presenter:
            with solara.Div(classes=["dl-compare-maps"]):
                for key, f in (("a", fa), ("b", fb)):
                    with solara.Card(
                        f"{key.upper()}: summary", margin=0, classes=["dl-card", f"dl-sum-{key}"]
                    ):
                        SummaryTable([r for r in f.summary if any(k in r[0] for k in keep)], fs)
            if state.classroom.value:
                CompareExplainer(pair.a.model.params, pair.b.model.params, pair.spec.a.seed, fs)
            MapLegend(fa.map, font_scale=fs)

"""The compare view: two runs with the same seed and one switch different, side by side,
stepping together, with both front-depth curves on one chart.

The switch is either two presets (the drone line on / off by default:
``pokrovsk_drone_line`` vs ``pokrovsk_no_drone_line``) or one parameter of the live run's
scenario set to another value in run B.
"""

from __future__ import annotations

import solara

import droneline as dl

from .charts import Chart, SummaryTable, compare_spec
from .classroom import CompareExplainer
from .frames import Frame
from .mapview import BattleMap, MapLegend
from .state import AppState, preset_label

COMPACT_TEXT = 1.6
COMPACT_MARKERS = 1.3


@solara.component
def CompareSetup(state: AppState):
    """Choose the switch: two presets, or one parameter's value in run B."""
    names = dl.preset_names()
    labels = {preset_label(n): n for n in names}
    mode = state.compare_mode.value
    with solara.Card("Compare two runs", margin=0, classes=["dl-card"]):
        solara.ToggleButtonsSingle(
            value="two presets" if mode == "presets" else "one parameter",
            values=["two presets", "one parameter"],
            on_value=lambda v: state.compare_mode.set(
                "presets" if v == "two presets" else "parameter"
            ),
            classes=["dl-compare-mode"],
        )
        if mode == "presets":
            with solara.Row(gap="12px", style={"flex-wrap": "wrap"}):
                solara.Select(
                    "Run A",
                    values=list(labels),
                    value=preset_label(state.compare_a.value),
                    on_value=lambda v: state.compare_a.set(labels[v]),
                    style={"min-width": "260px"},
                    classes=["dl-compare-a"],
                )
                solara.Select(
                    "Run B",
                    values=list(labels),
                    value=preset_label(state.compare_b.value),
                    on_value=lambda v: state.compare_b.set(labels[v]),
                    style={"min-width": "260px"},
                    classes=["dl-compare-b"],
                )
        else:
            sliders = {s.name: s for s in state.compare_sliders()}
            current = sliders.get(state.compare_param.value) or next(iter(sliders.values()))
            with solara.Row(gap="12px", style={"flex-wrap": "wrap", "align-items": "center"}):
                solara.Select(
                    "Parameter (run B)",
                    values=list(sliders),
                    value=current.name,
                    on_value=state.compare_param.set,
                    style={"min-width": "320px"},
                    classes=["dl-compare-param"],
                )
                kind = solara.SliderInt if current.is_int else solara.SliderFloat
                value = current.clamp(state.compare_value.value)
                with solara.Div(classes=["dl-compare-value"], style={"min-width": "300px"}):
                    kind(
                        f"value in run B: {current.format(value)}",
                        value=value,
                        min=current.lo,
                        max=current.hi,
                        step=current.step,
                        on_value=lambda v: state.compare_value.set(current.clamp(v)),
                    )
            solara.Text(
                f"Run A is the live run's setup ({preset_label(state.preset.value)} "
                "with the sidebar's sliders); run B changes only this parameter.",
                style={"font-size": "0.85rem", "color": "#555"},
            )
        with solara.Row(gap="12px", style={"align-items": "center"}):
            solara.Button(
                "Build both runs",
                icon_name="mdi-restore",
                color="primary",
                on_click=state.reset,
                classes=["dl-compare-apply"],
            )
            solara.Text(
                f"seed {state.seed.value} for both (set in the sidebar); "
                "Play / Step / Reset in the sidebar drive both runs.",
                style={"font-size": "0.85rem", "color": "#555"},
            )


@solara.component
def RunColumn(letter: str, label: str, frame: Frame, font_scale: float):
    """One run of the pair: its map and its summary as it stands."""
    keep = ("advance (km)", "casualties", "drones", "positions lost", "convoys lost")
    with solara.Card(margin=0, classes=["dl-card", f"dl-run-{letter.lower()}"]):
        # half-width maps: larger text and markers than the live map
        BattleMap(
            frame.map,
            title=f"{letter}: {label}",
            show_legend=False,
            font_scale=COMPACT_TEXT * font_scale,
            marker_scale=COMPACT_MARKERS,
        )
        SummaryTable([r for r in frame.summary if any(k in r[0] for k in keep)], font_scale)


@solara.component
def CompareView(state: AppState):
    _ = state.pair_frame.value  # re-render on every new frame
    pair = state.ensure_pair()
    fa, fb = pair.a.frame, pair.b.frame
    fs = 1.15 if state.classroom.value else 1.0
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
    with solara.Column(gap="12px", classes=["dl-compare"]):
        CompareSetup(state)
        if state.classroom.value:
            CompareExplainer(pair.a.model.params, pair.b.model.params, pair.spec.a.seed, fs)
        with solara.ColumnsResponsive(12, large=6, gutters_dense=True):
            RunColumn("A", pair.spec.label_a, fa, fs)
            RunColumn("B", pair.spec.label_b, fb, fs)
        with solara.Card(margin=0, classes=["dl-card", "dl-compare-chart"]):
            Chart(**chart, xmax=max(fa.run_days, fb.run_days), height=260, font_scale=fs)
        MapLegend(fa.map, font_scale=fs)

"""The page: sidebar controls, the live run (classroom panel, map, charts, summary) and the
compare view. ``solara run app.py`` and ``droneline ui`` serve :func:`Page`; it opens with the
Pokrovsk drone-line preset built and ready to play."""

from __future__ import annotations

import solara

from .charts import Chart, SummaryTable
from .classroom import ClassroomPanel
from .compare import CompareView
from .controls import Sidebar
from .frames import Frame
from .mapview import BattleMap
from .state import COMPARE, LIVE, AppState

TITLE = "droneline · the drone-dominated front line"
CLASSROOM_FONT = 1.2  # text and marker scale on a projector

CSS = """
.dl-card { padding: 8px 10px !important; }
.dl-status { font-variant-numeric: tabular-nums; margin-top: 6px; }
.dl-pending { color: #e65100; font-size: 0.85rem; }
.dl-group { font-weight: 600; margin-top: 10px; text-transform: uppercase; font-size: 0.8rem;
            color: #37474f; letter-spacing: 0.04em; }
.dl-param { margin-top: 4px; font-size: 0.85rem; font-weight: 500; }
.dl-class-head, .dl-class-text, .dl-status, .dl-pending { display: block; }
.dl-class-head { font-weight: 600; }
.dl-class-text { line-height: 1.45; }
.dl-class-card { height: 100%; padding: 8px 12px !important; }
.dl-summary { border-collapse: collapse; width: 100%; }
.dl-summary td { padding: 2px 6px; border-bottom: 1px solid #eee; }
.dl-summary td.dl-num { text-align: right; font-variant-numeric: tabular-nums;
                        white-space: nowrap; }
.dl-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
             gap: 10px; width: 100%; }
"""


@solara.component
def LiveCharts(charts: list, summary: list, run_days: float, font_scale: float = 1.0):
    """The live charts and the run summary (new lists arrive with each new sample)."""
    with solara.Div(classes=["dl-charts"]):
        for spec in charts:
            with solara.Card(margin=0, classes=["dl-card", "dl-chart-card"]):
                Chart(**spec, xmax=run_days, font_scale=font_scale)
        with solara.Card("Run summary so far", margin=0, classes=["dl-card", "dl-summary-card"]):
            SummaryTable(summary, font_scale)


@solara.component
def LiveView(state: AppState):
    _ = state.frame.value  # re-render on every new frame
    run = state.live
    frame: Frame = run.frame
    classroom = state.classroom.value
    fs = CLASSROOM_FONT if classroom else 1.0
    with solara.Column(gap="12px", classes=["dl-live"]):
        if classroom:
            ClassroomPanel(run.model.params, fs)
        with solara.Card(margin=0, classes=["dl-card", "dl-map-card"]):
            BattleMap(
                frame.map,
                show_labels=state.labels.value,
                font_scale=fs,
                marker_scale=fs if classroom else 1.0,
            )
            with solara.Div(classes=["dl-labels-toggle"]):
                solara.Checkbox(label="show strength numbers", value=state.labels)
        LiveCharts(frame.charts, frame.summary, frame.run_days, fs)


@solara.component
def Page(state: AppState | None = None):
    """The whole app: one :class:`AppState` per browser tab, made from the page address's
    query (``?preset=...&seed=...``) unless given (tests pass their own)."""
    router = solara.use_router()
    made = solara.use_memo(
        lambda: state or AppState.from_query(getattr(router, "search", None)), []
    )
    state = made
    solara.Title("droneline")
    solara.Style(CSS)

    def on_tab(i: int):
        state.playing.value = False
        state.tab.value = i

    with solara.AppBar():
        solara.AppBarTitle(TITLE)
        solara.v.Spacer()
        solara.Switch(
            label="Classroom",
            value=state.classroom,
            classes=["dl-classroom-toggle"],
            style={"margin-top": "18px"},
        )
    with solara.Sidebar():
        Sidebar(state)
    with solara.lab.Tabs(value=state.tab.value, on_value=on_tab, lazy=True):
        with solara.lab.Tab("Live run", classes=["dl-tab-live"]):
            if state.tab.value == LIVE:
                LiveView(state)
        with solara.lab.Tab("Compare", classes=["dl-tab-compare"]):
            if state.tab.value == COMPARE:
                CompareView(state)

"""The page: sidebar controls, the live run (classroom panel, map, charts, summary) and the
compare view. ``solara run app.py`` and ``droneline ui`` serve :func:`Page`; it opens with the
Pokrovsk drone-line preset built and ready to play."""

from __future__ import annotations

import reacton.core
import solara

from .charts import Chart, SummaryTable
from .classroom import ClassroomPanel
from .compare import CompareView
from .controls import Sidebar, Toolbar, _play_loop
from .frames import Frame
from .inspect import UnitInspector
from .mapview import BattleMap
from .state import COMPARE, LIVE, AppState

TITLE = "droneline · the drone-dominated front line"
CLASSROOM_FONT = 1.2  # text and marker scale on a projector
PRESENTER_FONT = 1.5  # presenter mode: large type, sidebar folded, map and one chart

CSS = """
.dl-card { padding: 8px 10px !important; }
.dl-status { font-variant-numeric: tabular-nums; margin-left: 6px; font-weight: 500; }
.dl-pending, .dl-notice, .dl-stale-hint { color: #e65100; font-size: 0.85rem; display: block; }
.dl-seed-error, .dl-values-error { color: #c62828; font-size: 0.85rem; display: block; }
/* the sidebar keeps Solara's 400 px: wide content wraps instead of pushing over the map */
.dl-sidebar { width: 370px; max-width: 370px; overflow-wrap: anywhere; }
.dl-sidebar table { table-layout: fixed; width: 100%; }
.dl-note { color: #555; font-size: 0.82rem; display: block; }
.dl-group { font-weight: 600; margin-top: 10px; text-transform: uppercase; font-size: 0.8rem;
            color: #37474f; letter-spacing: 0.04em; }
.dl-param { margin-top: 4px; font-size: 0.85rem; font-weight: 500; }
.dl-class-head, .dl-class-text { display: block; }
.dl-class-head { font-weight: 600; }
.dl-class-text { line-height: 1.45; }
.dl-class-card { padding: 8px 12px !important; }
.dl-classroom .v-expansion-panel-header { min-height: 40px !important; padding: 6px 12px; }
.dl-summary { border-collapse: collapse; width: 100%; }
.dl-summary td, .dl-summary th { padding: 2px 6px; border-bottom: 1px solid #eee;
                                 text-align: left; vertical-align: top; }
.dl-summary td.dl-num { text-align: right; font-variant-numeric: tabular-nums;
                        white-space: nowrap; }
.dl-param-table tr.dl-changed td { background: #fff3e0; font-weight: 500; }
.dl-pname { color: #888; font-size: 0.72rem; }
.dl-range { color: #666; white-space: nowrap; }
.dl-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
             gap: 10px; width: 100%; }
/* the play controls stay in view while the page scrolls */
.dl-toolbar { position: sticky; top: 0; z-index: 4; background: #fff; padding: 4px 0 2px 0;
              border-bottom: 1px solid #e0e0e0; }
.dl-toolbar .v-btn-toggle { margin-left: 4px; }
/* the map on the first screen: never taller than the window leaves for it */
.dl-live .dl-map-svg { --dl-map-max-h: calc(100vh - 250px); }
.dl-compare .dl-map-svg { --dl-map-max-h: calc(50vh - 120px); }
.dl-live-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 10px; }
@media (min-width: 1500px) {
  .dl-live-grid { grid-template-columns: minmax(0, 1fr) 360px; align-items: start; }
}
.dl-live-side { display: flex; flex-direction: column; gap: 10px; min-width: 0; }
.dl-compare-maps { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px; }
.dl-stale { opacity: 0.45; }
.dl-verdict { display: block; font-weight: 600; color: #1b5e20; padding: 2px 4px; }
.dl-finished { margin: 0 !important; }
.dl-presenter .dl-map-head, .dl-presenter .dl-status { font-size: 1.3rem; }
"""


def finished_text(frame: Frame) -> str:
    """The run-finished notice: the scenario's last day reached, and what happened."""
    rows = dict(frame.summary)
    att = frame.names[frame.attacker]
    dfd = frame.names[1 - frame.attacker]
    bits = []
    for label, fmt in (
        (f"{att}'s advance (km)", "{} advanced {v} km"),
        (f"{att}'s advance (m/day)", "{v} m a day"),
    ):
        if label in rows:
            bits.append(fmt.format(att, v=rows[label]))
    for side in (att, dfd):
        key = f"{side} casualties"
        if key in rows:
            bits.append(f"{side} lost {rows[key]} soldiers")
    drones = rows.get("casualties caused by drones")
    if drones:
        bits.append(f"drones caused {drones} of the casualties")
    body = "; ".join(bits)
    return (
        f"The run is finished: day {frame.run_days:g} of {frame.run_days:g} reached. "
        + (body[:1].upper() + body[1:] + ". " if body else "")
        + "Press Reset to run it again, or change something first."
    )


@solara.component_vue("keeper.vue", vuetify=False)
def _Keeper(token: str, event_restore=None):
    """Remembers the tab's run token in the browser's sessionStorage (reload keeps the run)."""


@solara.component
def LiveCharts(
    charts: list, summary: list, run_days: float, font_scale: float = 1.0, only_first=False
):
    """The live charts and the run summary (new lists arrive with each new sample)."""
    with solara.Div(classes=["dl-charts"]):
        for spec in charts[:1] if only_first else charts:
            with solara.Card(margin=0, classes=["dl-card", "dl-chart-card"]):
                Chart(**spec, xmax=run_days, font_scale=font_scale)
        if not only_first:
            with solara.Card(
                "Run summary so far", margin=0, classes=["dl-card", "dl-summary-card"]
            ):
                SummaryTable(summary, font_scale)


@solara.component
def LiveView(state: AppState):
    _ = state.frame.value  # re-render on every new frame
    run = state.live
    frame: Frame = run.frame
    classroom = state.classroom.value
    presenter = state.presenter.value
    fs = PRESENTER_FONT if presenter else CLASSROOM_FONT if classroom else 1.0
    sel = state.selected.value
    selected = sel[1] if sel and sel[0] == "live" else -1
    with solara.Column(gap="8px", classes=["dl-live"] + (["dl-presenter"] if presenter else [])):
        Toolbar(state, font_scale=fs if presenter else 1.0)
        if frame.finished:
            solara.Success(finished_text(frame), classes=["dl-finished"], dense=True)
        with solara.Div(classes=["dl-live-grid"]):
            with solara.Card(margin=0, classes=["dl-card", "dl-map-card"]):
                BattleMap(
                    frame.map,
                    show_labels=state.labels.value,
                    font_scale=fs,
                    marker_scale=fs if (classroom or presenter) else 1.0,
                    on_select=lambda unit: state.select_unit("live", unit),
                    selected=selected,
                )
                with solara.Row(classes=["dl-labels-toggle"], style={"align-items": "center"}):
                    solara.Checkbox(label="show strength numbers", value=state.labels)
                    solara.Text("· click a unit to inspect it", classes=["dl-note"])
            with solara.Div(classes=["dl-live-side"]):
                if selected >= 0:
                    UnitInspector(state, "live", selected, 1.0)
                if classroom and not presenter:
                    ClassroomPanel(run.model.params, 1.0)
        LiveCharts(frame.charts, frame.summary, frame.run_days, fs, only_first=presenter)


@solara.component
def Page(state: AppState | None = None):
    """The whole app: one :class:`AppState` per browser tab, made from the page address's
    query (``?preset=...&seed=...``) unless given (tests pass their own)."""
    router = solara.use_router()
    given = state is not None
    made = solara.use_memo(
        lambda: state or AppState.from_query(getattr(router, "search", None)), []
    )
    restored, set_restored = solara.use_state(None)
    state = restored or made

    def on_restore(token: str) -> None:
        # a reload of this tab: carry on with the run it had (see keeper.vue)
        old = AppState.restored(token)
        if old is not None:
            made.stop()
            set_restored(old)

    if not given:
        _Keeper(token=state.token, event_restore=on_restore)
    solara.Title("droneline")
    solara.Style(CSS)
    playing = state.playing.value
    # the play loop lives here, so it runs whichever view is shown; each frame is one render
    # of this page (batched in its render context), not one per view that follows the run
    render_context = reacton.core.get_render_context()
    solara.use_thread(
        lambda cancel: _play_loop(state, cancel, render_context),
        dependencies=[playing, state.tab.value],
        intrusive_cancel=False,
    )

    def on_tab(i: int):
        state.stop()
        state.selected.value = None
        state.tab.value = i
        state.keep()

    with solara.AppBar():
        solara.AppBarTitle(TITLE)
        solara.v.Spacer()
        solara.Switch(
            label="Presenter",
            value=state.presenter,
            classes=["dl-presenter-toggle"],
            style={"margin-top": "18px", "margin-right": "18px"},
        )
        solara.Switch(
            label="Classroom",
            value=state.classroom,
            classes=["dl-classroom-toggle"],
            style={"margin-top": "18px"},
        )
    if not state.presenter.value:  # presenter mode: the sidebar is folded away
        with solara.Sidebar():
            Sidebar(state)
    with solara.lab.Tabs(value=state.tab.value, on_value=on_tab, lazy=True):
        with solara.lab.Tab("Live run", classes=["dl-tab-live"]):
            if state.tab.value == LIVE:
                LiveView(state)
        with solara.lab.Tab("Compare", classes=["dl-tab-compare"]):
            if state.tab.value == COMPARE:
                CompareView(state)

"""The battle map: a Vue/SVG component (``map.vue``) that draws a
:class:`~droneline.ui.frames.MapFrame`.

The browser draws everything: the terrain image (the same string every frame of a model, so
it crosses the wire once), two overlay images (control and front line, kill zones; re-sent
only when they change), a depth axis in km, a scale bar and a legend, as SVG; mined cells
(a bit per cell, re-sent when they change), units (shape by kind, colour by side, size by
strength) and recent hits and destroyed convoys as fading marks (under the units, so a hit
never hides what it hit) on one canvas over it. A
click on a unit calls back into Python (the inspector); hovering one shows its details.

Units and marks arrive each frame as packed tables (one string each, laid out as
``layers.UNIT_COLUMNS`` / ``MARK_COLUMNS``, which the page receives once); the browser
redraws the canvas once per painted frame and finds the unit under a click or the pointer in
those columns (a grid of buckets), not among page elements: ~500 SVG markers cost Chromium
more style, paint and hit-testing per frame than the whole canvas costs to draw.
"""

from __future__ import annotations

import solara

from ..agents import UNIT_KINDS
from ..runs.plots import SIDE_COLORS, TERRAIN_COLORS, TERRAIN_LABELS
from .frames import MapFrame
from .layers import MARK_COLUMNS, MARK_STEPS, UNIT_COLUMNS, kind_names


@solara.component_vue("map.vue", vuetify=False)
def _MapSvg(
    step: int,
    day: float,
    title: str,
    clock: str,
    terrain: str,
    control: str,
    zones: str,
    mines: str,
    units: str,
    marks: str,
    mined: int,
    nx: int,
    ny: int,
    cell_km: float,
    side_names: list,
    side_colors: list,
    kind_labels: list,
    kind_shapes: list,
    terrain_labels: list,
    terrain_colors: list,
    unit_columns: list,
    mark_columns: list,
    mark_window: int = MARK_STEPS,
    show_labels: bool = False,
    show_legend: bool = True,
    font_scale: float = 1.0,
    marker_scale: float = 1.0,
    legend_only: bool = False,
    selected: int = -1,
    event_select=None,
):
    pass


# SVG paths (unit square around 0, 0) of the matplotlib markers the unit kinds name, so the
# web map draws each kind with the same shape as the figures.
MARKER_PATHS = {
    "s": "M-0.85,-0.85H0.85V0.85H-0.85Z",
    "o": "M-1,0a1,1 0 1,0 2,0a1,1 0 1,0 -2,0Z",
    ">": "M1.2,0L-0.8,-1L-0.8,1Z",
    "D": "M0,-1.2L1.2,0L0,1.2L-1.2,0Z",
    "P": "M-0.38,-1.1H0.38V-0.38H1.1V0.38H0.38V1.1H-0.38V0.38H-1.1V-0.38H-0.38Z",
    "^": "M0,-1.15L1.05,0.85H-1.05Z",
    "*": (
        "M0.000,-1.250L0.294,-0.405L1.189,-0.386L0.476,0.155L0.735,1.011"
        "L0.000,0.500L-0.735,1.011L-0.476,0.155L-1.189,-0.386L-0.294,-0.405Z"
    ),
    "X": "M-0.7,-1L0,-0.35L0.7,-1L1,-0.7L0.35,0L1,0.7L0.7,1L0,0.35L-0.7,1L-1,0.7L-0.35,0L-1,-0.7Z",
    "v": "M0,1.15L1.05,-0.85H-1.05Z",
    "h": "M0,-1.1L0.95,-0.55V0.55L0,1.1L-0.95,0.55V-0.55Z",
}


def kind_shapes() -> list[str]:
    """The SVG path of each registered kind's marker, in kind-code order (a circle for a
    marker the map does not know)."""
    return [MARKER_PATHS.get(cls.MARKER, MARKER_PATHS["o"]) for cls in UNIT_KINDS.values()]


def _palette() -> dict:
    return dict(
        side_colors=list(SIDE_COLORS),
        kind_labels=[UNIT_KINDS[k].LABEL for k in kind_names()],
        kind_shapes=kind_shapes(),
        terrain_labels=list(TERRAIN_LABELS),
        terrain_colors=list(TERRAIN_COLORS),
        # the layout of the packed unit and mark tables: the browser's decoder reads it
        unit_columns=[list(c) for c in UNIT_COLUMNS],
        mark_columns=[list(c) for c in MARK_COLUMNS],
    )


@solara.component
def BattleMap(
    frame: MapFrame,
    *,
    title: str | None = None,
    show_labels: bool = False,
    show_legend: bool = True,
    font_scale: float = 1.0,
    marker_scale: float = 1.0,
    on_select=None,
    selected: int = -1,
):
    """The map of one frame (a new frame object re-renders it); ``on_select(unit_id)`` is
    called when a unit is clicked (click-to-inspect)."""
    f = frame
    _MapSvg(
        step=f.step,
        day=f.day,
        title=f.title if title is None else title,
        clock=f.clock,
        terrain=f.terrain,
        control=f.control,
        zones=f.zones,
        mines=f.mines,
        units=f.units,
        marks=f.marks,
        mined=f.mined,
        nx=f.nx,
        ny=f.ny,
        cell_km=f.cell_km,
        side_names=f.side_names,
        mark_window=f.mark_window,
        show_labels=show_labels,
        show_legend=show_legend,
        font_scale=font_scale,
        marker_scale=marker_scale,
        selected=selected,
        event_select=on_select or (lambda unit: None),
        **_palette(),
    )


@solara.component
def MapLegend(frame: MapFrame, font_scale: float = 1.0):
    """The map's legend on its own (the compare view shows one for both maps)."""
    _MapSvg(
        step=0,
        day=0.0,
        title="",
        clock="",
        terrain="",
        control="",
        zones="",
        mines="",
        units="",
        marks="",
        mined=0,
        nx=frame.nx,
        ny=frame.ny,
        cell_km=frame.cell_km,
        side_names=frame.side_names,
        font_scale=font_scale,
        legend_only=True,
        **_palette(),
    )

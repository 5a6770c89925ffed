"""The battle map: a Vue/SVG component (``map.vue``) that draws a
:class:`~droneline.ui.frames.MapFrame`.

The browser draws everything: the terrain image (the same string every frame of a model, so
it crosses the wire once), three overlay images (control and front line, kill zones, mines;
re-sent only when they change), units as SVG markers (shape by kind, colour by side, size by
strength), recent hits and destroyed convoys as fading marks, a depth axis in km, a scale
bar and a legend.
"""

from __future__ import annotations

import solara

from ..runs.plots import KIND_LABELS, SIDE_COLORS, TERRAIN_COLORS, TERRAIN_LABELS
from .frames import MapFrame
from .layers import MARK_STEPS, kind_names


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
    units: list,
    marks: list,
    mined: int,
    nx: int,
    ny: int,
    cell_km: float,
    side_names: list,
    side_colors: list,
    kind_labels: list,
    terrain_labels: list,
    terrain_colors: list,
    mark_window: int = MARK_STEPS,
    show_labels: bool = False,
    show_legend: bool = True,
    font_scale: float = 1.0,
    marker_scale: float = 1.0,
    legend_only: bool = False,
):
    pass


def _palette() -> dict:
    return dict(
        side_colors=list(SIDE_COLORS),
        kind_labels=[KIND_LABELS[k] for k in kind_names()],
        terrain_labels=list(TERRAIN_LABELS),
        terrain_colors=list(TERRAIN_COLORS),
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
):
    """The map of one frame (a new frame object re-renders it)."""
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
        units=[],
        marks=[],
        mined=0,
        nx=frame.nx,
        ny=frame.ny,
        cell_km=frame.cell_km,
        side_names=frame.side_names,
        font_scale=font_scale,
        legend_only=True,
        **_palette(),
    )

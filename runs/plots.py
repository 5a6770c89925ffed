"""Figures of one run: the map (terrain, control, kill zones, units), the front over time,
losses by cause. Matplotlib only; used by ``droneline run``, the reports and the UI.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from ..agents.kinds import CAUSES  # noqa: E402
from ..agents.registry import UNIT_KINDS  # noqa: E402
from ..model.control import front_line_cells  # noqa: E402
from ..model.schema import RED  # noqa: E402

SIDE_COLORS = ("#c62828", "#1565c0")  # red, blue
TERRAIN_COLORS = ("#efeadb", "#8fae6e", "#a8a8a8", "#6d4c41", "#64b5f6")
TERRAIN_LABELS = ("open field", "tree line", "village / town", "road", "water")
CAUSE_COLORS = {
    "drone": "#6a1b9a",
    "artillery": "#ef6c00",
    "direct_fire": "#546e7a",
    "mine": "#795548",
}


def kind_markers() -> dict[str, str]:
    """Matplotlib marker of each registered unit kind (the class's ``MARKER``)."""
    return {name: cls.MARKER for name, cls in UNIT_KINDS.items()}


def kind_labels() -> dict[str, str]:
    """Plain-words label of each registered unit kind (the class's ``LABEL``)."""
    return {name: cls.LABEL for name, cls in UNIT_KINDS.items()}


def terrain_rgb(terrain: np.ndarray) -> np.ndarray:
    """RGB image of the terrain codes."""
    cmap = ListedColormap(TERRAIN_COLORS)
    return cmap(terrain.astype(int))[..., :3]


def draw_map(ax, model, *, units: bool = True, zones: bool = True, legend: bool = True) -> None:
    """Terrain, control tint, front line, kill zones, mines and units on ``ax`` (km axes)."""
    scales = model.scales
    km = scales.cell_km  # one cell's size
    extent = (0, scales.nx * km, scales.ny * km, 0)
    img = terrain_rgb(model.grid.terrain.data)
    control = model.grid.control.data
    tint = np.where(
        control[..., None] == RED, np.array([1.0, 0.85, 0.85]), np.array([0.85, 0.9, 1.0])
    )
    ax.imshow(img * 0.85 + tint * 0.15, extent=extent, interpolation="nearest")
    if zones:
        # each side's kill zone: where its strike drones reach into enemy ground
        box = (0, scales.nx * km, 0, scales.ny * km)
        for side, color in enumerate(SIDE_COLORS):
            layer = model.layer("strike", side)
            shade = ((layer > 0) & (control != side)).astype(float)
            if not shade.any():
                continue
            ax.contourf(
                shade, levels=[0.5, 1.5], colors=[color], alpha=0.10, extent=box, origin="upper"
            )
            ax.contour(
                shade,
                levels=[0.5],
                colors=[color],
                linewidths=1.6,
                linestyles="--",
                extent=box,
                origin="upper",
            )
    edge = front_line_cells(control)
    ys, xs = np.nonzero(edge)
    ax.scatter((xs + 0.5) * km, (ys + 0.5) * km, s=2.5, c="k", marker="s", lw=0)
    mines = model.mines_flat.reshape(model.shape) > 0.5
    if mines.any():
        my, mx = np.nonzero(mines)
        ax.scatter((mx + 0.5) * km, (my + 0.5) * km, s=6, c="#212121", marker="x", lw=0.6)
    if units:
        u = model.units
        rows = u.live()
        markers = kind_markers()
        for k, kind in enumerate(model.kinds.names):
            for side, color in enumerate(SIDE_COLORS):
                r = rows[(u.kind[rows] == k) & (u.side[rows] == side)]
                if len(r) == 0:
                    continue
                x = (u.cell[r] % scales.nx + 0.5) * km
                y = (u.cell[r] // scales.nx + 0.5) * km
                size = 12 + 4 * np.sqrt(np.maximum(u.strength[r], u.vehicles[r]))
                empty = (u.strength[r] <= 0) & (u.vehicles[r] <= 0)
                face = np.where(empty, "none", color)
                ax.scatter(
                    x,
                    y,
                    s=size,
                    marker=markers[kind],
                    facecolors=face,
                    edgecolors="k" if kind != "position" else color,
                    linewidths=0.6,
                    zorder=3,
                )
    ax.set_xlim(0, scales.nx * km)
    ax.set_ylim(scales.ny * km, 0)
    ax.set_xlabel("km from blue's rear edge  (blue ←  front  → red)")
    ax.set_ylabel("km along the front")
    ax.set_aspect("equal")
    if legend:
        handles = [
            Line2D([], [], marker=m, ls="", color="0.3", label=kind_labels()[k])
            for k, m in kind_markers().items()
        ]
        handles += [
            Line2D([], [], marker="s", ls="", color=c, label=lab, markersize=8)
            for c, lab in zip(TERRAIN_COLORS, TERRAIN_LABELS, strict=True)
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.18),
            ncol=7,
            fontsize=7,
            frameon=False,
        )


def battle_figure(model, ts) -> plt.Figure:
    """One PNG: the map at the end; front depth over time; losses by cause (stacked)."""
    fig = plt.figure(figsize=(14, 8.5), constrained_layout=True)
    gs = fig.add_gridspec(2, 2, height_ratios=(1.25, 1))
    ax_map = fig.add_subplot(gs[0, :])
    draw_map(ax_map, model)
    att = ("red", "blue")[model.attacker]
    ax_map.set_title(
        f"{model.params.name}: the sector after {model.day:.1f} days "
        "(dashed outline: each side's drone kill zone; dotted black: the front line)"
    )
    ax_front = fig.add_subplot(gs[1, 0])
    ax_front.plot(ts["day"], ts["advance_km"], color=SIDE_COLORS[model.attacker], lw=2)
    ax_front.axhline(0, color="0.5", lw=0.8)
    ax_front.set_xlabel("day")
    ax_front.set_ylabel(f"{att}'s advance (km, mean over the front)")
    ax_front.set_title("front line over time")
    ax_loss = fig.add_subplot(gs[1, 1])
    stack_losses(ax_loss, ts)
    return fig


def stack_losses(ax, ts) -> None:
    """Cumulative casualties by cause, both sides, stacked."""
    bottom = np.zeros(len(ts))
    for cause in CAUSES:
        y = (ts[f"casualties_red_{cause}"] + ts[f"casualties_blue_{cause}"]).to_numpy()
        ax.fill_between(
            ts["day"],
            bottom,
            bottom + y,
            color=CAUSE_COLORS[cause],
            alpha=0.85,
            label=cause.replace("_", " "),
            lw=0,
        )
        bottom = bottom + y
    ax.set_xlabel("day")
    ax.set_ylabel("casualties, both sides (cumulative)")
    ax.set_title("losses by cause")
    ax.legend(loc="upper left", fontsize=8)

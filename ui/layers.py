"""What the map draws, as small pieces the browser can draw cheaply: array functions only.

The map is an SVG: the terrain is a PNG at one pixel per cell, sent once per model; control
and the front line, the drone kill zones and the mined cells are transparent PNG overlays,
each re-encoded only when its layer changed; units and this step's marks are short lists of
numbers drawn as SVG markers. So a frame costs a few kilobytes, and the server's work per
frame is a handful of numpy operations.
"""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

from ..agents import UNIT_KINDS, SupplyConvoy
from ..runs.plots import SIDE_COLORS, TERRAIN_COLORS

# Overlays are drawn at this many pixels per cell, so the front line and the hatching of
# the kill zones are finer than a cell; the browser scales them without smoothing.
OVERLAY_PX = 4
# Opacity (0-255) of the control tint, the kill-zone hatching and its fill.
CONTROL_ALPHA = 34
HATCH_ALPHA = 150
ZONE_FILL_ALPHA = 22
HATCH_PERIOD_PX = 10  # distance between hatch lines (overlay pixels)
FRONT_COLOR = (17, 17, 17, 255)
MINE_COLOR = (216, 27, 96, 255)  # magenta: stands out on roads, fields and tree lines
MINE_THRESHOLD = 0.5  # a cell counts as mined from half a mine (mines decay continuously)
# A strike or a destroyed convoy stays on the map this many steps, fading.
MARK_STEPS = 3


def hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def png_data_url(pixels: np.ndarray) -> str:
    """A ``data:`` URL of a uint8 RGB or RGBA image (fast, lightly compressed PNG)."""
    mode = "RGBA" if pixels.shape[-1] == 4 else "RGB"
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), mode).save(
        buf, format="PNG", compress_level=1
    )
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def terrain_pixels(terrain: np.ndarray) -> np.ndarray:
    """RGB image (one pixel per cell) of the terrain codes, in the project's palette."""
    palette = np.array([hex_rgb(c) for c in TERRAIN_COLORS], dtype=np.uint8)
    return palette[np.clip(terrain.astype(np.intp), 0, len(palette) - 1)]


def _upscale(a: np.ndarray, k: int) -> np.ndarray:
    return np.repeat(np.repeat(a, k, axis=0), k, axis=1)


def control_pixels(control: np.ndarray, k: int = OVERLAY_PX) -> np.ndarray:
    """RGBA overlay: each side's ground tinted in its colour, the front line in black."""
    c = _upscale(control.astype(np.int8), k)
    out = np.zeros((*c.shape, 4), dtype=np.uint8)
    for side, color in enumerate(SIDE_COLORS):
        out[c == side] = (*hex_rgb(color), CONTROL_ALPHA)
    edge = np.zeros(c.shape, dtype=bool)
    edge[:, 1:] |= c[:, 1:] != c[:, :-1]
    edge[:, :-1] |= c[:, 1:] != c[:, :-1]
    edge[1:, :] |= c[1:, :] != c[:-1, :]
    edge[:-1, :] |= c[1:, :] != c[:-1, :]
    out[edge] = FRONT_COLOR
    return out


def zone_pixels(zones: list[np.ndarray | None], k: int = OVERLAY_PX) -> np.ndarray:
    """RGBA overlay: each side's drone kill zone hatched in its colour (red "\\", blue "/"),
    so where both sides' zones overlap the hatching crosses."""
    ny, nx = zones[0].shape if zones[0] is not None else zones[1].shape
    yy, xx = np.mgrid[0 : ny * k, 0 : nx * k]
    out = np.zeros((ny * k, nx * k, 4), dtype=np.uint8)
    for side, zone in enumerate(zones):
        if zone is None or not zone.any():
            continue
        z = _upscale(zone, k)
        diag = (xx - yy) if side == 0 else (xx + yy)
        lines = z & (diag % HATCH_PERIOD_PX < 2)
        rgb = hex_rgb(SIDE_COLORS[side])
        fill = z & (out[..., 3] < ZONE_FILL_ALPHA)
        out[fill] = (*rgb, ZONE_FILL_ALPHA)
        out[lines] = (*rgb, HATCH_ALPHA)
    return out


def mine_pixels(mines: np.ndarray, k: int = OVERLAY_PX) -> np.ndarray:
    """RGBA overlay: a small cross on each mined cell."""
    ny, nx = mines.shape
    cross = np.eye(k, dtype=bool) | np.fliplr(np.eye(k, dtype=bool))
    mask = np.kron(mines >= MINE_THRESHOLD, cross).astype(bool)
    out = np.zeros((ny * k, nx * k, 4), dtype=np.uint8)
    out[mask] = MINE_COLOR
    return out


def kill_zones(model) -> list[np.ndarray]:
    """Each side's drone kill zone: cells its strike sorties reach (strike layer > 0)."""
    return [model.grid.strike_red.data > 0, model.grid.strike_blue.data > 0]


def unit_rows(model) -> list[list[float]]:
    """Live units as ``[x, y, kind, side, strength, vehicles, supply_days, struck_age, id]``
    (cell centres in cell units; ``struck_age`` -1 when not struck within the marks'
    lifetime; ``id`` the unit's row in ``model.units``, for click-to-inspect)."""
    u, nx = model.units, model.scales.nx
    rows = u.live()
    if len(rows) == 0:
        return []
    cell = u.cell[rows]
    strength = u.strength[rows]
    supply_days = np.where(strength > 0, u.supply[rows] / np.maximum(strength, 1e-9), 0.0)
    age = model.steps - u.struck[rows]
    age = np.where((u.struck[rows] >= 0) & (age < MARK_STEPS), age, -1)
    table = np.column_stack(
        [
            cell % nx + 0.5,
            cell // nx + 0.5,
            u.kind[rows],
            u.side[rows],
            np.round(strength, 1),
            np.round(u.vehicles[rows], 1),
            np.round(supply_days, 1),
            age,
            rows,
        ]
    )
    return table.tolist()


def mark_rows(model, window: int = MARK_STEPS) -> list[list[float]]:
    """Recent strikes as ``[x, y, target_side, age, destroyed_convoy]``: every unit hit by
    drones or artillery in the last ``window`` steps (age 0 = this step), alive or not;
    ``destroyed_convoy`` is 1 for a supply convoy the hit destroyed."""
    u, nx = model.units, model.scales.nx
    n = u.n
    struck = u.struck[:n]
    recent = np.flatnonzero((struck >= 0) & (model.steps - struck < window))
    if len(recent) == 0:
        return []
    cell = u.cell[recent]
    convoy_lost = (u.kind[recent] == SupplyConvoy.KIND) & ~u.alive[recent]
    table = np.column_stack(
        [
            cell % nx + 0.5,
            cell // nx + 0.5,
            u.side[recent],
            model.steps - struck[recent],
            convoy_lost,
        ]
    )
    return table.tolist()


def day_clock(elapsed_hours: float, start_hour: float = 0.0) -> str:
    """The one clock of the page: "Day d, hh:mm", the day changing at midnight. The battle
    starts on day 1 at ``start_hour`` (06:00 by default), so 18 hours in it is day 2, 00:00."""
    minutes = int(round((float(elapsed_hours) + float(start_hour)) * 60.0))
    day, rest = divmod(minutes, 24 * 60)
    return f"Day {day + 1}, {rest // 60:02d}:{rest % 60:02d}"


WEATHER_WORDS = (
    "",
    ", rain: drones fly less",
    ", fog: drones see little",
    ", strong wind: few drones fly",
)


def clock(model) -> str:
    """The map's clock: :func:`day_clock`, whether it is light, and the day's weather
    ("Day 3, 14:20, night, fog")."""
    light = "daylight" if model.is_day else "night"
    text = f"{day_clock(model.elapsed_hours, model.params.run.start_hour)}, {light}"
    return text + WEATHER_WORDS[model.weather]


class MapLayers:
    """The encoded layers of one model, each re-encoded only when its content changed."""

    def __init__(self, model):
        self.model = model
        self.terrain = png_data_url(terrain_pixels(model.grid.terrain.data))
        self._cache: dict[str, tuple[bytes, str]] = {}

    def _cached(self, key: str, signature: bytes, make) -> str:
        hit = self._cache.get(key)
        if hit is not None and hit[0] == signature:
            return hit[1]
        url = png_data_url(make())
        self._cache[key] = (signature, url)
        return url

    def control(self) -> str:
        c = self.model.grid.control.data
        return self._cached("control", c.tobytes(), lambda: control_pixels(c))

    def zones(self) -> str:
        z = kill_zones(self.model)
        sig = np.packbits(np.stack(z)).tobytes()
        return self._cached("zones", sig, lambda: zone_pixels(z))

    def mines(self) -> str:
        m = self.model.mines_flat.reshape(self.model.shape)
        mined = m >= MINE_THRESHOLD
        return self._cached("mines", np.packbits(mined).tobytes(), lambda: mine_pixels(m))

    def mined_cells(self) -> int:
        return int((self.model.mines_flat >= MINE_THRESHOLD).sum())


def kind_names() -> list[str]:
    """Names of the registered unit kinds, in kind-code order."""
    return list(UNIT_KINDS)

"""What the map draws, as small pieces the browser can draw cheaply: array functions only.

The map is an SVG: the terrain is a PNG at one pixel per cell, sent once per model; control
and the front line and the drone kill zones are transparent PNG overlays, each re-encoded
only when its layer changed. Over it, a canvas draws the mined cells (a bit per cell, sent
when they change), units and this step's marks (small packed tables of numbers: a few typed
columns in one base64 string). So a frame costs a few kilobytes (about 32 bytes a unit), and
the server's work per frame is a handful of numpy operations.
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


def mined_bits(mines: np.ndarray) -> str:
    """The mined cells (at least ``MINE_THRESHOLD`` mines), one bit a cell row by row, the
    first cell in the highest bit of the first byte (``np.packbits``), in base64; "" when no
    cell is mined. The map draws a small cross on each (``map.vue``): a few kilobytes and no
    image to encode and decode when a mine is laid or cleared."""
    mined = np.asarray(mines) >= MINE_THRESHOLD
    if not mined.any():
        return ""
    return base64.b64encode(np.packbits(mined.ravel()).tobytes()).decode("ascii")


def kill_zones(model) -> list[np.ndarray]:
    """Each side's drone kill zone: cells its strike sorties reach (strike layer > 0)."""
    return [model.grid.strike_red.data > 0, model.grid.strike_blue.data > 0]


# The unit and mark tables the map receives each frame: columns of one little-endian type
# each, packed one after the other and sent as one base64 string (``pack_table``). A list of
# lists cost the server a walk of every number (reacton looking for widgets in the values,
# ipywidgets for binary buffers) and the browser a deep copy, a deep comparison and a reactive
# wrapper per row; a string is compared and sent as one value, and the browser reads each
# column as a typed array. Widest type first, so every column starts on a multiple of its
# item size (a typed array's requirement). Codes: f4 float32, i4 int32, i2 int16, u2 uint16,
# u1 uint8.
UNIT_COLUMNS = (
    ("strength", "f4"),  # soldiers, to 0.1
    ("vehicles", "f4"),  # to 0.1
    ("supply_days", "f4"),  # days of supply, to 0.1
    ("id", "i4"),  # the unit's row in model.units (click-to-inspect)
    ("col", "u2"),  # cell column (the map draws the cell's centre, col + 0.5)
    ("row", "u2"),  # cell row
    ("struck_age", "i2"),  # steps since struck, -1 if not within the marks' lifetime
    ("kind", "u1"),  # kind code (UNIT_KINDS order)
    ("side", "u1"),  # 0 red, 1 blue
)
MARK_COLUMNS = (
    ("col", "u2"),
    ("row", "u2"),
    ("age", "i2"),  # steps since the hit (0 = this step)
    ("side", "u1"),  # side of the unit hit
    ("convoy", "u1"),  # 1 for a supply convoy the hit destroyed
)


def pack_table(columns: tuple[tuple[str, str], ...], values: dict[str, np.ndarray]) -> str:
    """``values`` (one array per column, all the same length) as one base64 string: each
    column in its type (see ``UNIT_COLUMNS``), one after the other; "" for no rows."""
    parts = [np.asarray(values[name]).astype("<" + code).tobytes() for name, code in columns]
    return base64.b64encode(b"".join(parts)).decode("ascii")


def unpack_table(text: str, columns: tuple[tuple[str, str], ...]) -> dict[str, np.ndarray]:
    """The columns of a :func:`pack_table` string, by name (what ``map.vue`` decodes)."""
    raw = base64.b64decode(text or "")
    row_bytes = sum(np.dtype(code).itemsize for _, code in columns)
    n, off, out = len(raw) // row_bytes, 0, {}
    for name, code in columns:
        dtype = np.dtype("<" + code)
        out[name] = np.frombuffer(raw, dtype, n, off)
        off += n * dtype.itemsize
    return out


def decode_units(text: str) -> dict[str, np.ndarray]:
    return unpack_table(text, UNIT_COLUMNS)


def decode_marks(text: str) -> dict[str, np.ndarray]:
    return unpack_table(text, MARK_COLUMNS)


def unit_table(model) -> str:
    """Live units, packed (:func:`pack_table` of ``UNIT_COLUMNS``), in row order."""
    u, nx = model.units, model.scales.nx
    rows = u.live()
    cell = u.cell[rows]
    strength = u.strength[rows]
    supply_days = np.where(strength > 0, u.supply[rows] / np.maximum(strength, 1e-9), 0.0)
    age = model.steps - u.struck[rows]
    age = np.where((u.struck[rows] >= 0) & (age < MARK_STEPS), age, -1)
    return pack_table(
        UNIT_COLUMNS,
        dict(
            strength=np.round(strength, 1),
            vehicles=np.round(u.vehicles[rows], 1),
            supply_days=np.round(supply_days, 1),
            id=rows,
            col=cell % nx,
            row=cell // nx,
            struck_age=age,
            kind=u.kind[rows],
            side=u.side[rows],
        ),
    )


def mark_table(model, window: int = MARK_STEPS) -> str:
    """Recent strikes, packed (``MARK_COLUMNS``): every unit hit by drones or artillery in the
    last ``window`` steps (age 0 = this step), alive or not, with ``convoy`` 1 for a supply
    convoy the hit destroyed."""
    u, nx = model.units, model.scales.nx
    struck = u.struck[: u.n]
    recent = np.flatnonzero((struck >= 0) & (model.steps - struck < window))
    cell = u.cell[recent]
    return pack_table(
        MARK_COLUMNS,
        dict(
            col=cell % nx,
            row=cell // nx,
            age=model.steps - struck[recent],
            side=u.side[recent],
            convoy=(u.kind[recent] == SupplyConvoy.KIND) & ~u.alive[recent],
        ),
    )


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
        text = make()
        self._cache[key] = (signature, text)
        return text

    def control(self) -> str:
        c = self.model.grid.control.data
        return self._cached("control", c.tobytes(), lambda: png_data_url(control_pixels(c)))

    def zones(self) -> str:
        z = kill_zones(self.model)
        sig = np.packbits(np.stack(z)).tobytes()
        return self._cached("zones", sig, lambda: png_data_url(zone_pixels(z)))

    def mines(self) -> str:
        """The mined cells as :func:`mined_bits` (not an image)."""
        m = self.model.mines_flat.reshape(self.model.shape)
        sig = np.packbits(m >= MINE_THRESHOLD).tobytes()
        return self._cached("mines", sig, lambda: mined_bits(m))

    def mined_cells(self) -> int:
        return int((self.model.mines_flat >= MINE_THRESHOLD).sum())


def kind_names() -> list[str]:
    """Names of the registered unit kinds, in kind-code order."""
    return list(UNIT_KINDS)

"""Map layers: small hand-made arrays in, pixels and marker lists out."""

from __future__ import annotations

import base64
import io
import itertools

import numpy as np
from PIL import Image

import droneline as dl
from droneline.agents import SupplyConvoy
from droneline.runs.plots import SIDE_COLORS
from droneline.ui import layers as L

CONVOY = SupplyConvoy.KIND


def decode(url: str) -> np.ndarray:
    assert url.startswith("data:image/png;base64,")
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))))


def test_terrain_pixels_use_the_palette():
    terrain = np.array([[0, 1], [3, 4]])
    px = L.terrain_pixels(terrain)
    assert px.shape == (2, 2, 3) and px.dtype == np.uint8
    assert tuple(px[1, 1]) == L.hex_rgb("#64b5f6")  # water
    assert np.array_equal(decode(L.png_data_url(px)), px)


def test_control_overlay_tints_sides_and_draws_the_front():
    control = np.array([[1, 1, 0, 0]] * 2, dtype=np.int8)  # blue | red
    k = 3
    px = L.control_pixels(control, k)
    assert px.shape == (2 * k, 4 * k, 4)
    assert tuple(px[0, 0, :3]) == L.hex_rgb(SIDE_COLORS[1])  # blue's ground
    assert tuple(px[0, -1, :3]) == L.hex_rgb(SIDE_COLORS[0])  # red's ground
    front = px[:, :, 3] == 255
    # the front is the pixel columns either side of the boundary between x=1 and x=2
    assert set(np.flatnonzero(front.any(axis=0))) == {2 * k - 1, 2 * k}


def test_kill_zones_hatch_in_opposite_directions():
    zone = np.ones((4, 4), dtype=bool)
    red = L.zone_pixels([zone, None], 4)[..., 3] == L.HATCH_ALPHA
    blue = L.zone_pixels([None, zone], 4)[..., 3] == L.HATCH_ALPHA
    assert red.any() and blue.any() and not np.array_equal(red, blue)
    both = L.zone_pixels([zone, zone], 4)
    assert (both[..., 3] == L.HATCH_ALPHA).sum() > red.sum()


def test_mined_cells_are_a_bit_per_cell():
    mines = np.zeros((2, 3))
    mines[1, 2] = 2.0
    mines[0, 0] = 0.2  # below the threshold
    bits = np.unpackbits(np.frombuffer(base64.b64decode(L.mined_bits(mines)), np.uint8))
    # row by row, the first cell in the highest bit (what map.vue's minedCells reads)
    assert list(np.flatnonzero(bits[:6])) == [1 * 3 + 2] and not bits[6:].any()
    assert L.mined_bits(np.zeros((2, 3))) == ""


def test_units_and_marks_from_a_model():
    m = dl.BattlefieldModel(dl.load_scenario("pokrovsk_drone_line"), seed=1)
    units = L.decode_units(L.unit_table(m))
    u = m.units
    live = u.live()
    assert list(units["id"]) == list(live)
    assert list(units["col"]) == list(u.cell[live] % m.scales.nx)
    assert list(units["row"]) == list(u.cell[live] // m.scales.nx)
    assert list(units["kind"]) == list(u.kind[live]) and list(units["side"]) == list(u.side[live])
    assert np.allclose(units["strength"], np.round(u.strength[live], 1), atol=1e-4)
    assert (units["struck_age"] == -1).all()
    assert len(L.decode_marks(L.mark_table(m))["age"]) == 0
    # a convoy destroyed this step, and a position hit two steps ago
    m.steps = 10
    convoy = int(np.flatnonzero(u.kind[: u.n] != CONVOY)[0])
    u.kind[convoy], u.alive[convoy], u.struck[convoy] = CONVOY, False, 10
    u.touch()  # the table caches its live rows
    other = int(u.live()[0])
    u.struck[other] = 8
    marks = L.decode_marks(L.mark_table(m, window=3))
    by_age = {int(a): int(c) for a, c in zip(marks["age"], marks["convoy"], strict=True)}
    assert by_age == {0: 1, 2: 0}
    assert list(L.decode_marks(L.mark_table(m, window=2))["age"]) == [0]
    units = L.decode_units(L.unit_table(m))
    assert units["struck_age"][list(units["id"]).index(other)] == 2


def test_packed_tables_round_trip_in_their_column_types():
    columns = (("a", "f4"), ("b", "i4"), ("c", "u2"), ("d", "i2"), ("e", "u1"))
    values = dict(
        a=[0.5, -2.25, 1e6],
        b=[0, -1, 2**31 - 1],
        c=[0, 299, 65535],
        d=[-1, 0, 32767],
        e=[0, 1, 255],
    )
    text = L.pack_table(columns, values)
    assert len(base64.b64decode(text)) == 3 * (4 + 4 + 2 + 2 + 1)
    back = L.unpack_table(text, columns)
    for name, code in columns:
        assert back[name].dtype == np.dtype("<" + code)
        assert back[name].tolist() == values[name]
    assert L.pack_table(columns, {k: [] for k in values}) == ""
    assert all(len(v) == 0 for v in L.unpack_table("", columns).values())


def test_packed_columns_are_aligned_for_typed_arrays():
    # the browser reads each column as a typed array over one buffer, which needs every
    # column to start on a multiple of its item size: widest types first
    for columns in (L.UNIT_COLUMNS, L.MARK_COLUMNS):
        sizes = [np.dtype(code).itemsize for _, code in columns]
        assert sizes == sorted(sizes, reverse=True)
        assert len({name for name, _ in columns}) == len(columns)


def test_layers_are_cached_until_their_content_changes():
    m = dl.BattlefieldModel(dl.load_scenario("pokrovsk_drone_line"), seed=1)
    layers = L.MapLayers(m)
    control, zones, mines = layers.control(), layers.zones(), layers.mines()
    assert layers.control() is control and layers.zones() is zones
    m.mines_flat[5] = 3.0
    assert layers.mines() is not mines and layers.mined_cells() == 1
    assert decode(control).shape == (m.scales.ny * L.OVERLAY_PX, m.scales.nx * L.OVERLAY_PX, 4)


def test_clock():
    m = dl.BattlefieldModel(dl.load_scenario("pokrovsk_drone_line"), seed=1)
    start = m.params.run.start_hour
    assert L.clock(m).startswith(f"Day 1, {int(start):02d}:00")


def test_one_clock_whose_day_changes_at_midnight():
    """Issue 13 (4): "day 1, 22:00" was followed by "day 1, 00:00" (the day changed at
    06:00, the start hour)."""
    assert L.day_clock(0, 6) == "Day 1, 06:00"
    assert L.day_clock(16, 6) == "Day 1, 22:00"
    assert L.day_clock(18, 6) == "Day 2, 00:00"
    assert L.day_clock(18 + 23 + 50 / 60, 6) == "Day 2, 23:50"
    assert L.day_clock(14 * 24, 6) == "Day 15, 06:00"
    m = dl.BattlefieldModel(dl.load_scenario("pokrovsk_drone_line"), seed=1)
    seen = []
    for _ in range(int(m.scales.steps_per_day) + 1):
        m.step()
        seen.append(L.clock(m))
    days = [int(c.split(",")[0].split()[1]) for c in seen]
    hours = [c.split(", ")[1] for c in seen]
    for (d0, h0), (d1, h1) in itertools.pairwise(zip(days, hours, strict=True)):
        assert d1 == d0 + (h1 < h0)  # the day turns exactly when the clock passes midnight

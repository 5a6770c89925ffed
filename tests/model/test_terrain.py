"""model/terrain.py: the Donbas-like map generator (pure, seeded by map.seed)."""

import numpy as np
import pytest

import droneline as dl
from droneline.model.scales import Scales
from droneline.model.terrain import (
    OPEN,
    ROAD,
    TERRAIN_NAMES,
    TREELINE,
    URBAN,
    WATER,
    front_line,
    generate,
    open_terrain,
    terrain_tables,
)

SMALL = {"map.frontage_km": 4, "map.depth_km": 10}


def _gen(**overrides):
    sc = dl.load_scenario("pokrovsk_drone_line", {**SMALL, **overrides})
    s = Scales.from_scenario(sc)
    return generate(sc, s), s, sc


def test_same_map_seed_same_map_other_seed_other_map():
    a, s, _ = _gen(**{"map.seed": 3})
    b, _, _ = _gen(**{"map.seed": 3})
    c, _, _ = _gen(**{"map.seed": 4})
    np.testing.assert_array_equal(a.terrain, b.terrain)
    assert a.terrain.shape == (s.ny, s.nx) and a.terrain.dtype == np.int8
    assert (a.terrain != c.terrain).any()


def test_donbas_like_mix_of_terrain():
    tm, _, _ = _gen(**{"map.river": True, "map.villages": 4})
    codes = set(np.unique(tm.terrain).tolist())
    assert codes <= set(range(len(TERRAIN_NAMES)))
    assert {OPEN, TREELINE, URBAN, ROAD, WATER} <= codes
    assert (tm.terrain == OPEN).mean() > 0.4  # large open fields


def test_roads_are_connected_from_rear_to_rear_and_bridge_the_river():
    tm, s, sc = _gen(**{"map.river": True, "map.roads": 3})
    assert len(tm.road_paths) == 3
    for path in tm.road_paths:
        x, y = path % s.nx, path // s.nx
        assert x[0] == 0 and x[-1] == s.nx - 1
        steps = np.maximum(np.abs(np.diff(x)), np.abs(np.diff(y)))
        assert (steps <= 1).all()  # 8-connected
        assert (tm.terrain.ravel()[path] == ROAD).all()  # no water on a road: bridges
    red_depots, blue_depots = tm.depots
    assert (blue_depots % s.nx == 0).all() and (red_depots % s.nx == s.nx - 1).all()


def test_front_line_straight_and_with_a_salient():
    sc = dl.load_scenario("pokrovsk_drone_line", {**SMALL, "map.front_fraction": 0.4})
    s = Scales.from_scenario(sc)
    np.testing.assert_allclose(front_line(sc, s), 0.4 * s.nx)
    sc = dl.load_scenario(
        "pokrovsk_drone_line", {**SMALL, "map.bulge_km": 2.0, "map.bulge_width_km": 2.0}
    )
    fx = front_line(sc, s)
    # blue bulges into red in the middle of the sector (x grows toward red's rear)
    assert fx[s.ny // 2] == pytest.approx(0.5 * s.nx + s.cells(2.0))
    assert fx[0] == pytest.approx(0.5 * s.nx) and fx[-1] == pytest.approx(0.5 * s.nx)


def test_open_terrain_when_switched_off():
    sc = dl.load_scenario("pokrovsk_drone_line", SMALL)
    s = Scales.from_scenario(sc)
    tm = open_terrain(s, sc)
    assert (tm.terrain == OPEN).all() and len(tm.road_paths) == 1


def test_terrain_tables_from_the_scenario():
    sc = dl.load_scenario(
        "pokrovsk_drone_line", {"terrain.urban.protection": 0.7, "terrain.water.foot_kmh": 0.0}
    )
    t = terrain_tables(sc)
    assert t["concealment"].shape == t["protection"].shape == (len(TERRAIN_NAMES),)
    assert t["speed_kmh"].shape == (len(TERRAIN_NAMES), 4)
    assert t["protection"][URBAN] == 0.7 and t["speed_kmh"][WATER, 0] == 0.0

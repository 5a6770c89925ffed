"""Legal extremes of the schema build and run (issue 14, item 7): values inside the declared
ranges never crash the model."""

from __future__ import annotations

import numpy as np
import pytest

import droneline as dl
from droneline.model.sensing import spread

SMALL = {"map.frontage_km": 2, "map.depth_km": 6}


def test_spread_over_no_cells_is_a_float_layer():
    empty = (np.zeros(0, np.int64), np.zeros(2, np.int64))
    out = spread(empty, np.array([1.0, 2.0]), 12, 5.0)
    assert out.dtype == np.float64 and out.shape == (12,) and not out.any()
    out += spread(empty, np.array([1.0, 2.0]), 12, 5.0)  # (was: a casting error)


def test_drone_units_with_no_own_side_depth_and_short_recon_range():
    m = dl.BattlefieldModel(
        "pokrovsk_drone_line",
        seed=1,
        overrides={**SMALL, "blue.drones.own_side_km": 0, "blue.drones.recon_range_km": 1},
    )
    m.step()
    assert m.layer("recon", 1).dtype == np.float64


def test_a_sector_too_large_to_build_is_refused_before_building():
    # each value is legal on its own; together 5.1 million cells (~6 GB for Mesa's grid alone)
    big = {"map.frontage_km": 40, "map.depth_km": 80, "map.cell_m": 25}
    with pytest.raises(dl.ScenarioError) as e:
        dl.load_scenario("pokrovsk_drone_line", big)
    assert e.value.key == "map.cell_m" and "more than 500,000 cells" in e.value.rule
    dl.load_scenario("pokrovsk_drone_line", {**big, "map.cell_m": 200})  # 80,000 cells: fine

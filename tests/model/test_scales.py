"""model/scales.py: the one place where km, hours and days become cells and steps."""

import pytest

import droneline as dl
from droneline.model.scales import Scales


def test_from_scenario():
    sc = dl.load_scenario(
        "pokrovsk_drone_line",
        {"map.cell_m": 200, "map.depth_km": 30, "map.frontage_km": 8, "run.step_minutes": 15},
    )
    s = Scales.from_scenario(sc)
    assert (s.cell_km, s.step_h, s.nx, s.ny) == (0.2, 0.25, 150, 40)
    assert s.n_cells == 150 * 40 and s.cell_area_km2 == pytest.approx(0.04)


def test_conversions():
    s = Scales(cell_km=0.1, step_h=1 / 6, nx=300, ny=80)
    assert s.cells(1.5) == pytest.approx(15) and s.km(15) == pytest.approx(1.5)
    assert s.per_step(6.0) == pytest.approx(1.0)
    assert s.per_step_from_day(144.0) == pytest.approx(1.0)
    assert s.steps_per_day == pytest.approx(144) and s.step_days == pytest.approx(1 / 144)
    assert s.steps(1.0) == 6 and s.steps(0.5) == 3 and s.steps(0.01) == 1 and s.steps(0.2) == 2

"""agents/ew.py: EWStation deploys behind the front and jams radio drones in its radius."""

import numpy as np
import pytest

from droneline.agents import EWStation
from droneline.agents.kinds import ARTILLERY_FIRE
from droneline.model import control
from droneline.model.losses import apply_hits, remove_dead
from droneline.model.sensing import update_coverage

EW = EWStation.KIND

BLUE = 1


def test_deploy_along_the_front(bare_model):
    m = bare_model(**{"blue.ew.stations": 3, "blue.ew.setback_km": 1.0, "blue.ew.crew": 3})
    rows = m.units.live_of(EW, BLUE)
    assert len(rows) == 3 and (m.units.vehicles[rows] == 1).all()
    assert (m.units.strength[rows] == 3).all()
    assert (m.grid.control.data.ravel()[m.units.cell[rows]] == BLUE).all()


def test_jams_within_its_radius_only(bare_model):
    m = bare_model(**{"blue.ew.radius_km": 0.5, "blue.ew.jam_probability": 0.3})
    e = EWStation(m, BLUE, 10 * m.scales.nx + 20)
    control.update_control(m)
    update_coverage(m)
    jam = m.grid.jam_blue.data
    assert jam[10, 20] == pytest.approx(0.3) and jam[10, 25] == pytest.approx(0.3)
    assert jam[10, 26] == 0 and jam.max() == pytest.approx(0.3)
    apply_hits(m, np.array([e.row]), np.array([1.0]), np.zeros(1), 0.0, 1.0, ARTILLERY_FIRE)
    remove_dead(m)
    assert not e.alive and m.coverage_dirty
    update_coverage(m)
    assert not m.grid.jam_blue.data.any()

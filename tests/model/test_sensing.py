"""model/sensing.py: detection probability, tasked zones, recon intensity, jamming, observers."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DroneUnit, EWStation
from droneline.model import control
from droneline.model.sensing import (
    detection_probability,
    disc_bounds,
    jam_layer,
    observed_rate,
    sense,
    update_coverage,
    zone_intensity,
    zone_mask,
)


# --------------------------------------------------------------------------- array functions
def test_detection_probability_limits():
    sig = np.ones(4)
    p = detection_probability(np.array([0.0, 1e-9, 2.0, np.inf]), sig, dt_h=0.5)
    assert p[0] == 0.0
    assert p[1] == pytest.approx(0.5e-9, rel=1e-6)  # small intensity: p ~ lambda x dt
    assert p[2] == pytest.approx(1 - np.exp(-1.0))
    assert p[3] == 1.0
    assert ((p >= 0) & (p <= 1)).all()


def test_detection_probability_grows_with_intensity_signature_and_time():
    lam = np.linspace(0, 5, 11)
    p = detection_probability(lam, np.ones(11), 0.1)
    assert (np.diff(p) > 0).all()
    assert (
        detection_probability(np.array([1.0]), np.array([3.0]), 0.1)[0]
        > detection_probability(np.array([1.0]), np.array([1.0]), 0.1)[0]
    )
    # two steps of dt equal one step of 2 dt (independent draws)
    one = detection_probability(np.array([0.7]), np.array([1.3]), 0.2)[0]
    two = detection_probability(np.array([0.7]), np.array([1.3]), 0.1)[0]
    assert one == pytest.approx(1 - (1 - two) ** 2)
    assert detection_probability(np.array([4.0]), np.array([0.0]), 1.0)[0] == 0.0


def test_zone_mask_from_own_side_depth_to_strike_depth():
    depth = np.array([-5.0, -3.0, -1.0, 0.0, 5.0, 12.0, 13.0])
    np.testing.assert_array_equal(
        zone_mask(depth, strike_depth_km=12, own_side_km=3),
        [False, True, True, True, True, True, False],
    )


def test_disc_bounds_clips_at_the_edges():
    (sy, sx), disc = disc_bounds(0, 1, 1.0, ny=4, nx=5)
    assert (sy, sx) == (slice(0, 2), slice(0, 3))
    assert disc.shape == (2, 3)
    np.testing.assert_array_equal(disc, [[True, True, True], [False, True, False]])


def test_zone_intensity_spreads_sorties_over_the_zone():
    shape = (5, 5)
    zone = np.ones(shape, dtype=bool)
    # one site at the centre, radius 1 (5 cells), 2 sorties/h, each searching 1 cell
    out = zone_intensity(shape, np.array([[2, 2]]), np.array([1.0]), np.array([2.0]), zone, 1.0)
    cover = np.zeros(shape, dtype=bool)
    cover[2, 1:4] = cover[1:4, 2] = True
    np.testing.assert_allclose(out[cover], 2.0 / 5)
    assert (out[~cover] == 0).all()
    assert out.sum() == pytest.approx(2.0)  # sorties x area searched
    # a sortie cannot search more than its whole zone: intensity capped at the sortie rate
    big = zone_intensity(shape, np.array([[2, 2]]), np.array([1.0]), np.array([2.0]), zone, 50.0)
    np.testing.assert_allclose(big[cover], 2.0)


def test_zone_intensity_only_inside_the_zone_and_sums_over_sites():
    shape = (3, 6)
    zone = np.zeros(shape, dtype=bool)
    zone[:, 3:] = True
    sites = np.array([[1, 1], [1, 4]])
    out = zone_intensity(shape, sites, np.array([10.0, 10.0]), np.array([1.0, 3.0]), zone, 1.0)
    assert (out[:, :3] == 0).all()
    np.testing.assert_allclose(out[:, 3:], (1.0 + 3.0) / zone.sum())
    idle = zone_intensity(shape, sites, np.array([10.0, 10.0]), np.zeros(2), zone, 1.0)
    assert not idle.any()


def test_jam_layer_combines_two_stations():
    shape = (1, 7)
    p = 0.4
    out = jam_layer(shape, np.array([[0, 2], [0, 4]]), 1.0, p)
    both = 1 - (1 - p) ** 2
    np.testing.assert_allclose(out[0], [0, p, p, both, p, p, 0])
    assert not jam_layer(shape, np.zeros((0, 2), dtype=int), 1.0, p).any()


def test_observed_rate_only_within_range():
    obs = np.array([[0, 0]])
    tgt = np.array([[3, 4], [4, 4], [0, 1]])
    np.testing.assert_array_equal(observed_rate(obs, tgt, 5.0, 2.0), [2.0, 0.0, 2.0])
    assert observed_rate(np.zeros((0, 2)), tgt, 5.0, 2.0).tolist() == [0.0, 0.0, 0.0]
    assert observed_rate(obs, np.zeros((0, 2)), 5.0, 2.0).shape == (0,)


# --------------------------------------------------------------------------- phase
def _refresh(m):
    control.update_control(m)
    update_coverage(m)


def test_coverage_layers_follow_drone_units_and_ew(bare_model):
    m = bare_model(**{"blue.drones.strike_depth_km": 1.0})
    nx = m.scales.nx
    assert not m.grid.recon_blue.data.any() and not m.grid.jam_blue.data.any()
    DroneUnit(m, 1, 10 * nx + 20)
    e = EWStation(m, 1, 10 * nx + 25)
    _refresh(m)
    # recon watches from own_side_km behind the front forward, whatever the tasked depth
    watched = m.depth[1] >= -m.params.blue.drones.own_side_km
    recon = m.grid.recon_blue.data
    assert recon.any() and (recon[~watched] == 0).all() and (recon[watched] > 0).all()
    assert m.zones["drone_unit", 1].sum() < watched.sum()
    assert not m.grid.recon_red.data.any()
    ew = m.params.blue.ew
    expected = jam_layer(
        m.shape, np.array([[10, 25]]), m.scales.cells(ew.radius_km), ew.jam_probability
    )
    np.testing.assert_allclose(m.grid.jam_blue.data, expected)
    assert not m.grid.jam_red.data.any()
    e.remove()
    _refresh(m)
    assert not m.grid.jam_blue.data.any()


def test_sense_without_sensing_everyone_sees_everyone(bare_model):
    m = bare_model(**{"sensing.enabled": False})
    nx = m.scales.nx
    a = AssaultGroup(m, 0, 3 * nx + 50, 5)
    b = AssaultGroup(m, 1, 17 * nx + 5, 5)
    _refresh(m)
    sense(m)
    assert m.units.det_blue[a.row] >= m.steps and m.units.det_red[b.row] >= m.steps


def test_sense_with_no_coverage_and_nobody_near_detects_nothing(bare_model):
    m = bare_model()
    nx = m.scales.nx
    a = AssaultGroup(m, 0, 3 * nx + 55, 5)
    b = AssaultGroup(m, 1, 17 * nx + 5, 5)
    _refresh(m)
    for _ in range(20):
        sense(m)
    assert m.units.det_blue[a.row] < 0 and m.units.det_red[b.row] < 0


def test_sense_ground_observers_find_enemies_in_range(bare_model):
    m = bare_model(**{"sensing.observe_rate_per_hour": 20.0})
    nx = m.scales.nx
    a = AssaultGroup(m, 0, 10 * nx + 32, 5)
    b = AssaultGroup(m, 1, 10 * nx + 28, 5)  # 0.4 km apart, inside observe_range_km = 1
    _refresh(m)
    for _ in range(30):
        sense(m)
    assert m.units.det_blue[a.row] >= m.steps and m.units.det_red[b.row] >= m.steps


def test_random_search_spreads_each_units_sweep_over_its_footprint():
    from droneline.model.sensing import random_search

    cells = np.array([0, 1, 2, 3, 2, 3])  # unit 0 watches 4 cells, unit 1 two of them
    counts = np.array([4, 2])
    out = random_search((cells, counts), np.array([8.0, 2.0]), 5)
    np.testing.assert_allclose(out, [2.0, 2.0, 3.0, 3.0, 0.0])
    # twice the footprint, half the intensity on each cell
    wide = random_search((np.arange(8), np.array([8])), np.array([8.0]), 8)
    np.testing.assert_allclose(wide, np.ones(8))
    assert random_search((np.zeros(0, int), np.zeros(0, int)), np.zeros(0), 3).dtype == float

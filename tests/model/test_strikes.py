"""model/strikes.py: target choice by value, distances, and the strike phase."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DroneUnit
from droneline.agents.kinds import FPV_RADIO, MINING, RECON
from droneline.model import control
from droneline.model.sensing import update_coverage
from droneline.model.strikes import (
    choose_targets,
    depth_bins,
    depth_edges_km,
    pairwise_cells,
    strike,
)


# --------------------------------------------------------------------------- array functions
def test_choose_targets_maps_uniform_draws_onto_cumulative_weights():
    w = np.array([[1.0, 0.0, 3.0]])
    shooter, target = choose_targets(w, np.array([4]), np.array([0.0, 0.249, 0.25, 0.999]))
    assert shooter.tolist() == [0, 0, 0, 0]
    assert target.tolist() == [0, 0, 2, 2]
    # a leading zero-weight target is never chosen, not even by a draw of 0
    _, t = choose_targets(np.array([[0.0, 2.0]]), np.array([1]), np.array([0.0]))
    assert t.tolist() == [1]


def test_choose_targets_frequencies_follow_weights():
    rng = np.random.default_rng(1)
    w = np.array([[1.0, 0.0, 3.0, 4.0], [0.0, 5.0, 0.0, 5.0]])
    counts = np.array([40_000, 20_000])
    shooter, target = choose_targets(w, counts, rng.random(counts.sum()))
    assert np.bincount(shooter).tolist() == counts.tolist()
    for k in range(2):
        freq = np.bincount(target[shooter == k], minlength=4) / counts[k]
        np.testing.assert_allclose(freq, w[k] / w[k].sum(), atol=0.01)
        assert (freq[w[k] == 0] == 0).all()  # zero weight: never


def test_choose_targets_no_sorties():
    shooter, target = choose_targets(np.zeros((2, 3)), np.array([0, 0]), np.zeros(0))
    assert len(shooter) == len(target) == 0


def test_pairwise_cells():
    d = pairwise_cells(np.array([[0, 0], [1, 1]]), np.array([[3, 4], [1, 1], [0, 0]]))
    np.testing.assert_allclose(d, [[5, np.sqrt(2), 0], [np.hypot(2, 3), 0, np.sqrt(2)]])


def test_depth_bins_cover_the_whole_map():
    edges = depth_edges_km(15.0)
    assert edges[0] == -15 and edges[-1] == 15 and len(edges) == 31
    bins = depth_bins(np.array([-20.0, -15.0, 0.2, 14.9, 40.0]), edges)
    assert bins.tolist() == [0, 0, 15, 29, 29]


# --------------------------------------------------------------------------- phase
STRIKER = {  # red: one big unit of radio FPVs, everything hits
    "red.drones.recon_share": 0.0,
    "red.drones.bomber_share": 0.0,
    "red.drones.mining_share": 0.0,
    "red.drones.fibre_share": 0.0,
    "red.drones.crews_per_unit": 40,
    "red.drones.sorties_per_crew_hour": 3.0,
    "red.drones.hit_probability": 1.0,
    "red.drones.stock_per_crew": 100,
    "red.drones.strike_depth_km": 5.0,
    "red.drones.own_side_km": 3.0,
    "red.drones.fpv_range_km": 15.0,
}


def _setup(m, target_x=20):
    nx = m.scales.nx
    d = DroneUnit(m, 0, 10 * nx + 40)
    g = AssaultGroup(m, 1, 10 * nx + target_x, 200)
    control.update_control(m)
    update_coverage(m)
    return d, g


def test_strikes_only_at_detected_targets(bare_model):
    m = bare_model(**STRIKER)
    d, g = _setup(m)
    strike(m)
    assert m.tally.sorties[0, FPV_RADIO] == 0 and m.units.casualties[g.row] == 0
    m.units.det_red[g.row] = m.steps + 10
    strike(m)
    assert m.tally.sorties[0, FPV_RADIO] > 0
    assert m.tally.hits[0, FPV_RADIO] == m.tally.sorties[0, FPV_RADIO]
    assert m.units.casualties[g.row] > 0
    assert m.tally.losses[1].sum() == m.units.casualties[g.row]  # counted as drone losses
    assert m.tally.losses[1, 0].sum() == m.units.casualties[g.row]
    # each sortie spends a drone
    spent = 40 * 100 - m.units.stock[d.row].sum()
    assert spent == pytest.approx(m.tally.sorties[0].sum())


def test_no_strikes_beyond_range_or_outside_the_tasked_zone(bare_model):
    m = bare_model(**{**STRIKER, "red.drones.fpv_range_km": 1.0})
    _, g = _setup(m)  # target 2 km from the launch site
    m.units.det_red[g.row] = m.steps + 10
    strike(m)
    assert m.tally.sorties[0, FPV_RADIO] == 0
    m = bare_model(**{**STRIKER, "red.drones.strike_depth_km": 0.5})
    _, g = _setup(m)  # target 1 km beyond the front, zone ends at 0.5 km
    m.units.det_red[g.row] = m.steps + 10
    strike(m)
    assert m.tally.sorties[0, FPV_RADIO] == 0


def test_no_drones_left_no_sorties(bare_model):
    m = bare_model(**STRIKER)
    d, g = _setup(m)
    m.units.stock[d.row] = 0
    m.units.det_red[g.row] = m.steps + 10
    strike(m)
    assert m.tally.sorties[0].sum() == 0 and m.units.casualties[g.row] == 0


def test_recon_sorties_fly_without_targets(bare_model):
    m = bare_model(
        **{
            "red.drones.recon_share": 1.0,
            "red.drones.bomber_share": 0.0,
            "red.drones.mining_share": 0.0,
            "red.drones.crews_per_unit": 20,
            "red.drones.sorties_per_crew_hour": 3.0,
        }
    )
    d, _ = _setup(m)
    for _ in range(6):
        strike(m)
    assert m.tally.sorties[0, RECON] > 0
    assert m.tally.sorties[0, FPV_RADIO] == 0
    assert m.units.stock[d.row, RECON] >= 0
    assert m.units.stock[d.row, MINING] >= 0

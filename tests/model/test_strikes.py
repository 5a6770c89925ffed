"""model/strikes.py: target choice by value, distances, and the strike phase."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DroneUnit, EWStation
from droneline.agents.kinds import ADVANCE, FPV_FIBRE, FPV_RADIO, MINING, RECON
from droneline.model import control
from droneline.model.sensing import update_coverage
from droneline.model.strikes import (
    choose_targets,
    depth_bins,
    depth_edges_km,
    first_n_per_target,
    link_success,
    pairwise_cells,
    path_lengths_in_discs,
    reach_km,
    serve_by_priority,
    sorties_needed,
    strike,
    target_weights,
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


def test_reach_is_range_or_what_the_endurance_allows():
    assert reach_km(20.0, 60.0, 10.0) == 10.0  # 10 min at 60 km/h
    assert reach_km(8.0, 60.0, 20.0) == 8.0  # the cable (or radio) ends first


def test_link_holds_within_relays_then_halves_at_half_distance_and_is_masked():
    d = np.array([0.0, 5.0, 15.0, 25.0])
    p = link_success(d, half_km=10.0, relay_km=5.0, masking=0.0, concealment=np.zeros(4))
    np.testing.assert_allclose(p[:3], [1.0, 1.0, 0.5])
    assert p[3] < 0.1
    masked = link_success(d, 10.0, 5.0, masking=0.5, concealment=np.full(4, 0.6))
    np.testing.assert_allclose(masked, p * 0.7)


def test_path_lengths_in_discs():
    a = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 3.0], [4.0, 0.0]])
    b = np.array([[10.0, 0.0], [5.0, 0.0], [10.0, 0.0], [10.0, 3.0], [6.0, 0.0]])
    c = np.array([[5.0, 0.0]])
    L = path_lengths_in_discs(a, b, c, radius=2.0)[:, 0]
    np.testing.assert_allclose(L, [4.0, 2.0, 4.0, 0.0, 2.0])  # through, to the centre, miss
    two = path_lengths_in_discs(a[:1], b[:1], np.array([[2.0, 0.0], [8.0, 0.0]]), 1.0)
    np.testing.assert_allclose(two, [[2.0, 2.0]])
    assert path_lengths_in_discs(a[:1], a[:1], c, 2.0)[0, 0] == 0.0  # no flight, no path


def test_target_weights_threat_movement_and_flight_time():
    value = np.array([1.0, 1.0, 1.0, 2.0])
    threat = np.array([False, True, False, False])
    moving = np.array([False, False, True, False])
    flight = np.array([[0.0, 0.0, 0.0, 10.0]])
    w = target_weights(value, threat, moving, flight, 3.0, 1.5, 0.1)
    np.testing.assert_allclose(w, [[1.0, 3.0, 1.5, 2.0 * np.exp(-1.0)]])


def test_sorties_needed_and_no_more_than_needed_per_target():
    need = sorties_needed(
        soldiers=np.array([4.0, 0.0, 3.0]),
        vehicles=np.array([0.0, 2.0, 3.0]),
        is_vehicle=np.array([False, True, True]),
        casualties_per_sortie=np.array([0.5, 0.5, 0.5]),
        kills_per_sortie=np.array([0.2, 0.25, 0.6]),
        margin=1.0,
    )
    assert need.tolist() == [8, 8, 5]
    keep = first_n_per_target(np.array([0, 1, 0, 0, 1, 2]), np.array([2, 5, 0]))
    assert keep.tolist() == [True, True, True, False, True, False]


def test_serve_by_priority_heaviest_first_up_to_each_targets_need():
    w = np.array([[1.0, 5.0, 3.0, 0.0], [1.0, 5.0, 3.0, 0.0]])
    need = np.array([9, 2, 3, 9])
    sh, tg, left = serve_by_priority(w, np.array([4, 0]), need, np.array([0, 1]))
    assert sh.tolist() == [0, 0, 0, 0] and tg.tolist() == [1, 1, 2, 2]
    assert left.tolist() == [9, 0, 1, 9] and need.tolist() == [9, 2, 3, 9]  # a copy
    # the need is shared: the second crew finds targets 1 and 2 served and goes to 0; a
    # target it does not want (weight 0) never gets a sortie, however much it needs
    sh, tg, left = serve_by_priority(w, np.array([2, 20]), need, np.array([0, 1]))
    assert tg[sh == 0].tolist() == [1, 1]
    assert tg[sh == 1].tolist() == [2, 2, 2] + [0] * 9
    assert left.tolist() == [0, 0, 0, 9]
    assert len(tg) == 14  # the sorties with nothing left to serve are not flown
    # the order of the crews decides who serves the most wanted target
    sh, tg, _ = serve_by_priority(w, np.array([2, 2]), need, np.array([1, 0]))
    assert tg[sh == 1].tolist() == [1, 1] and tg[sh == 0].tolist() == [2, 2]


def test_serve_by_priority_no_sorties_or_no_targets():
    sh, tg, left = serve_by_priority(np.zeros((2, 3)), np.array([3, 1]), np.ones(3), [0, 1])
    assert len(sh) == len(tg) == 0 and left.tolist() == [1, 1, 1]
    sh, tg, _ = serve_by_priority(np.ones((1, 0)), np.array([2]), np.ones(0), [0])
    assert len(sh) == 0


def test_depth_bins_cover_the_whole_map():
    edges = depth_edges_km(15.0)
    assert edges[0] == -15 and edges[-1] == 15 and len(edges) == 31
    assert depth_bins(np.array([-20.0, -15.0, 0.2, 14.9, 40.0]), edges).tolist() == [
        0,
        0,
        15,
        29,
        29,
    ]


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
    "red.drones.link_half_km": 200.0,  # links hold
    "red.drones.link_masking": 0.0,
    "red.drones.overkill_margin": 20.0,
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


@pytest.mark.parametrize("choice", ["priority", "weighted"])
def test_crews_by_priority_serve_the_group_moving_up_before_the_one_holding(bare_model, choice):
    m = bare_model(**{**STRIKER, "red.drones.target_choice": choice})
    nx = m.scales.nx
    DroneUnit(m, 0, 10 * nx + 40)
    moving = AssaultGroup(m, 1, 5 * nx + 20, 60, mission=ADVANCE)  # needs every sortie
    holding = AssaultGroup(m, 1, 15 * nx + 20, 60)
    control.update_control(m)
    update_coverage(m)
    u = m.units
    u.moving[moving.row] = True
    for _ in range(3):
        u.det_red[[moving.row, holding.row]] = m.steps + 10
        strike(m)
    assert u.casualties[moving.row] > 0
    if choice == "priority":  # every sortie at the most wanted target while it needs them
        assert u.casualties[holding.row] == 0
    else:  # drawn in proportion to how much each is wanted: some go to the other
        assert u.casualties[holding.row] > 0


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


def test_beyond_its_endurance_a_drone_never_reaches_the_target(bare_model):
    # radio range 15 km, but 1 min of flight at 70 km/h is ~1.2 km: the target 2 km away
    m = bare_model(**{**STRIKER, "red.drones.fpv_endurance_min": 1.0})
    _, g = _setup(m)
    for _ in range(6):
        m.units.det_red[g.row] = m.steps + 10
        strike(m)
    assert m.tally.sorties[0].sum() - m.tally.sorties[0, RECON] == 0
    assert m.units.casualties[g.row] == 0


def test_fibre_drones_stop_at_their_cable_and_are_not_jammed(bare_model):
    fibre = {**STRIKER, "red.drones.fibre_share": 1.0, "blue.ew.jam_probability": 1.0}
    m = bare_model(**{**fibre, "red.drones.fibre_range_km": 1.5})  # target 2 km away
    _, g = _setup(m)
    m.units.det_red[g.row] = m.steps + 10
    strike(m)
    assert m.tally.sorties[0, FPV_FIBRE] == 0
    m = bare_model(**{**fibre, "red.drones.fibre_range_km": 3.0})
    _, g = _setup(m)
    EWStation(m, 1, 10 * m.scales.nx + 25)  # blue's EW over the whole path
    update_coverage(m)
    for _ in range(3):
        m.units.det_red[g.row] = m.steps + 10
        strike(m)
    assert m.tally.sorties[0, FPV_FIBRE] > 0 and m.tally.jammed[0].sum() == 0
    assert m.tally.hits[0, FPV_FIBRE] == m.tally.sorties[0, FPV_FIBRE]


def test_jamming_grows_with_the_path_through_ew_cover(bare_model):
    """The same radio sorties at a target 1 km inside a station's cover and at one 4 km
    inside it (the station's radius is 5 km, centred on the targets' side)."""

    def jammed_share(target_x: int) -> float:
        m = bare_model(**{**STRIKER, "blue.ew.jam_probability": 0.5, "blue.ew.radius_km": 5.0})
        nx = m.scales.nx
        DroneUnit(m, 0, 10 * nx + 59)  # red's launch site at the map's red edge
        EWStation(m, 1, 10 * nx + 0)  # blue's station at blue's edge: cover x < 5 km
        g = AssaultGroup(m, 1, 10 * nx + target_x, 10_000)
        control.update_control(m)
        update_coverage(m)
        for _ in range(30):
            m.units.det_red[g.row] = m.steps + 10
            strike(m)
        return m.tally.jammed[0, FPV_RADIO] / m.tally.sorties[0, FPV_RADIO]

    shallow, deep = jammed_share(40), jammed_share(10)  # 1 km vs 4 km into the cover
    assert 0.05 < shallow < 0.25  # 1 - 0.5 ** 0.2 = 0.13
    assert 0.35 < deep < 0.55  # 1 - 0.5 ** 0.8 = 0.43

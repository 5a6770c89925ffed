"""agents/drone_unit.py: crews by task, sortie rates, stock and restocking, jamming."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DroneUnit, EWStation
from droneline.agents.drone_unit import type_shares
from droneline.agents.kinds import BOMBER, DRONE_TYPES, FPV_FIBRE, FPV_RADIO, MINING, RECON
from droneline.model import control
from droneline.model.sensing import update_coverage
from droneline.model.strikes import strike

DRONES = DroneUnit.KIND

RED, BLUE = 0, 1
# an EW station whose cover (3 km around the middle of the 2 km flight) jams every radio drone
JAM = {
    f"{side}.ew.{k}": v
    for side in ("red", "blue")
    for k, v in (("jam_probability", 1.0), ("radius_km", 3.0))
}


def _cell(m, x, y=10):
    return y * m.scales.nx + x


def _drones(**kw):
    """Red strike crews only (no recon, bombers or mining), all sorties hit."""
    base = {
        "red.drones.recon_share": 0.0,
        "red.drones.bomber_share": 0.0,
        "red.drones.mining_share": 0.0,
        "red.drones.interdiction_share": 0.0,
        "red.drones.crews_per_unit": 40,
        "red.drones.sorties_per_crew_hour": 3.0,
        "red.drones.hit_probability": 1.0,
        "red.drones.stock_per_crew": 100,
        "red.drones.strike_depth_km": 5.0,
        "red.drones.own_side_km": 3.0,
        "red.drones.fpv_range_km": 15.0,
        "red.drones.fibre_range_km": 15.0,
        "red.drones.link_half_km": 200.0,  # links hold (tested on their own below)
        "red.drones.link_masking": 0.0,
        "red.drones.overkill_margin": 20.0,  # the big group can take every sortie
    }
    return base | {f"red.drones.{k}": v for k, v in kw.items()}


def _strike_at_a_group(m, steps=6, jammer=None):
    """Red's drone unit strikes a big blue group it has located, for ``steps`` steps; an EW
    station of side ``jammer`` (BLUE: the target's) with certain jamming covers the whole
    flight path."""
    d = DroneUnit(m, RED, _cell(m, 40))
    g = AssaultGroup(m, BLUE, _cell(m, 20), 500)
    if jammer is not None:
        EWStation(m, jammer, _cell(m, 30))
    control.update_control(m)
    update_coverage(m)
    for _ in range(steps):
        m.units.det_red[g.row] = m.steps + 10
        strike(m)
    return d, g


@pytest.mark.parametrize("fibre_share", [1.0, 0.5])
def test_fibre_optic_sorties_are_never_jammed(bare_model, fibre_share):
    m = bare_model(**_drones(fibre_share=fibre_share), **JAM)
    _, g = _strike_at_a_group(m, jammer=BLUE)  # jams every radio drone, anywhere
    t = m.tally
    assert t.sorties[RED, FPV_FIBRE] > 0
    assert t.hits[RED, FPV_FIBRE] == t.sorties[RED, FPV_FIBRE]  # none jammed, all hit
    assert t.jammed[RED, FPV_FIBRE] == 0
    assert t.jammed[RED, FPV_RADIO] == t.sorties[RED, FPV_RADIO]
    assert m.units.casualties[g.row] > 0


def test_radio_sorties_into_certain_jamming_are_always_jammed(bare_model):
    m = bare_model(**_drones(fibre_share=0.0), **JAM)
    _, g = _strike_at_a_group(m, jammer=BLUE)
    t = m.tally
    assert t.sorties[RED, FPV_RADIO] > 0
    assert t.jammed[RED, FPV_RADIO] == t.sorties[RED, FPV_RADIO]
    assert t.hits[RED].sum() == 0 and m.units.casualties[g.row] == 0


def test_without_jamming_radio_sorties_get_through(bare_model):
    m = bare_model(**_drones(fibre_share=0.0))
    _, g = _strike_at_a_group(m)
    assert m.tally.jammed[RED].sum() == 0
    assert m.tally.hits[RED, FPV_RADIO] == m.tally.sorties[RED, FPV_RADIO] > 0


def test_own_jamming_does_not_stop_own_drones(bare_model):
    m = bare_model(**_drones(fibre_share=0.0), **JAM)
    _strike_at_a_group(m, jammer=RED)  # red's own EW
    assert m.tally.jammed[RED].sum() == 0 and m.tally.hits[RED].sum() > 0


def test_stock_never_negative(bare_model):
    m = bare_model(**_drones(fibre_share=0.0, interdiction_share=0.5))
    m.road_mask[10, :] = True  # the target stands on an enemy road: both streams may fly
    d = DroneUnit(m, RED, _cell(m, 40))
    g = AssaultGroup(m, BLUE, _cell(m, 20), 500)
    control.update_control(m)
    update_coverage(m)
    m.units.stock[d.row] = 0.0
    m.units.stock[d.row, FPV_RADIO] = 1.0
    m.units.det_red[g.row] = m.steps + 10
    strike(m)
    assert m.tally.sorties[RED, FPV_RADIO] <= 1
    assert (m.units.stock[d.row] >= 0).all()


def test_sortie_rates_by_task(bare_model):
    m = bare_model(
        **{
            "red.drones.crews_per_unit": 10,
            "red.drones.soldiers_per_crew": 2,
            "red.drones.sorties_per_crew_hour": 1.0,
            "red.drones.recon_share": 0.2,
            "red.drones.bomber_share": 0.1,
            "red.drones.mining_share": 0.1,
            "red.drones.fibre_share": 0.5,
            "red.drones.fibre_rate_factor": 0.6,
            "red.drones.interdiction_share": 0.25,
            "run.start_hour": 12,
        }
    )
    d = DroneUnit(m, RED, _cell(m, 40))
    assert d.crews == 10
    r = DroneUnit.sortie_rates(m, RED, np.array([d.row]))
    assert r["recon"][0] == pytest.approx(2.0) and r["mining"][0] == pytest.approx(1.0)
    radio, fibre = 10 * 0.6 * 0.5, 10 * 0.6 * 0.5 * 0.6
    np.testing.assert_allclose(
        r["streams"][0], [radio * 0.75, fibre * 0.75, 0.0, radio * 0.25, fibre * 0.25, 0.0]
    )
    assert r["strike"][0] == pytest.approx(radio + fibre)
    assert r["interdiction"][0] == pytest.approx((radio + fibre) * 0.25)
    m.is_day = False  # heavy bombers fly at night only
    night = DroneUnit.sortie_rates(m, RED, np.array([d.row]))
    assert night["streams"][0, 2] == pytest.approx(1.0 * 0.75)
    m.units.stock[d.row, RECON] = 0  # no drones of a type, no sorties of it
    assert DroneUnit.sortie_rates(m, RED, np.array([d.row]))["recon"][0] == 0


def test_type_shares_sum_to_one_and_follow_tasks(bare_model):
    m = bare_model(**{"red.drones.fibre_share": 0.0, "red.drones.bomber_share": 0.0})
    s = type_shares(m.side_params[RED].drones)
    assert s.sum() == pytest.approx(1.0) and len(s) == len(DRONE_TYPES)
    assert s[FPV_FIBRE] == 0 and s[BOMBER] == 0 and s[FPV_RADIO] > 0
    m = bare_model(**{"red.drones.mining_share": 0.0})
    assert type_shares(m.side_params[RED].drones)[MINING] == 0


def test_restock_splits_production_by_crews(bare_model):
    m = bare_model(**{"red.drones.production_per_day": 300.0})
    a = DroneUnit(m, RED, _cell(m, 40, 5))
    b = DroneUnit(m, RED, _cell(m, 40, 15))
    m.units.strength[b.row] = m.units.strength[a.row] / 2  # b lost half its crews
    s0 = m.units.stock[[a.row, b.row]].copy()
    DroneUnit.new_day(m, RED)
    added = m.units.stock[[a.row, b.row]] - s0
    assert added.sum() == pytest.approx(300.0)
    assert added[0].sum() == pytest.approx(200.0) and added[1].sum() == pytest.approx(100.0)
    np.testing.assert_allclose(added[0] / 200.0, type_shares(m.side_params[RED].drones))


def test_deploy_along_the_front_on_own_ground(bare_model):
    m = bare_model(**{"blue.drones.units": 6, "blue.drones.setback_km": 1.5})
    rows = m.units.live_of(DRONES, BLUE)
    assert len(rows) == 6
    x = m.units.cell[rows] % m.scales.nx
    assert (np.abs(x - (m.front_x[0] - 15)) <= 3).all()
    assert (m.grid.control.data.ravel()[m.units.cell[rows]] == BLUE).all()


def test_a_struck_launch_site_loses_crews_and_dies_with_its_last(bare_model):
    from droneline.agents.kinds import DRONE
    from droneline.model.losses import casualties, remove_dead

    m = bare_model()
    d = DroneUnit(m, RED, _cell(m, 40))
    crews = d.crews
    casualties(m, np.array([d.row]), np.array([2.0]), DRONE)
    assert d.crews < crews and m.coverage_dirty
    casualties(m, np.array([d.row]), np.array([1000.0]), DRONE)
    remove_dead(m)
    assert not d.alive


def test_recon_watch_is_assets_not_thinned_by_a_deeper_tasking(bare_model):
    def recon_layer(**over):
        m = bare_model(**over)
        DroneUnit(m, BLUE, 10 * m.scales.nx + 20)
        update_coverage(m)
        return m.layer("recon", BLUE).copy()

    shallow = recon_layer(**{"blue.drones.strike_depth_km": 2.0})
    deep = recon_layer(**{"blue.drones.strike_depth_km": 12.0})
    assert shallow.max() > 0
    np.testing.assert_allclose(shallow, deep)  # the tasking does not spread the watch
    more = recon_layer(**{"blue.drones.recon_aloft_per_crew": 1.0})
    less = recon_layer(**{"blue.drones.recon_aloft_per_crew": 0.5})
    np.testing.assert_allclose(more, 2 * less)  # twice the drones in the air, twice the watch


def test_the_knock_out_leaves_recon_and_idles_the_strike_crews(bare_model):
    m = bare_model(**{"blue.drones.strikes": False})
    unit = DroneUnit(m, BLUE, 10 * m.scales.nx + 20)
    rates = DroneUnit.sortie_rates(m, BLUE, np.array([unit.row]))
    assert rates["strike"].sum() == 0 and rates["recon"].sum() > 0


@pytest.mark.parametrize("carries_supply", [True, False])
def test_interdiction_crews_hunt_supply_carriers_off_the_roads_too(bare_model, carries_supply):
    """Crews tasked to interdict supply strike trucks wherever they drive, and only targets
    on roads or carrying supply (open ground: no roads on this map)."""
    from droneline.agents import DefenderPosition, SupplyConvoy

    m = bare_model(**_drones(interdiction_share=1.0, fibre_share=1.0))
    DroneUnit(m, RED, _cell(m, 40))
    if carries_supply:
        p = DefenderPosition(m, BLUE, _cell(m, 5), 6, 0.5, supply_days=1.0)
        target = SupplyConvoy(m, BLUE, _cell(m, 20), p.row)
    else:
        target = AssaultGroup(m, BLUE, _cell(m, 20), 500)
    control.update_control(m)
    update_coverage(m)
    assert not m.road_mask.any()
    for _ in range(6):
        m.units.det_red[target.row] = m.steps + 10
        strike(m)
    struck = m.tally.sorties[RED, FPV_FIBRE] > 0
    assert struck == carries_supply

"""model/scenarios/*.toml: every preset loads and runs two days with sane invariants.

These are rules, not tuned results: nothing here depends on the numbers a run produces.
"""

import math

import numpy as np
import pytest

import droneline as dl
from droneline.agents import UNIT_KINDS, DefenderPosition, SupplyConvoy
from droneline.agents.kinds import CAUSES
from droneline.model.day import formation_sizes

CONVOY = SupplyConvoy.KIND
POSITION = DefenderPosition.KIND
KIND_NAMES = tuple(UNIT_KINDS)

DAYS = 2
SEED = 1


def _soldiers(m, s: int) -> float:
    """Soldiers of side ``s`` accounted for: alive, lost, back at the rear awaiting a new
    unit, porters waiting at the drop-off line, or on their way as reinforcements (convoy
    drivers are not counted: convoys are vehicles that come and go)."""
    u, n = m.units, m.units.n
    alive = u.alive[:n] & (u.side[:n] == s) & (u.kind[:n] != CONVOY)
    lost = m.tally.losses[s].sum() - m.tally.losses[s, :, CONVOY].sum()
    sizes = formation_sizes(m.side_params[s].forces)
    queued = sum(sizes[a[3]] for a in m.arrivals if a[2] == s)
    carry = sum(m.formation_carry[s].values())
    pool = m.porters_free[s]
    return u.strength[:n][alive].sum() + lost + m.reserve[s] + carry + queued + pool


class Run:
    """A preset run for ``DAYS`` days, with the soldiers it was given."""

    def __init__(self, name: str):
        self.model = m = dl.BattlefieldModel(name, seed=SEED)
        self.start = [_soldiers(m, s) for s in (0, 1)]
        self.fresh = [0.0, 0.0]
        per_day = int(round(m.scales.steps_per_day))
        for _ in range(DAYS * per_day):
            if m.steps % per_day == 0 and m.params.switches.reinforcements:
                for s in (0, 1):
                    self.fresh[s] += m.side_params[s].forces.reinforcements_per_day
            m.step()
        self.row = m.summary()
        self.ts = m.timeseries()


_RUNS: dict[str, Run] = {}


@pytest.fixture(params=dl.preset_names())
def run(request) -> Run:
    """Each preset is run once per session; every test below reads the same run."""
    name = request.param
    if name not in _RUNS:
        _RUNS[name] = Run(name)
    return _RUNS[name]


def test_six_presets():
    assert len(dl.preset_names()) == 6


def test_runs_the_whole_time(run):
    m = run.model
    assert m.day == pytest.approx(DAYS)
    assert run.row["days"] == pytest.approx(DAYS)
    assert run.ts["day"].iloc[-1] == pytest.approx(DAYS)
    assert (np.diff(run.ts["day"]) > 0).all()


def test_casualties_non_negative_and_equal_to_losses_by_cause(run):
    t, row, last = run.model.tally, run.row, run.ts.iloc[-1]
    assert (t.losses >= 0).all() and (t.vehicles_lost >= 0).all()
    for s, side in enumerate(("red", "blue")):
        total = row[f"casualties_{side}"]
        assert total >= 0 and total == pytest.approx(t.losses[s].sum())
        by_cause = sum(last[f"casualties_{side}_{c}"] for c in CAUSES)
        by_cause_and_kind = sum(last[f"losses_{side}_{c}_{k}"] for c in CAUSES for k in KIND_NAMES)
        assert last[f"casualties_{side}"] == pytest.approx(total)
        assert by_cause == pytest.approx(total) and by_cause_and_kind == pytest.approx(total)
        assert (np.diff(run.ts[f"casualties_{side}"]) >= 0).all()  # cumulative
    # the units' own records agree with the tally
    u = run.model.units
    assert u.casualties[: u.n].sum() == pytest.approx(t.losses.sum())


def test_shares_of_casualties(run):
    row = run.row
    shares = [row[f"{c}_share"] for c in CAUSES]
    if row["casualties_red"] + row["casualties_blue"] > 0:
        assert all(0 <= x <= 1 for x in shares) and sum(shares) == pytest.approx(1)
    else:
        assert all(math.isnan(x) for x in shares)


def test_unit_state_is_sane(run):
    u = run.model.units
    rows = u.live()
    for col in ("strength", "vehicles", "supply", "morale", "suppression", "fortification"):
        v = getattr(u, col)[rows]
        assert np.isfinite(v).all(), col
        assert (v >= 0).all(), col
    assert (u.morale[rows] <= 1).all() and (u.suppression[rows] <= 1).all()
    assert np.isfinite(u.stock[rows]).all()
    assert (u.strength[rows] <= u.strength0[rows] + 1e-9)[u.kind[rows] != POSITION].all()
    assert (u.vehicles[rows] <= u.vehicles0[rows]).all()


def test_soldiers_are_conserved(run):
    m = run.model
    for s in (0, 1):
        assert _soldiers(m, s) == pytest.approx(run.start[s] + run.fresh[s])


def test_positions_held_at_most_initial_plus_captured(run):
    m, row = run.model, run.row
    u = m.units
    for s in (0, 1):
        pos = u.live_of(POSITION, s)
        held = int((u.strength[pos] > 0).sum())
        assert held <= m.positions0[s] + m.tally.positions_captured[s]
    assert row["positions_held_defender"] <= (
        row["positions_defender_initial"] + m.tally.positions_captured[1 - m.attacker]
    )
    assert (run.ts[["positions_held_red", "positions_held_blue"]] >= 0).all().all()


def test_control_layer_only_red_or_blue(run):
    m = run.model
    c = m.grid.control.data
    assert c.dtype == np.int8 and set(np.unique(c).tolist()) <= {0, 1}
    assert (c[:, 0] == 1).all() and (c[:, -1] == 0).all()  # rear edges stay anchored
    area = m.scales.n_cells * m.scales.cell_area_km2
    tot = run.ts["territory_red_km2"] + run.ts["territory_blue_km2"]
    np.testing.assert_allclose(tot, area)


def test_timeseries_has_no_missing_values(run):
    num = run.ts.select_dtypes("number")
    assert not num.isna().any().any()


def test_baseline_2022_has_no_drone_casualties():
    """A rule of the preset: in 2022 drones only spot for the guns (no strike drones)."""
    r = _RUNS.get("baseline_2022") or Run("baseline_2022")
    row = r.row
    assert row["strike_sorties_red"] == 0 and row["strike_sorties_blue"] == 0
    assert row["hits_red"] == 0 and row["hits_blue"] == 0
    assert row["drone_share"] == 0 or math.isnan(row["drone_share"])
    assert r.model.tally.losses[:, 0].sum() == 0  # cause "drone"


@pytest.mark.parametrize("name", dl.preset_names())
def test_initial_units_stand_on_their_own_ground(name, request):
    bad = []
    for seed in (1, 2):
        m = dl.BattlefieldModel(name, seed=seed)
        u = m.units
        rows = u.live()
        owner = m.grid.control.data.ravel()[u.cell[rows]]
        bad += [(seed, KIND_NAMES[u.kind[r]]) for r in rows[owner != u.side[rows]]]
    assert not bad

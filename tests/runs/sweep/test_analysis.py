"""Analysis: intervals, per-point tables, plots, sensitivity indices, and reading with DuckDB.

The sweeps here replace the battle by a known function of the factors (the run function is
monkeypatched in the serial executor), so the expected answers are known and the tests fast;
everything else (spec, design, worker, storage, analysis) is the real code path.
"""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from droneline.cli import main
from droneline.runs.sweep import analysis, runner, worker
from droneline.runs.sweep.executors import make_pool
from droneline.runs.sweep.results import load_results
from droneline.runs.sweep.spec import parse_spec

DEPTH, RATE, MOTO = (
    "blue.drones.strike_depth_km",
    "blue.drones.sorties_per_crew_hour",
    "red.forces.motorcycle_share",
)


def fake_run(scenario, days, seed, overrides):
    """advance_km falls with depth (strongly) and rate (weakly); motorcycles do nothing."""
    rng = np.random.default_rng(seed)
    d, r = overrides.get(DEPTH, 8.0), overrides.get(RATE, 0.3)
    advance = 10.0 - 0.5 * d - 2.0 * r + rng.normal(0, 0.2)
    row = {"advance_km": advance, "exchange_ratio": 2.0 + 0.1 * d + rng.normal(0, 0.1)}
    return SimpleNamespace(row=row, timeseries=pd.DataFrame({"day": [0.0]}))


def make_sweep(tmp_path, monkeypatch, design, reps=3, name="fake"):
    monkeypatch.setattr(worker, "run", fake_run)
    raw = {
        "sweep": {
            "name": name,
            "days": 0.25,
            "replications": reps,
            "seed": 5,
            "measures": ["advance_km", "exchange_ratio"],
        },
        "design": design,
        "factors": {
            DEPTH: {"range": [2, 16]},
            RATE: {"range": [0.05, 0.6]},
            MOTO: {"range": [0.0, 0.8]},
        },
    }
    out = tmp_path / name
    report = runner.run_sweep(
        parse_spec(raw, "fake.toml"),
        out,
        make_pool(serial=True),
        progress=False,
        log=lambda m: None,
    )
    assert report.complete and report.failed == 0
    return out


def test_point_summary_and_plots_of_an_lhs_sweep(tmp_path, monkeypatch):
    out = make_sweep(tmp_path, monkeypatch, {"kind": "lhs", "points": 12})
    res = load_results(out)
    table = analysis.point_summary(res, ["advance_km"])
    assert len(table) == 12 and (table["runs"] == 3).all() and (table["failed"] == 0).all()
    assert (table["advance_km_lo"] < table["advance_km_mean"]).all()
    expected = 10 - 0.5 * table[DEPTH] - 2 * table[RATE]
    assert np.allclose(table["advance_km_mean"], expected, atol=0.5)
    assert analysis.strongest_factors(res, "advance_km", 2) == [DEPTH, RATE]
    written = analysis.analyze(out, measures=["advance_km"])["paths"]
    for key in ("points", "response_advance_km", "heatmap_advance_km"):
        assert written[key].exists() and written[key].stat().st_size > 1000


def test_cli_analyze_prints_intervals_and_says_when_sensitivity_is_unsupported(
    tmp_path, monkeypatch, capsys
):
    out = make_sweep(tmp_path, monkeypatch, {"kind": "lhs", "points": 24}, reps=2)
    assert main(["analyze", str(out), "--sensitivity", "--ci", "bootstrap", "--no-plots"]) == 0
    text = capsys.readouterr().out
    assert "95% bootstrap intervals" in text and "advance_km" in text
    assert "does not support Sobol' or Morris indices" in text and "RBD-FAST" in text
    assert main(["analyze", str(out), "--measures", "advance_kmh"]) == 2
    assert "not a measure of this sweep" in capsys.readouterr().err


def test_sobol_indices_from_a_sobol_design(tmp_path, monkeypatch):
    out = make_sweep(
        tmp_path, monkeypatch, {"kind": "sobol", "base_points": 32, "second_order": False}, reps=1
    )
    res = load_results(out)
    assert len(res.design) == 32 * (3 + 2)
    indices, note = analysis.sensitivity(res, ["advance_km"])
    assert "Sobol'" in note
    st = indices.set_index("factor")["ST"]
    # depth's share of the variance: (0.5*14)^2 / ((0.5*14)^2 + (2*0.55)^2) ~ 0.98
    assert st[DEPTH] > 0.8 and st[MOTO] < 0.05 and st[RATE] < st[DEPTH]


def test_morris_indices_from_a_morris_design(tmp_path, monkeypatch):
    out = make_sweep(tmp_path, monkeypatch, {"kind": "morris", "trajectories": 10}, reps=1)
    indices, note = analysis.sensitivity(load_results(out), ["advance_km"])
    assert "Morris" in note
    mu_star = indices.set_index("factor")["mu_star"]
    assert mu_star[DEPTH] > mu_star[RATE] > mu_star[MOTO]


def test_a_full_factorial_has_no_indices_and_says_why(tmp_path, monkeypatch):
    out = make_sweep(tmp_path, monkeypatch, {"kind": "full_factorial", "steps": 2}, reps=1)
    res = load_results(out)
    assert len(res.design) == 8
    indices, note = analysis.sensitivity(res)
    assert indices.empty and "does not support sensitivity indices" in note


def test_results_are_queryable_with_duckdb(tmp_path, monkeypatch):
    duckdb = pytest.importorskip("duckdb")
    out = make_sweep(tmp_path, monkeypatch, {"kind": "nolh"}, reps=2)
    q = (
        f"SELECT point, count(*) AS n, avg(advance_km) AS advance FROM "
        f"'{out}/runs/*.parquet' GROUP BY point ORDER BY point"
    )
    df = duckdb.sql(q).df()
    assert len(df) == 17 and (df["n"] == 2).all()
    means = pd.read_parquet(out / "runs").groupby("point")["advance_km"].mean()
    assert np.allclose(df["advance"], means.to_numpy())

"""The public API (``import droneline as dl``): run, results, reproducibility in any process."""

import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

import droneline as dl
from droneline.agents import DroneUnit

DRONES = DroneUnit.KIND

DAYS = 0.5


@pytest.fixture(scope="module")
def result():
    return dl.run("pokrovsk_drone_line", days=DAYS, seed=3)


def test_public_names():
    for name in dl.__all__:
        assert hasattr(dl, name), name
    assert callable(dl.run) and callable(dl.load_scenario)
    assert issubclass(dl.ScenarioError, ValueError)


def test_result_has_a_one_row_summary_and_a_time_series(result):
    assert isinstance(result, dl.RunResult)
    assert isinstance(result.summary, pd.DataFrame) and len(result.summary) == 1
    row = result.row
    assert row.keys() == set(result.summary.columns)
    assert row == pytest.approx(result.summary.iloc[0].to_dict(), nan_ok=True)
    assert row["scenario"] == "pokrovsk_drone_line" and row["seed"] == 3
    assert row["days"] == pytest.approx(DAYS)
    for key in (
        "advance_km",
        "advance_m_per_day",
        "area_gained_km2",
        "casualties_red",
        "casualties_blue",
        "exchange_ratio",
        "drone_share",
        "casualties_per_km2",
        "positions_lost",
        "collapse_day",
    ):
        assert key in row, key
    ts = result.timeseries
    assert isinstance(ts, pd.DataFrame)
    interval_h = result.scenario.run.metrics_interval_minutes / 60
    assert len(ts) == int(round(DAYS * 24 / interval_h)) + 1
    assert ts["day"].iloc[0] == 0 and ts["day"].iloc[-1] == pytest.approx(DAYS)
    for key in (
        "front_depth_km",
        "territory_red_km2",
        "strength_blue",
        "positions_held_blue",
        "casualties_red_drone",
        "vehicles_lost_red_armor",
        "sorties_blue_fpv_radio",
        "hits_blue_fpv_fibre",
        "supply_days_blue",
        "convoys_sent_red",
    ):
        assert key in ts.columns, key
    assert result.model is None  # not kept unless asked


def test_same_seed_same_result_other_seed_other_result(result):
    again = dl.run("pokrovsk_drone_line", days=DAYS, seed=3)
    pd.testing.assert_frame_equal(again.summary, result.summary)
    pd.testing.assert_frame_equal(again.timeseries, result.timeseries)
    other = dl.run("pokrovsk_drone_line", days=DAYS, seed=4)
    assert not other.timeseries.equals(result.timeseries)


def test_same_seed_same_result_in_a_separate_process(result, tmp_path):
    code = textwrap.dedent(f"""
        import droneline as dl
        r = dl.run("pokrovsk_drone_line", days={DAYS}, seed=3)
        r.summary.to_parquet(r"{tmp_path / "summary.parquet"}")
        r.timeseries.to_parquet(r"{tmp_path / "timeseries.parquet"}")
    """)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=300)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "summary.parquet"), result.summary)
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "timeseries.parquet"), result.timeseries
    )


def test_run_with_overrides_scenario_object_or_file(tmp_path):
    r = dl.run(
        "pokrovsk_drone_line",
        days=0.25,
        seed=1,
        overrides={"blue.drones.units": 0},
        keep_model=True,
    )
    assert r.scenario.blue.drones.units == 0
    assert len(r.model.units.live_of(DRONES, 1)) == 0 and r.row["sorties_blue"] == 0
    sc = dl.load_scenario("pokrovsk_drone_line", {"blue.drones.units": 0})
    pd.testing.assert_frame_equal(dl.run(sc, days=0.25, seed=1).summary, r.summary)
    p = tmp_path / "thin.toml"
    p.write_text('extends = "pokrovsk_drone_line"\n[blue.drones]\nunits = 0\n')
    from_file = dl.run(p, days=0.25, seed=1)
    pd.testing.assert_frame_equal(from_file.timeseries, r.timeseries)


def test_run_refuses_a_bad_override():
    with pytest.raises(dl.ScenarioError, match="blue.drones.units"):
        dl.run("pokrovsk_drone_line", days=0.25, overrides={"blue.drones.units": "abc"})


def test_save_writes_parquet_and_figure(tmp_path):
    r = dl.run("pokrovsk_drone_line", days=0.25, seed=1, keep_model=True)
    paths = r.save(tmp_path / "out")
    for key in ("summary", "timeseries", "figure"):
        assert paths[key].is_file() and paths[key].stat().st_size > 0
    assert paths["figure"].name == "battle.png"
    pd.testing.assert_frame_equal(pd.read_parquet(paths["summary"]), r.summary)


def test_model_can_be_stepped_by_hand():
    m = dl.BattlefieldModel(dl.load_scenario("toretsk_armored_push"), seed=1)
    for _ in range(3):
        m.step()
    assert m.steps == 3 and len(m.summary()) > 10

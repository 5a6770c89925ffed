"""Running sweeps: identical results on any executor, failures recorded, kill -9 then resume."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import faults
import pandas as pd
import pytest

from droneline.cli import main
from droneline.runs.sweep import runner, storage, worker
from droneline.runs.sweep.checks import SweepError
from droneline.runs.sweep.executors import make_pool
from droneline.runs.sweep.spec import parse_spec
from droneline.runs.sweep.spec_io import to_toml
from droneline.runs.sweep.worker import RunOutcome

# 3 design points x 2 replications of a quarter day; point 2 breaks a schema rule
# (motorcycle_share + armor_share > 1 in the preset), so its runs must fail and be recorded.
SPEC = {
    "sweep": {
        "name": "tiny",
        "scenario": "pokrovsk_drone_line",
        "days": 0.25,
        "replications": 2,
        "seed": 11,
        "measures": ["advance_km", "casualties_attacker", "casualties_defender"],
    },
    "timeseries": {"every_hours": 2, "measures": ["front_depth_km"]},
    "design": {
        "kind": "points",
        "points": [
            {"blue.drones.strike_depth_km": 4.0, "red.forces.motorcycle_share": 0.1},
            {"blue.drones.strike_depth_km": 14.0, "red.forces.motorcycle_share": 0.5},
            {"blue.drones.strike_depth_km": 9.0, "red.forces.motorcycle_share": 0.95},
        ],
    },
}
MODEL_COLUMNS = None  # everything but the wall-clock time


def run_tiny(out: Path, pool, raw=SPEC) -> pd.DataFrame:
    report = runner.run_sweep(
        parse_spec(raw, "tiny.toml"), out, pool, progress=False, log=lambda m: None
    )
    assert report.complete
    return storage.load_runs(out)


def comparable(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=["elapsed_s", "cpu_s", "traceback"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def serial_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "sweep"
    return out, run_tiny(out, make_pool(serial=True))


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(serial_runs):
    out, df = serial_runs
    assert len(df) == 6 and df["run_id"].tolist() == list(range(6))
    failed = df[df["status"] == "error"]
    assert failed["point"].tolist() == [2, 2]
    assert failed["error"].str.contains("motorcycle_share \\+ armor_share must not exceed 1").all()
    assert failed["traceback"].str.contains("ScenarioError").all()
    assert df.loc[df["status"] == "ok", "casualties_attacker"].notna().all()
    assert failed["casualties_attacker"].isna().all()
    manifest = storage.read_manifest(out)
    assert [p["point"] for p in manifest["invalid_points"]] == [2]


def test_rows_carry_ids_seeds_factors_and_common_random_numbers(serial_runs):
    out, df = serial_runs
    m = storage.read_manifest(out)
    assert df["seed"].tolist() == [m["seeds"][r] for r in df["replication"]]
    assert df.groupby("replication")["seed"].nunique().eq(1).all()  # same seed at every point
    assert (df["run_id"] == df["point"] * 2 + df["replication"]).all()
    assert df["blue.drones.strike_depth_km"].tolist() == [4.0, 4.0, 14.0, 14.0, 9.0, 9.0]
    ts = storage.load_timeseries(out)
    assert set(ts["run_id"]) == {0, 1, 2, 3}  # failed runs have no time series
    assert ts.groupby("run_id").size().eq(4).all()  # 0, 2, 4, 6 h of a 6 h run
    # one line of pandas reads the same rows
    plain = pd.read_parquet(out / "runs").sort_values("run_id").reset_index(drop=True)
    assert comparable(plain).equals(comparable(df))


def test_results_are_identical_on_one_and_two_worker_processes(serial_runs, tmp_path):
    _, reference = serial_runs
    one = run_tiny(tmp_path / "one", make_pool(workers=1))
    two = run_tiny(tmp_path / "two", make_pool(workers=2))
    pd.testing.assert_frame_equal(comparable(one), comparable(reference))
    pd.testing.assert_frame_equal(comparable(two), comparable(reference))
    pd.testing.assert_frame_equal(
        storage.load_timeseries(tmp_path / "two"), storage.load_timeseries(tmp_path / "one")
    )


def test_results_are_identical_on_a_dask_local_cluster(serial_runs, tmp_path):
    pytest.importorskip("distributed")
    _, reference = serial_runs
    df = run_tiny(tmp_path / "dask", make_pool(workers=1, cluster="local"))
    pd.testing.assert_frame_equal(comparable(df), comparable(reference))


def test_a_folder_holding_a_sweep_is_not_overwritten(serial_runs):
    out, _ = serial_runs
    with pytest.raises(SweepError, match="--resume"):
        runner.prepare(parse_spec(SPEC, "tiny.toml"), out)


def test_resume_of_a_complete_sweep_runs_nothing(serial_runs):
    out, df = serial_runs
    report = runner.resume(out, make_pool(serial=True), progress=False, log=lambda m: None)
    assert report.ran == 0 and report.done_before == 6 and report.complete
    pd.testing.assert_frame_equal(storage.load_runs(out), df)


def test_retry_failed_runs_them_again_without_duplicates(serial_runs, tmp_path):
    out = tmp_path / "retry"
    run_tiny(out, make_pool(serial=True))
    report = runner.resume(
        out, make_pool(serial=True), retry_failed=True, progress=False, log=lambda m: None
    )
    assert report.ran == 2 and report.failed == 2
    plain = pd.read_parquet(out / "runs")
    assert sorted(plain["run_id"]) == list(range(6))
    assert comparable(storage.load_runs(out)).equals(comparable(serial_runs[1]))


def test_killed_sweep_resumes_to_the_full_duplicate_free_set(tmp_path):
    # enough runs that the sweep cannot finish between two looks at the disk
    raw = {**SPEC, "sweep": {**SPEC["sweep"], "replications": 8}}
    spec_file = tmp_path / "kill.toml"
    spec_file.write_text(to_toml(raw))
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "droneline",
            "sweep",
            str(spec_file),
            "--out",
            str(out),
            "--workers",
            "1",
            "--batch-runs",
            "2",
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if len(_rows_on_disk(out)) >= 3:
                break
            time.sleep(0.05)
        assert proc.poll() is None, proc.stderr.read().decode()
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI, its forkserver and its worker
    finally:
        proc.wait(timeout=30)
        proc.stderr.close()
    before = _rows_on_disk(out)
    assert 3 <= len(before) < 24
    report = runner.resume(out, make_pool(workers=2), progress=False, log=lambda m: None)
    assert report.done_before == len(before) and report.ran == 24 - len(before)
    assert not list((out / "staging").iterdir())
    plain = pd.read_parquet(out / "runs")
    assert sorted(plain["run_id"]) == list(range(24))  # complete, no duplicates
    reference = run_tiny(tmp_path / "reference", make_pool(workers=2), raw)
    assert comparable(storage.load_runs(out)).equals(comparable(reference))
    ts = storage.load_timeseries(out)
    assert not ts.duplicated(["run_id", "day"]).any() and ts["run_id"].nunique() == 16


def test_a_lost_worker_process_costs_no_run(serial_runs, tmp_path):
    out = tmp_path / "lost"
    plan = runner.prepare(parse_spec(SPEC, "tiny.toml"), out)
    pool = make_pool(workers=2)
    killed = []

    def kill_a_worker_once_a_run_is_done():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            procs = dict(getattr(pool.executor, "_processes", None) or {})
            if procs and _rows_on_disk(out):
                pid = next(iter(procs))
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
            time.sleep(0.02)

    threading.Thread(target=kill_a_worker_once_a_run_is_done, daemon=True).start()
    report = runner.execute(plan, pool, progress=False, log=lambda m: None)
    assert killed and report.complete and report.retried >= 1
    df = storage.load_runs(out)
    assert df["status"].tolist() == serial_runs[1]["status"].tolist()
    assert comparable(df).equals(comparable(serial_runs[1]))


def _rows_on_disk(out: Path) -> list[int]:
    try:
        return storage.load_runs(out, columns=["run_id"])["run_id"].tolist()
    except (OSError, ValueError):
        return []  # a part renamed or a journal replaced under our feet: look again


def test_recovery_drops_journaled_runs_already_in_a_part(tmp_path):
    """A crash after a batch part was written but before its journal was removed."""
    schema = storage.runs_schema({"x": "float64"}, ["y"])
    store = storage.SweepStore(tmp_path, schema, batch_runs=100)
    outcomes = [
        RunOutcome(
            {
                "run_id": i,
                "point": i,
                "replication": 0,
                "seed": 1,
                "x": 0.5,
                "y": float(i) if i else float("nan"),
                "status": "ok",
                "error": None,
                "traceback": None,
                "elapsed_s": 0.1,
                "cpu_s": 0.1,
            }
        )
        for i in range(4)
    ]
    for o in outcomes:
        store.add(o)
    store._write_parts(outcomes[:3])  # the part is written, then the process is killed
    assert len(storage.load_runs(tmp_path)) == 4  # de-duplicated on read meanwhile
    with open(next((tmp_path / "staging").glob("journal-*")), "a") as fh:
        fh.write('{"row": {"run_id": 9, "poi')  # a line cut short by the kill
    fresh = storage.SweepStore(tmp_path, schema)
    assert fresh.recover() == 1
    plain = pd.read_parquet(tmp_path / "runs")
    assert sorted(plain["run_id"]) == [0, 1, 2, 3]
    y = plain.set_index("run_id").sort_index()["y"]
    assert y.isna().tolist() == [True, False, False, False]  # NaN survives the journal
    assert not list((tmp_path / "staging").iterdir())


def test_a_sweep_deletes_only_its_own_temporary_files(serial_runs, tmp_path):
    """Recovery after a kill removes the half-written files the sweep made in its own
    folders, never a stranger's ``.x.tmp`` (issue 14: `rglob(".*.tmp")` deleted them)."""
    out, _ = serial_runs
    theirs = [out / ".notes.tmp", out / "runs" / ".x.tmp"]
    (out / "sub").mkdir(exist_ok=True)
    theirs.append(out / "sub" / ".notes.tmp")
    ours = [out / "runs" / ".part-9.parquet.0123abcd.tmp", out / ".manifest.json.tmp"]
    for p in theirs + ours:
        p.write_text("x")
    runner.resume(out, make_pool(serial=True), progress=False, log=lambda m: None)
    assert all(p.exists() for p in theirs)
    assert not any(p.exists() for p in ours)
    for p in theirs:
        p.unlink()
    (out / "sub").rmdir()


def test_a_folder_holding_other_files_is_refused(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("do not touch")
    with pytest.raises(SweepError, match="not an empty folder"):
        runner.run_sweep(parse_spec(SPEC, "tiny.toml"), out, make_pool(serial=True))
    assert sorted(p.name for p in out.iterdir()) == ["thesis.txt"]


# ------------------------------------------------------------------ issue 14, items 3, 4, 9
def test_a_worker_crash_charges_only_the_run_that_crashed(serial_runs, tmp_path, monkeypatch):
    """Run 0 kills its worker every time; the runs in flight with it are sent again without
    being charged (they were charged too, reached the retry limit and were recorded failed).
    No retries, so a single wrong charge shows."""
    monkeypatch.setattr(worker, "execute", faults.crash_on_one_run)
    monkeypatch.setattr(runner, "MAX_RETRIES", 0)
    out = tmp_path / "crash"
    plan = runner.prepare(parse_spec(SPEC, "tiny.toml"), out)
    report = runner.execute(plan, make_pool(workers=2), progress=False, log=lambda m: None)
    assert report.complete
    df = storage.load_runs(out)
    reference = serial_runs[1]
    assert df.loc[0, "status"] == "error" and "worker lost" in df.loc[0, "error"]
    assert df["status"].tolist()[1:] == reference["status"].tolist()[1:]
    assert comparable(df).iloc[1:].equals(comparable(reference).iloc[1:])


def test_a_run_past_the_timeout_is_a_failed_run_and_the_sweep_goes_on(serial_runs, tmp_path):
    """Serial: the run's own timer stops it (a real model run longer than the timeout)."""
    raw = {**SPEC, "sweep": {**SPEC["sweep"], "timeout_s": 0.05}}
    out = tmp_path / "slow"
    report = runner.run_sweep(
        parse_spec(raw, "tiny.toml"), out, make_pool(serial=True), progress=False, log=print
    )
    assert report.complete and report.failed == 6
    df = storage.load_runs(out)
    valid = df["point"] < 2
    assert df.loc[valid, "error"].str.startswith("timeout: ").all()
    assert df.loc[valid, "error"].str.contains("0.05 s per-run timeout").all()
    assert storage.read_manifest(out)["spec"]["sweep"]["timeout_s"] == 0.05


def test_process_workers_stop_a_run_past_its_timeout_even_when_stuck(
    serial_runs, tmp_path, monkeypatch
):
    """Run 0 sleeps (its timer stops it); run 2 sleeps with the timer's signal blocked, so
    the sweep kills its worker; both are recorded as timed out, the rest are unaffected."""
    monkeypatch.setattr(worker, "execute", faults.hang_on_some_runs)
    monkeypatch.setattr(runner, "HARD_KILL_GRACE_S", 1.0)
    out = tmp_path / "stuck"
    plan = runner.prepare(parse_spec(SPEC, "tiny.toml"), out)
    t0 = time.monotonic()
    report = runner.execute(
        plan, make_pool(workers=2), progress=False, log=lambda m: None, timeout_s=3.0
    )
    assert report.complete and time.monotonic() - t0 < 120
    df = storage.load_runs(out)
    assert df.loc[0, "error"].startswith("timeout: ")
    assert df.loc[2, "error"].startswith("timeout: ") and "worker was stopped" in df.loc[2, "error"]
    rest = df["run_id"] > 2
    assert comparable(df)[rest].equals(comparable(serial_runs[1])[rest])
    assert df.loc[1, "status"] == "ok"


def test_the_cli_takes_a_timeout_and_refuses_a_bad_one(tmp_path, capsys):
    spec_file = tmp_path / "t.toml"
    spec_file.write_text(to_toml(SPEC))
    argv = ["sweep", str(spec_file), "--serial", "--quiet", "--timeout", "0.05"]
    assert main([*argv, "--out", str(tmp_path / "o")]) == 0
    df = storage.load_runs(tmp_path / "o")
    assert df.loc[df["point"] < 2, "error"].str.startswith("timeout: ").all()
    capsys.readouterr()
    assert main([*argv[:-1], "nan", "--out", str(tmp_path / "p")]) == 2
    assert "--timeout = nan" in capsys.readouterr().err


def test_killing_the_sweeps_main_process_ends_its_workers(tmp_path):
    """``kill -9`` of the main process alone (as the OOM killer does) left the fork server,
    the resource tracker and the workers running for ever; each worker now watches it."""
    psutil = pytest.importorskip("psutil")
    raw = {**SPEC, "sweep": {**SPEC["sweep"], "replications": 40, "days": 1.0}}
    spec_file = tmp_path / "orphans.toml"
    spec_file.write_text(to_toml(raw))
    argv = [sys.executable, "-m", "droneline", "sweep", str(spec_file)]
    argv += ["--out", str(tmp_path / "o"), "--workers", "2", "--quiet"]
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        main_proc = psutil.Process(proc.pid)
        deadline = time.monotonic() + 120
        children: list = []
        while time.monotonic() < deadline:
            children = main_proc.children(recursive=True)
            workers = [c for c in children if c.ppid() != proc.pid]  # forked by the server
            if len(workers) >= 2:
                break
            time.sleep(0.2)
        assert len(workers) >= 2, children
        time.sleep(2)  # the workers are running their first runs
        os.kill(proc.pid, signal.SIGKILL)  # the main process only
        proc.wait(timeout=30)
        gone, alive = psutil.wait_procs(children, timeout=20)
        assert not alive, [(p.pid, p.name()) for p in alive]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)

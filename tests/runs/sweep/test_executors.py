"""Where runs execute: the Dask preflight (issue 14, item 4): a sweep refuses at once, in one
line, a cluster with no worker or none that can import droneline (it hung silently)."""

from __future__ import annotations

import logging
import subprocess
import sys
import time

import pytest

from droneline.cli import main
from droneline.runs.sweep.checks import SweepError
from droneline.runs.sweep.executors import dask_pool

distributed = pytest.importorskip("distributed")

# a worker that cannot import droneline, as on a machine where it is not installed
BLOCKER = """
import sys

class NoDroneline:
    def find_spec(self, name, path=None, target=None):
        if name == "droneline" or name.startswith("droneline."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, NoDroneline())
for name in [m for m in sys.modules if m == "droneline" or m.startswith("droneline.")]:
    del sys.modules[name]
"""


@pytest.fixture
def scheduler():
    cluster = distributed.LocalCluster(
        n_workers=0, dashboard_address=":0", silence_logs=logging.ERROR, processes=True
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_a_cluster_without_workers_is_refused_after_the_wait(scheduler):
    t0 = time.monotonic()
    with pytest.raises(SweepError, match="no Dask worker joined the scheduler within 2 s"):
        dask_pool(scheduler, wait_s=2)
    assert time.monotonic() - t0 < 30


def test_a_cluster_whose_workers_cannot_import_droneline_is_refused(scheduler, tmp_path):
    preload = tmp_path / "no_droneline.py"
    preload.write_text(BLOCKER)
    cmd = [sys.executable, "-m", "distributed.cli.dask_worker", scheduler, "--nthreads", "1"]
    cmd += ["--preload", str(preload), "--no-dashboard"]
    worker = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with pytest.raises(SweepError) as e:
            dask_pool(scheduler, wait_s=60)
        line = str(e.value)
        assert "no Dask worker can import droneline" in line and "ModuleNotFoundError" in line
        assert "\n" not in line
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_a_usable_cluster_reports_droneline_s_version():
    from importlib.metadata import version

    pool = dask_pool("local", workers=1, wait_s=60)
    try:
        assert f"droneline {version('droneline')}" in pool.description
        assert pool.check() is None
    finally:
        pool.close()


def test_a_garbage_cluster_address_is_one_line_exit_2(capsys, tmp_path):
    argv = ["sweep", "--factor", "blue.drones.units=2:4", "--points", "2", "--replications"]
    argv += ["1", "--days", "0.25", "--out", str(tmp_path / "o"), "--cluster", "garbage://x"]
    assert main([*argv, "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cluster = 'garbage://x'" in err[0], err

"""Where a sweep's runs execute, behind the ``concurrent.futures.Executor`` interface.

- **serial**: in this process, one run after another (debugging, tiny sweeps);
- **local processes**: a ``ProcessPoolExecutor`` with one worker per core by default. Workers
  are forked from a server that has already imported droneline (``forkserver`` with preload),
  so starting them is cheap and safe; they ignore Ctrl-C, which the parent handles;
- **Dask**: ``--cluster tcp://host:8786`` connects to a running scheduler (workers started
  with ``dask worker tcp://host:8786`` on as many machines as you like, each with droneline
  installed: ``pip install 'droneline[cluster]'``); ``--cluster local`` starts a
  ``LocalCluster`` on this machine. Dask is imported only when asked for.

Every kind returns a :class:`Pool`; the sweep only calls ``submit`` and waits on the futures,
so results are identical whatever runs them (each run depends only on its seed and factors).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from . import worker
from .checks import SweepError

WORKER_MODULE = "droneline.runs.sweep.worker"


class SerialExecutor(Executor):
    """Runs each submitted call at once, in this process; returns a finished Future."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        f: Future = Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except BaseException as e:  # noqa: BLE001 - delivered through the future, as pools do
            if isinstance(e, KeyboardInterrupt):
                raise
            f.set_exception(e)
        return f


WATCH_PARENT_S = 1.0  # how often a worker process checks that the sweep's process lives


@dataclass
class Pool:
    """An executor with what the sweep needs to know about it."""

    executor: Executor
    workers: int
    kind: str  # "serial" | "processes" | "dask"
    description: str
    _close: Callable[[bool], None]
    _restart: Callable[[], Pool] | None = None
    slots: Any = None  # processes: the workers' slots (see worker.init_process)
    _processes: dict = field(default_factory=dict)  # processes: pid -> Process, kept at close
    check: Callable[[], str | None] | None = None  # dask: why the pool cannot go on, if so

    def close(self, cancel: bool = False) -> None:
        """Shut the executor down; ``cancel`` drops queued runs and stops running ones."""
        self._close(cancel)

    def restart(self) -> Pool:
        """A fresh pool of the same kind (after a worker process died)."""
        if self._restart is None:
            raise RuntimeError(f"a {self.kind} pool cannot be restarted")
        return self._restart()

    def running(self) -> dict[int, tuple[int, float]]:
        """Processes: run id -> (worker pid, monotonic start time) of each run in progress."""
        if self.slots is None:
            return {}
        with self.slots.get_lock():
            values = list(self.slots)
        out = {}
        for i in range(0, len(values), worker.SLOT_FIELDS):
            pid, run_id, started = values[i : i + worker.SLOT_FIELDS]
            if pid and run_id >= 0:
                out[int(run_id)] = (int(pid), started)
        return out

    def crashed(self) -> set[int]:
        """After ``close(cancel=True)`` of a broken process pool: the runs whose own worker
        process died (killed, crashed, ``os._exit``), told apart from the workers the pool
        stopped itself (SIGTERM) when it broke."""
        out = set()
        for run_id, (pid, _) in self.running().items():
            p = self._processes.get(pid)
            code = None if p is None else p.exitcode
            if code is not None and code != -signal.SIGTERM:
                out.add(run_id)
        return out


def make_pool(
    workers: int | None = None,
    cluster: str | None = None,
    serial: bool = False,
    wait_s: float | None = None,
) -> Pool:
    """The pool for ``--serial``, ``--workers N`` or ``--cluster ADDRESS|local``."""
    if serial:
        ex = SerialExecutor()
        return Pool(ex, 1, "serial", "serial (this process)", lambda cancel: None)
    if cluster:
        return dask_pool(cluster, workers, DASK_WAIT_S if wait_s is None else wait_s)
    return process_pool(workers or available_cores())


def available_cores() -> int:
    """Cores this process may run on (respects CPU affinity, e.g. in containers and batch jobs)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_pool(workers: int) -> Pool:
    """A pool of ``workers`` local processes forked from a droneline-preloaded server. Each
    worker holds a slot saying which run it is on, and exits when this process dies
    (:func:`~droneline.runs.sweep.worker.init_process`)."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([WORKER_MODULE])
    _start_forkserver_ignoring_sigint()
    slots = ctx.Array("d", worker.SLOT_FIELDS * workers)
    ex = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=ctx,
        initializer=worker.init_process,
        initargs=(slots, os.getpid(), WATCH_PARENT_S),
    )

    def close(cancel: bool) -> None:
        # the pool's worker processes, kept so their exit codes can be read afterwards
        pool._processes.update(getattr(ex, "_processes", None) or {})
        if cancel:
            # runs in progress stop now rather than finish
            procs = list(pool._processes.values())
            ex.shutdown(wait=False, cancel_futures=True)
            for p in procs:
                p.terminate()
            for p in procs:
                p.join(timeout=5)
        else:
            ex.shutdown(wait=True)

    noun = "process" if workers == 1 else "processes"
    pool = Pool(
        ex,
        workers,
        "processes",
        f"{workers} local {noun}",
        close,
        lambda: process_pool(workers),
        slots=slots,
    )
    return pool


def _start_forkserver_ignoring_sigint() -> None:
    """Start the fork server with Ctrl-C ignored (inherited through exec), so a Ctrl-C while it
    is still importing droneline stops only the parent, which shuts the pool down cleanly."""
    from multiprocessing import forkserver

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: leave signals alone
        forkserver.ensure_running()
        return
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


DASK_WAIT_S = 30.0  # how long a sweep waits for a Dask worker (to join, or to answer)


def dask_pool(address: str, workers: int | None = None, wait_s: float = DASK_WAIT_S) -> Pool:
    """A Dask cluster: ``"local"`` starts a LocalCluster, else connect to ``address``.

    Before any run, a preflight task on every worker imports droneline and reports its
    version; runs go only to the workers that can. No worker within ``wait_s`` seconds, or
    none that can import droneline, is a one-line :class:`SweepError`."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SweepError(
            "--cluster", "cluster", address, "needs Dask: pip install 'droneline[cluster]'"
        ) from None
    cluster = client = None
    try:
        if address == "local":
            cluster = LocalCluster(
                n_workers=workers or available_cores(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout=f"{wait_s:g}s")
        usable, versions = _preflight(client, address, wait_s)
    except SweepError:
        _close_quietly(client, cluster)
        raise
    except (OSError, ValueError, TypeError) as e:  # unreachable, refused, not an address
        _close_quietly(client, cluster)
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SweepError(
            "--cluster", "cluster", address, f"cannot reach the Dask scheduler ({reason})"
        ) from None
    n = sum(t for w, t in client.nthreads().items() if w in usable) or 1
    ex = client.get_executor(pure=False, workers=sorted(usable), allow_other_workers=False)

    def close(cancel: bool) -> None:
        ex.shutdown(wait=not cancel)
        _close_quietly(client, cluster)

    gone_since: list[float] = []

    def check() -> str | None:
        """Why the sweep cannot go on: every usable worker gone for ``wait_s`` seconds."""
        alive = set(client.scheduler_info().get("workers", {})) & usable
        if alive:
            gone_since.clear()
            return None
        gone_since[:] = gone_since or [time.monotonic()]
        if time.monotonic() - gone_since[0] < wait_s:
            return None
        return (
            f"every Dask worker that can run droneline left the cluster and none came back "
            f"within {wait_s:g} s; finish later with `droneline sweep --resume DIR`"
        )

    where = "LocalCluster" if cluster is not None else address
    shown = ", ".join(sorted(set(versions.values())))
    return Pool(
        ex,
        n,
        "dask",
        f"Dask {where} ({n} worker threads, droneline {shown})",
        close,
        check=check,
    )


def _preflight(client, address: str, wait_s: float) -> tuple[set[str], dict[str, str]]:
    """Wait for workers, then run a task on each that imports droneline's worker module and
    returns droneline's version: (workers that can, their versions)."""
    from distributed import wait

    try:
        client.wait_for_workers(1, timeout=wait_s)
    except TimeoutError:
        raise SweepError(
            "--cluster",
            "cluster",
            address,
            f"no Dask worker joined the scheduler within {wait_s:g} s "
            f"(start some with `dask worker {address}`)",
        ) from None
    names = list(client.scheduler_info()["workers"])
    futures = {
        w: client.submit(_import_droneline(), workers=[w], allow_other_workers=False, pure=False)
        for w in names
    }
    done, _ = wait(list(futures.values()), timeout=wait_s)
    usable, versions, errors = set(), {}, []
    for w, f in futures.items():
        if f not in done:
            errors.append(f"{w}: no answer within {wait_s:g} s")
            f.cancel()
            continue
        ok, text = f.result() if f.status == "finished" else (False, str(f.exception()))
        if ok:
            usable.add(w)
            versions[w] = text
        else:
            errors.append(f"{w}: {text}")
    if not usable:
        raise SweepError(
            "--cluster",
            "cluster",
            address,
            f"no Dask worker can import droneline ({errors[0]}); install it on every worker: "
            "pip install 'droneline[cluster]'",
        )
    if errors:
        logging.getLogger(__name__).warning(
            "%d Dask worker(s) cannot run droneline and get no runs: %s",
            len(errors),
            "; ".join(errors),
        )
    return usable, versions


def _import_droneline():
    """The preflight task. Defined inside a function so that Dask sends it by value: a worker
    without droneline can still run it and say so."""

    def preflight():
        try:
            import importlib
            from importlib.metadata import version

            importlib.import_module("droneline.runs.sweep.worker")
            return True, version("droneline")
        except BaseException as e:  # noqa: BLE001 - any failure is the answer
            return False, f"{type(e).__name__}: {e}"

    return preflight


def _close_quietly(client, cluster) -> None:
    for thing in (client, cluster):
        if thing is not None:
            with contextlib.suppress(Exception):
                thing.close()


def lost_worker(exc: BaseException) -> bool:
    """Whether a run failed because its worker died (not because the model raised)."""
    return isinstance(exc, BrokenProcessPool) or type(exc).__name__ in (
        "KilledWorker",
        "CancelledError",
        "CommClosedError",
    )

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

import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

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


@dataclass
class Pool:
    """An executor with what the sweep needs to know about it."""

    executor: Executor
    workers: int
    kind: str  # "serial" | "processes" | "dask"
    description: str
    _close: Callable[[bool], None]
    _restart: Callable[[], Pool] | None = None

    def close(self, cancel: bool = False) -> None:
        """Shut the executor down; ``cancel`` drops queued runs and stops running ones."""
        self._close(cancel)

    def restart(self) -> Pool:
        """A fresh pool of the same kind (after a worker process died)."""
        if self._restart is None:
            raise RuntimeError(f"a {self.kind} pool cannot be restarted")
        return self._restart()


def make_pool(workers: int | None = None, cluster: str | None = None, serial: bool = False) -> Pool:
    """The pool for ``--serial``, ``--workers N`` or ``--cluster ADDRESS|local``."""
    if serial:
        ex = SerialExecutor()
        return Pool(ex, 1, "serial", "serial (this process)", lambda cancel: None)
    if cluster:
        return dask_pool(cluster, workers)
    return process_pool(workers or available_cores())


def available_cores() -> int:
    """Cores this process may run on (respects CPU affinity, e.g. in containers and batch jobs)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def process_pool(workers: int) -> Pool:
    """A pool of ``workers`` local processes forked from a droneline-preloaded server."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([WORKER_MODULE])
    _start_forkserver_ignoring_sigint()
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_ignore_sigint)

    def close(cancel: bool) -> None:
        if cancel:
            # the pool's worker processes, so runs in progress stop now rather than finish
            procs = list(getattr(ex, "_processes", {}).values())
            ex.shutdown(wait=False, cancel_futures=True)
            for p in procs:
                p.terminate()
            for p in procs:
                p.join(timeout=5)
        else:
            ex.shutdown(wait=True)

    noun = "process" if workers == 1 else "processes"
    return Pool(
        ex, workers, "processes", f"{workers} local {noun}", close, lambda: process_pool(workers)
    )


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


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def dask_pool(address: str, workers: int | None = None) -> Pool:
    """A Dask cluster: ``"local"`` starts a LocalCluster, else connect to ``address``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SweepError(
            "--cluster", "cluster", address, "needs Dask: pip install 'droneline[cluster]'"
        ) from None
    cluster = None
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
            client = Client(address, timeout="20s")
    except OSError as e:
        raise SweepError(
            "--cluster", "cluster", address, f"cannot reach the Dask scheduler ({e})"
        ) from None
    n = sum(client.nthreads().values()) or 1
    ex = client.get_executor(pure=False)

    def close(cancel: bool) -> None:
        ex.shutdown(wait=not cancel)
        client.close()
        if cluster is not None:
            cluster.close()

    where = "LocalCluster" if cluster is not None else address
    return Pool(ex, n, "dask", f"Dask {where} ({n} worker threads)", close)


def lost_worker(exc: BaseException) -> bool:
    """Whether a run failed because its worker died (not because the model raised)."""
    return isinstance(exc, BrokenProcessPool) or type(exc).__name__ in (
        "KilledWorker",
        "CancelledError",
        "CommClosedError",
    )

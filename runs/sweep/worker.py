"""What a worker does for one run of a sweep: run the battle, shape one row, never raise.

This module is what the process pool preloads and what Dask workers import, so it stays small
and imports only the model. :func:`execute` returns a :class:`RunOutcome` whatever happens:
a run that raises becomes a row with ``status = "error"``, the error in one line and the
traceback, so the sweep goes on and the failure is on record.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import signal
import threading
import time
import traceback
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...model.schema import Scenario
from ..single import run

STATUS_OK = "ok"
STATUS_ERROR = "error"


@dataclass(frozen=True)
class RunTask:
    """One run: a design point at one replication (its seed is the replication's)."""

    run_id: int
    point: int
    replication: int
    seed: int
    factors: dict[str, Any]


@dataclass(frozen=True)
class RunContext:
    """What every run of a sweep shares: the base scenario, length, and what to keep."""

    scenario: Scenario
    days: float
    measures: tuple[str, ...]
    ts_every_hours: float | None = None
    ts_measures: tuple[str, ...] | None = None
    timeout_s: float | None = None  # a run longer than this is stopped and recorded as failed


@dataclass
class RunOutcome:
    """A finished run: its row (ids, factors, measures, status) and optional time series."""

    row: dict[str, Any]
    timeseries: pd.DataFrame | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.row["status"] == STATUS_OK


def base_row(task: RunTask) -> dict[str, Any]:
    """The identifying part of a row."""
    return {
        "run_id": task.run_id,
        "point": task.point,
        "replication": task.replication,
        "seed": task.seed,
        **task.factors,
    }


def execute(context: RunContext, task: RunTask) -> RunOutcome:
    """Run one battle and return its row; exceptions are caught and recorded."""
    t0, c0 = time.perf_counter(), time.process_time()
    row = base_row(task)
    ts = None
    try:
        result = run(context.scenario, days=context.days, seed=task.seed, overrides=task.factors)
        summary = result.row
        row.update({m: _float(summary.get(m)) for m in context.measures})
        row.update(status=STATUS_OK, error=None, traceback=None)
        if context.ts_every_hours:
            ts = thin_timeseries(result.timeseries, context.ts_every_hours, context.ts_measures)
            ts.insert(0, "run_id", task.run_id)
    except Exception as e:  # noqa: BLE001 - any failure of a run is data, not a crash
        row.update({m: math.nan for m in context.measures})
        row.update(status=STATUS_ERROR, error=error_line(e), traceback=traceback.format_exc())
    row["elapsed_s"] = time.perf_counter() - t0
    row["cpu_s"] = time.process_time() - c0  # below elapsed_s when the machine is busy
    return RunOutcome(row, ts)


# --------------------------------------------------------------------------- guards
class RunTimeout(BaseException):
    """Raised into a run that went past the sweep's per-run timeout (a BaseException, so
    no ``except Exception`` in the model can swallow it)."""


def timeout_error(seconds: float) -> str:
    return f"timeout: the run took longer than the {seconds:g} s per-run timeout"


def guarded(fn: Callable[[RunContext, RunTask], RunOutcome], context, task) -> RunOutcome:
    """``fn(context, task)`` (normally :func:`execute`) under the sweep's guards: this
    process's slot in the pool's table says which run it is on (so the parent knows which run
    a crashed worker was running), and a run past ``context.timeout_s`` is stopped and
    recorded as a failed run whose error says timeout."""
    t0 = time.perf_counter()
    _mark(task.run_id)
    try:
        with time_limit(context.timeout_s):
            return fn(context, task)
    except RunTimeout:
        row = base_row(task)
        row.update({m: math.nan for m in context.measures})
        row.update(
            status=STATUS_ERROR,
            error=timeout_error(context.timeout_s),
            traceback=None,
            elapsed_s=time.perf_counter() - t0,
            cpu_s=math.nan,
        )
        return RunOutcome(row)
    finally:
        _mark(-1)


# A RunTimeout raised while the run is inside a finaliser (``__del__``, weakref callbacks) is
# printed and dropped by Python, so the timer goes on firing at this interval until one lands.
TIMEOUT_REPEAT_S = 0.25


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`RunTimeout` in this thread once ``seconds`` have passed (and again
    every :data:`TIMEOUT_REPEAT_S` until the block is left): by SIGALRM in a main thread (it
    also interrupts a blocking call), else by an asynchronous exception (a Dask worker's task
    thread; raised at the thread's next Python instruction)."""
    if seconds is None:
        yield
        return
    active = [True]
    if threading.current_thread() is threading.main_thread():

        def alarm(signum, frame):
            if active[0] and not _in_finaliser(frame):
                raise RunTimeout

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds, TIMEOUT_REPEAT_S)
        try:
            yield
        finally:
            active[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    ident, lock, stop = threading.get_ident(), threading.Lock(), threading.Event()

    def fire() -> None:
        if stop.wait(seconds):
            return
        while True:
            with lock:
                if not active[0]:
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(ident), ctypes.py_object(RunTimeout)
                )
            if stop.wait(TIMEOUT_REPEAT_S):
                return

    timer = threading.Thread(target=fire, daemon=True)
    timer.start()
    try:
        yield
    finally:
        with lock:
            active[0] = False
        stop.set()


def _in_finaliser(frame) -> bool:
    """Whether ``frame`` runs inside a finaliser, where an exception would be printed as a
    traceback and dropped (the timer fires again shortly)."""
    while frame is not None:
        code = frame.f_code
        if code.co_name == "__del__" or (
            code.co_name == "__call__" and code.co_filename == weakref.__file__
        ):
            return True
        frame = frame.f_back
    return False


# Slots of a process pool: one per worker process, three numbers each (pid, run id or -1,
# monotonic start time), in shared memory the parent reads. None outside a process pool.
_SLOTS = None
_SLOT: int | None = None
SLOT_FIELDS = 3


def init_process(slots, parent_pid: int, poll_s: float) -> None:
    """Initialise a worker process of a pool: ignore Ctrl-C (the parent handles it), take a
    slot in ``slots``, and watch the parent: exit when the sweep's main process is gone."""
    global _SLOTS, _SLOT
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _SLOTS = slots
    with slots.get_lock():
        for i in range(len(slots) // SLOT_FIELDS):
            if slots[i * SLOT_FIELDS] == 0:
                slots[i * SLOT_FIELDS : (i + 1) * SLOT_FIELDS] = [os.getpid(), -1, 0]
                _SLOT = i
                break
    threading.Thread(
        target=watch_parent, args=(parent_pid, os.getppid(), poll_s), daemon=True
    ).start()


def watch_parent(parent_pid: int, ppid: int, poll_s: float) -> None:
    """Exit this process once the sweep's main process ``parent_pid`` has died (killed with
    ``kill -9`` or by the OOM killer it cannot shut its pool down): its fork server then
    exits too and this process is re-parented, or the pid is gone."""
    while True:
        time.sleep(poll_s)
        if os.getppid() != ppid or not _alive(parent_pid):
            os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user took the pid: ours is gone
        return False
    return True


def _mark(run_id: int) -> None:
    if _SLOTS is None or _SLOT is None:
        return
    base = _SLOT * SLOT_FIELDS
    with _SLOTS.get_lock():
        _SLOTS[base + 1 : base + 3] = [run_id, time.monotonic() if run_id >= 0 else 0]


# --------------------------------------------------------------------------- errors
def error_line(e: BaseException) -> str:
    """``Type: message (file.py:line in function)`` for the innermost frame."""
    text = f"{type(e).__name__}: {e}"
    tb = traceback.extract_tb(e.__traceback__)
    if tb:
        f = tb[-1]
        where = "/".join(f.filename.replace("\\", "/").split("/")[-2:])
        text += f" ({where}:{f.lineno} in {f.name})"
    return text


def thin_timeseries(
    ts: pd.DataFrame, every_hours: float, measures: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Keep one sample every ``every_hours`` (by the ``day`` column) and the last one."""
    cols = ["day", *(measures if measures is not None else [c for c in ts.columns if c != "day"])]
    out = ts.reindex(columns=cols)
    hours = out["day"].to_numpy(dtype=float) * 24.0
    k = np.round(hours / every_hours)
    keep = np.isclose(hours, k * every_hours, atol=1e-6)
    keep[-1:] = True
    return out.loc[keep].reset_index(drop=True).astype("float64")


def _float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan

"""Faults for the sweep tests to inject into worker processes: each replaces
``worker.execute`` (the tests monkeypatch it in the parent; the pool sends it by reference and
the worker imports this module: the fork server has the tests' ``sys.path``)."""

from __future__ import annotations

import os
import signal
import time

from droneline.runs.sweep import worker

CRASH_RUN = 0  # its worker process dies (as under the OOM killer) every time it runs it
SLOW_RUN = 0  # sleeps past any timeout; its own timer can stop it
STUCK_RUN = 2  # sleeps past any timeout where its timer cannot reach it (as in C code)


def crash_on_one_run(context, task):
    if task.run_id == CRASH_RUN:
        os.kill(os.getpid(), signal.SIGKILL)
    return worker.execute(context, task)


def hang_on_some_runs(context, task):
    if task.run_id == SLOW_RUN:
        time.sleep(600)
    if task.run_id == STUCK_RUN:
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
        time.sleep(600)
    return worker.execute(context, task)

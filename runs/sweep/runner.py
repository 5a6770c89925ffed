"""Running a sweep: plan the runs, farm them out, store each as it finishes, resume after a stop.

    spec = load_spec("runs/examples/drone_line_lhs.toml")
    plan = prepare(spec, "out/sweeps/drone_line_lhs")     # folder, manifest, design
    report = execute(plan, make_pool(workers=2))          # runs, progress bar, Parquet parts
    report = resume("out/sweeps/drone_line_lhs", make_pool(workers=2))   # after any stop

A sweep is ``points x replications`` runs. Run ``point * replications + replication`` has the
id of that number; replication r uses seed r of
:func:`~droneline.runs.sweep.designs.replication_seeds`
at every point (common random numbers). Runs are issued replication by replication, so a
sweep stopped half-way has covered every point a few times rather than half the points fully.
Only a bounded window of runs is in flight at once, and rows go to disk as they finish, so
memory stays flat however many runs there are.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from ...model.model import BattlefieldModel
from ...model.scenario import load_scenario
from ...model.schema import Scenario, ScenarioError, did_you_mean, printable
from . import storage, worker
from .checks import SweepError
from .designs import replication_seeds
from .executors import Pool, lost_worker
from .factors import dtype
from .points import base_scenario, design_table, invalid_points, plain, scenario_dict
from .spec import SweepSpec, parse_spec
from .spec_io import to_toml
from .worker import STATUS_ERROR, RunContext, RunOutcome, RunTask, base_row

MANIFEST_FORMAT = 1
MAX_RETRIES = 3  # times a run is re-sent after its own worker process died
# A run's own timer stops it at the timeout; its worker is killed only if it is still running
# this much later (stuck where no Python code runs). How often the sweep looks meanwhile:
HARD_KILL_GRACE_S = 10.0
TIMEOUT_POLL_S = 1.0
NOT_MEASURES = ("seed", "days")  # summary entries that describe the run, not its outcome


@dataclass
class Plan:
    """Everything needed to run (or resume) a sweep, as stored in its folder."""

    root: Path
    spec: SweepSpec
    manifest: dict
    design: pd.DataFrame
    context: RunContext
    seeds: list[int]

    @property
    def total(self) -> int:
        return len(self.design) * len(self.seeds)

    def tasks(self, skip: np.ndarray | None = None) -> Iterator[RunTask]:
        """The runs whose id is not marked in the boolean mask ``skip``, replication by
        replication."""
        names = self.spec.factor_names
        values = self.design[names].to_dict("records")
        reps = len(self.seeds)
        for r, seed in enumerate(self.seeds):
            for p, factors in enumerate(values):
                rid = p * reps + r
                if skip is None or not skip[rid]:
                    yield RunTask(rid, p, r, seed, {k: plain(v) for k, v in factors.items()})

    def store(self, batch_runs: int = 50, flush_seconds: float = 60.0) -> storage.SweepStore:
        m = self.manifest
        schema = storage.runs_schema(m["factor_types"], m["measures"])
        ts = m.get("timeseries")
        ts_schema = storage.timeseries_schema(ts["measures"]) if ts else None
        return storage.SweepStore(self.root, schema, ts_schema, batch_runs, flush_seconds)


@dataclass
class SweepReport:
    """How a session of a sweep went."""

    root: Path
    total: int
    done_before: int = 0
    ran: int = 0
    failed: int = 0
    retried: int = 0
    recovered: int = 0
    interrupted: bool = False
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.interrupted and self.done_before + self.ran >= self.total

    @property
    def runs_per_minute(self) -> float:
        return 60.0 * self.ran / self.seconds if self.seconds > 0 else math.nan


# --------------------------------------------------------------------------- planning
def available_measures(scenario: Scenario) -> tuple[list[str], list[str]]:
    """Names of the run-summary measures and time-series columns a run of ``scenario``
    produces (read from a freshly built model, so the list follows the model, not a copy)."""
    model = BattlefieldModel(scenario, seed=0)
    summary = [
        k
        for k, v in model.summary().items()
        if k not in NOT_MEASURES
        and isinstance(v, int | float | np.number)
        and not isinstance(v, bool)
    ]
    ts = [c for c in model.timeseries().columns if c != "day"]
    return summary, ts


def _check_names(wanted, available, label: str, key: str) -> list[str]:
    for m in wanted:
        if m not in available:
            raise SweepError(label, key, m, "unknown measure" + did_you_mean(m, available))
    return list(wanted)


def prepare(spec: SweepSpec, out: str | Path) -> Plan:
    """Create the output folder with the manifest, ``sweep.toml`` and the design.

    Refuses a folder that already holds a sweep (resume it instead)."""
    root = Path(out)
    try:
        holds_sweep = (root / storage.MANIFEST).exists()
        holds_other = root.exists() and (not root.is_dir() or any(root.iterdir()))
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise SweepError(str(root), None, None, f"cannot be used as a folder ({reason})") from None
    if holds_sweep:
        raise SweepError(
            str(root),
            None,
            None,
            "already holds a sweep: complete it with "
            f"`droneline sweep --resume {root}` or choose another --out",
        )
    if holds_other:
        raise SweepError(
            str(root),
            None,
            None,
            "is not an empty folder and holds no sweep: a sweep writes only into a new or "
            "empty folder (choose another --out)",
        )
    made = _make_folder(root)  # before any work: a folder that cannot be made is refused now
    try:
        return _prepare(spec, root)
    except BaseException:
        for folder in made:  # leave nothing behind but what was there
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _make_folder(root: Path) -> list[Path]:
    """Create ``root`` (and missing parents); the folders created, innermost first."""
    try:
        missing = [p for p in (root, *root.parents) if not p.exists()]
        root.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise SweepError(str(root), None, None, f"cannot be made a folder ({reason})") from None
    return missing


def _prepare(spec: SweepSpec, root: Path) -> Plan:
    base = base_scenario(spec)
    summary, ts_cols = available_measures(base)
    measures = (
        _check_names(spec.measures, summary, spec.label, "sweep.measures")
        if spec.measures is not None
        else summary
    )
    ts = None
    if spec.timeseries is not None:
        wanted = spec.timeseries.measures
        ts_measures = (
            _check_names(wanted, ts_cols, spec.label, "timeseries.measures")
            if wanted is not None
            else ts_cols
        )
        ts = {"every_hours": spec.timeseries.every_hours, "measures": ts_measures}
    design = design_table(spec)
    seeds = replication_seeds(spec.seed, spec.replications)
    bad = invalid_points(design, base, spec.factor_names)
    manifest = {
        "format": MANIFEST_FORMAT,
        "name": spec.name,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "droneline_version": _version(),
        "spec": spec.to_raw(),
        "spec_source": spec.label,
        "design": {"kind": spec.design, "points": len(design), **_clean(spec.options)},
        "factors": [
            {
                "name": f.name,
                "unit": f.unit,
                "type": f.param.type.__name__,
                "lo": f.lo,
                "hi": f.hi,
                "levels": list(f.levels) if f.levels else None,
            }
            for f in spec.factors
        ],
        "factor_types": {f.name: dtype(f.param) for f in spec.factors},
        "replications": spec.replications,
        "seeds": seeds,
        "runs": len(design) * len(seeds),
        "days": spec.days,
        "measures": measures,
        "timeseries": ts,
        "invalid_points": [{"point": p, "rule": msg} for p, msg in bad],
        "base_scenario": scenario_dict(base),
    }
    root.mkdir(parents=True, exist_ok=True)
    design_pq = root / storage.DESIGN
    storage.write_atomic(_arrow(design), design_pq)
    storage.write_text_atomic(root / storage.SPEC_TOML, to_toml(spec.to_raw()))
    # the manifest last: a folder with a manifest is a complete, resumable plan
    storage.write_text_atomic(
        root / storage.MANIFEST, json.dumps(manifest, indent=1, default=plain) + "\n"
    )
    return _plan(root, spec, manifest, design, base)


def load_plan(out: str | Path) -> Plan:
    """The plan of an existing sweep folder (for resuming): its stored spec, design and base
    scenario, so a resumed sweep runs exactly what the first session planned. A folder whose
    manifest or design is damaged or not a sweep's is refused in one line."""
    root = Path(out)
    if not root.is_dir():
        raise SweepError(str(root), None, None, "not a sweep folder (no such folder)")
    manifest = storage.read_manifest(root)
    label = str(root / storage.MANIFEST)
    try:
        if manifest.get("format") != MANIFEST_FORMAT:
            raise SweepError(label, "format", manifest.get("format"), f"must be {MANIFEST_FORMAT}")
        spec = parse_spec(manifest["spec"], label)
        design = pd.read_parquet(root / storage.DESIGN)
        base = load_scenario(manifest["base_scenario"])
        plan = _plan(root, spec, manifest, design, base)
        if list(design.columns) != ["point", *spec.factor_names] or plan.total != manifest["runs"]:
            raise SweepError(
                str(root / storage.DESIGN), None, None, "does not match the sweep's manifest"
            )
    except ScenarioError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, OSError) as e:
        raise SweepError(
            label, None, None, f"not a usable sweep manifest or design ({type(e).__name__}: {e})"
        ) from None
    return plan


def _plan(
    root: Path, spec: SweepSpec, manifest: dict, design: pd.DataFrame, base: Scenario
) -> Plan:
    ts = manifest.get("timeseries")
    context = RunContext(
        scenario=base,
        days=manifest["days"],
        measures=tuple(manifest["measures"]),
        ts_every_hours=ts["every_hours"] if ts else None,
        ts_measures=tuple(ts["measures"]) if ts else None,
        timeout_s=spec.timeout_s,
    )
    return Plan(root, spec, manifest, design, context, list(manifest["seeds"]))


def _arrow(df: pd.DataFrame):
    import pyarrow as pa

    return pa.Table.from_pandas(df, preserve_index=False)


def _clean(options: dict) -> dict:
    return {k: v for k, v in options.items() if v is not None and k not in ("points", "file")}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("droneline")
    except PackageNotFoundError:
        return "unknown"


# --------------------------------------------------------------------------- running
def execute(
    plan: Plan,
    pool: Pool,
    *,
    progress: bool = True,
    retry_failed: bool = False,
    batch_runs: int = 50,
    flush_seconds: float = 60.0,
    timeout_s: float | None = None,
    log=None,
) -> SweepReport:
    """Run every run of ``plan`` not yet on disk; returns a :class:`SweepReport`.

    Failed runs on disk count as done unless ``retry_failed``. Ctrl-C stops at once, keeps
    every finished run and returns a report with ``interrupted = True``. The pool is closed.
    ``timeout_s`` replaces the spec's per-run timeout for this session.
    """
    if timeout_s is not None:
        plan.context = dataclasses.replace(plan.context, timeout_s=timeout_s)
    log = log or (lambda msg: print(msg, file=sys.stderr))
    report = SweepReport(plan.root, plan.total)
    store = plan.store(batch_runs, flush_seconds)
    t0 = time.perf_counter()
    with storage.locked(plan.root):
        report.recovered = store.recover()
        done, ok = store.finished(plan.total)
        if retry_failed:
            store.drop({int(i) for i in np.flatnonzero(done & ~ok)})
            done = ok
        report.done_before = int(done.sum())
        todo = plan.total - report.done_before
        if todo == 0:
            pool.close()
            return report
        log(
            printable(
                f"{plan.spec.name}: {len(plan.design)} points x {len(plan.seeds)} replications "
                f"= {plan.total} runs; {report.done_before} on disk, {todo} to run on "
                f"{pool.description}"
            )
        )
        try:
            _run(plan, pool, store, done, todo, report, progress)
        except KeyboardInterrupt:
            report.interrupted = True
        finally:
            store.flush()
            report.seconds = time.perf_counter() - t0
    if report.interrupted:
        log(
            printable(
                f"interrupted: {report.done_before + report.ran} of {plan.total} runs on disk; "
                f"finish with `droneline sweep --resume {plan.root}`"
            )
        )
    return report


def _run(
    plan: Plan,
    pool: Pool,
    store: storage.SweepStore,
    skip: np.ndarray,
    todo: int,
    report: SweepReport,
    progress: bool,
) -> None:
    tasks = plan.tasks(skip)
    queue: deque[RunTask] = deque()  # runs to send again after their worker died
    retries: Counter[int] = Counter()  # times each run was charged with a dead worker
    pending: dict = {}
    window = 1 if pool.kind == "serial" else 2 * pool.workers + 2
    timeout = plan.context.timeout_s
    bar = tqdm(
        total=todo,
        unit="run",
        desc=printable(plan.spec.name),
        disable=not progress,
        dynamic_ncols=True,
        smoothing=0.05,
        file=sys.stderr,
    )
    bar.set_postfix(failed=0, refresh=False)

    def record(task: RunTask, outcome: RunOutcome) -> None:
        store.add(outcome)
        report.ran += 1
        if not outcome.ok:
            report.failed += 1
            if len(report.failures) < 20:
                report.failures.append(
                    f"run {task.run_id} (point {task.point}, replication "
                    f"{task.replication}): {outcome.row['error']}"
                )
        bar.update(1)
        bar.set_postfix(failed=report.failed, refresh=False)

    def requeue(lost: list[tuple[RunTask, BaseException]], killed: dict[int, float]) -> None:
        """After a process pool broke: a run whose own worker died is charged a retry (and
        recorded as failed past the limit); a run stopped for its timeout is recorded as
        failed; every other run in flight is innocent and sent again, uncharged."""
        crashed = pool.crashed() - set(killed)
        if not crashed and not killed:  # no worker died on its own: killed from outside?
            crashed = set(pool.running())  # then the runs in progress are the suspects
        for task, e in lost:
            if task.run_id in killed:
                record(task, timed_out_outcome(task, plan.context.measures, timeout))
            elif task.run_id in crashed and retries[task.run_id] >= MAX_RETRIES:
                record(task, lost_outcome(task, plan.context.measures, e))
            else:
                if task.run_id in crashed:
                    retries[task.run_id] += 1
                report.retried += 1
                queue.append(task)

    killed: dict[int, float] = {}  # run id -> when its worker was killed for the timeout
    try:
        while True:
            lost: list[tuple[RunTask, BaseException]] = []
            broken = False
            while len(pending) < window and not broken:
                task = queue.popleft() if queue else next(tasks, None)
                if task is None:
                    break
                try:
                    fut = pool.executor.submit(worker.guarded, worker.execute, plan.context, task)
                    pending[fut] = task
                except Exception as e:  # noqa: BLE001 - e.g. the pool broke since the last wait
                    if not (lost_worker(e) and pool.kind == "processes"):
                        record(task, lost_outcome(task, plan.context.measures, e))
                        continue
                    lost.append((task, e))
                    broken = True
            if not pending and not broken:
                if not queue:
                    break
                continue
            if pending:
                done, _ = wait(
                    pending,
                    timeout=min(TIMEOUT_POLL_S if timeout else 5.0, store.flush_seconds),
                    return_when=FIRST_COMPLETED,
                )
                for fut in done:
                    task = pending.pop(fut)
                    try:
                        outcome = fut.result()
                    except Exception as e:  # noqa: BLE001 - the executor's failure, not the model's
                        if lost_worker(e) and pool.kind == "processes":
                            lost.append((task, e))
                            broken = True
                        else:
                            record(task, lost_outcome(task, plan.context.measures, e))
                        continue
                    record(task, outcome)
            if timeout and not broken:
                _kill_overdue(pool, timeout, killed)
            if pool.check is not None and (why := pool.check()):
                raise SweepError("--cluster", None, None, why)
            if broken:
                pool.close(cancel=True)
                for fut, task in pending.items():
                    if fut.done() and not fut.cancelled() and fut.exception() is None:
                        record(task, fut.result())  # finished just before the pool broke
                    else:
                        lost.append((task, BrokenProcessPool("stopped with its pool")))
                pending.clear()
                requeue(lost, killed)
                killed.clear()
                pool = pool.restart()
            elif store.due():
                store.flush()
    except BaseException:
        pool.close(cancel=True)
        raise
    finally:
        bar.close()
    pool.close()


def _kill_overdue(pool: Pool, timeout: float, killed: dict[int, float]) -> None:
    """Kill the worker process of a run past its timeout by :data:`HARD_KILL_GRACE_S` (its
    own timer did not stop it, e.g. a call into C that never returns): the pool breaks, the
    run is recorded as timed out and the others are sent again."""
    now = time.monotonic()
    for run_id, (pid, started) in pool.running().items():
        if run_id not in killed and now - started > timeout + HARD_KILL_GRACE_S:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            killed[run_id] = now


def timed_out_outcome(task: RunTask, measures, timeout: float) -> RunOutcome:
    """The row of a run whose worker was killed for going past the timeout."""
    outcome = lost_outcome(task, measures, None)
    outcome.row["error"] = worker.timeout_error(timeout) + " (its worker was stopped)"
    return outcome


def lost_outcome(task: RunTask, measures, e: BaseException | None) -> RunOutcome:
    """The row of a run that never came back (its worker died, or could not take it)."""
    row = base_row(task)
    row.update({m: math.nan for m in measures})
    row.update(
        status=STATUS_ERROR,
        error=f"{type(e).__name__}: {e} (worker lost)" if e is not None else None,
        traceback=None,
        elapsed_s=math.nan,
        cpu_s=math.nan,
    )
    return RunOutcome(row)


def run_sweep(spec: SweepSpec, out: str | Path, pool: Pool, **kwargs) -> SweepReport:
    """Plan a new sweep in ``out`` and run it (``prepare`` + ``execute``)."""
    return execute(prepare(spec, out), pool, **kwargs)


def resume(out: str | Path, pool: Pool, **kwargs) -> SweepReport:
    """Complete an interrupted sweep: exactly the runs not yet on disk."""
    return execute(load_plan(out), pool, **kwargs)

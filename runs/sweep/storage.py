"""Where a sweep's results live: Parquet part files that survive any crash.

An output folder holds::

    manifest.json        the spec, the base scenario, measures, seeds, versions (machine-read)
    sweep.toml           the spec as TOML (re-runnable: droneline sweep DIR/sweep.toml)
    design.parquet       the design points (point id + factor values)
    runs/part-*.parquet  one row per finished run (zstd), written in batches
    timeseries/part-*.parquet   thinned time series, when asked for
    staging/journal-*.jsonl     finished runs not yet in a part (one JSON line each)

A finished run is appended to the session's journal at once (one line, handed to the OS before
the next run is recorded), so a ``kill -9`` loses no finished run. Every ``batch_runs`` runs (or
``flush_seconds``) the batch is written as one part, under a temporary name and renamed (atomic
on POSIX, so a reader never sees half a file), and the journal is replaced by an empty one. A
crash between those two steps leaves runs both in a part and in the journal:
:meth:`SweepStore.recover` (run when a sweep starts or resumes) drops journal lines whose run
id is already in a part, so ``runs/`` never holds a run twice and
``pd.read_parquet(DIR/"runs")`` is always duplicate-free. :func:`load_runs` also folds in
journaled runs and de-duplicates by run id, as a second safeguard. Memory stays flat: the
writer holds at most one batch.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ...model.inputs import MissingInput, read_text
from ...model.schema import ScenarioError
from .checks import SweepError
from .worker import STATUS_OK, RunOutcome

RUNS, TIMESERIES, STAGING = "runs", "timeseries", "staging"
MANIFEST, SPEC_TOML, DESIGN = "manifest.json", "sweep.toml", "design.parquet"
COMPRESSION = "zstd"


# --------------------------------------------------------------------------- schemas
def arrow_type(dtype: str) -> pa.DataType:
    types = {"bool": pa.bool_(), "int64": pa.int64(), "float64": pa.float64()}
    return types.get(dtype, pa.string())


def runs_schema(factors: dict[str, str], measures: Iterable[str]) -> pa.Schema:
    """Columns of a run row: ids, factor values (typed), measures (float), status."""
    fields = [
        pa.field("run_id", pa.int64()),
        pa.field("point", pa.int64()),
        pa.field("replication", pa.int64()),
        pa.field("seed", pa.int64()),
    ]
    fields += [pa.field(name, arrow_type(t)) for name, t in factors.items()]
    fields += [pa.field(m, pa.float64()) for m in measures]
    fields += [
        pa.field("status", pa.string()),
        pa.field("error", pa.string()),
        pa.field("traceback", pa.string()),
        pa.field("elapsed_s", pa.float64()),
        pa.field("cpu_s", pa.float64()),
    ]
    return pa.schema(fields)


def timeseries_schema(measures: Iterable[str]) -> pa.Schema:
    """Columns of a thinned time series: run id, day, measures."""
    return pa.schema(
        [pa.field("run_id", pa.int64()), pa.field("day", pa.float64())]
        + [pa.field(m, pa.float64()) for m in measures]
    )


# --------------------------------------------------------------------------- atomic files
# the temporary names write_atomic and write_text_atomic give: ".<file>.<8 hex>.tmp" for a
# Parquet part, ".<file>.tmp" for a text file; recovery deletes only those, only in the
# folders the sweep writes
OWN_TMP = re.compile(r"^\.[^/]+\.(parquet\.[0-9a-f]{8}|json|toml|jsonl)\.tmp$")


def own_temporaries(root: Path) -> list[Path]:
    """Half-written files a killed sweep left in its own folders (never anything else)."""
    folders = [root] + [root / sub for sub in (RUNS, STAGING, TIMESERIES)]
    return [
        p
        for folder in folders
        if folder.is_dir()
        for p in folder.iterdir()
        if p.is_file() and OWN_TMP.match(p.name)
    ]


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name in the same folder, then rename it."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    pq.write_table(table, tmp, compression=COMPRESSION)
    os.replace(tmp, path)


def write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _parts(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.parquet") if not p.name.startswith((".", "_")))


def _read_ids(paths: Iterable[Path]) -> set[int]:
    ids: set[int] = set()
    for p in paths:
        ids.update(pq.read_table(p, columns=["run_id"]).column("run_id").to_pylist())
    return ids


# --------------------------------------------------------------------------- the store
class SweepStore:
    """Writes one sweep's rows (and time series) as they finish; see the module docstring."""

    def __init__(
        self,
        root: Path,
        schema: pa.Schema,
        ts_schema: pa.Schema | None = None,
        batch_runs: int = 50,
        flush_seconds: float = 60.0,
    ):
        self.root = Path(root)
        self.schema, self.ts_schema = schema, ts_schema
        self.batch_runs, self.flush_seconds = batch_runs, flush_seconds
        for sub in (RUNS, STAGING) + ((TIMESERIES,) if ts_schema is not None else ()):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self._batch: list[RunOutcome] = []
        self._journal_path: Path | None = None
        self._journal = None
        self._last_flush = time.monotonic()
        self.parts_written = 0

    # ---- writing
    def add(self, outcome: RunOutcome) -> None:
        """Journal one finished run at once, and write a part when one is due."""
        if self._journal is None:
            self._journal_path = self.root / STAGING / f"journal-{uuid.uuid4().hex}.jsonl"
            self._journal = open(self._journal_path, "a", encoding="utf-8")  # noqa: SIM115
        self._journal.write(_journal_line(outcome) + "\n")
        self._journal.flush()  # in the OS's hands: survives kill -9 of this process
        self._batch.append(outcome)
        if self.due():
            self.flush()

    def due(self) -> bool:
        n = len(self._batch)
        return n >= self.batch_runs or (
            n > 0 and time.monotonic() - self._last_flush >= self.flush_seconds
        )

    def flush(self) -> None:
        """Write the batch as one part (and one time-series part), then drop its journal."""
        if self._batch:
            self._write_parts(self._batch)
        self._batch = []
        self._last_flush = time.monotonic()
        if self._journal is not None:
            self._journal.close()
            self._journal_path.unlink(missing_ok=True)
            self._journal = self._journal_path = None

    def close(self) -> None:
        self.flush()

    def _write_parts(
        self,
        outcomes: list[RunOutcome],
        skip_rows: set[int] = frozenset(),
        skip_ts: set[int] = frozenset(),
    ) -> None:
        stem = f"part-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.parquet"
        if self.ts_schema is not None:
            frames = [
                o.timeseries
                for o in outcomes
                if o.timeseries is not None and int(o.row["run_id"]) not in skip_ts
            ]
            if frames:
                write_atomic(
                    self._ts_table(pd.concat(frames, ignore_index=True)),
                    self.root / TIMESERIES / stem,
                )
        rows = [o.row for o in outcomes if int(o.row["run_id"]) not in skip_rows]
        if rows:
            write_atomic(self._row_table(rows), self.root / RUNS / stem)
            self.parts_written += 1

    # ---- recovery and reading
    def recover(self) -> int:
        """Write runs journaled by an interrupted session into a part (skipping those already
        in one) and remove the journals; returns how many runs were new."""
        for tmp in own_temporaries(self.root):
            tmp.unlink(missing_ok=True)  # half-written files of a killed writer
        journals = sorted((self.root / STAGING).glob("journal-*.jsonl"))
        outcomes = list(read_journals(journals))
        if outcomes:
            done = _read_ids(_parts(self.root / RUNS))
            done_ts = _read_ids(_parts(self.root / TIMESERIES)) if self.ts_schema else set()
            fresh = {int(o.row["run_id"]) for o in outcomes} - done
            self._write_parts(_unique(outcomes), skip_rows=done, skip_ts=done_ts)
        else:
            fresh = set()
        for j in journals:
            j.unlink(missing_ok=True)
        return len(fresh)

    def finished(self, total: int) -> tuple[np.ndarray, np.ndarray]:
        """Two boolean masks over run ids 0..total-1: on disk, and on disk with status ok
        (arrays, not sets, so a million runs take two megabytes)."""
        done, ok = np.zeros(total, dtype=bool), np.zeros(total, dtype=bool)
        for p in _parts(self.root / RUNS):
            t = pq.read_table(p, columns=["run_id", "status"])
            ids = t.column("run_id").to_numpy()
            done[ids] = True
            ok[ids[t.column("status").to_numpy(zero_copy_only=False) == STATUS_OK]] = True
        for o in read_journals(sorted((self.root / STAGING).glob("journal-*.jsonl"))):
            rid = int(o.row["run_id"])
            done[rid] = True
            ok[rid] |= o.ok
        return done, ok

    def drop(self, run_ids: set[int]) -> int:
        """Remove rows (and time series) of ``run_ids`` from the parts, rewriting each part
        atomically; used to run failed runs again. Returns the rows removed."""
        removed = 0
        for folder in (RUNS, TIMESERIES):
            for p in _parts(self.root / folder):
                t = pq.read_table(p)
                kept = _drop_ids(t, run_ids)
                if kept.num_rows == t.num_rows:
                    continue
                if folder == RUNS:
                    removed += t.num_rows - kept.num_rows
                if kept.num_rows:
                    write_atomic(kept, p)
                else:
                    p.unlink()
        return removed

    def _row_table(self, rows: list[dict[str, Any]]) -> pa.Table:
        cols = {f.name: [r.get(f.name) for r in rows] for f in self.schema}
        return pa.table(cols, schema=self.schema)

    def _ts_table(self, ts: pd.DataFrame) -> pa.Table:
        df = ts.reindex(columns=self.ts_schema.names)
        return pa.Table.from_pandas(df, schema=self.ts_schema, preserve_index=False)


def _journal_line(outcome: RunOutcome) -> str:
    entry: dict[str, Any] = {"row": outcome.row}
    if outcome.timeseries is not None:
        entry["ts"] = {c: outcome.timeseries[c].tolist() for c in outcome.timeseries.columns}
    return json.dumps(entry, default=_plain, allow_nan=True)


def _plain(x: Any) -> Any:
    if hasattr(x, "item"):
        return x.item()
    raise TypeError(type(x).__name__)


def read_journals(paths: Iterable[Path]) -> Iterator[RunOutcome]:
    """The runs recorded in journals; a line cut short by a kill is skipped."""
    for p in paths:
        try:
            lines = p.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            continue  # written into a part and removed meanwhile
        for line in lines:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            ts = pd.DataFrame(entry["ts"]) if "ts" in entry else None
            yield RunOutcome(entry["row"], ts)


def _unique(outcomes: list[RunOutcome]) -> list[RunOutcome]:
    """One outcome per run id (a successful one if there is one)."""
    best: dict[int, RunOutcome] = {}
    for o in outcomes:
        rid = int(o.row["run_id"])
        if rid not in best or o.ok:
            best[rid] = o
    return list(best.values())


def _drop_ids(table: pa.Table, ids: set[int]) -> pa.Table:
    import pyarrow.compute as pc

    mask = pc.invert(pc.is_in(table.column("run_id"), value_set=pa.array(sorted(ids), pa.int64())))
    return table.filter(mask)


# --------------------------------------------------------------------------- locking
@contextlib.contextmanager
def locked(root: Path):
    """Hold ``root/.lock`` so two sweeps never write the same folder at once."""
    root.mkdir(parents=True, exist_ok=True)
    fh = open(root / ".lock", "a+")  # noqa: SIM115 - held for the block
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SweepError(
                str(root), None, None, "another sweep is writing to this folder right now"
            ) from None
        yield
    finally:
        fh.close()


# --------------------------------------------------------------------------- reading back
MANIFEST_MAX_BYTES = 64 * 2**20  # a manifest holds the spec, inline points included


def read_manifest(root: Path) -> dict:
    """The manifest of a sweep folder, read through the input gate (a regular file, size
    limited, UTF-8 JSON holding an object); every failure is a one-line :class:`SweepError`."""
    path = Path(root) / MANIFEST
    label = str(path)
    try:
        text = read_text(path, label, max_bytes=MANIFEST_MAX_BYTES)
    except MissingInput:
        raise SweepError(str(root), None, None, f"not a sweep folder (no {MANIFEST})") from None
    except ScenarioError as e:
        raise SweepError(e.file, e.key, e.value, e.rule) from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SweepError(label, None, None, f"not a valid manifest ({reason})") from None
    if not isinstance(data, dict):
        raise SweepError(label, None, None, "not a valid manifest (not a JSON object)")
    return data


def load_runs(
    root: str | Path, columns: list[str] | None = None, include_staged: bool = True
) -> pd.DataFrame:
    """All runs of a sweep folder, one row per run id, sorted by run id.

    Folds in runs still journaled (a running or interrupted session); where a run id appears
    twice (a failed run run again), the successful row wins, else the later one.
    """
    root = Path(root)
    if columns is not None:
        columns = list(dict.fromkeys(["run_id", "status", *columns]))
    frames = [pq.read_table(p, columns=columns).to_pandas() for p in _parts(root / RUNS)]
    if include_staged:
        staged = [o.row for o in read_journals(sorted((root / STAGING).glob("journal-*.jsonl")))]
        if staged:
            schema = pq.read_schema(_parts(root / RUNS)[0]) if frames else None
            df = (
                pa.Table.from_pylist(staged, schema=schema).to_pandas()
                if schema
                else pd.DataFrame(staged)
            )
            frames.append(df[columns] if columns is not None else df)
    if not frames:
        return pd.DataFrame(columns=columns or ["run_id", "status"])
    df = pd.concat(frames, ignore_index=True)
    df["_ok"] = df["status"].eq(STATUS_OK)
    df = (
        df.sort_values(["run_id", "_ok"], kind="stable")
        .drop_duplicates("run_id", keep="last")
        .drop(columns="_ok")
    )
    return df.sort_values("run_id").reset_index(drop=True)


def load_timeseries(root: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The thinned time series of a sweep folder (run_id, day, measures), de-duplicated."""
    root = Path(root)
    if columns is not None:
        columns = list(dict.fromkeys(["run_id", "day", *columns]))
    frames = [pq.read_table(p, columns=columns).to_pandas() for p in _parts(root / TIMESERIES)]
    for o in read_journals(sorted((root / STAGING).glob("journal-*.jsonl"))):
        if o.timeseries is not None:
            frames.append(o.timeseries[columns] if columns is not None else o.timeseries)
    if not frames:
        return pd.DataFrame(columns=columns or ["run_id", "day"])
    df = pd.concat(frames, ignore_index=True).drop_duplicates(["run_id", "day"])
    return df.sort_values(["run_id", "day"]).reset_index(drop=True)

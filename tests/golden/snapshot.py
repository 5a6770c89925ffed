"""The regression snapshot: the run summary of every preset for two seeds over three days.

``python -m tests.golden.snapshot`` (or ``make golden``) rewrites ``summaries.json`` from the
current code; ``tests/test_golden.py`` checks that the code still gives exactly these numbers.
A change that alters results on purpose regenerates the snapshot and says why in its commit
message; a refactoring never does.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

SEEDS = (1, 2)
DAYS = 3.0
PATH = Path(__file__).with_name("summaries.json")


def _plain(value):
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def snapshot_of(preset: str, seed: int, columns: list[str] | None = None) -> dict:
    """One preset's summary after ``DAYS`` days, plus a digest of its time series (of the
    given ``columns``, so measures added later leave the recorded digest comparable)."""
    import droneline as dl

    model = dl.BattlefieldModel(preset, seed=seed)
    model.run_days(DAYS)
    summary = {k: _plain(v) for k, v in model.summary().items()}
    ts = model.timeseries()
    columns = list(ts.columns) if columns is None else columns
    missing = [c for c in columns if c not in ts.columns]
    if missing:
        summary["timeseries_sha1"] = f"columns gone: {missing}"
    else:
        values = ts[columns].to_numpy(dtype=float)
        summary["timeseries_sha1"] = hashlib.sha1(values.tobytes()).hexdigest()
    summary["timeseries_columns"] = columns
    return summary


def current() -> dict:
    import droneline as dl

    return {f"{p}/seed{s}": snapshot_of(p, s) for p in dl.preset_names() for s in SEEDS}


def main() -> None:
    PATH.write_text(json.dumps(current(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {PATH}")


if __name__ == "__main__":
    main()

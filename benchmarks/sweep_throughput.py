"""Sweep throughput: runs per minute on 1, 2, ... local worker processes, and the scaling.

    python benchmarks/sweep_throughput.py --workers 1,2 --runs 24 --days 2
    from benchmarks.sweep_throughput import measure; measure(workers_list=(1, 2))

Each measurement is a whole sweep as ``droneline sweep`` runs it (worker start, design,
journal and Parquet parts included; the fork server that preloads droneline is started once
beforehand) of ``runs`` runs of ``pokrovsk_drone_line``: an LHS of
``runs`` points over drone-line depth and motorcycle share, one replication each, so every
worker count does exactly the same runs. ``workers = 0`` means serial, in this process.
Speed-up is runs per minute relative to the first entry of ``workers_list``; efficiency is
speed-up per worker. On a shared machine the numbers are noisy: compare within one call.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def spec(runs: int, days: float) -> dict:
    """The benchmark sweep: ``runs`` LHS points x 1 replication."""
    return {
        "sweep": {
            "name": "throughput",
            "scenario": "pokrovsk_drone_line",
            "days": days,
            "replications": 1,
            "seed": 1,
            "measures": ["advance_km", "exchange_ratio"],
        },
        "design": {"kind": "lhs", "points": runs},
        "factors": {
            "blue.drones.strike_depth_km": {"range": [2, 16]},
            "red.forces.motorcycle_share": {"range": [0.0, 0.8]},
        },
    }


def measure(workers_list=(1, 2), runs: int = 24, days: float = 2.0) -> dict:
    """Time the same sweep on each worker count; returns a JSON-ready dict of results."""
    from droneline.runs.sweep import runner, storage
    from droneline.runs.sweep.executors import make_pool
    from droneline.runs.sweep.spec import parse_spec

    warm_up()
    results = []
    with tempfile.TemporaryDirectory(prefix="droneline-bench-") as tmp:
        for w in workers_list:
            out = Path(tmp) / f"w{w}"
            plan = runner.prepare(parse_spec(spec(runs, days), "benchmark"), out)
            pool = make_pool(workers=w or None, serial=(w == 0))
            t0 = time.perf_counter()
            report = runner.execute(plan, pool, progress=False, log=lambda m: None)
            seconds = time.perf_counter() - t0
            df = storage.load_runs(out)
            results.append(
                {
                    "workers": w,
                    "executor": pool.description,
                    "seconds": round(seconds, 2),
                    "runs_per_minute": round(60.0 * report.ran / seconds, 1),
                    "mean_run_seconds": round(float(df["elapsed_s"].mean()), 3),
                    "mean_run_cpu_seconds": round(float(df["cpu_s"].mean()), 3),
                    # cores the runs actually got: below `workers` on a busy machine
                    "cores_obtained": round(float(df["cpu_s"].sum()) / seconds, 2),
                    "failed": report.failed,
                }
            )
    base = results[0]["runs_per_minute"]
    for r in results:
        r["speedup"] = round(r["runs_per_minute"] / base, 2)
        r["efficiency"] = round(r["speedup"] / max(r["workers"], 1), 2)
    return {
        "benchmark": "sweep_throughput",
        "scenario": "pokrovsk_drone_line",
        "runs": runs,
        "days": days,
        "cpu_count": os.cpu_count(),
        "results": results,
    }


def warm_up() -> None:
    """Start the fork server (it imports droneline once, for every later pool) so that the
    first measurement does not pay for it and the others do not get it for free."""
    from droneline.runs.sweep.executors import make_pool

    pool = make_pool(workers=1)
    pool.executor.submit(os.getpid).result()
    pool.close()


def table(result: dict) -> str:
    """The results as a Markdown table."""
    lines = [
        f"{result['runs']} runs of {result['days']:g} days (pokrovsk_drone_line), "
        f"{result['cpu_count']} cores",
        "",
        "| workers | wall time (s) | runs/min | speed-up | efficiency | mean run (s) "
        "| run CPU (s) | cores obtained |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["results"]:
        w = r["workers"] or "serial"
        lines.append(
            f"| {w} | {r['seconds']:.1f} | {r['runs_per_minute']:.1f} | "
            f"{r['speedup']:.2f}x | {r['efficiency']:.0%} | {r['mean_run_seconds']:.2f} "
            f"| {r['mean_run_cpu_seconds']:.2f} | {r['cores_obtained']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workers", default="1,2", help="worker counts, comma-separated (0: serial)")
    p.add_argument("--runs", type=int, default=24)
    p.add_argument("--days", type=float, default=2.0)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = p.parse_args(argv)
    workers = tuple(int(w) for w in args.workers.split(","))
    result = measure(workers, args.runs, args.days)
    print(json.dumps(result, indent=1) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    raise SystemExit(main())

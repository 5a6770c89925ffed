"""Sub-commands ``sweep`` (run or resume a batch of battles) and ``analyze`` (read it back)."""

from __future__ import annotations

import argparse
import math
import re
import sys
import textwrap
from pathlib import Path

from droneline.model.inputs import folder_name, parse_toml
from droneline.model.schema import ScenarioError, printable
from droneline.runs.sweep.checks import SweepError

SWEEP_EPILOG = textwrap.dedent("""\
    examples:
      droneline sweep runs/examples/drone_line_lhs.toml --workers 2
      droneline sweep spec.toml --replications 2 --days 1 --out out/sweeps/quick
      droneline sweep --scenario pokrovsk_drone_line --design nolh --replications 5 \\
          --factor blue.drones.strike_depth_km=2:16 --factor red.forces.motorcycle_share=0:0.6
      droneline sweep --resume out/sweeps/drone_line_lhs          # after Ctrl-C, kill, crash
      droneline sweep spec.toml --cluster tcp://scheduler:8786    # a Dask cluster
      droneline sweep spec.toml --cluster local --workers 4       # a Dask LocalCluster

    factors: NAME=LO:HI (range), NAME=LO:HI:STEPS (range, STEPS values in a full factorial),
             NAME=A,B,C (levels). Results: DIR/runs (Parquet), see docs/SWEEPS.md.
""")

ANALYZE_EPILOG = textwrap.dedent("""\
    examples:
      droneline analyze out/sweeps/drone_line_lhs
      droneline analyze out/sweeps/drone_line_lhs --measures advance_km,exchange_ratio \
          --ci bootstrap
      droneline analyze out/sweeps/sobol_demo --sensitivity

    in Python:  pd.read_parquet("out/sweeps/drone_line_lhs/runs")
    in DuckDB:  SELECT point, avg(advance_km) FROM 'out/sweeps/drone_line_lhs/runs/*.parquet'
                GROUP BY point
""")


SPEC_FLAGS = (
    "name",
    "scenario",
    "design",
    "points",
    "base_points",
    "trajectories",
    "stacks",
    "replications",
    "days",
    "seed",
    "measures",
    "timeseries_every",
    "timeseries_measures",
)
PRINTED_MEASURES = 3  # columns of the printed table when no measures are named


def register(sub) -> None:
    p = sub.add_parser(
        "sweep",
        help="run a batch of battles over a design (data farming)",
        description="Run (or resume) a parameter sweep: design points x "
        "replications, in parallel, results as Parquet.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=SWEEP_EPILOG,
    )
    p.add_argument(
        "spec", nargs="?", help="sweep spec TOML, or the name of a shipped example (drone_line_lhs)"
    )
    p.add_argument(
        "--resume",
        metavar="DIR",
        type=Path,
        help="complete the sweep in DIR: exactly the runs not yet on disk",
    )
    p.add_argument("--out", type=Path, help="output folder (default out/sweeps/<name>)")
    where = p.add_argument_group("where runs execute")
    where.add_argument(
        "--workers",
        type=int,
        default=None,
        help="local worker processes (default: all cores); with --cluster "
        "local, the LocalCluster's workers",
    )
    where.add_argument("--serial", action="store_true", help="run in this process, one by one")
    where.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="Dask scheduler tcp://host:8786, or 'local' for a LocalCluster",
    )
    spec = p.add_argument_group("spec (build one from flags, or change the file's)")
    spec.add_argument("--name")
    spec.add_argument("--scenario", help="base scenario: preset name or TOML file")
    spec.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a base-scenario parameter (repeatable)",
    )
    spec.add_argument(
        "--factor",
        action="append",
        default=[],
        metavar="NAME=SPEC",
        help="vary a parameter: NAME=LO:HI, NAME=LO:HI:STEPS or NAME=A,B,C",
    )
    spec.add_argument("--design", choices=("full_factorial", "lhs", "nolh", "sobol", "morris"))
    spec.add_argument("--points", type=int, help="LHS design points")
    spec.add_argument("--base-points", type=int, help="Sobol' base sample N (power of 2)")
    spec.add_argument("--trajectories", type=int, help="Morris trajectories")
    spec.add_argument("--stacks", type=int, help="NOLH stacks (rotated copies)")
    spec.add_argument("--replications", type=int, help="seeds per design point")
    spec.add_argument("--days", type=float, help="run length in days")
    spec.add_argument("--seed", type=int, help="master seed")
    spec.add_argument("--measures", help="summary measures to keep, comma-separated")
    spec.add_argument(
        "--timeseries-every",
        type=float,
        metavar="HOURS",
        help="keep time series, one sample every HOURS",
    )
    spec.add_argument("--timeseries-measures", help="time-series columns to keep")
    run = p.add_argument_group("running")
    run.add_argument(
        "--retry-failed", action="store_true", help="with --resume: run failed runs again too"
    )
    run.add_argument(
        "--batch-runs", type=int, default=50, help="runs per Parquet part file (default 50)"
    )
    run.add_argument(
        "--flush-seconds",
        type=float,
        default=60.0,
        help="write a part at least this often (default 60 s)",
    )
    run.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="per-run timeout: a run still going after SECONDS is recorded as failed and the "
        "sweep goes on (default: the spec's sweep.timeout_s, else none)",
    )
    run.add_argument("--dry-run", action="store_true", help="print the design, run nothing")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_sweep)

    a = sub.add_parser(
        "analyze",
        help="tables, plots and sensitivity of a sweep's results",
        description="Per-point means with confidence intervals, response plots "
        "and heat maps, and (with --sensitivity) Sobol'/Morris indices.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=ANALYZE_EPILOG,
    )
    a.add_argument("dir", type=Path, help="sweep output folder")
    a.add_argument(
        "--measures", help="measures, comma-separated (default: the spec's or the headline ones)"
    )
    a.add_argument(
        "--ci",
        choices=("t", "bootstrap"),
        default="t",
        help="confidence intervals: Student t (default) or percentile bootstrap",
    )
    a.add_argument("--level", type=float, default=0.95, help="confidence level (default 0.95)")
    a.add_argument(
        "--sensitivity",
        action="store_true",
        help="Sobol' (design sobol) or Morris (design morris) indices",
    )
    a.add_argument(
        "--heatmap",
        metavar="F1,F2",
        help="factors of the heat maps (default: the two strongest per measure)",
    )
    a.add_argument("--out", type=Path, help="where to write (default DIR/analysis)")
    a.add_argument("--no-plots", action="store_true")
    a.add_argument("--rows", type=int, default=40, help="design points printed (default 40)")
    a.set_defaults(func=cmd_analyze)


# --------------------------------------------------------------------------- sweep
def spec_overrides(args) -> dict:
    """Spec entries given as flags, by dotted key (``sweep.days``, ``factors``...)."""
    o: dict = {}
    simple = {
        "name": "sweep.name",
        "scenario": "sweep.scenario",
        "replications": "sweep.replications",
        "days": "sweep.days",
        "seed": "sweep.seed",
        "measures": "sweep.measures",
        "design": "design.kind",
        "points": "design.points",
        "base_points": "design.base_points",
        "trajectories": "design.trajectories",
        "stacks": "design.stacks",
    }
    for attr, key in simple.items():
        if getattr(args, attr) is not None:
            o[key] = getattr(args, attr)
    if args.timeseries_every is not None or args.timeseries_measures is not None:
        ts = {"every_hours": 24.0 if args.timeseries_every is None else args.timeseries_every}
        if args.timeseries_measures:
            ts["measures"] = args.timeseries_measures
        o["timeseries"] = ts
    return o


def parse_factor(text: str) -> tuple[str, dict]:
    """``NAME=LO:HI[:STEPS]`` -> range, ``NAME=A,B,C`` -> levels (values read as TOML)."""
    if "=" not in text:
        raise SweepError("--factor", text, None, "must look like NAME=LO:HI or NAME=A,B,C")
    name, _, spec = (s.strip() for s in text.partition("="))
    if ":" in spec:
        parts = [_toml_value(v) for v in spec.split(":")]
        if len(parts) not in (2, 3):
            raise SweepError("--factor", name, spec, "a range is LO:HI or LO:HI:STEPS")
        out = {"range": parts[:2]}
        if len(parts) == 3:
            out["steps"] = parts[2]
        return name, out
    return name, {"levels": [_toml_value(v) for v in spec.split(",") if v.strip()]}


def _toml_value(text: str):
    try:
        return parse_toml(f"v = {text.strip()}", "--factor")["v"]
    except ScenarioError:
        return text.strip()


def example_path(spec: str) -> Path:
    """A spec file, or the name of an example shipped in droneline.runs.examples."""
    from importlib import resources

    path = Path(spec)
    try:
        if path.suffix or not re.fullmatch(r"[A-Za-z0-9_-]+", spec) or path.exists():
            return path  # (a plain name only may be an example's)
    except (OSError, ValueError):  # e.g. a name too long: the input gate says so
        return path
    shipped = Path(str(resources.files("droneline.runs.examples").joinpath(f"{spec}.toml")))
    return shipped if shipped.exists() else path


def build_spec(args):
    """The spec from the file (if any) with the flags applied on top."""
    from droneline.model.scenario import parse_override
    from droneline.runs.sweep.spec import parse_spec
    from droneline.runs.sweep.spec_io import read_spec

    raw: dict = {}
    label = "command line"
    if args.spec:
        raw = read_spec(example_path(args.spec), args.spec)
        label = args.spec
    for key, value in spec_overrides(args).items():
        section, _, rest = key.partition(".")
        if rest:
            raw.setdefault(section, {})[rest] = value
        else:
            raw[section] = value
    if args.overrides:
        raw.setdefault("sweep", {}).setdefault("set", {}).update(
            dict(parse_override(o) for o in args.overrides)
        )
    if args.factor:
        factors = raw.setdefault("factors", {})
        for text in args.factor:
            name, table = parse_factor(text)
            factors[name] = table
    base_dir = example_path(args.spec).resolve().parent if args.spec else None
    return parse_spec(raw, label, base_dir)


MAX_BATCH_RUNS = 100_000  # runs held in memory before a part is written


def check_numbers(args) -> None:
    """Every number of the command line, checked before any work starts."""
    from droneline.model.schema import parameters

    if args.serial and args.cluster:
        raise SweepError("command line", "--serial", True, "cannot go with --cluster")
    if args.workers is not None and args.workers < 1:
        raise SweepError("command line", "--workers", args.workers, "must be at least 1")
    if not 1 <= args.batch_runs <= MAX_BATCH_RUNS:
        raise SweepError(
            "command line",
            "--batch-runs",
            args.batch_runs,
            f"must be a whole number between 1 and {MAX_BATCH_RUNS}",
        )
    for flag, value in (
        ("--flush-seconds", args.flush_seconds),
        ("--timeseries-every", args.timeseries_every),
        ("--timeout", args.timeout),
    ):
        if value is not None and not (math.isfinite(value) and value > 0):
            raise SweepError("command line", flag, value, "must be a number greater than 0")
    from droneline.runs.sweep.spec import MAX_TIMEOUT_S

    if args.timeout is not None and args.timeout > MAX_TIMEOUT_S:
        raise SweepError(
            "command line", "--timeout", args.timeout, f"must be at most {MAX_TIMEOUT_S:g} s"
        )
    days = parameters()["run.days"]
    if args.days is not None and not days.lo <= args.days <= days.hi:  # (NaN fails too)
        raise SweepError(
            "command line",
            "--days",
            args.days,
            f"must be a number between {days.lo:g} and {days.hi:g} (the schema's run.days)",
        )


def cmd_sweep(args) -> int:
    from droneline.runs.sweep import runner
    from droneline.runs.sweep.executors import make_pool

    check_numbers(args)
    if args.resume:
        given = [f"--{a.replace('_', '-')}" for a in SPEC_FLAGS if getattr(args, a) is not None]
        given += (["--factor"] if args.factor else []) + (["--set"] if args.overrides else [])
        given += ["SPEC"] if args.spec else []
        if given:
            raise SweepError(
                "command line",
                "--resume",
                str(args.resume),
                "resumes the stored spec; drop " + ", ".join(given),
            )
        plan = runner.load_plan(args.resume)
    else:
        if args.retry_failed:
            raise SweepError("command line", "--retry-failed", True, "only goes with --resume")
        spec = build_spec(args)
        # the name becomes a folder only once made safe (never leads out of out/sweeps)
        out = args.out or Path("out") / "sweeps" / folder_name(spec.name, "sweep")
        if args.dry_run:
            return _dry_run(spec)
        plan = runner.prepare(spec, out)
        bad = plan.manifest["invalid_points"]
        if bad:
            print(
                printable(
                    f"warning: {len(bad)} of {len(plan.design)} design points break a rule of "
                    f"the schema and will be recorded as failed runs; first: point "
                    f"{bad[0]['point']}: {bad[0]['rule']}"
                ),
                file=sys.stderr,
            )
    pool = make_pool(args.workers, args.cluster, args.serial)
    report = runner.execute(
        plan,
        pool,
        progress=not args.quiet,
        retry_failed=args.retry_failed,
        batch_runs=args.batch_runs,
        flush_seconds=args.flush_seconds,
        timeout_s=args.timeout,
    )
    _print_report(report)
    return 130 if report.interrupted else 0


def _dry_run(spec) -> int:
    from droneline.runs.sweep.points import base_scenario, design_table, invalid_points

    design = design_table(spec)
    bad = invalid_points(design, base_scenario(spec), spec.factor_names)
    say(
        f"{spec.name}: design {spec.design}, {len(design)} points x {spec.replications} "
        f"replications = {len(design) * spec.replications} runs of {spec.days:g} days"
    )
    for line in design.to_string(index=False, max_rows=60).splitlines():
        say(line)
    for p, msg in bad:
        say(f"point {p} breaks a rule: {msg}")
    return 0


def _print_report(r) -> None:
    on_disk = r.done_before + r.ran
    say(
        f"{r.root}: {on_disk} of {r.total} runs on disk"
        + (f" ({r.recovered} recovered from an interrupted session)" if r.recovered else "")
    )
    if r.ran:
        rate = f"{r.runs_per_minute:.1f}" if not math.isnan(r.runs_per_minute) else "-"
        say(
            f"this session: {r.ran} runs in {r.seconds:.1f} s ({rate} runs/min), "
            f"{r.failed} failed"
            + (f", {r.retried} re-sent after a worker died" if r.retried else "")
        )
    for line in r.failures[:5]:
        say(f"  failed: {line}")
    if r.failed > 5:
        say(f"  ... see the 'error' column: droneline.runs.sweep.storage.load_runs('{r.root}')")
    if r.complete:
        say(f"results: pd.read_parquet('{r.root}/runs');  next: droneline analyze {r.root}")


def say(text: str, file=None) -> None:
    """Print one line with control characters escaped (names and values come from users)."""
    print(printable(text), file=file)


# --------------------------------------------------------------------------- analyze
def cmd_analyze(args) -> int:
    from droneline.runs.sweep.analysis import analyze

    measures = [m.strip() for m in args.measures.split(",")] if args.measures else None
    heatmap = None
    if args.heatmap:
        heatmap = tuple(f.strip() for f in args.heatmap.split(","))
        if len(heatmap) != 2:
            raise SweepError("command line", "--heatmap", args.heatmap, "must name two factors")
    if not 0 < args.level < 1:
        raise SweepError("command line", "--level", args.level, "must be between 0 and 1")
    from droneline.runs.sweep.results import load_results

    res = load_results(args.dir)
    for m in measures or []:
        if m not in res.measures:
            raise SweepError(
                str(args.dir),
                "--measures",
                m,
                "not a measure of this sweep (have: " + ", ".join(res.measures) + ")",
            )
    for f in heatmap or ():
        if f not in res.factors:
            raise SweepError(
                str(args.dir),
                "--heatmap",
                f,
                "not a factor of this sweep (have: " + ", ".join(res.factors) + ")",
            )
    out = analyze(
        args.dir,
        args.out,
        measures,
        args.ci,
        args.level,
        args.sensitivity,
        heatmap,
        plots=not args.no_plots,
    )
    shown = out["measures"] if measures else out["measures"][:PRINTED_MEASURES]
    print_points(out["points"], out["results"], shown, args.ci, args.level, args.rows)
    if len(shown) < len(out["measures"]):
        print(f"(all {len(out['measures'])} measures in points.csv; --measures to choose)")
    if args.sensitivity:
        print()
        print(out["note"])
        if not out["sensitivity"].empty:
            print(out["sensitivity"].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print()
    for what, path in out["paths"].items():
        print(f"wrote {what:28s} {path}")
    return 0


def print_points(table, res, measures, method: str, level: float, rows: int) -> None:
    n_ok, n = len(res.ok), len(res.runs)
    print(
        f"{res.manifest['name']}: {n} of {res.manifest['runs']} runs on disk, {n - n_ok} "
        f"failed; means over replications with {level:.0%} {method} intervals"
    )
    show = table.head(rows)
    cells = {"point": show["point"].astype(str)}
    for f in res.factors:
        cells[f.rsplit(".", 1)[-1]] = show[f].map(_fmt)
    cells["runs"] = [
        f"{n}" + (f" ({k} failed)" if k else "")
        for n, k in zip(show["runs"], show["failed"], strict=True)
    ]
    for m in measures:
        cells[m] = [
            f"{_fmt(a)} [{_fmt(b)}, {_fmt(c)}]"
            for a, b, c in zip(show[f"{m}_mean"], show[f"{m}_lo"], show[f"{m}_hi"], strict=True)
        ]
    import pandas as pd

    print(pd.DataFrame(cells).to_string(index=False))
    if len(table) > rows:
        print(f"... {len(table) - rows} more points in points.csv")


def _fmt(v) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return "-"
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"
    return str(v)

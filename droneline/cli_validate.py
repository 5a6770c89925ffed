"""Sub-command ``validate``: the V1-V8 experiments and the Lanchester check."""

from __future__ import annotations

import os
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="reproduce V1-V8 and the Lanchester check; write a report",
        description="Run the validation experiments (V1-V8 of CALIBRATION.md and the Lanchester "
        "check) over many seeds, print the table and write a Markdown + PNG report.",
    )
    p.add_argument("--quick", action="store_true", help="fewer seeds and shorter runs")
    p.add_argument("--out", type=Path, default=Path("out/validation"), help="report folder")
    p.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: all cores)",
    )
    p.add_argument("--seeds", type=int, default=None, help="seeds per arm (default 20; quick 5)")
    p.add_argument("--days", type=float, default=None, help="run length (default 14; quick 7)")
    p.add_argument(
        "--only", nargs="+", metavar="KEY", help="only these experiments, e.g. --only V1 V3 L"
    )
    p.add_argument(
        "--docs",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write DIR/VALIDATION.md with the figures (e.g. --docs docs)",
    )
    p.add_argument(
        "--reuse",
        action="store_true",
        help="reuse runs kept in OUT/runs-cache (JSON + Parquet) by an earlier call "
        "(same code only)",
    )
    p.set_defaults(func=cmd_validate)


def cmd_validate(args) -> int:
    from droneline.runs.validation.report import validate, write_docs

    res = validate(
        args.out,
        quick=args.quick,
        workers=max(1, args.workers),
        seeds=args.seeds,
        days=args.days,
        only=args.only,
        reuse=args.reuse,
    )
    if args.docs:
        write_docs(args.out, args.docs)
        print(f"wrote {args.docs / 'VALIDATION.md'}")
    ok = all(o.reproduced for o in res["outcomes"].values())
    if res["lanchester"] is not None:
        ok = ok and res["lanchester"].reproduced
    return 0 if ok else 1

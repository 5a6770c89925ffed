"""Sub-commands ``scenarios``, ``params`` and ``run``."""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
from pathlib import Path

from tqdm import tqdm

from droneline.model.inputs import check_seed, folder_name, inside
from droneline.model.scenario import describe_presets, load_scenario
from droneline.model.schema import ScenarioError, parameters, printable
from droneline.runs.single import run, steps_for

SUMMARY_ROWS = (
    ("advance_km", "attacker advance (km)"),
    ("advance_m_per_day", "attacker advance (m/day)"),
    ("area_gained_km2", "area gained by attacker (km²)"),
    ("counter_gains_km2", "area regained by defender (km²)"),
    ("casualties_attacker", "attacker casualties"),
    ("casualties_defender", "defender casualties"),
    ("exchange_ratio", "exchange ratio (attacker:defender)"),
    ("drone_share", "share of casualties from drones"),
    ("artillery_share", "share of casualties from artillery"),
    ("direct_fire_share", "share of casualties from direct fire"),
    ("mine_share", "share of casualties from mines"),
    ("casualties_per_km2", "attacker casualties per km² gained"),
    ("positions_lost", "defender positions lost"),
    ("collapse_day", "day the defence collapsed"),
    ("strike_sorties_red", "red strike sorties"),
    ("strike_sorties_blue", "blue strike sorties"),
    ("convoys_lost_red", "red convoys lost"),
    ("convoys_lost_blue", "blue convoys lost"),
)


def register(sub) -> None:
    p = sub.add_parser(
        "scenarios",
        help="list the scenario presets with their descriptions",
        description="List the scenario presets shipped with droneline.",
    )
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser(
        "params",
        help="list every scenario parameter",
        description="Every scenario parameter with unit, default, range, source.",
    )
    p.add_argument("--markdown", action="store_true", help="print a Markdown table")
    p.add_argument(
        "--update",
        type=Path,
        metavar="FILE",
        help="write the Markdown table between the params markers of FILE (docs/ODD.md)",
    )
    p.set_defaults(func=cmd_params)

    p = sub.add_parser(
        "run",
        help="run one battle headless",
        description="Run one battle: progress bar, run summary table, and Parquet + PNG files.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent("""\
            examples:
              droneline run pokrovsk_drone_line --days 14 --seed 1
              droneline run my_scenario.toml --set blue.drones.units=4 --out out/thin
        """),
    )
    p.add_argument("scenario", help="preset name (see `droneline scenarios`) or TOML file")
    p.add_argument("--days", type=float, default=None, help="run length in days")
    p.add_argument(
        "--seed", default="1", help="the battle's seed, a whole number 0..2**63-1 (default 1)"
    )
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a parameter, e.g. --set blue.drones.strike_depth_km=5",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default out/<scenario name, made safe>-seed<S>)",
    )
    p.add_argument("--no-figure", action="store_true", help="skip the PNG")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_run)


def cmd_scenarios(args) -> int:
    for name, text in describe_presets().items():
        print(name)
        print(textwrap.indent(textwrap.fill(" ".join(text.split()), 88), "    "))
        print()
    return 0


BEGIN, END = "<!-- params:begin -->", "<!-- params:end -->"


def update_params_section(path: Path) -> bool:
    """Rewrite the parameter table in ``path``; True if it changed."""
    text = path.read_text()
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n{params_markdown()}\n{END}{tail}"
    if new != text:
        path.write_text(new)
        return True
    return False


def cmd_params(args) -> int:
    specs = parameters().values()
    if args.update:
        changed = update_params_section(args.update)
        print(f"{args.update}: {'updated' if changed else 'already up to date'}")
        return 0
    if args.markdown:
        print(params_markdown())
        return 0
    for p in specs:
        rng = (
            f"[{p.lo:g}, {p.hi:g}]"
            if p.lo is not None
            else ("{" + ", ".join(p.choices) + "}" if p.choices else "")
        )
        print(f"{p.name:45s} {p.default!s:>10} {p.unit:12s} {rng:16s} {p.doc}")
    return 0


def params_markdown() -> str:
    """The parameter table of docs/ODD.md (red and blue share the side parameters)."""
    lines = [
        "| parameter | unit | default | range | meaning | source of the default |",
        "|---|---|---|---|---|---|",
    ]
    for p in parameters().values():
        if p.name.startswith("blue."):
            continue
        name = p.name.replace("red.", "<side>.", 1) if p.name.startswith("red.") else p.name
        if p.lo is not None:
            rng = f"{p.lo:g} – {p.hi:g}"
        elif p.choices:
            rng = ", ".join(p.choices)
        else:
            rng = "true/false" if p.type is bool else ""
        default = p.default if not isinstance(p.default, bool) else str(p.default).lower()
        if name.endswith(".name"):
            default = "Red / Blue"
        lines.append(f"| `{name}` | {p.unit} | {default} | {rng} | {p.doc} | {p.source} |")
    return "\n".join(lines)


def _fmt(v) -> str:
    if isinstance(v, float):
        if math.isnan(v):
            return "—"
        if v.is_integer():
            return f"{int(v):,}"
        return f"{v:,.3f}" if abs(v) < 10 else f"{v:,.1f}"
    return str(v)


def print_summary(row: dict, file=None) -> None:
    file = sys.stdout if file is None else file  # (now, not when this module was imported)
    width = max(len(label) for _, label in SUMMARY_ROWS)
    print(f"{'measure':{width}s}  value", file=file)
    print("-" * (width + 12), file=file)
    for key, label in SUMMARY_ROWS:
        print(f"{label:{width}s}  {_fmt(row[key])}", file=file)


def cmd_run(args) -> int:
    # every number and name is checked, and the output folder made, before any work starts
    seed = check_seed(args.seed, "--seed", text=True)
    sc = load_scenario(args.scenario, args.overrides)
    days = sc.run.days if args.days is None else args.days
    spec = parameters()["run.days"]
    if not (0 < days <= spec.hi):  # (NaN fails too)
        raise ScenarioError("--days", "days", days, f"must be a number between 0 and {spec.hi:g}")
    out = output_folder(args.out, sc.name, seed)
    name = printable(sc.name)
    n = steps_for(sc, days)
    with tqdm(
        total=n, desc=f"{name} seed {seed}", unit="step", disable=args.quiet, leave=False
    ) as bar:
        result = run(sc, days=days, seed=seed, keep_model=not args.no_figure, progress=bar.update)
    print(f"{name}: {days:g} days, seed {seed}")
    print_summary(result.row)
    paths = result.save(out, figure=not args.no_figure)
    print()
    for what, path in paths.items():
        print(f"wrote {what:12s} {printable(str(path))}")
    return 0


OUT_ROOT = Path("out")


def output_folder(given: Path | None, name: str, seed: int) -> Path:
    """The folder a run writes to, created now: ``--out`` as given, else
    ``out/<name>-seed<seed>`` with the scenario name made safe as one folder name (a name
    like ``../../x`` or ``/etc`` never leads out of ``out/``)."""
    if given is None:
        out = OUT_ROOT / f"{folder_name(name)}-seed{seed}"
        if not inside(OUT_ROOT, out):  # (cannot happen with a safe name; kept as a guard)
            raise ScenarioError("scenario", "name", name, "leads outside the output folder")
        label, key = "scenario", "name"
    else:
        out, label, key = given, "--out", "out"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise ScenarioError(label, key, str(out), f"cannot be made a folder ({reason})") from None
    return out

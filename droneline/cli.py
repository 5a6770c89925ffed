"""The ``droneline`` command line: one sub-command per job, each in its own module.

    droneline scenarios                    list the presets with their descriptions
    droneline params [--markdown]          every scenario parameter: unit, default, range, source
    droneline run SCENARIO|FILE ...        one battle: progress bar, summary table, files
    droneline sweep SPEC.toml ...          a batch of battles (designs, replications)
    droneline analyze DIR ...              tables and plots of a sweep's results
    droneline validate ...                 the V1-V8 experiments and their report
    droneline ui                           the live visual run and classroom mode

A scenario or spec that breaks a rule is refused with a one-line error naming the file, key,
value and rule, and exit code 2 (no traceback).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from droneline.model.scenario import ScenarioError

# (module, sub-command): each module has ``register(subparsers)`` adding its sub-command with
# ``set_defaults(func=...)``; a module that is not there yet is skipped.
COMMANDS = (
    "droneline.cli_run",
    "droneline.cli_sweep",
    "droneline.cli_validate",
    "droneline.cli_ui",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="droneline",
        description="Agent-based model of the drone-dominated front line of 2024-2025.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except ScenarioError as e:
        print(f"ScenarioError: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

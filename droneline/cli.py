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
import ast
import importlib
import re
import sys
from typing import NoReturn

from droneline.model.scenario import ScenarioError

# (module, sub-command): each module has ``register(subparsers)`` adding its sub-command with
# ``set_defaults(func=...)``; a module that is not there yet is skipped.
COMMANDS = (
    "droneline.cli_run",
    "droneline.cli_sweep",
    "droneline.cli_validate",
    "droneline.cli_ui",
)


class Parser(argparse.ArgumentParser):
    """An argument parser whose refusals are one line like every other refusal of the tool,
    ``ScenarioError: command line: --days = 'abc': must be a number (droneline run --help)``,
    and exit code 2 (argparse prints its usage and the error on two lines). Sub-command
    parsers are made of this class too (``add_subparsers`` uses the parent's class)."""

    def error(self, message: str) -> NoReturn:
        print(f"ScenarioError: {argparse_refusal(message, self.prog)}", file=sys.stderr)
        raise SystemExit(2)


# argparse's messages (Python 3.12) -> (option, value, rule)
_ARGPARSE = (
    (r"argument (?P<opt>[^:]+): invalid (?P<type>\w+) value: (?P<value>.*)", None),
    (
        r"argument (?P<opt>[^:]+): invalid choice: (?P<value>.*?) \(choose from (?P<c>.*)\)",
        "must be one of {c}",
    ),
    (r"argument (?P<opt>[^:]+): expected (?P<n>.*) arguments?", "needs {n} value"),
    (r"argument (?P<opt>[^:]+): (?P<rule>.*)", "{rule}"),
    (r"unrecognized arguments: (?P<value>.*)", "not an option of {prog}"),
    (r"the following arguments are required: (?P<opt>.*)", "is required"),
)
_TYPE_RULES = {"int": "must be a whole number", "float": "must be a number"}


def argparse_refusal(message: str, prog: str) -> ScenarioError:
    """argparse's error ``message`` as a one-line :class:`ScenarioError` naming the option,
    the value and the rule (control characters escaped like every refusal's)."""
    for pattern, rule in _ARGPARSE:
        m = re.fullmatch(pattern, message, flags=re.DOTALL)
        if m is None:
            continue
        found = m.groupdict()
        opt = found.get("opt")
        key = opt.split("/")[-1] if opt else "argument"
        if rule is None:
            rule = _TYPE_RULES.get(found["type"], f"invalid {found['type']} value")
        rule = f"{rule.format(prog=prog, **found)} (see {prog} --help)"
        if "value" not in found:  # nothing to show but the option
            return ScenarioError("command line", None, None, f"{key}: {rule}")
        return ScenarioError("command line", key, _literal(found["value"]), rule)
    return ScenarioError("command line", None, None, f"{message} (see {prog} --help)")


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
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

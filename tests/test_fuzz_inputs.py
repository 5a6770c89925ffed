"""Fuzzing the scenario side of the command line (issue 14): generated scenario files (TOML-ish
text, raw bytes, structured tables with wrong types, huge integers, deep nesting, unknown
keys), ``--set`` values and seeds go through ``droneline run FILE --days 0.01``; the answer
is always exit code 0 or 2, never a traceback, and nothing is written outside the output
root.

Bounded and repeatable in the suite (``derandomize``, no example database, a deadline);
``make fuzz`` runs the long campaign (``HYPOTHESIS_PROFILE=campaign``, examples per test in
``FUZZ_EXAMPLES``, default 2,000) and prints the counts of each outcome.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from droneline.cli import main
from droneline.model.schema import parameters

SPECS = parameters()
NAMES = sorted(SPECS)
CAMPAIGN = os.environ.get("HYPOTHESIS_PROFILE") == "campaign"
SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 2000)) if CAMPAIGN else 30,
    derandomize=not CAMPAIGN,
    database=None,
    deadline=timedelta(seconds=60),
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
OUTCOMES: Counter = Counter()  # (test, exit code) -> examples, reported by `make fuzz`

# a small sector so that the scenarios that pass run in a fraction of a second
TINY = "[map]\nfrontage_km = 1\ndepth_km = 4\n"
TINY_SETS = ("map.frontage_km=1", "map.depth_km=4")


def run_cli(test: str, text: str | bytes | None, sets=(), seed: str = "1", out: bool = True):
    """``droneline run`` in this process, in a fresh folder: returns (exit code, stderr);
    fails on a traceback or any file written outside the output root."""
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        scenario = Path("s.toml")
        if isinstance(text, bytes):
            scenario.write_bytes(text)
        elif text is not None:
            scenario.write_text(text, encoding="utf-8", errors="surrogatepass")
        argv = ["run", str(scenario) if text is not None else "pokrovsk_drone_line"]
        argv += ["--days", "0.01", "--seed", seed, "--quiet", "--no-figure"]
        if out:
            argv += ["--out", "out/run"]
        for s in (*TINY_SETS, *sets):
            argv += ["--set", s]
        code, _, stderr = checked_main(argv)
        for d, dirs, files in os.walk("."):
            for name in dirs + files:
                p = os.path.relpath(os.path.join(d, name))
                assert p in ("s.toml", "out") or p.startswith("out" + os.sep), p
    OUTCOMES[test, code] += 1
    return code, stderr


# --------------------------------------------------------------------------- strategies
FRAGMENTS = [
    "[", "]", "[[", "]]", "{", "}", "=", '"', "'", '"""', "\n", " ", ".", ",", "#",
    "extends", '"pokrovsk_drone_line"', '"s.toml"', '"../s.toml"', '"/dev/zero"',
    "blue", "red", "drones", "units", "map", "cell_m", "events", "set", "name", "day",
    "1", "-1", "0", "1e400", "nan", "inf", "-inf", "9" * 40, "9" * 5000, "true", "0x7f",
    "1979-05-27", '"\\u0000"', '"\\n"', "\x00", "\x1b[31m", "\u2028", "\ud800",
]  # fmt: skip

toml_ish = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=60).map("".join)


def toml_value(v) -> str:
    """A value as TOML text (inline arrays and tables)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # (TOML has no surrogate-pair escapes)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{toml_value(str(k))} = {toml_value(x)}" for k, x in v.items()) + "}"


def deep(depth: int, leaf):
    for _ in range(depth):
        leaf = [leaf]
    return leaf


scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**80),
    st.integers(max_value=-(2**63) + 2, min_value=-(2**80)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
) | st.integers(min_value=1, max_value=40).map(lambda d: deep(d, 1))


def legal(spec):
    """A value inside a parameter's declared range or choices (extremes often)."""
    if spec.choices:
        return st.sampled_from(spec.choices)
    if spec.type is bool:
        return st.booleans()
    if spec.type is str:
        return st.text(max_size=20)
    lo, hi = spec.lo, spec.hi
    if spec.type is int:
        return st.sampled_from([int(lo), int(hi)]) | st.integers(int(lo), int(hi))
    return st.sampled_from([lo, hi]) | st.floats(lo, hi)


key_names = st.one_of(
    st.sampled_from(NAMES),  # (listed twice: most keys are real names)
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(lambda n: n + "x"),
    st.text(max_size=15),
)


@st.composite
def structured_file(draw):
    """A scenario file extending a preset on a small map, with a few keys set to anything."""
    lines = ['extends = "pokrovsk_drone_line"']
    for _ in range(draw(st.integers(0, 4))):
        key = draw(key_names)
        value = draw(legal(SPECS[key]) if key in SPECS and draw(st.booleans()) else values)
        lines.append(f"{json.dumps(key).replace('.', '"."')} = {toml_value(value)}")
    return "\n".join(lines) + "\n" + TINY


@st.composite
def set_option(draw):
    key = draw(key_names)
    if key in SPECS and draw(st.booleans()):
        raw = toml_value(draw(legal(SPECS[key])))
    else:
        raw = draw(st.sampled_from(FRAGMENTS) | st.text(max_size=20) | values.map(toml_value))
    return f"{key}={raw}"


seeds = st.one_of(
    st.integers(min_value=0, max_value=2**63 - 1).map(str),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["1e23", "-1", "0", "9223372036854775807", "9223372036854775808", "1.0"]),
    st.text(max_size=6).filter(lambda s: not s.startswith("-")),
)


# --------------------------------------------------------------------------- properties
@SETTINGS
@given(text=toml_ish)
def test_fuzz_toml_ish_text(text):
    run_cli("toml-ish text", text)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_fuzz_raw_bytes(data):
    run_cli("raw bytes", b'extends = "pokrovsk_drone_line"\n' + data)


@SETTINGS
@given(text=structured_file(), out=st.booleans())
def test_fuzz_structured_files(text, out):
    run_cli("structured file", text, out=out)


@SETTINGS
@given(sets=st.lists(set_option(), max_size=3), seed=seeds)
def test_fuzz_set_values_and_seeds(sets, seed):
    run_cli(
        "--set and --seed",
        TINY.replace("[map]", 'extends = "pokrovsk_drone_line"\n[map]'),
        sets,
        seed,
    )


# --------------------------------------------------------------------------- sweep specs
SWEEP_RUNS_MAX = 4  # a generated spec that passes is run for real only when this small


def run_sweep_cli(test: str, text: str | bytes, out: bool = False, csv: str | None = None):
    """``droneline sweep spec.toml`` in this process, in a fresh folder: first ``--dry-run``
    (every check, the design made), then, when it passes and is small, the sweep itself
    (serial, with a per-run timeout); fails on a traceback, an exit code other than 0 or 2,
    a refusal that is not one printable line, or a file written outside the output root."""
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        spec = Path("spec.toml")
        if isinstance(text, bytes):
            spec.write_bytes(text)
        else:
            spec.write_text(text, encoding="utf-8", errors="surrogatepass")
        if csv is not None:
            Path("points.csv").write_text(csv, encoding="utf-8", errors="surrogatepass")
        argv = ["sweep", str(spec), "--quiet"]
        code, stdout, _ = checked_main(argv + ["--dry-run"])
        first = stdout.splitlines()[0] if stdout else ""
        m = re.search(r" = (\d+) runs of [^ ]+ days$", first)
        if code == 0 and m and int(m.group(1)) <= SWEEP_RUNS_MAX:
            argv += ["--serial", "--timeout", "20"] + (["--out", "out/sweep"] if out else [])
            code, _, _ = checked_main(argv)
            test += " (ran)"
        for d, dirs, files in os.walk("."):
            for name in dirs + files:
                p = os.path.relpath(os.path.join(d, name))
                assert p in ("spec.toml", "points.csv", "out") or p.startswith("out" + os.sep), p
    OUTCOMES[test, code] += 1
    return code


def checked_main(argv: list[str]) -> tuple[int, str, str]:
    """The command line in this process: (exit code, stdout, stderr); fails on a
    traceback, an exit code other than 0 or 2, or a refusal that is not one printable line."""
    err, std = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(std):
        try:
            code = main(argv)
        except SystemExit as e:  # argparse's own refusals
            code = e.code
    stderr = err.getvalue()
    assert "Traceback" not in stderr, stderr
    assert code in (0, 2), (code, stderr)
    if code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("ScenarioError: "), stderr
        assert lines[0].isprintable(), stderr
    return code, std.getvalue(), stderr


SWEEP_FRAGMENTS = [
    "[sweep]", "[design]", "[factors]", "[timeseries]", "[sweep.set]", "\n", "=", " ", '"',
    "name", "scenario", "days", "replications", "seed", "measures", "timeout_s", "kind",
    '"lhs"', '"points"', '"nolh"', '"sobol"', '"morris"', '"full_factorial"', "points",
    "steps", "optimization", '"none"', "base_points", "trajectories", "levels", "stacks",
    "file", '"points.csv"', '"/dev/zero"', '"."', "range", "every_hours", "{", "}", "[", "]",
    '"blue.drones.units"', '"run.days"', '"advance_km"', "0.25", "1", "2", "0", "-1", "1e9",
    "nan", "9" * 30, "true", '"../../x"', '"\u001b[31m"', "\x00", "\ud800",
]  # fmt: skip

sweep_toml_ish = st.lists(st.sampled_from(SWEEP_FRAGMENTS) | st.text(max_size=3), max_size=50).map(
    "".join
)

# numbers for sizes: small (runs stay short), just over a limit, or of the wrong kind
sizes = st.one_of(
    st.integers(-2, 4),
    st.sampled_from([0, 2**24, 10**5 + 1, 10**7 + 1, 2**63, 2**70, 0.5, 2.0, 1e400]),
    st.sampled_from(["3", "", "x"]),
    st.booleans(),
    st.lists(st.integers(0, 3), max_size=2),
)
factor_names = st.sampled_from(
    ["blue.drones.strike_depth_km", "blue.drones.units", "red.forces.motorcycle_share",
     "blue.drones.fibre_share", "run.days", "red.name", "switches.terrain"]
) | key_names  # fmt: skip
factor_tables = st.one_of(
    st.fixed_dictionaries({"range": st.lists(scalars, min_size=0, max_size=3)}),
    st.fixed_dictionaries({"range": st.sampled_from([[2, 16], [0, 0.5], [1, 3], [0.1, 0.2]])}),
    st.fixed_dictionaries({"levels": st.lists(scalars, max_size=3)}),
    st.fixed_dictionaries({"range": st.sampled_from([[2, 16], [0, 1]]), "steps": sizes}),
    values,
)


def mostly(valid, anything):
    """``valid`` three times in four, else ``anything`` (so that whole specs pass often)."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda ok: valid if ok else anything)


@st.composite
def structured_spec(draw):
    """A sweep spec on a small map, each entry valid or anything."""
    sweep = {
        "name": draw(
            mostly(
                st.text(max_size=12), st.sampled_from(["../../x", "/abs", "..", "a\x00"]) | values
            )
        ),
        "days": draw(mostly(st.just(0.25), st.sampled_from([0.3, 0.1, 1e-9, 121]) | values)),
        "replications": draw(mostly(st.integers(1, 2), sizes)),
        "set": {"map": {"frontage_km": 1, "depth_km": 4}},
    }
    good = {
        "seed": 1,
        "measures": ["advance_km"],
        "timeout_s": 30,
        "scenario": "pokrovsk_drone_line",
    }
    bad = {
        "seed": [-1, 2**64, "x"],
        "measures": [["advance_km", "advance_km"], ["nope"], []],
        "timeout_s": [0, -1, float("nan"), 1e9],
        "scenario": ["nope", "spec.toml", "/dev/zero", "", "points.csv"],
    }
    for key in draw(st.sets(st.sampled_from(sorted(good)))):
        sweep[key] = draw(mostly(st.just(good[key]), st.sampled_from(bad[key]) | values))
    kind = draw(st.sampled_from(["lhs", "lhs", "points", "full_factorial", "nolh", "sobol"]))
    design: dict = {"kind": draw(mostly(st.just(kind), values))}
    for key in draw(
        mostly(st.just([]), st.lists(st.sampled_from(["points", "steps", "optimization", "seed",
               "stacks", "base_points", "trajectories", "levels", "file", "runs"]), max_size=3))
    ):  # fmt: skip
        design[key] = draw(sizes | values | st.sampled_from(["points.csv", "none", "lloyd"]))
    if kind == "lhs" and draw(mostly(st.just(True), st.just(False))):
        design["points"] = 2
    if kind == "points" and draw(mostly(st.just(True), st.just(False))):
        design["file"] = "points.csv"
    factors = {draw(factor_names): draw(factor_tables) for _ in range(draw(st.integers(0, 1)))}
    if draw(mostly(st.just(True), st.just(False))):
        factors["blue.drones.strike_depth_km"] = {"range": [2, 16]}
    raw = {"sweep": sweep, "design": design, "factors": factors}
    if draw(st.booleans()):
        raw["timeseries"] = {"every_hours": draw(st.sampled_from([6, 0, -1]) | values)}
    if draw(mostly(st.just(False), st.just(True))):
        raw[draw(st.text(max_size=6))] = draw(values)
    lines = [
        f"{toml_value(k)} = {toml_value(v)}" for k, v in raw.items() if not isinstance(v, dict)
    ]
    for section, body in raw.items():
        if isinstance(body, dict):
            lines.append(f"[{toml_value(section)}]")
            lines += [f"{toml_value(str(k))} = {toml_value(v)}" for k, v in body.items()]
    csv = draw(
        mostly(
            st.just("blue.drones.strike_depth_km\n4\n"),
            st.sampled_from(["blue.drones.units\n4\n", "", "a,b\n1\n", "x,x\n1,2\n"])
            | st.text(max_size=40),
        )
    )
    return "\n".join(lines) + "\n", csv


@SETTINGS
@given(text=sweep_toml_ish)
def test_fuzz_sweep_toml_ish_text(text):
    run_sweep_cli("sweep toml-ish text", text)


@SETTINGS
@given(spec=structured_spec(), out=st.booleans())
def test_fuzz_sweep_structured_specs(spec, out):
    text, csv = spec
    run_sweep_cli("sweep structured spec", text, out=out, csv=csv)


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    yield
    if CAMPAIGN and OUTCOMES:
        print("\nfuzz outcomes (test, exit code: examples):")
        for (test, code), n in sorted(OUTCOMES.items(), key=str):
            print(f"  {test:20s} exit {code}: {n}")

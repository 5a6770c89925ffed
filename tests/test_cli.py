"""The command line: ``droneline scenarios | params | run`` and ``--help`` everywhere; bad input
is refused with one line on stderr and exit code 2, never a traceback."""

import argparse
import subprocess
import sys

import pandas as pd
import pytest

import droneline as dl
from droneline.cli import build_parser, main

CLI = [sys.executable, "-m", "droneline"]


def _subcommands() -> list[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(sub.choices)


def _refused(capsys, argv, *parts):
    """``main(argv)`` returns 2 and prints one line naming ``parts`` on stderr."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ScenarioError: ")
    assert "Traceback" not in err
    for part in parts:
        assert part in lines[0]
    return lines[0]


# --------------------------------------------------------------------------- listing
def test_scenarios_lists_the_six_presets_with_descriptions(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    names = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert names == dl.preset_names() and len(names) == 6
    first_words = " ".join(dl.describe_presets()["sudzha_supply_cut"].split()[:4])
    assert first_words in " ".join(out.split())


def test_params_lists_every_parameter(capsys):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    for name in ("blue.drones.strike_depth_km", "red.ew.jam_probability", "map.cell_m"):
        assert name in out
    assert len(out.strip().splitlines()) == len(dl.parameters())
    assert main(["params", "--markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("| parameter | unit | default | range |")
    assert "`<side>.drones.fibre_share`" in md


@pytest.mark.parametrize("command", [None, *_subcommands()])
def test_help_everywhere(capsys, command):
    argv = ["--help"] if command is None else [command, "--help"]
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: droneline" + ("" if command is None else f" {command}"))


def test_core_subcommands_present():
    assert {"scenarios", "params", "run"} <= set(_subcommands())


def test_no_command_prints_help(capsys):
    assert main([]) == 0
    assert "usage: droneline" in capsys.readouterr().out


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "setting, parts",
    [
        ("blue.drones.units=abc", ["--set", "blue.drones.units", "'abc'", "must be an integer"]),
        ("blue.drones.units=-2", ["--set", "blue.drones.units", "-2", "between 0 and 200"]),
        (
            "blue.drones.unitz=2",
            ["--set", "blue.drones.unitz", "did you mean 'blue.drones.units'?"],
        ),
        ("blue.drones.units", ["--set", "must look like key=value"]),
    ],
)
def test_run_refuses_a_bad_set(capsys, setting, parts):
    _refused(capsys, ["run", "pokrovsk_drone_line", "--days", "0.25", "--set", setting], *parts)


def test_run_refuses_a_bad_file(capsys, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[blue\nunits = 3\n")
    _refused(capsys, ["run", str(broken)], str(broken), "not valid TOML")
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('extends = "pokrovsk_drone_line"\n[blue.ew]\nradius_km = 500\n')
    _refused(
        capsys, ["run", str(wrong)], str(wrong), "blue.ew.radius_km", "500", "between 0.2 and 20"
    )


def test_run_refuses_an_unknown_scenario_and_bad_days(capsys):
    _refused(capsys, ["run", "no_such_scenario"], "no_such_scenario", "no such file or preset")
    _refused(capsys, ["run", "pokrovsk_drone_line", "--days", "-1"], "--days", "-1")


def test_bad_input_in_a_real_process_exit_code_2_one_line_no_traceback():
    p = subprocess.run(
        [*CLI, "run", "pokrovsk_drone_line", "--set", "blue.drones.units=abc"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == [
        "ScenarioError: --set: blue.drones.units = 'abc': must be an integer between 0 and 200"
    ]
    assert p.stdout == ""


@pytest.mark.parametrize(
    "argv, parts",
    [
        (["run"], ["scenario: is required", "droneline run --help"]),
        (["run", "pokrovsk_drone_line", "--days", "abc"], ["--days = 'abc'", "a number"]),
        (["no-such-command"], ["COMMAND = 'no-such-command'", "must be one of 'scenarios'"]),
        (["run", "x", "--bogus"], ["'--bogus'", "not an option"]),
        (["sweep", "--design", "x\x1b[31m"], ["--design = 'x\\x1b[31m'", "must be one of"]),
        (["sweep", "--batch-runs"], ["--batch-runs: needs one value"]),
    ],
)
def test_argparse_refusals_are_one_line_exit_2(capsys, argv, parts):
    """Like every refusal: one printable line naming option, value and rule (argparse
    printed its usage and the error on two lines)."""
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ScenarioError: command line: "), err
    assert lines[0].isprintable()
    for part in parts:
        assert part in lines[0]


# --------------------------------------------------------------------------- run
def test_run_writes_its_files_and_a_second_run_gives_the_same_summary(tmp_path, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    p = subprocess.run(
        [*CLI, "run", "pokrovsk_drone_line", "--days", "0.25", "--seed", "1", "--out", str(first)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    for name in ("summary.parquet", "timeseries.parquet", "battle.png"):
        assert (first / name).is_file() and (first / name).stat().st_size > 0, name
    assert "attacker advance (km)" in p.stdout and str(first / "battle.png") in p.stdout
    # the same run again, this time in this process
    assert (
        main(
            [
                "run",
                "pokrovsk_drone_line",
                "--days",
                "0.25",
                "--seed",
                "1",
                "--quiet",
                "--no-figure",
                "--out",
                str(second),
            ]
        )
        == 0
    )
    assert "wrote" in capsys.readouterr().out
    pd.testing.assert_frame_equal(
        pd.read_parquet(first / "summary.parquet"), pd.read_parquet(second / "summary.parquet")
    )
    pd.testing.assert_frame_equal(
        pd.read_parquet(first / "timeseries.parquet"),
        pd.read_parquet(second / "timeseries.parquet"),
    )
    assert not (second / "battle.png").exists()
    s = pd.read_parquet(first / "summary.parquet")
    assert len(s) == 1 and s["seed"].iloc[0] == 1 and s["days"].iloc[0] == 0.25


def test_run_applies_set_overrides(tmp_path, capsys):
    out = tmp_path / "thin"
    assert (
        main(
            [
                "run",
                "pokrovsk_drone_line",
                "--days",
                "0.25",
                "--quiet",
                "--no-figure",
                "--set",
                "blue.drones.units=0",
                "--set",
                "red.drones.units=0",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    capsys.readouterr()
    s = pd.read_parquet(out / "summary.parquet")
    assert s["sorties_blue"].iloc[0] == 0 and s["sorties_red"].iloc[0] == 0

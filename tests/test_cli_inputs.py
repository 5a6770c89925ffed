"""``droneline run`` checks every number and name before any work starts (issue 14, items 6
and 8): one line and exit code 2 for a bad seed, run length or output folder; a scenario's
name becomes a folder only once made safe, and nothing is written outside the output root."""

from __future__ import annotations

import os

import pytest

from droneline.cli import main

TINY = (
    "map.frontage_km=1",
    "map.depth_km=4",
    "switches.terrain=false",
)


def _sets(*items):
    return [a for item in items for a in ("--set", item)]


def _refused(capsys, argv, *parts):
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ScenarioError: "), err
    assert "Traceback" not in err and lines[0].isprintable()
    for part in parts:
        assert part in lines[0]
    return lines[0]


@pytest.mark.parametrize(
    "seed", ["-1", "1e23", "100000000000000000000000", "9223372036854775808", "abc", "1.5"]
)
def test_run_refuses_a_bad_seed_before_any_work(capsys, tmp_path, monkeypatch, seed):
    monkeypatch.chdir(tmp_path)
    _refused(capsys, ["run", "pokrovsk_drone_line", "--seed", seed], "--seed", "seed = ", "0 and")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("days", ["nan", "inf", "0", "-0.5", "1e9"])
def test_run_refuses_bad_days(capsys, days):
    _refused(capsys, ["run", "pokrovsk_drone_line", "--days", days], "--days")


def test_run_refuses_an_output_folder_it_cannot_make_before_the_run(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _refused(capsys, ["run", "pokrovsk_drone_line", "--out", str(blocker / "sub")], "--out")
    _refused(capsys, ["run", "pokrovsk_drone_line", "--out", "a\x00b"], "--out", "\\x00")


@pytest.mark.parametrize(
    "name, folder",
    [
        ("../../escape", "escape-seed3"),
        ("/tmp/abs", "tmp_abs-seed3"),
        ("a\\u0000b", "a_b-seed3"),
        ("x" * 300, "x" * 80 + "-seed3"),
        ("..", "scenario-seed3"),
    ],
)
def test_a_scenario_name_never_leads_out_of_the_output_root(
    capsys, tmp_path, monkeypatch, name, folder
):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    sc = work / "s.toml"
    sc.write_text(f'extends = "pokrovsk_drone_line"\nname = "{name}"\n')
    argv = ["run", str(sc), "--days", "0.01", "--seed", "3", "--quiet", "--no-figure"]
    assert main(argv + _sets(*TINY)) == 0
    out = capsys.readouterr().out
    assert (work / "out" / folder / "summary.parquet").is_file()
    assert sorted(os.listdir(tmp_path)) == ["work"]
    assert sorted(os.listdir(work)) == ["out", "s.toml"]
    assert os.listdir(work / "out") == [folder]
    assert all(line.isprintable() for line in out.splitlines())


# --------------------------------------------------------------------------- sweep
SWEEP = ["sweep", "--scenario", "pokrovsk_drone_line", "--design", "lhs", "--points", "2"]
SWEEP += ["--replications", "1", "--factor", "blue.drones.strike_depth_km=2:16", "--quiet"]


@pytest.mark.parametrize(
    "flag, value, rule",
    [
        ("--batch-runs", "0", "between 1 and"),
        ("--flush-seconds", "nan", "greater than 0"),
        ("--flush-seconds", "-1", "greater than 0"),
        ("--timeseries-every", "0", "greater than 0"),
        ("--days", "0.01", "between 0.25 and 120"),
        ("--days", "1e-9", "between 0.25 and 120"),
        ("--timeout", "0", "greater than 0"),
        ("--timeout", "inf", "greater than 0"),
    ],
)
def test_sweep_refuses_bad_numbers_before_any_work(capsys, tmp_path, flag, value, rule):
    """--batch-runs 0, --flush-seconds nan, --timeseries-every 0 (read as 24 h) and
    --days 1e-9 were accepted."""
    out = tmp_path / "o"
    _refused(capsys, [*SWEEP, "--out", str(out), flag, value], flag, rule)
    assert not out.exists()


def test_a_sweep_name_never_leads_out_of_the_output_root(capsys, tmp_path, monkeypatch):
    """The sweep's name became the folder as given: ``../../x`` wrote outside ``out/``, and
    an escape sequence in it reached the terminal raw."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    argv = [*SWEEP, "--name", "../../\x1b[31mred", "--days", "0.25", "--serial"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert sorted(os.listdir(tmp_path)) == ["work"]
    assert os.listdir(work / "out" / "sweeps") == ["31mred"]
    assert "\x1b" not in captured.out + captured.err
    assert "\\x1b[31mred" in captured.err


def test_an_unknown_key_with_an_escape_sequence_is_printed_escaped(capsys, tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text('[sweep]\n"\\u001b[2J\\u0007x" = 1\n')
    line = _refused(
        capsys, ["sweep", str(spec), "--dry-run"], "sweep.\\x1b[2J\\x07x", "unknown key"
    )
    assert "\x1b" not in line and "\x07" not in line


@pytest.mark.parametrize(
    "make, rule",
    [
        (lambda d: d.write_text("x"), "not a sweep folder"),
        (lambda d: d.mkdir(), "not a sweep folder (no manifest.json)"),
        (
            lambda d: (d.mkdir(), (d / "manifest.json").write_text('{"format": 1, "sp')),
            "not a valid",
        ),
        (lambda d: (d.mkdir(), (d / "manifest.json").write_bytes(b"\xff\xfe")), "not UTF-8"),
        (lambda d: (d.mkdir(), (d / "manifest.json").write_text("[1]")), "not a JSON object"),
        (lambda d: (d.mkdir(), (d / "manifest.json").write_text('{"format": 1}')), "not a usable"),
        (lambda d: (d.mkdir(), (d / "manifest.json").mkdir()), "is a folder"),
    ],
)
def test_resume_refuses_a_folder_that_holds_no_usable_sweep(capsys, tmp_path, make, rule):
    """--resume on a file or a corrupt or partial manifest gave tracebacks."""
    folder = tmp_path / "s"
    make(folder)
    _refused(capsys, ["sweep", "--resume", str(folder), "--serial"], rule)

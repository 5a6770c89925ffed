"""Sweep specs: validated through the schema; bad ones refused naming file, key, value, rule."""

import os
import tomllib

import pytest

from droneline.cli import main
from droneline.runs.sweep import runner
from droneline.runs.sweep.checks import SweepError
from droneline.runs.sweep.points import design_table
from droneline.runs.sweep.spec import parse_spec
from droneline.runs.sweep.spec_io import load_spec, to_toml

GOOD = {
    "sweep": {
        "name": "t",
        "scenario": "pokrovsk_drone_line",
        "days": 0.25,
        "replications": 2,
        "seed": 3,
    },
    "design": {"kind": "lhs", "points": 5},
    "factors": {
        "blue.drones.strike_depth_km": {"range": [2, 16]},
        "blue.drones.units": {"range": [4, 20]},
        "red.forces.motorcycle_share": {"levels": [0.0, 0.3, 0.6]},
    },
}


def spec_with(**changes):
    raw = tomllib.loads(to_toml(GOOD))  # a deep copy
    for key, value in changes.items():
        section, _, rest = key.partition("__")
        if rest:
            raw[section][rest.replace("_DOT_", ".")] = value
        else:
            raw[section] = value
    return raw


def refused(raw, key_part, rule_part):
    with pytest.raises(SweepError) as e:
        parse_spec(raw, "spec.toml")
    err = e.value
    assert err.file == "spec.toml"
    assert key_part in (err.key or ""), str(err)
    assert rule_part in err.rule, str(err)
    assert str(err).startswith("spec.toml: ")
    return err


def test_a_good_spec_parses_and_round_trips_through_toml():
    spec = parse_spec(GOOD, "spec.toml")
    assert spec.factor_names == list(GOOD["factors"])
    again = parse_spec(tomllib.loads(to_toml(spec.to_raw())), "again.toml")
    assert again.to_raw() == spec.to_raw()
    d = design_table(spec)
    assert len(d) == 5 and d["blue.drones.units"].dtype == "int64"
    assert d["blue.drones.units"].between(4, 20).all()
    assert set(d["red.forces.motorcycle_share"]) <= {0.0, 0.3, 0.6}


def test_factor_names_are_checked_against_the_schema():
    raw = spec_with(factors={"blue.drones.strike_depth": {"range": [2, 16]}})
    err = refused(raw, "factors.blue.drones.strike_depth", "unknown key")
    assert "strike_depth_km" in err.rule  # did you mean ...


def test_factor_range_must_lie_inside_the_parameters_range():
    raw = spec_with(factors={"blue.drones.strike_depth_km": {"range": [2, 90]}})
    err = refused(raw, "factors.blue.drones.strike_depth_km.range", "allowed range 0 to 60 km")
    assert err.value == [2, 90]
    refused(spec_with(factors={"blue.drones.units": {"range": [9, 3]}}), "range", "less than")
    refused(spec_with(factors={"blue.drones.units": {"range": [2]}}), "range", "two numbers")
    refused(spec_with(factors={"blue.drones.units": {"range": [2.2, 2.8]}}), "range", "whole")


def test_levels_must_be_allowed_values():
    refused(
        spec_with(factors={"red.forces.motorcycle_share": {"levels": [0.2, 1.5]}}),
        "motorcycle_share.levels",
        "between 0 and 1",
    )
    refused(
        spec_with(factors={"attacker": {"levels": ["red", "green"]}}),
        "attacker.levels",
        "must be one of",
    )
    refused(spec_with(factors={"attacker": {"range": [0, 1]}}), "attacker.range", "levels")
    # the schema's own rule (ParamSpec.validate): no " (a whole number)" suffix any more
    refused(
        spec_with(factors={"blue.drones.units": {"levels": [4, 4.5]}}), "units.levels", "integer"
    )


def test_design_options_are_checked():
    refused(spec_with(design={"kind": "latin"}), "design.kind", "must be one of")
    refused(spec_with(design={"kind": "lhs"}), "design.points", "needs points")
    refused(
        spec_with(design={"kind": "lhs", "points": 5, "optimisation": "x"}),
        "design.optimisation",
        "unknown key",
    )
    refused(spec_with(design={"kind": "sobol", "base_points": 48}), "base_points", "power of 2")
    refused(
        spec_with(
            design={"kind": "nolh", "runs": 17, "stacks": 2},
            factors={
                f"terrain.open.{k}": {"range": [0, 0.5]} for k in ("concealment", "protection")
            }
            | {
                f"blue.drones.{k}": {"range": [0, 0.5]}
                for k in (
                    "recon_share",
                    "bomber_share",
                    "mining_share",
                    "fibre_share",
                    "interdiction_share",
                    "hit_probability",
                )
            },
        ),
        "design.runs",
        "at most 7 factors",
    )


def test_sweep_section_is_checked():
    refused(spec_with(sweep__replications=0), "sweep.replications", "whole number")
    refused(spec_with(sweep__days=-1), "sweep.days", "between 0.25 and 120")
    refused(spec_with(sweep__replicates=3), "sweep.replicates", "unknown key")
    refused(
        spec_with(sweep__set={"blue.drones.units": 4}),
        "sweep.set.blue.drones.units",
        "also a factor",
    )
    refused(
        spec_with(sweep__set={"blue.drones.unit": 4}), "sweep.set.blue.drones.unit", "unknown key"
    )


def test_points_design_checks_every_point():
    raw = spec_with(
        design={"kind": "points", "points": [{"blue.drones.units": 4}, {"blue.drones.units": 300}]},
        factors={},
    )
    refused(raw, "design.points[1].blue.drones.units", "between 0 and 200")
    raw = spec_with(design={"kind": "points", "points": [{"blue.drones.units": 4}]}, factors={})
    assert design_table(parse_spec(raw, "s")).to_dict("records") == [
        {"point": 0, "blue.drones.units": 4}
    ]


def test_points_from_a_csv_file(tmp_path):
    (tmp_path / "pts.csv").write_text("blue.drones.units,attacker\n4,red\n8,blue\n")
    (tmp_path / "s.toml").write_text('[design]\nkind = "points"\nfile = "pts.csv"\n')
    spec = load_spec(tmp_path / "s.toml")
    assert design_table(spec)[["blue.drones.units", "attacker"]].values.tolist() == [
        [4, "red"],
        [8, "blue"],
    ]


def test_unknown_measures_are_refused_when_planning(tmp_path):
    spec = parse_spec(spec_with(sweep__measures=["advance_kms"]), "spec.toml")
    with pytest.raises(SweepError) as e:
        runner.prepare(spec, tmp_path / "out")
    assert e.value.key == "sweep.measures" and "advance_km" in e.value.rule


def test_cli_refuses_a_bad_spec_in_one_line_with_exit_code_2(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(to_toml(spec_with(factors={"red.forces.motorcycle_share": {"range": [0, 2]}})))
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith(f"ScenarioError: {path}: factors.red.forces.motorcycle_share.range = ")
    assert "[0, 2]" in err and "allowed range 0 to 1" in err
    assert main(["sweep", "--factor", "blue.drones.units=1:500", "--quiet", "--dry-run"]) == 2
    assert "blue.drones.units.range" in capsys.readouterr().err


def test_spec_from_flags_matches_the_file(tmp_path, capsys):
    assert (
        main(
            [
                "sweep",
                "--name",
                "flags",
                "--design",
                "lhs",
                "--points",
                "5",
                "--days",
                "0.25",
                "--replications",
                "2",
                "--seed",
                "3",
                "--factor",
                "blue.drones.strike_depth_km=2:16",
                "--factor",
                "blue.drones.units=4:20",
                "--factor",
                "red.forces.motorcycle_share=0.0,0.3,0.6",
                "--dry-run",
            ]
        )
        == 0
    )
    flags = capsys.readouterr().out
    path = tmp_path / "t.toml"
    path.write_text(to_toml(GOOD))
    assert main(["sweep", str(path), "--name", "flags", "--dry-run"]) == 0
    assert capsys.readouterr().out == flags


# --------------------------------------------------------------------------- issue 14, item 10
def test_a_measure_named_twice_is_refused():
    """Two columns of one name make a results table pandas cannot read."""
    refused(spec_with(sweep__measures=["advance_km", "advance_km"]), "sweep.measures", "twice")
    refused(
        spec_with(timeseries={"measures": ["front_depth_km", "front_depth_km"]}),
        "timeseries.measures",
        "twice: front_depth_km",
    )


def test_run_days_as_a_factor_or_set_is_refused_naming_sweep_days():
    """run.days was silently ignored: every run lasts sweep.days."""
    raw = spec_with(factors={"run.days": {"range": [1, 3]}})
    refused(raw, "factors.run.days", "sweep.days")
    refused(spec_with(sweep__set={"run.days": 3}), "sweep.set.run.days", "sweep.days")


@pytest.mark.parametrize("days", [1e-9, 0.2, 121, float("nan"), float("inf")])
def test_sweep_days_is_held_to_the_schemas_run_length(days):
    refused(spec_with(sweep__days=days), "sweep.days", "between 0.25 and 120")


@pytest.mark.parametrize(
    "design, key, rule",
    [
        ({"kind": "lhs", "points": 200_000}, "design.points", "at most 100,000"),
        ({"kind": "lhs", "points": 20_000}, "design.optimization", 'optimization = "none"'),
        ({"kind": "full_factorial", "steps": 1000}, "design.steps", "1000 x 17 x 3 x 1000"),
        ({"kind": "sobol", "base_points": 2**24}, "design.base_points", "at most 100,000"),
        ({"kind": "morris", "trajectories": 100_000}, "design.trajectories", "at most"),
        ({"kind": []}, "design.kind", "must be one of"),
    ],
)
def test_designs_are_sized_before_they_are_made(design, key, rule):
    """An LHS of 20,000 optimised points hung; a 1000-step factorial raised MemoryError."""
    raw = spec_with(design=design)
    raw["factors"]["blue.drones.hit_probability"] = {"range": [0.1, 0.5]}
    refused(raw, key, rule)


def test_runs_are_limited_to_points_times_replications():
    raw = spec_with(design={"kind": "lhs", "points": 100_000, "optimization": "none"})
    raw["sweep"]["replications"] = 100_000
    refused(raw, "sweep.replications", "more than 10,000,000 runs")
    raw["sweep"]["replications"] = 2
    assert len(design_table(parse_spec(raw, "spec.toml"))) == 100_000


@pytest.mark.parametrize(
    "content, rule",
    [
        ("", "a header row"),
        ("blue.drones.units\n", "a header row"),
        ("blue.drones.units,attacker\n4\n", "row 2 has 1 values"),
        ("blue.drones.units,attacker\n4,red,9\n", "row 2 has 3 values"),
        ("a,a\n1,2\n", "column twice"),
        (b"blue.drones.units\n\xe9\n", "not UTF-8"),
        ("x\n" + "9" * 5000 + "\n", None),  # a huge integer: kept as text, refused by the schema
    ],
)
def test_a_points_file_that_is_empty_ragged_or_not_text_is_refused(tmp_path, content, rule):
    path = tmp_path / "pts.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "s.toml").write_text('[design]\nkind = "points"\nfile = "pts.csv"\n')
    with pytest.raises(SweepError) as e:
        load_spec(tmp_path / "s.toml")
    assert str(e.value).count("\n") == 0
    if rule is not None:
        assert e.value.key == "design.file" and rule in e.value.rule, str(e.value)


def test_a_points_file_that_is_a_folder_or_a_pipe_is_refused_without_reading(tmp_path):
    (tmp_path / "s.toml").write_text('[design]\nkind = "points"\nfile = "pts"\n')
    (tmp_path / "pts").mkdir()
    with pytest.raises(SweepError, match="design.file = 'pts': is a folder"):
        load_spec(tmp_path / "s.toml")
    (tmp_path / "pts").rmdir()
    os.mkfifo(tmp_path / "pts")  # reading it would block for ever
    with pytest.raises(SweepError, match="not a regular file"):
        load_spec(tmp_path / "s.toml")


@pytest.mark.parametrize(
    "make, rule",
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_bytes(b"[sweep]\nname = '\xff'\n"), "not UTF-8"),
        (lambda p: p.write_text("[" * 3000), "not valid TOML"),
        (lambda p: p.write_text("[sweep]\nseed = " + "9" * 5000), "not valid TOML"),
        (lambda p: os.mkfifo(p), "not a regular file"),
    ],
)
def test_a_spec_file_goes_through_the_input_gate(tmp_path, capsys, make, rule):
    """Only FileNotFoundError and TOMLDecodeError were caught: a folder, Latin-1 text, deep
    nesting, a huge integer gave tracebacks, a named pipe hung."""
    path = tmp_path / "spec.toml"
    make(path)
    with pytest.raises(SweepError, match=rule):
        load_spec(path)
    assert main(["sweep", str(path), "--dry-run", "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("ScenarioError: ") and rule in err[0], err

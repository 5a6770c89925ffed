"""Sweep specs: validated through the schema; bad ones refused naming file, key, value, rule."""

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
    refused(spec_with(sweep__days=-1), "sweep.days", "greater than 0")
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

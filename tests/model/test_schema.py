"""model/schema.py: every parameter with unit, default, range and source; one schema."""

import dataclasses

import pytest

from droneline.model.schema import SIDES, ParamSpec, Scenario, parameters, side_parameters


def test_every_parameter_is_documented_and_its_default_obeys_its_rule():
    specs = parameters()
    assert len(specs) > 100
    for name, p in specs.items():
        assert p.name == name
        assert p.unit and p.source and p.doc, name
        assert p.type in (int, float, bool, str), name
        if p.type in (int, float):
            assert p.lo is not None and p.hi is not None, f"{name}: numbers need a range"
            assert p.lo <= p.default <= p.hi, name
        if p.choices:
            assert p.default in p.choices, name


def test_both_sides_have_the_same_parameters():
    specs = parameters()
    red = {n[len("red.") :] for n in specs if n.startswith("red.")}
    blue = {n[len("blue.") :] for n in specs if n.startswith("blue.")}
    assert red == blue
    assert set(side_parameters()) == red - {"name"}
    assert "drones.fibre_share" in side_parameters()


def test_names_are_dotted_paths_into_the_scenario():
    sc = Scenario()
    for name, p in parameters().items():
        node = sc
        for part in name.split("."):
            node = getattr(node, part)
        assert node == p.default, name
        assert not dataclasses.is_dataclass(node)


def test_side_access():
    sc = Scenario()
    assert sc.side("red") is sc.red and sc.side(1) is sc.blue and SIDES == ("red", "blue")


@pytest.mark.parametrize(
    "spec, rule",
    [
        (
            ParamSpec("a", float, 1.0, "km", 0.5, 80, None, "s", "d"),
            "must be a number between 0.5 and 80",
        ),
        (
            ParamSpec("a", int, 1, "n", 0, 200, None, "s", "d"),
            "must be an integer between 0 and 200",
        ),
        (ParamSpec("a", bool, True, "bool", None, None, None, "s", "d"), "must be true or false"),
        (
            ParamSpec("a", str, "red", "side", None, None, ("red", "blue"), "s", "d"),
            "must be one of 'red', 'blue'",
        ),
    ],
)
def test_rules_in_words(spec, rule):
    assert spec.describe_rule() == rule

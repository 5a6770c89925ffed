"""model/scenario.py: presets, files that extend them, overrides, and errors that speak to the
user (file, key, value, rule)."""

import pytest

import droneline as dl
from droneline.model.scenario import (
    ScenarioError,
    flatten,
    get,
    load_scenario,
    parse_override,
    preset_names,
    preset_path,
    to_dict,
    with_overrides,
)
from droneline.model.schema import parameters

PRESETS = [
    "baseline_2022",
    "pokrovsk_drone_line",
    "pokrovsk_no_drone_line",
    "pokrovsk_symmetric",
    "sudzha_supply_cut",
    "toretsk_armored_push",
]


def _write(tmp_path, text, name="my.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _error(source, overrides=None) -> ScenarioError:
    with pytest.raises(ScenarioError) as e:
        load_scenario(source, overrides)
    return e.value


# --------------------------------------------------------------------------- presets
def test_the_six_presets():
    assert preset_names() == PRESETS
    for name in PRESETS:
        assert preset_path(name).is_file()


@pytest.mark.parametrize("name", PRESETS)
def test_preset_loads_with_a_description(name):
    sc = load_scenario(name)
    assert sc.name == name
    assert len(sc.description.split()) > 20  # one paragraph for users
    assert sc.attacker in ("red", "blue")
    assert sc.source_file == f"{name}.toml"


def test_describe_presets():
    d = dl.describe_presets()
    assert list(d) == PRESETS and all(d.values())


# --------------------------------------------------------------------------- files and overrides
def test_user_file_extends_a_preset_and_overrides_keys(tmp_path):
    p = _write(
        tmp_path, 'extends = "pokrovsk_drone_line"\nname = "thin"\n[blue.drones]\nunits = 4\n'
    )
    sc = load_scenario(p)
    base = load_scenario("pokrovsk_drone_line")
    assert sc.name == "thin" and sc.blue.drones.units == 4
    assert sc.blue.drones.strike_depth_km == base.blue.drones.strike_depth_km  # inherited
    assert sc.red == base.red


def test_extends_a_file_relative_to_the_extending_file(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    _write(sub, 'extends = "pokrovsk_drone_line"\n[red.drones]\nunits = 9\n', "base.toml")
    p = _write(sub, 'extends = "base.toml"\n[blue.drones]\nunits = 3\n', "child.toml")
    sc = load_scenario(p)
    assert (sc.red.drones.units, sc.blue.drones.units) == (9, 3)


def test_overrides_as_dict_and_as_set_strings():
    a = load_scenario("pokrovsk_drone_line", {"blue.drones.units": 4, "sensing.enabled": False})
    b = load_scenario("pokrovsk_drone_line", ["blue.drones.units=4", "sensing.enabled=false"])
    assert a == b and a.blue.drones.units == 4 and a.sensing.enabled is False


def test_integers_accept_whole_floats_and_floats_accept_integers():
    sc = load_scenario(
        "pokrovsk_drone_line", {"blue.drones.units": 4.0, "blue.drones.fpv_range_km": 10}
    )
    assert sc.blue.drones.units == 4 and isinstance(sc.blue.drones.units, int)
    assert isinstance(sc.blue.drones.fpv_range_km, float)


def test_with_overrides_copies_and_round_trips():
    sc = load_scenario("sudzha_supply_cut")
    thin = with_overrides(sc, {"blue.drones.units": 1})
    assert thin.blue.drones.units == 1 and sc.blue.drones.units != 1
    assert load_scenario(to_dict(sc)) == sc
    assert load_scenario(sc) == sc


def test_flatten_and_get():
    sc = load_scenario("pokrovsk_drone_line")
    flat = flatten(sc)
    assert set(flat) == set(parameters())
    assert flat["blue.drones.units"] == get(sc, "blue.drones.units") == sc.blue.drones.units


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a.b=4", ("a.b", 4)),
        ("a.b = 0.5", ("a.b", 0.5)),
        ("a=true", ("a", True)),
        ('a="x y"', ("a", "x y")),
        ("a=abc", ("a", "abc")),
        ("a=1e3", ("a", 1000.0)),
    ],
)
def test_parse_override(text, expected):
    assert parse_override(text) == expected


def test_events_are_loaded_and_checked(tmp_path):
    p = _write(
        tmp_path,
        'extends = "pokrovsk_drone_line"\n'
        '[[events]]\nday = 30\nside = "red"\ncopy_lag_days = 60\n'
        'set = { drones = { fibre_share = 0.6 }, "ew.jam_probability" = 0.4 }\n',
    )
    (ev,) = load_scenario(p).events
    assert (ev.day, ev.side, ev.copy_lag_days) == (30, "red", 60)
    assert ev.set == {"drones.fibre_share": 0.6, "ew.jam_probability": 0.4}


# --------------------------------------------------------------------------- errors
def _names(e: ScenarioError, file: str, key: str | None, value, rule_part: str):
    """The error names the file, the key, the value and the rule, in one line."""
    msg = str(e)
    assert "\n" not in msg
    assert e.file == file and msg.startswith(f"{file}: ")
    assert e.key == key
    if key is not None:
        assert f"{key} = " in msg
    if value is not None:
        assert e.value == value
    assert rule_part in e.rule and rule_part in msg


def test_wrong_type(tmp_path):
    p = _write(tmp_path, 'extends = "pokrovsk_drone_line"\n[blue.drones]\nunits = "many"\n')
    e = _error(p)
    _names(e, str(p), "blue.drones.units", "many", "must be an integer between 0 and 200")
    assert "'many'" in str(e)


@pytest.mark.parametrize(
    "line, key, value, rule",
    [
        (
            "[blue.drones]\nfpv_range_km = -3",
            "blue.drones.fpv_range_km",
            -3.0,
            "must be a number between 1 and 60",
        ),
        ("[blue.drones]\nunits = 4.5", "blue.drones.units", 4.5, "must be an integer"),
        ("[switches]\nterrain = 1", "switches.terrain", 1, "must be true or false"),
        ("[red.forces]\ngroup_size = true", "red.forces.group_size", True, "must be an integer"),
        ('attacker = "green"', "attacker", "green", "must be one of 'red', 'blue'"),
        ("[map]\ncell_m = nan", "map.cell_m", None, "must be a number between 25 and 500"),
        ("blue = 3", "blue", 3, "must be a table"),
    ],
)
def test_out_of_range_and_wrong_kind(tmp_path, line, key, value, rule):
    p = _write(tmp_path, f'extends = "pokrovsk_drone_line"\n{line}\n')
    _names(_error(p), str(p), key, value, rule)


def test_unknown_key_with_suggestion(tmp_path):
    p = _write(tmp_path, 'extends = "pokrovsk_drone_line"\n[blue.drones]\nunitz = 3\n')
    _names(_error(p), str(p), "blue.drones.unitz", 3, "unknown key (did you mean 'units'?)")
    p = _write(tmp_path, "[blue.dornes]\nunits = 3\n")
    _names(_error(p), str(p), "blue.dornes", None, "did you mean 'drones'?")
    p = _write(tmp_path, "xyzzy = 1\n")
    e = _error(p)
    _names(e, str(p), "xyzzy", 1, "unknown key")
    assert "did you mean" not in str(e)


def test_broken_toml(tmp_path):
    p = _write(tmp_path, "[blue\nunits = 3\n")
    _names(_error(p), str(p), None, None, "not valid TOML")


def test_missing_file_or_preset():
    e = _error("no_such_scenario")
    assert str(e).startswith("no_such_scenario: no such file or preset")
    assert "pokrovsk_drone_line" in str(e)  # lists the presets


def test_bad_extends_names_the_extending_file_and_key(tmp_path):
    p = _write(tmp_path, 'extends = "no_such_preset"\n')
    e = _error(p)
    _names(e, str(p), "extends", "no_such_preset", "no such file or preset")


def test_extends_cycle_and_wrong_type(tmp_path):
    _write(tmp_path, 'extends = "b.toml"\n', "a.toml")
    _write(tmp_path, 'extends = "a.toml"\n', "b.toml")
    e = _error(tmp_path / "a.toml")
    assert e.key == "extends" and "cycle" in e.rule
    p = _write(tmp_path, "extends = 3\n")
    _names(_error(p), str(p), "extends", 3, "must be a preset name or a file path")


@pytest.mark.parametrize(
    "override, key, value, rule",
    [
        (
            "blue.drones.units=abc",
            "blue.drones.units",
            "abc",
            "must be an integer between 0 and 200",
        ),
        ("blue.drones.units=-1", "blue.drones.units", -1, "must be an integer between 0 and 200"),
        (
            "blue.drones.unitz=3",
            "blue.drones.unitz",
            3,
            "unknown key (did you mean 'blue.drones.units'?)",
        ),
        ("sensing.enabled=maybe", "sensing.enabled", "maybe", "must be true or false"),
    ],
)
def test_bad_set(override, key, value, rule):
    _names(_error("pokrovsk_drone_line", [override]), "--set", key, value, rule)


def test_set_without_equals_sign():
    e = _error("pokrovsk_drone_line", ["blue.drones.units"])
    assert e.file == "--set" and "must look like key=value" in str(e)


def test_bad_override_dict_is_named_overrides():
    e = _error("pokrovsk_drone_line", {"blue.drones.units": 2.5})
    _names(e, "overrides", "blue.drones.units", 2.5, "must be an integer")


def test_rules_across_parameters():
    e = _error(
        "pokrovsk_drone_line", {"red.forces.armor_share": 0.6, "red.forces.motorcycle_share": 0.6}
    )
    assert e.key == "red.forces.armor_share" and "must not exceed 1" in e.rule
    e = _error(
        "pokrovsk_drone_line", {"blue.drones.recon_share": 0.9, "blue.drones.mining_share": 0.5}
    )
    assert "must not exceed 1" in e.rule


def test_rule_across_parameters_broken_by_set_names_set():
    e = _error("pokrovsk_drone_line", ["red.forces.armor_share=0.9"])
    assert e.file == "--set" and str(e).startswith("--set: red.forces.armor_share = 0.9")


@pytest.mark.parametrize(
    "event, key, rule",
    [
        (
            "day = 3\nset = { drones = { fibre_shar = 0.5 } }",
            "events[0].set.drones.fibre_shar",
            "unknown key (did you mean 'drones.fibre_share'?)",
        ),
        (
            "dya = 3\nset = { drones = { fibre_share = 0.5 } }",
            "events[0].dya",
            "unknown key (did you mean 'day'?)",
        ),
        (
            "day = 3\nset = { drones = { fibre_share = 2 } }",
            "events[0].set.drones.fibre_share",
            "must be a number between 0 and 1",
        ),
        (
            'day = 3\nside = "green"\nset = { drones = { fibre_share = 0.5 } }',
            "events[0].side",
            "must be one of 'red', 'blue'",
        ),
        ("day = 3", "events[0].set", "an event must set at least one parameter"),
        ("day = 3\nset = { }", "events[0].set", "must be a non-empty table"),
    ],
)
def test_bad_events(tmp_path, event, key, rule):
    p = _write(tmp_path, f'extends = "pokrovsk_drone_line"\n[[events]]\n{event}\n')
    _names(_error(p), str(p), key, None, rule)


def test_error_is_a_value_error_with_fields():
    e = _error("pokrovsk_drone_line", {"blue.drones.units": -1})
    assert isinstance(e, ValueError)
    assert (e.file, e.key, e.value) == ("overrides", "blue.drones.units", -1)
    assert e.rule == "must be an integer between 0 and 200"

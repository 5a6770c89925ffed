"""The input gate (model/inputs.py) and the scenario loader behind it (issue 14, items 5 and 6):
whatever a scenario file, an ``extends`` chain or a ``--set`` holds, the answer is a scenario
or one printable line naming the file, never a traceback or a hang."""

from __future__ import annotations

import os

import pytest

import droneline as dl
from droneline.model import inputs
from droneline.model.scenario import MAX_EXTENDS, ScenarioError, load_scenario


def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def _error(source, overrides=None) -> ScenarioError:
    with pytest.raises(ScenarioError) as e:
        load_scenario(source, overrides)
    msg = str(e.value)
    assert "\n" not in msg and msg.isprintable(), msg
    return e.value


# --------------------------------------------------------------------------- extends (item 5)
def test_relative_extends_is_read_from_the_extending_files_folder_only(tmp_path, monkeypatch):
    _write(tmp_path / "d", "b.toml", 'extends = "pokrovsk_drone_line"\n[red.drones]\nunits = 9\n')
    a = _write(tmp_path / "d", "a.toml", 'extends = "b.toml"\n')
    _write(tmp_path, "b.toml", 'extends = "pokrovsk_drone_line"\n[red.drones]\nunits = 2\n')
    for cwd in (tmp_path, tmp_path / "d", tmp_path.parent):
        monkeypatch.chdir(cwd)
        assert load_scenario(a).red.drones.units == 9
    # a file the extending file's folder does not have is not looked for elsewhere
    (tmp_path / "d" / "b.toml").unlink()
    monkeypatch.chdir(tmp_path)
    e = _error(a)
    assert (e.file, e.key, e.value) == (str(a), "extends", "b.toml")
    assert "no such file or preset" in e.rule


def test_preset_names_still_work_in_extends(tmp_path):
    p = _write(tmp_path, "x.toml", 'extends = "pokrovsk_symmetric"\nname = "x"\n')
    assert load_scenario(p).name == "x"


@pytest.mark.parametrize(
    "text, rule",
    [
        ("[blue.drones]\nunits = -1\n", "must be an integer between 0 and 200"),
        ("[blue\n", "not valid TOML"),
        ("[blue.dornes]\nunits = 3\n", "unknown key"),
    ],
)
def test_an_error_inside_an_extended_file_names_that_file(tmp_path, text, rule):
    base = _write(tmp_path / "lib", "base.toml", 'extends = "pokrovsk_drone_line"\n' + text)
    top = _write(tmp_path, "top.toml", 'extends = "lib/base.toml"\nname = "top"\n')
    e = _error(top)
    assert e.file == str(base) and rule in e.rule


def test_cycle_through_dotdot_paths_is_detected_at_once(tmp_path):
    a = _write(tmp_path / "d", "a.toml", 'extends = "../d/a.toml"\n')
    e = _error(a)
    assert e.key == "extends" and "cycle" in e.rule
    b = _write(tmp_path / "d", "b.toml", 'extends = "./../d/c.toml"\n')
    _write(tmp_path / "d", "c.toml", 'extends = "b.toml"\n')
    assert "cycle" in _error(b).rule


def test_extends_chains_are_limited(tmp_path):
    n = 2000
    for i in range(n):
        text = 'extends = "pokrovsk_drone_line"\n' if i == n - 1 else f'extends = "f{i + 1}.toml"\n'
        _write(tmp_path, f"f{i}.toml", text)
    e = _error(tmp_path / "f0.toml")
    assert e.key == "extends" and f"more than {MAX_EXTENDS} files" in e.rule
    # a chain within the limit loads
    _write(tmp_path, "g2.toml", 'extends = "pokrovsk_drone_line"\n[red.drones]\nunits = 5\n')
    _write(tmp_path, "g1.toml", 'extends = "g2.toml"\n')
    _write(tmp_path, "g0.toml", 'extends = "g1.toml"\n[blue.drones]\nunits = 4\n')
    sc = load_scenario(tmp_path / "g0.toml")
    assert (sc.red.drones.units, sc.blue.drones.units) == (5, 4)


# --------------------------------------------------------------------------- reading (item 6)
def test_what_is_not_a_regular_utf8_file_is_refused(tmp_path):
    assert "folder" in _error(tmp_path).rule
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "not UTF-8" in _error(binary).rule
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('name = "Pokrovs\u2019k caf\xe9"\n'.replace("\u2019", "").encode("latin-1"))
    assert "not UTF-8" in _error(latin1).rule
    big = tmp_path / "big.toml"
    big.write_text("# padding\n" * (inputs.MAX_BYTES // 10 + 1))
    assert "larger than" in _error(big).rule


def test_bad_paths_are_refused(tmp_path):
    assert "file name" in _error("a\x00b.toml").rule
    assert "\\x00" in str(_error("a\x00b.toml"))
    assert "too long" in _error("x" * 5000 + ".toml").rule or "no such" in _error("x" * 5000).rule


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_devices_and_named_pipes_are_refused_without_reading(tmp_path):
    assert "not a regular file" in _error("/dev/zero").rule
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in _error(fifo).rule  # (opened without blocking)


@pytest.mark.parametrize(
    "text, rule",
    [
        ("a = " + "[" * 3000 + "]" * 3000, "nested"),
        ("a = " + "{b = " * 3000 + "1" + "}" * 3000, "nested"),
        (".".join(["a"] * 3000) + " = 1\n", "nested"),
        ("[" + ".".join(["a"] * 3000) + "]\n", "nested"),
        ("[map]\ncell_m = " + "9" * 5000 + "\n", "not valid TOML"),
    ],
)
def test_deep_nesting_and_huge_integers_in_a_file(tmp_path, text, rule):
    p = _write(tmp_path, "deep.toml", text)
    e = _error(p)
    assert e.file == str(p) and rule in e.rule and len(str(e)) < 500


@pytest.mark.parametrize(
    "override",
    [
        "map.cell_m=" + "9" * 400,  # an int too large for a float
        "map.cell_m=" + "9" * 5000,  # too many digits for Python's int()
        "blue.drones.units=" + "9" * 400,
        "map.cell_m=" + "[" * 3000 + "]" * 3000,
        "map.cell_m=1e400",
    ],
)
def test_huge_or_deep_set_values_are_refused_in_one_line(override):
    e = _error("pokrovsk_drone_line", [override])
    assert e.file == "--set" and "must be" in e.rule and len(str(e)) < 500


def test_control_characters_in_keys_and_values_are_escaped(tmp_path):
    p = _write(tmp_path, "ctl.toml", '"bad\\nkey\\u001b[31m" = "x\\ty"\n')
    e = _error(p)
    assert "\\n" in str(e) and "\\x1b" in str(e)
    e = _error("pokrovsk_drone_line", ["name\r\n=1"])
    assert "\n" not in str(e)


# --------------------------------------------------------------------------- seeds (item 6)
@pytest.mark.parametrize("seed", [-5, 2**63, 1.5, "1", True])
def test_model_refuses_a_bad_seed_naming_it(seed):
    with pytest.raises(ScenarioError) as e:
        dl.BattlefieldModel("pokrovsk_drone_line", seed=seed)
    assert e.value.key == "seed" and "between 0 and 9223372036854775807" in str(e.value)


def test_check_seed():
    assert inputs.check_seed("42", text=True) == 42 and inputs.check_seed(2**63 - 1) == 2**63 - 1
    for bad in ("-1", "1e23", "0x10", "", " ", "99999999999999999999", -1, 2**63):
        with pytest.raises(ScenarioError):
            inputs.check_seed(bad, "--seed", text=True)


def test_folder_name():
    assert inputs.folder_name("pokrovsk_drone_line") == "pokrovsk_drone_line"
    for bad in ("../../x", "/etc/passwd", "a\x00b", "..", "x" * 300, "", "\u0416/\u0416"):
        name = inputs.folder_name(bad)
        assert name and "/" not in name and "\x00" not in name and not name.startswith(".")
        assert len(name) <= inputs.MAX_NAME

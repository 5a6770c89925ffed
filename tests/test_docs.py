"""The documents that are generated from the code stay in step with it."""

from __future__ import annotations

import shutil
from pathlib import Path

from droneline.cli_run import update_params_section

ROOT = Path(__file__).resolve().parents[1]


def test_odd_parameter_table_is_current(tmp_path):
    copy = tmp_path / "ODD.md"
    shutil.copy(ROOT / "docs" / "ODD.md", copy)
    changed = update_params_section(copy)
    assert not changed, "run `droneline params --update docs/ODD.md`"


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text()
    block = text.split("```", 2)[1].strip().splitlines()
    assert block[0] == "bash"
    commands = [line.split("#")[0].strip() for line in block[1:] if line.strip()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()

"""Regression snapshot: every preset, two seeds, three days, exactly as recorded.

If this fails after a change that was meant to alter results, regenerate the snapshot with
``make golden`` and say why in the commit message; if the change was a refactoring, the
refactoring changed the model.
"""

from __future__ import annotations

import json

import pytest
from golden.snapshot import PATH, SEEDS, snapshot_of

import droneline as dl

RECORDED = json.loads(PATH.read_text())


def test_snapshot_covers_every_preset():
    assert sorted(RECORDED) == sorted(f"{p}/seed{s}" for p in dl.preset_names() for s in SEEDS)


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_preset_results_unchanged(key):
    preset, _, seed = key.partition("/seed")
    want = RECORDED[key]
    now = snapshot_of(preset, int(seed), want["timeseries_columns"])
    # measures may be added; every recorded one must still be there, with the same value
    missing = sorted(set(want) - set(now))
    assert not missing, f"summary columns gone: {missing}"
    differ = {k: (want[k], now[k]) for k in want if now[k] != want[k]}
    assert not differ, f"{key} differs from the snapshot: {differ}"

"""Shared fixtures. Kept minimal: one factory for small hand-built models."""

from __future__ import annotations

import pytest

import droneline as dl

# A 2 km x 6 km sector of open ground (20 x 60 cells of 100 m, front at x = 30) where nothing
# is deployed, no reinforcements arrive, nobody moves and nothing is consumed: tests place the
# units they need with the agents' constructors and switch mechanisms back on by override.
BARE = {
    "switches.terrain": False,
    "switches.movement": False,
    "switches.reinforcements": False,
    "switches.logistics": False,
    "map.frontage_km": 2,
    "map.depth_km": 6,
}
for _side in ("red", "blue"):
    BARE |= {
        f"{_side}.defence.positions": 0,
        f"{_side}.drones.units": 0,
        f"{_side}.ew.stations": 0,
        f"{_side}.artillery.batteries": 0,
    }


@pytest.fixture
def bare_model():
    """Factory ``bare_model(seed=1, events=None, **overrides)``: an empty small sector (see
    ``BARE``); overrides by dotted name, e.g. ``bare_model(**{"blue.drones.fibre_share": 1.0})``;
    ``events`` as in a scenario file's ``[[events]]``."""

    def make(seed: int = 1, events: list | None = None, **overrides) -> dl.BattlefieldModel:
        source = {"extends": "pokrovsk_drone_line", "events": events or []}
        sc = dl.load_scenario(source, {**BARE, **overrides})
        return dl.BattlefieldModel(sc, seed=seed)

    return make

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


# Drone crews that strike whatever their side locates: strike crews only, many of them, on
# fibre-optic drones (no link or jamming losses), every sortie a hit, no cap per target.
CERTAIN_STRIKES = {
    "recon_share": 0.0,
    "bomber_share": 0.0,
    "mining_share": 0.0,
    "interdiction_share": 0.0,
    "crews_per_unit": 40,
    "sorties_per_crew_hour": 3.0,
    "hit_probability": 1.0,
    "fibre_share": 1.0,
    "overkill_margin": 20.0,
}


@pytest.fixture
def certain_strikes():
    """``certain_strikes("red")``: the overrides for ``CERTAIN_STRIKES`` crews of a side."""
    return lambda side: {f"{side}.drones.{k}": v for k, v in CERTAIN_STRIKES.items()}

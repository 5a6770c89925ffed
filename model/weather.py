"""Weather: each day's state drawn from the scenario's season (``[weather]``).

A day is clear, rainy, foggy or windy, with the scenario's chances (``rain_share``,
``fog_share``, ``wind_share``; the rest is clear; ``model/scenario.py`` refuses chances
over one), one draw from the model's generator at
the start of each day. Each state scales two things for the whole day: how well both sides'
sensors see (``<state>_sensing``: recon drones and ground observers alike) and the share of
drone sorties that fly (``<state>_sorties``). Attackers whose doctrine says so
(``forces.weather_hold``) hold part of their assaults back on days the enemy's drones fly
freely and send them on the next day they cannot (``model/day.py``).
"""

from __future__ import annotations

import numpy as np

STATES = ("clear", "rain", "fog", "wind")
CLEAR = 0


def shares(w) -> np.ndarray:
    """Chance of each state of ``STATES`` on a day."""
    bad = np.array([w.rain_share, w.fog_share, w.wind_share])
    return np.concatenate([[max(0.0, 1.0 - bad.sum())], bad])


def draw(u01: float, chances: np.ndarray) -> int:
    """The state whose slice of the cumulative chances holds the uniform draw ``u01``."""
    return int(min(np.searchsorted(np.cumsum(chances), u01, side="right"), len(chances) - 1))


def factors(w, state: int) -> tuple[float, float]:
    """(sensing, sorties) factors of a state: clear is (1, 1)."""
    if state == CLEAR:
        return 1.0, 1.0
    name = STATES[state]
    return float(getattr(w, f"{name}_sensing")), float(getattr(w, f"{name}_sorties"))


def new_day(model) -> None:
    """Draw today's weather and set the day's factors on the model."""
    w = model.params.weather
    state = draw(model.rng.random(), shares(w)) if w.enabled else CLEAR
    model.weather = state
    model.weather_sensing, model.weather_sorties = factors(w, state)
    model.tally.weather_days[state] += 1
    model.coverage_dirty = True  # recon in the air changes with the sorties flown

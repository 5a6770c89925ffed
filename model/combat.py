"""Ground combat: units within direct-fire range exchange fire (stochastic Lanchester).

Every shooter spreads its fire evenly over the enemy units it can see within range; the
expected casualties on a target are the sum of what each shooter sends it:

    E[j] = sum_i  k * F[i] * w[i, j] * m[i, j] * dt * (1 - protection[j])

with ``F`` the shooter's firepower (soldiers, plus vehicle weapons, reduced by suppression
and lack of supply), ``w`` the share of its fire on ``j``, ``m`` the close-assault factor
when the two are within assault range, and ``k`` the attrition coefficient. Aimed fire whose
output grows with the shooter's strength is Lanchester's square law; casualties are drawn
from a Poisson distribution. After the fire, positions left without a garrison fall to the
enemy assault groups at their door.
"""

from __future__ import annotations

import numpy as np

from ..agents.kinds import DIRECT_FIRE
from .losses import casualties


# --------------------------------------------------------------------------- array function
def expected_casualties(
    xy: np.ndarray,
    side: np.ndarray,
    firepower: np.ndarray,
    sees: np.ndarray,
    target_ok: np.ndarray,
    shield: np.ndarray,
    range_cells: float,
    assault_cells: float,
    assault_factor: float,
    kill_rate_h: float,
    dt_h: float,
) -> np.ndarray:
    """Expected casualties on each unit from all enemy shooters in range.

    ``sees[i, j]``: unit i's side has unit j located; ``target_ok[j]``: j can be hit by small
    arms; ``shield[j]``: the share of fire j is protected from.
    """
    can, dist2 = engagements(xy, side, firepower, sees, target_ok, range_cells, assault_cells)
    return fire_on(can, dist2, firepower, shield, assault_cells, assault_factor, kill_rate_h, dt_h)


def fire_on(
    can: np.ndarray,
    dist2: np.ndarray,
    firepower: np.ndarray,
    shield: np.ndarray,
    assault_cells: float,
    assault_factor: float,
    kill_rate_h: float,
    dt_h: float,
) -> np.ndarray:
    """Expected casualties on each unit given who engages whom (``can``)."""
    n_targets = can.sum(axis=1)
    w = can / np.maximum(n_targets, 1)[:, None]
    m = np.where(dist2 <= assault_cells * assault_cells, assault_factor, 1.0)
    sent = (kill_rate_h * dt_h) * firepower[:, None] * w * m
    return sent.sum(axis=0) * (1.0 - shield)


def engagements(
    xy: np.ndarray,
    side: np.ndarray,
    firepower: np.ndarray,
    sees: np.ndarray,
    target_ok: np.ndarray,
    range_cells: float,
    assault_cells: float,
):
    """Which unit fires at which (and the squared distances): enemies within range that the
    shooter's side has located; at close-assault range everyone sees everyone."""
    d = xy[:, None, :].astype(np.float64) - xy[None, :, :]
    dist2 = (d * d).sum(axis=2)
    enemy = side[:, None] != side[None, :]
    visible = sees | (dist2 <= assault_cells * assault_cells)
    can = enemy & visible & (dist2 <= range_cells * range_cells) & target_ok[None, :]
    return can & (firepower > 0)[:, None], dist2


# --------------------------------------------------------------------------- phase
def fight(model) -> None:
    """Direct fire between all units in contact, then captures of emptied positions."""
    u = model.units
    live = u.live()
    rows = live[model.kinds.direct_fire[u.kind[live]]]
    if len(rows) >= 2 and (u.side[rows] == 0).any() and (u.side[rows] == 1).any():
        _exchange_fire(model, rows)
    for cls in model.kinds.classes:
        cls.after_fire(model)
    recover(model)


def recover(model) -> None:
    """Suppression wears off with its half-life."""
    u = model.units
    half = model.params.combat.suppression_halflife_minutes / 60.0
    live = u.live()
    u.suppression[live] *= 0.5 ** (model.scales.step_h / half)


def _exchange_fire(model, rows: np.ndarray) -> None:
    u, c, kinds = model.units, model.params.combat, model.kinds
    side = u.side[rows]
    xy = u.xy[rows]
    fp = kinds.apply("firepower", model, rows, np.empty(len(rows)))
    fp *= 1.0 - u.suppression[rows]
    fp *= np.where(u.supply[rows] > 0, 1.0, c.out_of_supply_fire)
    step = model.steps
    det = np.stack([u.det_red[rows] >= step, u.det_blue[rows] >= step])  # (side, unit)
    sees = det[side]  # sees[i, j]: i's side has j located
    target_ok = u.strength[rows] > 0
    shield = kinds.apply("small_arms_shield", model, rows, np.empty(len(rows)))
    rng_c, ass_c = model.scales.cells(c.range_km), model.scales.cells(c.assault_range_km)
    can, dist2 = engagements(xy, side, fp, sees, target_ok, rng_c, ass_c)
    e = fire_on(
        can, dist2, fp, shield, ass_c, c.assault_factor, c.kill_rate_per_hour, model.scales.step_h
    )
    # firing gives the shooter away to the side it fires at
    firing = can.any(axis=1)
    for observer in (0, 1):
        seen = rows[firing & (side != observer)]
        u.detected_until(observer)[seen] = step + model.track_steps
    hit = e > 0
    if hit.any():
        cas = model.rng.poisson(e[hit]).astype(float)
        casualties(model, rows[hit], cas, DIRECT_FIRE)
        model.in_contact = rows[hit]
    else:
        model.in_contact = rows[:0]

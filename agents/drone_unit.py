"""DroneUnit: a launch site with crews and a stock of drones by type.

Crews are split by task: recon (builds the side's picture of the enemy), strike (radio and
fibre-optic FPVs), heavy bombers (at night), mining (lays mines on enemy roads), and, of the
strike and mining crews, a share that watches and hits the enemy's supply roads
(interdiction). Strike sorties fly only at detected targets in range and inside the side's
tasked zone; each sortie spends a drone from stock, which production restocks daily. The
launch site gives itself away as it launches and can be found and struck: lost operators
mean fewer crews.

A *drone line* is not a special case: it is many such units placed along the whole sector
with a deep tasked zone, as a scenario sets them.
"""

from __future__ import annotations

import numpy as np

from .base import Unit, along_front
from .kinds import BOMBER, DRONE_TYPES, DRONES, FPV_FIBRE, FPV_RADIO, MINING, RECON


class DroneUnit(Unit):
    """Operators (crews x soldiers per crew) and a stock of drones by type."""

    KIND = DRONES
    LABEL = "drone unit"

    def __init__(self, model, side: int, cell: int):
        d = model.side_params[side].drones
        super().__init__(model, side, cell, strength=float(d.crews_per_unit * d.soldiers_per_crew))
        self.model.units.stock[self.row] = d.stock_per_crew * d.crews_per_unit * type_shares(d)

    @classmethod
    def deploy(cls, model, side: int) -> list[DroneUnit]:
        """Launch sites spread along the whole front at ``setback_km`` behind it."""
        d = model.side_params[side].drones
        cells = along_front(model, side, d.units, d.setback_km, jitter=0.3)
        return [cls(model, side, c) for c in cells]

    @property
    def crews(self) -> float:
        return self.strength / self.model.side_params[self.side].drones.soldiers_per_crew

    @property
    def stock(self) -> dict[str, float]:
        return dict(zip(DRONE_TYPES, self.model.units.stock[self.row].tolist(), strict=True))

    def destroyed(self) -> None:
        self.model.coverage_dirty = True
        self.remove()

    # ------------------------------------------------------------------ rules for all
    @classmethod
    def sortie_rates(cls, model, side: int, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Sorties per hour of each unit, by task.

        ``tasks`` has one column per task of ``TASKS``: recon, then the strike streams of
        ``droneline.model.strikes.STREAMS`` (radio, fibre, bomber; the same three for road
        interdiction), then mining. A task with no drones of its type in stock flies nothing.
        """
        d = model.side_params[side].drones
        u = model.units
        per_crew = task_rates(d, model.is_day)
        tasks = (u.strength[rows] / d.soldiers_per_crew)[:, None] * per_crew[None, :]
        tasks *= u.stock[rows][:, TASK_TYPES] > 0
        streams = tasks[:, 1:7]
        return {
            "tasks": tasks,
            "recon": tasks[:, 0],
            "streams": streams,
            "strike": streams.sum(axis=1),
            "interdiction": streams[:, 3:].sum(axis=1),
            "mining": tasks[:, 7],
        }

    @classmethod
    def restock(cls, model, side: int) -> None:
        """The day's production, split by type as the crews use them and among units by crews."""
        d = model.side_params[side].drones
        u = model.units
        rows = u.live_of(DRONES, side)
        if len(rows) == 0 or d.production_per_day <= 0:
            return
        crews = u.strength[rows]
        share = crews / max(crews.sum(), 1e-9)
        u.stock[rows] += np.outer(share, d.production_per_day * type_shares(d))

    @classmethod
    def decide(cls, model) -> None:
        """Launch sites do not move."""

    @classmethod
    def on_arrival(cls, model, rows) -> None:
        """Launch sites never travel."""


TASKS = (
    "recon",
    "radio",
    "fibre",
    "bomber",
    "radio_roads",
    "fibre_roads",
    "bomber_roads",
    "mining",
)
TASK_TYPES = np.array([RECON, FPV_RADIO, FPV_FIBRE, BOMBER, FPV_RADIO, FPV_FIBRE, BOMBER, MINING])


def task_rates(d, is_day: bool) -> np.ndarray:
    """Sorties per crew per hour for each task of ``TASKS``, from the crews' task shares."""
    rate = d.sorties_per_crew_hour
    strike = max(0.0, 1.0 - d.recon_share - d.bomber_share - d.mining_share)
    radio = rate * strike * (1 - d.fibre_share)
    fibre = rate * strike * d.fibre_share * d.fibre_rate_factor
    bomber = 0.0 if is_day else rate * d.bomber_share
    i = d.interdiction_share
    return np.array(
        [
            rate * d.recon_share,
            radio * (1 - i),
            fibre * (1 - i),
            bomber * (1 - i),
            radio * i,
            fibre * i,
            bomber * i,
            rate * d.mining_share,
        ]
    )


def type_shares(d) -> np.ndarray:
    """Share of drones of each type a unit uses (recon, radio FPV, fibre FPV, bomber, mining),
    from its crews' tasks."""
    strike = max(0.0, 1.0 - d.recon_share - d.bomber_share - d.mining_share)
    out = np.zeros(len(DRONE_TYPES))
    out[RECON] = d.recon_share * d.recon_loss_probability  # recon drones mostly come back
    out[FPV_RADIO] = strike * (1 - d.fibre_share)
    out[FPV_FIBRE] = strike * d.fibre_share * d.fibre_rate_factor
    out[BOMBER] = d.bomber_share
    out[MINING] = d.mining_share
    total = out.sum()
    return out / total if total > 0 else out

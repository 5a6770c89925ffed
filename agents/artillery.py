"""ArtilleryBattery: guns firing at enemy units their side has detected within range.

The side's daily shells are fired at located targets by value; firing gives the battery
away (its signature rises for an hour), so batteries are found and struck in turn.
Artillery is the other side's remaining firepower edge in the drone era (seed article).
"""

from __future__ import annotations

import numpy as np

from ..model.losses import apply_hits
from ..model.strikes import choose_targets, pairwise_cells
from .base import Unit, along_front
from .kinds import ARTILLERY_FIRE, HARD_VEHICLE, VEH_GUN


class ArtilleryBattery(Unit):
    """Guns and gun crews."""

    NAME = "artillery"
    LABEL = "artillery battery"
    MARKER = "X"
    VEHICLE = VEH_GUN
    SECTION = "artillery"
    SIGNATURE = "sensing.signature_artillery_silent"  # full signature for an hour after firing
    TARGET_VALUE = "targeting.artillery"
    HIT_AS = HARD_VEHICLE
    DEPLOY_STAGE = "support"

    def __init__(self, model, side: int, cell: int):
        a = model.side_params[side].artillery
        super().__init__(
            model,
            side,
            cell,
            strength=float(a.guns_per_battery * a.crew_per_gun),
            vehicles=float(a.guns_per_battery),
        )

    @classmethod
    def deploy(cls, model, side: int) -> list[ArtilleryBattery]:
        a = model.side_params[side].artillery
        cells = along_front(model, side, a.batteries, a.setback_km, offset=0.4)
        model.tally.vehicles_committed[side, VEH_GUN] += len(cells) * a.guns_per_battery
        batteries = [cls(model, side, c) for c in cells]
        model.initial_guns[side] = float(len(batteries) * a.guns_per_battery)
        return batteries

    @classmethod
    def census(cls, model, side: int) -> dict[str, float]:
        """``guns``: the side's guns left."""
        return {"guns": float(model.units.vehicles[model.units.live_of(cls.KIND, side)].sum())}

    def is_destroyed(self) -> bool:
        return self.model.units.vehicles[self.row] <= 0

    @classmethod
    def adjust_signature(cls, model, rows: np.ndarray, sig: np.ndarray) -> np.ndarray:
        """A battery that fired within the last hour shows its full signature."""
        fired = model.units.fired[rows] >= model.steps - model.hour_steps
        return np.where(fired, model.params.sensing.signature_artillery, sig)

    @classmethod
    def strike(cls, model, side: int, targets: np.ndarray) -> None:
        """The step's shells (the side's daily rate, scaled by the guns left) at located
        targets within range, by target value."""
        cls.fire(model, side, targets)

    @classmethod
    def fire(cls, model, side: int, targets: np.ndarray) -> None:
        u, rng = model.units, model.rng
        rows = u.live_of(cls.KIND, side)
        if len(rows) == 0 or len(targets) == 0:
            return
        a = model.side_params[side].artillery
        guns_full = max(1.0, model.initial_guns[side])
        rate_step = (
            model.scales.per_step_from_day(a.shells_per_day) * u.vehicles[rows].sum() / guns_full
        )
        dist = pairwise_cells(u.xy[rows], u.xy[targets])
        in_range = dist <= model.scales.cells(a.range_km)
        reach = in_range.any(axis=0)
        if not reach.any():
            return
        shells = rng.poisson(rate_step)
        if shells == 0:
            return
        value = model.kinds.target_value[u.side[targets], u.kind[targets]] * reach
        if not value.any():
            return
        _, tg = choose_targets(value[None, :], np.array([shells]), rng.random(shells))
        u.fired[rows[in_range.any(axis=1)]] = model.steps
        model.tally.shells[side] += shells
        per_target = np.bincount(tg, minlength=len(targets)).astype(float)
        hit = per_target > 0
        apply_hits(
            model,
            targets[hit],
            per_target[hit],
            per_target[hit] * a.casualties_per_shell,
            a.vehicle_kill_per_shell,
            a.soft_kill_per_shell,
            ARTILLERY_FIRE,
        )

"""AssaultGroup: 3-10 soldiers on foot, infiltrating toward an enemy position.

It moves from cover to cover (the foot cost field prefers tree lines and ruins), goes to
ground when struck (suppression stops it), assaults the position when within assault range,
and takes it when the garrison is gone, becoming the new garrison that holds the ground for
days awaiting reinforcement. A group worn below ``break_off_fraction`` of its strength falls
back. The same class carries reliefs walking to their own positions and garrisons
withdrawing to the rear.

Several groups attack the same few defenders (seed): a side's groups set out from its staging
area to its *assembly area* and wait there until ``groups_per_assault`` of them have
gathered, then go together for one position. The side keeps its assembly area beyond where
the enemy's drones have recently been hitting its soldiers on their way forward (main forces
wait in the near rear, out of the drones' reach): a shallow drone line lets the groups mass
close to the front and cross it together in minutes; a deep one makes them mass far back and
walk the whole depth of it as one target.
"""

from __future__ import annotations

import numpy as np

from ..model.logistics import consume, hit_depth_km
from .base import Unit
from .kinds import ADVANCE, ASSAULT, ASSEMBLE, FOOT, IDLE, RELIEVE, WITHDRAW
from .orders import (
    cell_behind_front,
    nearest_depot,
    nearest_position,
    neediest_position,
    objective_valid,
    within,
)


class AssaultGroup(Unit):
    """Soldiers on foot with a mission: advance, assault, relieve or withdraw."""

    NAME = "assault_group"
    LABEL = "assault group"
    MARKER = "o"
    MOBILITY = FOOT
    SIGNATURE = "sensing.signature_foot"
    TARGET_VALUE = "targeting.assault_group"
    OBSERVES = True
    DIRECT_FIRE = True
    ASSAULT = True
    MINE_RISK = "foot"
    DECISION_RANK = 30  # after mounted units, so riders who dismount act in the same step
    FORMATIONS = ("foot", "relief")

    def __init__(
        self,
        model,
        side: int,
        cell: int,
        soldiers: float,
        *,
        supply: float | None = None,
        mission: int = IDLE,
        objective: int = -1,
    ):
        if supply is None:
            supply = soldiers * model.side_params[side].forces.carried_supply_days
        super().__init__(
            model,
            side,
            cell,
            strength=float(soldiers),
            supply=float(supply),
            mission=mission,
            objective=objective,
        )
        self.waiting_since = -1  # step it reached the assembly area (-1: not waiting)

    # ------------------------------------------------------------------ orders
    def advance_on_nearest(self) -> bool:
        """Head for the nearest enemy position (manned or empty)."""
        target = nearest_position(self.model, self.row, enemy=True)
        if target < 0:
            self._halt()
            return False
        return self._go(target, ADVANCE)

    def relieve_weakest(self) -> bool:
        """Walk to the own position that most needs soldiers (few soldiers, not too far)."""
        target = neediest_position(self.model, self.row)
        if target < 0:
            return self.fall_back()
        return self._go(target, RELIEVE)

    def assemble(self) -> bool:
        """Walk to the side's assembly area on this row and wait there for the other groups
        of the assault (a side whose groups go one by one heads straight for the enemy)."""
        model, u = self.model, self.model.units
        if model.side_params[self.side].forces.groups_per_assault <= 1:
            return self.advance_on_nearest()
        u.mission[self.row] = ASSEMBLE
        u.objective[self.row] = -1
        here = int(u.cell[self.row])
        cell = cell_behind_front(model, self.side, here, model.assembly_km[self.side])
        self.waiting_since = -1
        if cell == here or not model.routes.send(self.row, cell):
            u.path_len[self.row] = 0
            self.waiting_since = model.steps  # already there (or no way on): waits here
        return True

    def fall_back(self) -> bool:
        """Walk back to the nearest own depot at the rear."""
        u = self.model.units
        u.mission[self.row] = WITHDRAW
        u.objective[self.row] = -1
        return self.model.routes.send(self.row, nearest_depot(self.model, self.row))

    def _go(self, target: int, mission: int) -> bool:
        u = self.model.units
        u.mission[self.row] = mission
        u.objective[self.row] = target
        if not self.model.routes.send(self.row, int(u.cell[target])):
            self._halt()
            return False
        return True

    def _halt(self) -> None:
        u = self.model.units
        u.mission[self.row] = IDLE
        u.objective[self.row] = -1
        u.path_len[self.row] = 0

    # ------------------------------------------------------------------ rules for all
    @classmethod
    def decide(cls, model) -> None:
        """Break off when worn out; re-target when the objective is gone; assault when close."""
        u = model.units
        rows = u.live_of(cls.KIND)
        if len(rows) == 0:
            return
        mission = u.mission[rows]
        attacking = (mission == ADVANCE) | (mission == ASSAULT)
        frac = np.array([model.params.combat.break_off_fraction] * 2)
        weak = (attacking | (mission == ASSEMBLE)) & (
            u.strength[rows] < frac[u.side[rows]] * u.strength0[rows]
        )
        valid = objective_valid(model, rows)
        agents = u.agents
        for r in rows[weak]:
            agents[r].fall_back()
        for r in rows[attacking & ~weak & ~valid]:
            agents[r].advance_on_nearest()
        for r in rows[(mission == RELIEVE) & ~valid]:
            agents[r].relieve_weakest()
        for r in rows[mission == IDLE]:
            agents[r].advance_on_nearest()
        adv = rows[(mission == ADVANCE) & valid & ~weak]
        if len(adv):
            close = within(model, adv, u.objective[adv], model.params.combat.assault_range_km)
            u.mission[adv[close]] = ASSAULT
            u.reached[adv[close]] = True
        cls.release_assemblies(model, rows[(mission == ASSEMBLE) & ~weak])

    @classmethod
    def release_assemblies(cls, model, rows: np.ndarray) -> None:
        """Groups waiting in an assembly area (within the side's ``axis_width_km`` of the
        first to arrive) set out together, ``groups_per_assault`` at a time in the order they
        arrived, for the enemy position the first of them would go for; once the first has
        waited ``assembly_max_hours``, all that wait there go."""
        u, agents = model.units, model.units.agents
        waiting = [agents[r] for r in rows if agents[r].waiting_since >= 0]
        waiting.sort(key=lambda g: (g.waiting_since, g.row))
        while waiting:
            first = waiting[0]
            f = model.side_params[first.side].forces
            same = [g for g in waiting if g.side == first.side]
            d_km = model.scales.km(u.distance_cells(first.row, u.cell[[g.row for g in same]]))
            here = [g for g, d in zip(same, d_km, strict=True) if d <= f.axis_width_km]
            waited_h = (model.steps - first.waiting_since) * model.scales.step_h
            n = max(1, f.groups_per_assault)
            if len(here) >= n or waited_h >= f.assembly_max_hours - 1e-9:
                target = nearest_position(model, first.row, enemy=True)
                for g in here[:n] if len(here) >= n else here:
                    g.waiting_since = -1
                    if target < 0:
                        g._halt()
                    else:
                        g._go(target, ADVANCE)
            waiting = [g for g in waiting if g not in here]

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        """End of a route: assault the objective, join the position, or reach the rear."""
        u = model.units
        for r in rows:
            if not u.alive[r]:
                continue
            m = u.mission[r]
            if m == ADVANCE:
                u.mission[r] = ASSAULT
                u.reached[r] = True
            elif m == RELIEVE:
                target = u.objective[r]
                if objective_valid(model, np.array([r]))[0]:
                    u.agents[target].reinforce(u.strength[r], u.supply[r])
                    u.agents[r].remove()
                else:
                    u.agents[r].relieve_weakest()
            elif m == WITHDRAW:
                model.reserve[u.side[r]] += u.strength[r]
                u.agents[r].remove()
            elif m == ASSEMBLE:
                u.agents[r].waiting_since = model.steps

    @classmethod
    def new_day(cls, model, side: int) -> None:
        """Each morning the remembered drone hits on the side's soldiers on their way forward
        fade, and the assembly area is set beyond ``assembly_quantile`` of them (it stays
        where it was while less than one hit is remembered; never nearer the front than
        ``assembly_min_km``, never farther back than the staging area)."""
        f = model.side_params[side].forces
        hits = model.troop_hits[side]
        hits *= np.exp(-1.0 / model.side_params[side].logistics.threat_memory_days)
        edges = model.depth_edges_km
        behind = edges[:-1] >= 0.0  # bins on the side's own ground, nearest first
        reach = hit_depth_km(hits[behind], edges[1:][behind], f.assembly_quantile, np.nan)
        if not np.isnan(reach):
            km = reach + f.assembly_margin_km
            model.assembly_km[side] = float(np.clip(km, f.assembly_min_km, f.staging_km))
        model.tally.assembly_days[side] += model.assembly_km[side]

    @classmethod
    def sustain(cls, model, side: int) -> None:
        """Groups live on what they carry (no trickle reaches them)."""
        u = model.units
        grp = u.live_of(cls.KIND, side)
        if len(grp):
            u.supply[grp] = consume(u.supply[grp], u.strength[grp], model.scales.step_days, 0.0)

    @classmethod
    def formation_size(cls, forces, formation: str) -> int:
        return forces.group_size

    @classmethod
    def raise_formation(cls, model, side: int, cell: int, formation: str) -> AssaultGroup:
        """A group from the day's reinforcements: reliefs walk to the position that needs
        them most, the others go for the enemy."""
        size = model.side_params[side].forces.group_size
        unit = cls(model, side, cell, size)
        model.tally.soldiers_committed[side, cls.KIND] += size
        if formation == "relief":
            unit.relieve_weakest()
        else:
            unit.set_out()
            unit.assemble()
        return unit

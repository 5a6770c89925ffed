"""DefenderPosition: a dug-in position holding ground with a garrison of 2 to dozens.

It fires on enemies within direct-fire range (ground combat), consumes supply, is captured
when its garrison is gone and an enemy assault group is at its door, and withdraws when it
is out of supply and its morale breaks. An empty position stays on the map: it is ground
that whoever comes first takes. Ground is held by manned positions (``model.control``).
"""

from __future__ import annotations

import numpy as np

from ..model.logistics import consume, morale_step
from .base import Column, Unit, along_front
from .kinds import ADVANCE, ASSAULT, MISSION_NAMES, lookup

ATTACKING = lookup((ADVANCE, ASSAULT), len(MISSION_NAMES))


class DefenderPosition(Unit):
    """A defended position: garrison, fortification, supply stock, morale."""

    NAME = "position"
    LABEL = "position"
    MARKER = "s"
    SECTION = "defence"
    SIGNATURE = "sensing.signature_position"
    TARGET_VALUE = "targeting.position"
    OBSERVES = True
    DIRECT_FIRE = True
    DEPLOY_STAGE = "line"
    fortification = Column("fortification")

    def __init__(
        self, model, side: int, cell: int, garrison: float, fortification: float, supply_days: float
    ):
        super().__init__(
            model,
            side,
            cell,
            strength=float(garrison),
            fortification=fortification,
            supply=float(garrison) * supply_days,
            morale=1.0,
        )
        self.first_side = side  # whose position it was: the other side retaking it is not

    @classmethod
    def deploy(cls, model, side: int) -> list[DefenderPosition]:
        """The side's initial belt of positions: lines from the front back to ``belt_km``,
        the first line densest, positions on the most concealed ground nearby."""
        d = model.side_params[side].defence
        n = d.positions
        if n == 0:
            return []
        n_lines = int(max(1, min(n, round(d.belt_km / d.line_spacing_km) + 1)))
        weights = 1.0 / np.arange(1, n_lines + 1)
        counts = np.floor(n * weights / weights.sum()).astype(int)
        counts[: n - counts.sum()] += 1
        first = min(d.first_line_km, d.belt_km)
        depths = np.linspace(first, d.belt_km, n_lines) if n_lines > 1 else np.array([first])
        out = []
        for i, (k, depth) in enumerate(zip(counts, depths, strict=True)):
            for cell in along_front(model, side, int(k), float(depth), offset=0.5 * (i % 2)):
                out.append(cls(model, side, cell, d.garrison, d.fortification, d.supply_days))
        model.tally.soldiers_committed[side, cls.KIND] += n * d.garrison
        return out

    # ------------------------------------------------------------------ events
    def withdraw(self) -> None:
        """The garrison abandons the position and walks back to the rear."""
        u = self.model.units
        soldiers = u.strength[self.row]
        if soldiers <= 0:
            return
        from .assault_group import AssaultGroup  # (assault_group imports this module)

        group = AssaultGroup(self.model, self.side, self.cell_index, soldiers, supply=0.0)
        group.fall_back()
        u.strength[self.row] = 0.0
        u.supply[self.row] = 0.0
        u.abandoned[self.row] = True  # written off: reliefs no longer go there
        self.model.tally.positions_abandoned[self.side] += 1
        self.model.control_dirty = True
        self.shock_neighbours(self.side)

    def capture(self, group_rows: np.ndarray) -> None:
        """Enemy assault groups take the empty position; they become its garrison (up to the
        capturer's ``max_garrison``; the rest push on)."""
        model, u = self.model, self.model.units
        new_side = int(u.side[group_rows[0]])
        limit = model.side_params[new_side].defence.max_garrison
        garrison, supply = 0.0, 0.0
        for r in group_rows[np.argsort(-u.strength[group_rows])]:
            if garrison >= limit:
                break
            garrison += u.strength[r]
            supply += u.supply[r]
            u.agents[r].remove()
        u.side[self.row] = new_side
        u.touch()
        u.strength[self.row] = garrison
        u.supply[self.row] = supply
        u.morale[self.row] = 1.0
        u.suppression[self.row] = 0.0
        u.fortification[self.row] = model.side_params[new_side].defence.captured_fortification
        u.abandoned[self.row] = False
        model.tally.positions_captured[new_side] += 1
        if new_side == self.first_side:
            model.tally.positions_retaken[new_side] += 1
        model.control_dirty = True
        self.shock_neighbours(1 - new_side)

    def shock_neighbours(self, side: int) -> None:
        """Losing a position shakes the side's other positions nearby."""
        model, u = self.model, self.model.units
        m = model.side_params[side].morale
        if m.shock_on_neighbour_loss <= 0:
            return
        pos = u.live_of(self.KIND, side)
        pos = pos[(pos != self.row) & (u.strength[pos] > 0)]
        d_km = model.scales.km(u.distance_cells(self.row, u.cell[pos]))
        near = pos[d_km <= m.shock_radius_km]
        u.morale[near] = np.maximum(0.0, u.morale[near] - m.shock_on_neighbour_loss)

    def reinforce(self, soldiers: float, supply: float) -> None:
        """A relief group joins the garrison."""
        u = self.model.units
        if u.strength[self.row] <= 0:
            self.model.control_dirty = True
        u.strength[self.row] += soldiers
        self.receive(supply)
        boost = self.model.side_params[self.side].morale.relief_boost
        u.morale[self.row] = min(
            1.0, u.morale[self.row] + boost * soldiers / max(1.0, u.strength[self.row])
        )

    # ------------------------------------------------------------------ rules for all
    @classmethod
    def resolve_captures(cls, model) -> None:
        """Empty positions with enemy assault groups within assault range change hands."""
        u = model.units
        pos = u.live_of(cls.KIND)
        empty = pos[u.strength[pos] <= 0]
        if len(empty) == 0:
            return
        from .assault_group import AssaultGroup

        grp = u.live_of(AssaultGroup.KIND)
        grp = grp[ATTACKING[u.mission[grp]]]
        if len(grp) == 0:
            return
        nx = model.scales.nx
        reach = model.scales.cells(model.params.combat.assault_range_km)
        pc, gc = u.cell[empty], u.cell[grp]
        dx = (pc % nx)[:, None] - (gc % nx)[None, :]
        dy = (pc // nx)[:, None] - (gc // nx)[None, :]
        near = (dx * dx + dy * dy <= reach * reach) & (
            u.side[empty][:, None] != u.side[grp][None, :]
        )
        for i in np.flatnonzero(near.any(axis=1)):
            takers = grp[near[i] & u.alive[grp] & (u.strength[grp] > 0)]
            if len(takers):
                u.agents[empty[i]].capture(takers)

    after_fire = resolve_captures  # the fight phase's hook

    @classmethod
    def decide(cls, model) -> None:
        """Once an hour, each side whose doctrine allows it counterattacks the positions it
        lost where local odds allow (:meth:`counterattack`)."""
        if not model.on_the_hour:
            return
        for side in (0, 1):
            if model.side_params[side].defence.counterattack_odds > 0:
                cls.counterattack(model, side)

    @classmethod
    def counterattack(cls, model, side: int) -> None:
        """For each position ``side`` lost (nearest the front first) that none of its groups is
        already going for: its manned positions within ``counterattack_km`` can spare their
        soldiers above ``counterattack_keep``; if those number ``counterattack_odds`` x the
        garrison behind its fortification (garrison / (1 - fortification)), the nearest send
        what it takes, as one assault group each, to retake it."""
        u, d = model.units, model.side_params[side].defence
        from .assault_group import AssaultGroup

        pos = u.live_of(cls.KIND)
        lost = [r for r in pos[u.side[pos] != side] if u.agents[r].first_side == side]
        own = pos[(u.side[pos] == side) & (u.strength[pos] > d.counterattack_keep)]
        if not lost or len(own) == 0:
            return
        groups = u.live_of(AssaultGroup.KIND, side)
        groups = groups[ATTACKING[u.mission[groups]]]
        taken = set(u.objective[groups].tolist())
        lost = [r for r in lost if r not in taken]
        lost.sort(key=lambda r: (model.depth[side].ravel()[u.cell[r]], r))
        for target in lost:
            d_km = model.scales.km(u.distance_cells(target, u.cell[own]))
            close = d_km <= d.counterattack_km
            near = own[close][np.argsort(d_km[close], kind="stable")]
            spare = np.maximum(0.0, u.strength[near] - d.counterattack_keep)
            held = u.strength[target] / max(1e-9, 1.0 - u.fortification[target])
            needed = d.counterattack_odds * max(held, 1.0)
            if spare.sum() < needed:
                continue
            left = needed
            for donor, can in zip(near, spare, strict=True):
                n = float(min(np.floor(can), np.ceil(left)))
                if n <= 0:
                    continue
                share = n / u.strength[donor]
                supply = u.supply[donor] * share
                u.strength[donor] -= n
                u.supply[donor] -= supply
                group = AssaultGroup(model, side, int(u.cell[donor]), n, supply=supply)
                group.set_out()
                group._go(int(target), ADVANCE)
                left -= n
                if left <= 0:
                    break
            own = own[u.strength[own] > d.counterattack_keep]

    # ------------------------------------------------------------------ losses and supply
    def is_destroyed(self) -> bool:
        """Never: an empty position is ground someone can walk into."""
        return False

    @classmethod
    def shield(cls, model, rows: np.ndarray) -> np.ndarray:
        """Fortification, or the terrain's protection if that is more."""
        return np.maximum(super().shield(model, rows), model.units.fortification[rows])

    @classmethod
    def on_casualties(cls, model, rows: np.ndarray, share: np.ndarray) -> None:
        """Losses shake the garrison; an emptied position changes the front."""
        u = model.units
        for side in (0, 1):
            m = u.side[rows] == side
            loss = model.side_params[side].morale.loss_per_casualty_share
            u.morale[rows[m]] = np.maximum(0.0, u.morale[rows[m]] - loss * share[m])
        if (u.strength[rows] <= 0).any():
            model.control_dirty = True

    @classmethod
    def forward(cls, model, rows: np.ndarray) -> np.ndarray:
        """Which of these positions are forward units (within ``run.forward_depth_km`` of the
        front)."""
        u = model.units
        if len(rows) == 0:
            return np.zeros(0, dtype=bool)
        depth = np.empty(len(rows))
        for side in (0, 1):
            m = u.side[rows] == side
            depth[m] = model.depth[side].ravel()[u.cell[rows[m]]]
        return depth >= -model.params.run.forward_depth_km

    def receive(self, supply: float) -> None:
        """Supply delivered to the position (counted if it is a forward unit)."""
        u = self.model.units
        u.supply[self.row] += supply
        if u.strength[self.row] > 0 and self.forward(self.model, np.array([self.row]))[0]:
            self.model.tally.forward_delivered[self.side] += supply

    @classmethod
    def sustain(cls, model, side: int) -> None:
        """Consumption (less the trickle that arrives without convoys), morale by supply, and
        withdrawal of garrisons whose morale broke while out of supply."""
        u, p = model.units, model.side_params[side]
        pos = u.live_of(cls.KIND, side)
        if len(pos) == 0:
            return
        dt_days = model.scales.step_days
        u.supply[pos] = consume(
            u.supply[pos],
            u.strength[pos],
            dt_days,
            np.full(len(pos), p.logistics.local_supply_per_day),
        )
        manned = pos[u.strength[pos] > 0]
        forward = manned[cls.forward(model, manned)]
        need = u.strength[forward].sum() * dt_days
        model.tally.forward_need[side] += need
        model.tally.forward_delivered[side] += need * p.logistics.local_supply_per_day
        u.morale[manned] = morale_step(
            u.morale[manned],
            u.supply[manned] > 0,
            dt_days,
            p.morale.loss_per_day_out_of_supply,
            p.morale.recovery_per_day,
        )
        breaking = manned[(u.morale[manned] < p.morale.withdraw_below) & (u.supply[manned] <= 0)]
        for row in breaking:
            u.agents[row].withdraw()

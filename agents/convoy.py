"""SupplyConvoy: trucks carrying supply from a rear depot to a position or to the side's
drop-off line, and back.

Convoys drive the road network (the truck cost field keeps them on roads, where they are
fast but easy to find); one that is destroyed loses its cargo. A position behind the drop-off
line asks for supply when its stock falls below ``request_days``; so does the line's stock,
which porters carry on to the positions forward of it (``agents/porter.py``), when it holds
less than ``request_days`` of what those positions consume. Each side has a daily number of
convoys.
"""

from __future__ import annotations

import numpy as np

from .base import Unit
from .kinds import DELIVER, RETURN, SOFT_VEHICLE, TRUCK, VEH_TRUCK
from .orders import depot_near
from .position import DefenderPosition


class SupplyConvoy(Unit):
    """Trucks, drivers and cargo (soldier-days of supply)."""

    NAME = "convoy"
    LABEL = "supply convoy"
    MARKER = "P"
    MOBILITY = TRUCK
    VEHICLE = VEH_TRUCK
    SECTION = "logistics"
    SIGNATURE = "sensing.signature_convoy"
    TARGET_VALUE = "targeting.convoy"
    HIT_AS = SOFT_VEHICLE
    CARGO = True
    MINE_RISK = "vehicle"
    DECISION_RANK = 40

    def __init__(self, model, side: int, depot: int, destination: int):
        """``destination``: the position's row, or -1 for the side's drop-off line."""
        lg = model.side_params[side].logistics
        super().__init__(
            model,
            side,
            depot,
            strength=float(lg.trucks_per_convoy),
            vehicles=float(lg.trucks_per_convoy),
            supply=lg.cargo_soldier_days,
            mission=DELIVER,
            objective=destination,
        )
        self.depot = depot
        if destination >= 0:
            model.convoy_target[destination] = self.row
        else:
            model.line_convoy[side] = self.row
        model.tally.vehicles_committed[side, VEH_TRUCK] += lg.trucks_per_convoy
        model.tally.convoys[side, 0] += 1

    @classmethod
    def dispatch(cls, model, side: int) -> None:
        """Send convoys to the neediest positions behind the drop-off line, and to the line
        itself, while the day's convoys last."""
        from .porter import PorterTeam  # (registered after this kind)

        u = model.units
        lg = model.side_params[side].logistics
        pos = u.live_of(DefenderPosition.KIND, side)
        pos = pos[u.strength[pos] > 0]
        forward = PorterTeam.forward_of_dropoff(model, side, pos)
        line_days = PorterTeam.line_days(model, side, pos[forward])
        pos = pos[~forward]  # trucks stop at the line
        waiting = np.array([model.convoy_target.get(int(p), -1) < 0 for p in pos], dtype=bool)
        days = u.supply[pos] / u.strength[pos]
        needy = (days < lg.request_days) & waiting
        order = np.argsort(days[needy])
        want = pos[needy][order].tolist()
        if line_days < lg.request_days and model.line_convoy[side] < 0:  # the line's turn
            want.insert(int(np.searchsorted(days[needy][order], line_days, "right")), -1)
        for p in want:
            if model.convoy_tokens[side] < 1.0:
                break
            goal = int(u.cell[p]) if p >= 0 else PorterTeam.line_cell(model, side)
            depot = depot_near(model, side, goal)
            convoy = cls(model, side, depot, p)
            model.convoy_tokens[side] -= 1.0
            if not model.routes.send(convoy.row, goal):
                convoy.finish()

    def finish(self) -> None:
        """Back at the depot (or never left): the convoy leaves the map."""
        target = int(self.model.units.objective[self.row])
        if self.model.convoy_target.get(target) == self.row:
            del self.model.convoy_target[target]
        if self.model.line_convoy[self.side] == self.row:
            self.model.line_convoy[self.side] = -1
        self.remove()

    def destroyed(self) -> None:
        if self.model.units.mission[self.row] == DELIVER:  # lost with its cargo
            self.model.tally.convoys[self.side, 2] += 1
        self.finish()

    def is_destroyed(self) -> bool:
        return self.model.units.vehicles[self.row] <= 0

    @classmethod
    def sustain(cls, model, side: int) -> None:
        """The side's convoys for the day accrue; requests are gathered and served hourly."""
        lg = model.side_params[side].logistics
        model.convoy_tokens[side] = min(
            lg.convoys_per_day,
            model.convoy_tokens[side] + lg.convoys_per_day * model.scales.step_days,
        )
        if model.convoy_tokens[side] >= 1.0 and model.on_the_hour:
            cls.dispatch(model, side)

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        """Deliver what is left of the cargo, then drive back; or end the trip at the depot."""
        u = model.units
        for r in rows:
            agent = u.agents[r]
            if u.mission[r] == DELIVER:
                target, side = int(u.objective[r]), int(u.side[r])
                if target < 0 or (u.alive[target] and u.side[target] == side):
                    if target < 0:  # the drop-off line: porters carry it on
                        model.line_stock[side] += u.supply[r]
                        model.line_convoy[side] = -1
                    else:
                        u.agents[target].receive(u.supply[r])
                    model.tally.supply_delivered[side] += u.supply[r]
                    model.tally.convoys[side, 1] += 1
                u.supply[r] = 0.0
                if model.convoy_target.get(target) == r:
                    del model.convoy_target[target]
                u.mission[r] = RETURN
                if not model.routes.send(r, agent.depot):
                    agent.finish()
            else:
                agent.finish()

"""SupplyConvoy: trucks carrying supply from a rear depot to a forward position and back.

Convoys drive the road network (the truck cost field keeps them on roads, where they are
fast but easy to find); one that is destroyed loses its cargo. A position asks for supply
when its stock falls below ``request_days``; each side has a daily number of convoys.
"""

from __future__ import annotations

import numpy as np

from .base import Unit
from .kinds import DELIVER, RETURN, SOFT_VEHICLE, TRUCK, VEH_TRUCK
from .orders import nearest_depot
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
        model.convoy_target[destination] = self.row
        model.tally.vehicles_committed[side, VEH_TRUCK] += lg.trucks_per_convoy
        model.tally.convoys[side, 0] += 1

    @classmethod
    def dispatch(cls, model, side: int) -> None:
        """Send convoys to the neediest positions while the day's convoys last."""
        u = model.units
        lg = model.side_params[side].logistics
        pos = u.live_of(DefenderPosition.KIND, side)
        pos = pos[u.strength[pos] > 0]
        if len(pos) == 0:
            return
        days = u.supply[pos] / u.strength[pos]
        waiting = np.array([model.convoy_target.get(int(p), -1) < 0 for p in pos])
        needy = pos[(days < lg.request_days) & waiting]
        order = needy[np.argsort(u.supply[needy] / u.strength[needy])]
        for p in order:
            if model.convoy_tokens[side] < 1.0:
                break
            convoy = cls(model, side, nearest_depot(model, p), int(p))
            model.convoy_tokens[side] -= 1.0
            if not model.routes.send(convoy.row, int(u.cell[p])):
                convoy.finish()

    def finish(self) -> None:
        """Back at the depot (or never left): the convoy leaves the map."""
        target = int(self.model.units.objective[self.row])
        if self.model.convoy_target.get(target) == self.row:
            del self.model.convoy_target[target]
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
        if model.convoy_tokens[side] >= 1.0 and model.steps % model.hour_steps == 0:
            cls.dispatch(model, side)

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        """Deliver what is left of the cargo, then drive back; or end the trip at the depot."""
        u = model.units
        for r in rows:
            agent = u.agents[r]
            if u.mission[r] == DELIVER:
                target = int(u.objective[r])
                if u.alive[target] and u.side[target] == u.side[r]:
                    u.agents[target].receive(u.supply[r])
                    model.tally.supply_delivered[u.side[r]] += u.supply[r]
                    model.tally.convoys[u.side[r], 1] += 1
                u.supply[r] = 0.0
                if model.convoy_target.get(target) == r:
                    del model.convoy_target[target]
                u.mission[r] = RETURN
                if not model.routes.send(r, agent.depot):
                    agent.finish()
            else:
                agent.finish()

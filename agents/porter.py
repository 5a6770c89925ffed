"""PorterTeam: soldiers carrying supply by hand from the drop-off line to a forward position.

Trucks stop short of where the enemy's drones have recently been hitting the side's supply
trucks (its *drop-off line*, :func:`droneline.model.logistics.hit_depth_km`) and unload
into the line's stock; a position forward of that line is supplied only on foot, from that
stock. Each side has a pool of porters (``porters_per_km`` of front); when a forward
position's stock falls below ``request_days`` and no team is already on its way, a team
takes its load from the line's stock, leaves the line on the position's row, walks to it
through the enemy's zone (seen and struck like any group on foot), hands over what it carries
and walks back. Porters killed on the way are replaced the next day out of the side's
reinforcements. The deeper the enemy's drones hunt trucks, the further back the line and the
longer and more exposed the walk: this is how a drone line cuts advanced positions off from
the near rear.
"""

from __future__ import annotations

import numpy as np

from ..model.logistics import hit_depth_km
from .base import Unit
from .kinds import DELIVER, FOOT, RETURN
from .orders import cell_behind_front
from .position import DefenderPosition


class PorterTeam(Unit):
    """Porters on foot and the supply they carry (soldier-days)."""

    NAME = "porter"
    LABEL = "porter team"
    MARKER = "."
    MOBILITY = FOOT
    SECTION = "logistics"
    SIGNATURE = "sensing.signature_foot"
    TARGET_VALUE = "targeting.porter"
    CARGO = True
    MINE_RISK = "foot"
    DECISION_RANK = 45

    def __init__(self, model, side: int, cell: int, destination: int, porters: float):
        lg = model.side_params[side].logistics
        load = min(float(porters) * lg.porter_load_soldier_days, model.line_stock[side])
        super().__init__(
            model,
            side,
            cell,
            strength=float(porters),
            supply=load,
            mission=DELIVER,
            objective=destination,
        )
        self.base = int(cell)
        model.porters_free[side] -= porters
        model.line_stock[side] -= load
        model.tally.porters[side, 0] += 1

    # ------------------------------------------------------------------ the side's pool
    @classmethod
    def pool_size(cls, model, side: int) -> float:
        """Porters the side keeps: ``porters_per_km`` x the front's length."""
        lg = model.side_params[side].logistics
        if not lg.dropoff_line:
            return 0.0
        return lg.porters_per_km * model.scales.ny * model.scales.cell_km

    @classmethod
    def deploy(cls, model, side: int) -> list:
        """No team is out at the start: the whole pool waits at the drop-off line."""
        model.porters_free[side] = cls.pool_size(model, side)
        return []

    @classmethod
    def new_day(cls, model, side: int) -> None:
        """Each morning: the remembered hits fade, the drop-off line is set from them, and
        porters lost yesterday are replaced out of the side's reinforcements."""
        lg, u = model.side_params[side].logistics, model.units
        model.drone_hits[side] *= np.exp(-1.0 / lg.threat_memory_days)
        if not lg.dropoff_line:  # the doctrine is off: trucks drive to every position
            return
        edges = model.depth_edges_km
        behind = edges[:-1] >= 0.0  # bins on this side's own ground, nearest first
        model.dropoff[side] = hit_depth_km(
            model.drone_hits[side][behind],
            edges[1:][behind],
            lg.dropoff_quantile,
            model.dropoff[side],
        )
        model.tally.dropoff_days[side] += model.dropoff[side]
        out = u.strength[u.live_of(cls.KIND, side)].sum()
        missing = cls.pool_size(model, side) - model.porters_free[side] - out
        f = model.side_params[side].forces
        refill = min(max(0.0, missing), max(0.0, f.reinforcements_per_day + model.reserve[side]))
        model.porters_free[side] += refill
        model.reserve[side] -= refill

    @classmethod
    def line_days(cls, model, side: int, forward: np.ndarray) -> float:
        """Days the line's stock lasts the ``forward`` positions (their garrisons' need less
        the trickle); infinite when nothing is forward of the line."""
        lg = model.side_params[side].logistics
        per_day = model.units.strength[forward].sum() * max(0.0, 1.0 - lg.local_supply_per_day)
        if model.dropoff[side] <= 0.0 or per_day <= 0.0:
            return float("inf")
        return model.line_stock[side] / per_day

    @classmethod
    def line_cell(cls, model, side: int) -> int:
        """Where trucks unload at the line: on the row of the forward position with the least
        supply per soldier (the middle of the front if there is none)."""
        u = model.units
        pos = cls.forward_positions(model, side)
        if len(pos):
            cell = int(u.cell[pos[np.argmin(u.supply[pos] / u.strength[pos])]])
        else:
            cell = (model.scales.ny // 2) * model.scales.nx
        return cls.dropoff_cell(model, side, cell)

    @classmethod
    def forward_positions(cls, model, side: int) -> np.ndarray:
        """The side's manned positions forward of its drop-off line."""
        u = model.units
        pos = u.live_of(DefenderPosition.KIND, side)
        pos = pos[u.strength[pos] > 0]
        return pos[cls.forward_of_dropoff(model, side, pos)]

    @classmethod
    def forward_of_dropoff(cls, model, side: int, rows: np.ndarray) -> np.ndarray:
        """Which of the side's positions ``rows`` lie forward of its drop-off line (none
        without a line)."""
        if model.dropoff[side] <= 0.0:
            return np.zeros(len(rows), dtype=bool)
        behind_km = -model.depth[side].ravel()[model.units.cell[rows]]
        return behind_km < model.dropoff[side]

    # ------------------------------------------------------------------ dispatch
    @classmethod
    def sustain(cls, model, side: int) -> None:
        """Hourly: teams leave for the neediest forward positions while porters are free."""
        if not model.on_the_hour:
            return
        u, lg = model.units, model.side_params[side].logistics
        if model.dropoff[side] <= 0.0 or model.porters_free[side] < 1.0:
            return
        if model.line_stock[side] < 1.0:  # nothing to carry
            return
        pos = cls.forward_positions(model, side)
        if len(pos) == 0:
            return
        days = u.supply[pos] / u.strength[pos]
        teams = u.live_of(cls.KIND, side)
        served = u.objective[teams[u.mission[teams] == DELIVER]]
        needy = (days < lg.request_days) & ~np.isin(pos, served)
        for p in pos[needy][np.argsort(days[needy], kind="stable")]:
            porters = min(float(lg.porter_team), model.porters_free[side])
            if porters < 1.0 or model.line_stock[side] < 1.0:
                break
            start = cls.dropoff_cell(model, side, int(u.cell[p]))
            team = cls(model, side, start, int(p), porters)
            if not model.routes.send(team.row, int(u.cell[p])):
                team.back()

    @classmethod
    def dropoff_cell(cls, model, side: int, cell: int) -> int:
        """The passable cell on ``cell``'s row nearest the side's drop-off line."""
        return cell_behind_front(model, side, cell, model.dropoff[side])

    # ------------------------------------------------------------------ arrival
    def back(self) -> None:
        """The team is back at the drop-off line (or never left): porters rejoin the pool,
        and a load they could not hand over goes back into the line's stock."""
        u = self.model.units
        self.model.porters_free[self.side] += u.strength[self.row]
        self.model.line_stock[self.side] += u.supply[self.row]
        u.supply[self.row] = 0.0
        self.remove()

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        """At the position: hand over the load and walk back; at the line: rejoin the pool."""
        u = model.units
        for r in rows:
            if not u.alive[r]:
                continue
            team = u.agents[r]
            if u.mission[r] == DELIVER:
                target = int(u.objective[r])
                if u.alive[target] and u.side[target] == u.side[r]:
                    u.agents[target].receive(u.supply[r])
                    model.tally.porters[u.side[r], 1] += 1
                    model.tally.porter_delivered[u.side[r]] += u.supply[r]
                    u.supply[r] = 0.0
                u.mission[r] = RETURN
                if not model.routes.send(r, team.base):
                    team.back()
            else:
                team.back()

    def destroyed(self) -> None:
        if self.model.units.mission[self.row] == DELIVER:  # lost with the load
            self.model.tally.porters[self.side, 2] += 1
        self.remove()

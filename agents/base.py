"""What every unit shares: a Mesa cell agent whose state is a row of the model's unit table.

A unit is a Mesa ``CellAgent``: registered with the model (``model.agents_by_type``), placed in
a cell of the model's ``OrthogonalMooreGrid``. Its state lives in ``model.units`` (columns of
numpy arrays) so that the per-step phases can act on all units at once; the attributes below
read and write that row. Each kind adds its own rules as class methods that act on the rows
of all units of that kind, plus methods for the rare events of a single unit.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from mesa.discrete_space import CellAgent

from ..model.schema.spec import SIDES
from .kinds import NO_MOBILITY, NO_VEHICLE, PERSONNEL
from .registry import register


class Column:
    """An agent attribute stored in a column of the unit table."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __set_name__(self, owner, name):
        self.name = self.name or name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return getattr(obj.model.units, self.name)[obj.row].item()

    def __set__(self, obj, value):
        getattr(obj.model.units, self.name)[obj.row] = value
        if self.name in ("side", "alive"):
            obj.model.units.touch()


class Unit(CellAgent):
    """Base of all unit kinds: side, cell, strength, vehicles, supply, morale, suppression.

    A subclass that sets ``NAME`` is a unit kind: it registers itself in
    ``droneline.agents.UNIT_KINDS`` when it is defined, and gets its kind code (``KIND``).
    The class attributes below are everything the model's array code needs to know of a kind;
    the class methods are the hooks each phase of a step calls for every registered kind, in
    kind order (defaults: do nothing). A kind overrides only what it does.
    """

    NAME: ClassVar[str]  # registry key and column suffix ("assault_group")
    LABEL: ClassVar[str]  # plain words for maps, legends and reports
    MARKER: ClassVar[str] = "o"  # matplotlib marker code; the web map draws the same shape
    KIND: ClassVar[int]  # code = place in the registry (set on registration)
    MOBILITY: ClassVar[int] = NO_MOBILITY  # mobility class for routes (kinds.FOOT, ...)
    VEHICLE: ClassVar[int] = NO_VEHICLE  # vehicle type its vehicles count as (kinds.VEH_*)
    SECTION: ClassVar[str | None] = None  # the side section holding its numbers ("drones")
    SECTION_SCHEMA: ClassVar[type | None] = None  # that section's dataclass, if it brings one
    SIGNATURE: ClassVar[str]  # schema key of its base signature to sensors (still)
    TARGET_VALUE: ClassVar[str]  # schema key of its value as a target of drones and guns
    HIT_AS: ClassVar[str] = PERSONNEL  # PERSONNEL, HARD_VEHICLE or SOFT_VEHICLE
    ABOARD_LOSS: ClassVar[str | None] = None  # schema key: share of riders lost per vehicle
    OBSERVES: ClassVar[bool] = False  # watches the ground around it (ground observer)
    DIRECT_FIRE: ClassVar[bool] = False  # takes part in direct-fire combat
    ASSAULT: ClassVar[bool] = False  # counted among the assault units
    CARGO: ClassVar[bool] = False  # carries supply that burns with its vehicles
    MINE_RISK: ClassVar[str | None] = None  # "vehicle" or "foot": how mines hurt it
    DEPLOY_STAGE: ClassVar[str | None] = None  # "line" (before control) or "support" (after)
    DECISION_RANK: ClassVar[int] = 100  # order of decisions in the move phase (low first)
    FORMATIONS: ClassVar[tuple[str, ...]] = ()  # reinforcement formations it is raised as

    side = Column("side")
    strength = Column("strength")
    vehicles = Column("vehicles")
    supply = Column("supply")
    morale = Column("morale")
    suppression = Column("suppression")
    mission = Column("mission")
    cell_index = Column("cell")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "NAME" in cls.__dict__:
            cls.KIND = register(cls)

    def __init__(self, model, side: int, cell: int, **state):
        super().__init__(model)
        state.setdefault("strength0", state.get("strength", 0.0))
        state.setdefault("vehicles0", state.get("vehicles", 0.0))
        self.row = model.units.add(
            self, side=side, kind=self.KIND, cell=int(cell), born=model.steps, **state
        )
        self.cell = model.grid.cell_by_index(int(cell))

    @property
    def alive(self) -> bool:
        return bool(self.model.units.alive[self.row])

    @property
    def side_name(self) -> str:
        return SIDES[self.side]

    @property
    def xy(self) -> tuple[int, int]:
        """Cell coordinates (x along the depth, y along the front)."""
        c = self.cell_index
        return c % self.model.scales.nx, c // self.model.scales.nx

    @classmethod
    def params(cls, model, side: int):
        """This kind's section of ``side``'s parameters."""
        return getattr(model.side_params[side], cls.SECTION)

    def set_out(self) -> None:
        """The unit sets out toward the enemy (counted for the approach-loss measure)."""
        self.model.units.attacking[self.row] = True
        self.model.tally.set_out[self.side] += self.model.units.strength[self.row]

    # ------------------------------------------------------------------ losses
    def is_destroyed(self) -> bool:
        """Whether the unit has nothing left to fight with (default: no soldiers)."""
        return self.model.units.strength[self.row] <= 0

    def settle(self) -> None:
        """After losses: leave the map if destroyed (kinds may do something else first)."""
        if self.is_destroyed():
            self.destroyed()

    def destroyed(self) -> None:
        """The unit is gone."""
        self.remove()

    def remove(self) -> None:
        """Take the unit off the map and out of the model (its row stays, marked dead)."""
        self.model.units.alive[self.row] = False
        self.model.units.touch()
        super().remove()

    # ------------------------------------------------------------------ hooks (all units of a kind)
    @classmethod
    def deploy(cls, model, side: int) -> list:
        """The kind's units at the start of a battle (``DEPLOY_STAGE`` says when)."""
        return []

    @classmethod
    def new_day(cls, model, side: int) -> None:
        """Day boundary (restocking and the like)."""

    @classmethod
    def census(cls, model, side: int) -> dict[str, float]:
        """What this kind adds to each timeseries row about ``side``'s strength (column
        name without the side, value): the support arms count their crews, guns, stations."""
        return {}

    @classmethod
    def coverage(cls, model, side: int) -> None:
        """Refresh the map layers this kind's units make for ``side`` (recon, jamming, ...)."""

    @classmethod
    def observe_range_km(cls, model, side: int) -> float:
        """How far an observing unit of this kind sees enemy ground units."""
        return model.params.sensing.observe_range_km

    @classmethod
    def adjust_signature(cls, model, rows: np.ndarray, sig: np.ndarray) -> np.ndarray:
        """This step's signature of ``rows`` given their base (and movement) signature."""
        return sig

    @classmethod
    def strike(cls, model, side: int, targets: np.ndarray) -> None:
        """Fire this step at ``targets`` (enemy units ``side`` has located)."""

    @classmethod
    def jam_survival(cls, model, side: int, from_xy: np.ndarray, to_xy: np.ndarray):
        """Chance a radio drone flying each path ``from -> to`` (cells) is not jammed by
        ``side``'s units of this kind (None: this kind does not jam)."""
        return None

    @classmethod
    def lay_mines(cls, model, side: int) -> None:
        """Lay this step's mines (after all strikes of the side)."""

    @classmethod
    def decide(cls, model) -> None:
        """Decisions before movement (all units of the kind)."""

    @classmethod
    def on_arrival(cls, model, rows: np.ndarray) -> None:
        """``rows`` reached the end of their routes this step."""

    @classmethod
    def firepower(cls, model, rows: np.ndarray) -> np.ndarray:
        """Direct-fire firepower (soldier-equivalents) before suppression and supply."""
        return model.units.strength[rows].copy()

    @classmethod
    def shield(cls, model, rows: np.ndarray) -> np.ndarray:
        """Share of any fire the units are protected from (default: the terrain's)."""
        return model.protection.ravel()[model.units.cell[rows]]

    @classmethod
    def small_arms_shield(cls, model, rows: np.ndarray) -> np.ndarray:
        """Share of direct (small-arms) fire the units are protected from."""
        return cls.shield(model, rows)

    @classmethod
    def after_fire(cls, model) -> None:
        """After the step's direct fire (captures and the like)."""

    @classmethod
    def on_casualties(cls, model, rows: np.ndarray, share: np.ndarray) -> None:
        """``rows`` just lost ``share`` of their soldiers."""

    @classmethod
    def sustain(cls, model, side: int) -> None:
        """Consumption and supply of this step."""

    def __repr__(self) -> str:
        x, y = self.xy
        return (
            f"{type(self).__name__}({self.side_name}, x={x}, y={y}, "
            f"strength={self.strength:g}, vehicles={self.vehicles:g})"
        )


def along_front(
    model,
    side: int,
    n: int,
    depth_km: float,
    *,
    jitter: float = 0.15,
    offset: float = 0.0,
    prefer_cover: bool = True,
    search: int = 2,
) -> np.ndarray:
    """Cells for ``n`` units spread evenly along the front, ``depth_km`` behind it on
    ``side``'s own ground (distance to the initial front line, so salients are respected),
    snapped to the most concealed passable own cell nearby when ``prefer_cover``."""
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    scales, rng = model.scales, model.rng
    ny, nx = scales.ny, scales.nx
    ys = ((np.arange(n) + 0.5 + offset) / n + rng.uniform(-jitter, jitter, n) / n) * ny
    ys = np.clip(ys.astype(int) % ny, 0, ny - 1)
    behind = model.behind_front_km[side]  # km behind the initial front; 0 on enemy ground
    ok = model.passable & (behind > 0)
    if model.control_ready:  # support units go on ground the positions actually hold
        ok &= model.grid.control.data == side
    conceal = model.concealment
    tol = search * scales.cell_km  # how far the snap may move a unit off its depth (km)
    cells = np.empty(n, dtype=np.int64)
    for k, y in enumerate(ys):
        row_ok = ok[y]
        if not row_ok.any():
            row_ok = model.passable[y]
        x = int(np.argmin(np.where(row_ok, np.abs(behind[y] - depth_km), np.inf)))
        y0, y1 = max(0, y - search), min(ny, y + search + 1)
        x0, x1 = max(0, x - search), min(nx, x + search + 1)
        win_ok = ok[y0:y1, x0:x1] & (np.abs(behind[y0:y1, x0:x1] - depth_km) <= tol + 1e-9)
        score = np.where(win_ok, conceal[y0:y1, x0:x1] if prefer_cover else 0.0, -np.inf)
        yy, xx = np.mgrid[y0:y1, x0:x1]
        score = score - 0.01 * (np.abs(yy - y) + np.abs(xx - x))  # nearest among equals
        if not np.isfinite(score).any():
            cells[k] = y * nx + x
            continue
        j = np.unravel_index(np.argmax(score), score.shape)
        cells[k] = (y0 + j[0]) * nx + (x0 + j[1])
    return cells

"""The scenario schema: every parameter of the model, with its unit, default, range and source.

One typed schema serves the scenario loader, the command line (``--set``), the UI sliders,
the sweep designs and the parameter table in ``docs/ODD.md``: there is no second list of
names. Sections are dataclasses, one module per concept: :mod:`.run` (time, switches,
events), :mod:`.world` (map, terrain, movement, sensing, combat, mines, target values),
:mod:`.side` (one side's forces, defence, logistics, morale) and :mod:`.arms` (its drones,
EW, artillery); :mod:`.spec` declares and checks a leaf.

Names are dotted paths: ``blue.drones.strike_depth_km``, ``terrain.open.concealment``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .arms import EW, Artillery, DeepStrike, Drones
from .run import Event, Run, Switches, Wave
from .side import Defence, Forces, Logistics, Morale, Side, _side, kind_sections, side_class
from .spec import (
    BLUE,
    RED,
    SIDES,
    ParamSpec,
    ScenarioError,
    did_you_mean,
    param,
    printable,
    show,
    table_param,
    walk,
)
from .spec import DESIGN as _DESIGN
from .world import (
    Combat,
    Map,
    Mines,
    Movement,
    Sensing,
    Targeting,
    Terrain,
    TerrainType,
    Weather,
)

__all__ = [
    "BLUE",
    "EW",
    "RED",
    "SIDES",
    "Artillery",
    "Combat",
    "DeepStrike",
    "Defence",
    "Drones",
    "Event",
    "Forces",
    "Logistics",
    "Map",
    "Mines",
    "Weather",
    "Morale",
    "Movement",
    "ParamSpec",
    "Run",
    "Scenario",
    "ScenarioError",
    "Sensing",
    "Side",
    "Switches",
    "Targeting",
    "Terrain",
    "TerrainType",
    "Wave",
    "did_you_mean",
    "kind_sections",
    "param",
    "parameters",
    "printable",
    "show",
    "side_class",
    "side_parameters",
    "walk",
]

DESIGN = _DESIGN


@dataclass
class Scenario:
    """A whole scenario: what the loader builds from a TOML file."""

    name: str = param("scenario", "text", source=_DESIGN, doc="scenario name")
    description: str = param("", "text", source=_DESIGN, doc="one paragraph for users")
    reality: str = param("", "text", source=_DESIGN, doc="what happened in reality (classroom)")
    watch_for: str = param(
        "", "text", source=_DESIGN, doc="what to watch for on the map (classroom)"
    )
    question: str = param("", "text", source=_DESIGN, doc="a question for the class")
    attacker: str = param(
        "red", "side", source=_DESIGN, doc="the side whose advance is measured", choices=SIDES
    )
    run: Run = field(default_factory=Run)
    map: Map = field(default_factory=Map)
    terrain: Terrain = field(default_factory=Terrain)
    switches: Switches = field(default_factory=Switches)
    movement: Movement = field(default_factory=Movement)
    sensing: Sensing = field(default_factory=Sensing)
    combat: Combat = field(default_factory=Combat)
    mines: Mines = field(default_factory=Mines)
    targeting: Targeting = field(default_factory=Targeting)
    weather: Weather = field(default_factory=Weather)
    red: Side = _side("Red")
    blue: Side = _side("Blue")
    events: list = table_param(list, source=_DESIGN, doc="technology events ([[events]])")
    waves: list = table_param(list, source=_DESIGN, doc="assault plans ([[waves]])")

    def side(self, name_or_index: str | int) -> Side:
        """The parameters of ``"red"``/``"blue"`` (or side index 0/1)."""
        key = SIDES[name_or_index] if isinstance(name_or_index, int) else name_or_index
        return getattr(self, key)


def parameters() -> dict[str, ParamSpec]:
    """All scenario parameters by dotted name (red and blue listed separately)."""
    return {p.name: p for p in walk(Scenario)}


def side_parameters() -> dict[str, ParamSpec]:
    """Parameters of one side, by name relative to the side (``drones.fibre_share``)."""
    return {p.name: p for p in walk(side_class()) if p.name != "name"}

"""The run: time resolution and length, measurement, switches for experiments, and scheduled
technology events (scenario-level sections of the schema)."""

from __future__ import annotations

from dataclasses import dataclass

from .spec import ASSUMED, DESIGN, SEED, SIDES, param, table_param


@dataclass
class Run:
    """Time and space resolution, run length and measurement."""

    days: float = param(14, "day", 0.25, 120, source=DESIGN, doc="default run length")
    step_minutes: float = param(10, "min", 1, 60, source=DESIGN, doc="length of one step")
    start_hour: float = param(6, "h", 0, 23.99, source=DESIGN, doc="time of day at the start")
    daylight_start_hour: float = param(
        6, "h", 0, 24, source="Donbas spring: sunrise ~6 h", doc="daylight begins"
    )
    daylight_end_hour: float = param(
        20,
        "h",
        0,
        24,
        source="Donbas spring: sunset ~19-20 h",
        doc="daylight ends (bombers fly, sensors need thermal)",
    )
    metrics_interval_minutes: float = param(
        60, "min", 1, 1440, source=DESIGN, doc="how often the time series is sampled"
    )
    forward_depth_km: float = param(
        2.0,
        "km",
        0.1,
        20,
        source=ASSUMED,
        doc="positions this close to the front count as forward units (forward supply ratio)",
    )
    collapse_threshold: float = param(
        0.5,
        "fraction",
        0.05,
        0.95,
        source=ASSUMED,
        doc="defence counts as collapsed when it holds less than this share of its positions",
    )


@dataclass
class Event:
    """A technology event: ``side`` adopts ``set`` on ``day``; the other side copies it after
    ``copy_lag_days`` (none: never)."""

    day: float = param(0, "day", 0, 365, source=SEED, doc="day the side adopts it")
    side: str = param("red", "side", source=DESIGN, doc="side introducing it", choices=SIDES)
    label: str = param("", "text", source=DESIGN, doc="short name shown in reports")
    copy_lag_days: float = param(
        -1,
        "day",
        -1,
        365,
        source="fibre-optic drones copied within months; countermeasures lag (seed)",
        doc="days until the other side copies it (-1: never)",
    )
    set: dict = table_param(dict, source=DESIGN, doc="side parameters set, e.g. drones.fibre_share")


@dataclass
class Wave:
    """An assault plan: a synchronised wave of one side's mounted and foot units, all at its
    staging area at one time on one axis, besides the daily trickle of reinforcements."""

    side: str = param("red", "side", source=DESIGN, doc="side launching the wave", choices=SIDES)
    day: int = param(1, "day", 1, 365, source=DESIGN, doc="day of the wave (the map's clock)")
    hour: float = param(5.0, "h", 0, 23.99, source=DESIGN, doc="hour of the wave (the map's clock)")
    axis_km: float = param(
        -1.0,
        "km",
        -1,
        500,
        source=DESIGN,
        doc="where along the front it goes in, km from the map's top edge (-1: the middle)",
    )
    width_km: float = param(
        1.0, "km", 0, 100, source=DESIGN, doc="frontage the wave's units spread over"
    )
    motorcycles: int = param(
        0,
        "vehicles",
        0,
        2000,
        source="mass motorcycle assaults of dozens of bikes (Pokrovsk and Toretsk, 2025, press)",
        doc="motorcycles in the wave (squads of forces.bikes_per_squad)",
    )
    armor: int = param(
        0,
        "vehicles",
        0,
        500,
        source="battalion-size armoured assaults of 20-50 vehicles (Vuhledar, Avdiivka, press)",
        doc="armoured vehicles in the wave (groups of forces.vehicles_per_armor_group)",
    )
    foot: int = param(
        0,
        "soldiers",
        0,
        5000,
        source=DESIGN,
        doc="soldiers on foot in the wave (groups of forces.group_size)",
    )
    label: str = param("", "text", source=DESIGN, doc="short name shown in reports")


@dataclass
class Switches:
    """Mechanisms that can be switched off for degenerate checks and experiments."""

    terrain: bool = param(True, "bool", source=DESIGN, doc="off: all cells open ground")
    movement: bool = param(True, "bool", source=DESIGN, doc="off: no unit moves")
    reinforcements: bool = param(True, "bool", source=DESIGN, doc="off: no reinforcements arrive")
    logistics: bool = param(True, "bool", source=DESIGN, doc="off: no consumption, no convoys")

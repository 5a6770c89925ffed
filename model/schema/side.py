"""One side: its manpower, defence, logistics and morale, its support arms, and the sections
that unit kinds defined elsewhere bring with them. Both sides use the same schema, so the code
is symmetric: either side can attack, defend, fly a drone line or cut roads; presets make
them differ.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .arms import EW, Artillery, DeepStrike, Drones
from .spec import ASSUMED, DESIGN, SEED, param


@dataclass
class Forces:
    """Manpower: reinforcements and how they are used."""

    reinforcements_per_day: float = param(
        30,
        "soldiers/day",
        0,
        1000,
        source="Russia 1,000-1,500 recruits/day whole front (seed) x sector share",
        doc="soldiers arriving at the staging area per day",
    )
    attack_share: float = param(
        0.5,
        "fraction",
        0,
        1,
        source=ASSUMED,
        doc="share of reinforcements formed into assault units",
    )
    weather_hold: float = param(
        0.0,
        "fraction",
        0,
        1,
        source="attackers used fog and rain, when drones fly less, to infiltrate (Pokrovsk, "
        "late 2025, press)",
        doc="doctrine: share of the day's assault units held back on a day the enemy's drones "
        "fly freely, and sent on the next day they cannot",
    )
    staging_km: float = param(
        12,
        "km",
        0.5,
        60,
        source="main forces held in the near rear (seed)",
        doc="distance behind the initial front where reinforcements arrive",
    )
    group_size: int = param(
        5,
        "soldiers",
        2,
        12,
        source="3-10 (seed); 2-4 in 2025 (NGU)",
        doc="soldiers per assault group on foot",
    )
    motorcycle_share: float = param(
        0.0,
        "fraction",
        0,
        1,
        source="about half of assaults in some sectors (WSJ/NYT 2025)",
        doc="share of assault soldiers sent on motorcycles",
    )
    armor_share: float = param(
        0.0,
        "fraction",
        0,
        1,
        source=SEED + ": armoured groups are rare",
        doc="share of assault soldiers sent as dismounts of armoured groups",
    )
    bikes_per_squad: int = param(
        3,
        "bikes",
        1,
        50,
        source="clusters of 3, 5, 7 riders (press)",
        doc="motorcycles per motorcycle squad",
    )
    riders_per_bike: int = param(2, "soldiers", 1, 2, source=ASSUMED, doc="soldiers per motorcycle")
    vehicles_per_armor_group: int = param(
        3, "vehicles", 1, 40, source=SEED, doc="armoured vehicles per armoured group"
    )
    dismounts_per_vehicle: int = param(
        6,
        "soldiers",
        1,
        12,
        source="tens of soldiers (seed)",
        doc="soldiers carried per armoured vehicle",
    )
    axis_width_km: float = param(
        1.5,
        "km",
        0.1,
        40,
        source="several groups attack the same few defenders (seed)",
        doc="width of the day's axis of attack: where the day's assault units gather",
    )
    groups_per_assault: int = param(
        1,
        "count",
        1,
        20,
        source="'several such groups attack the positions of the same few defenders' (seed)",
        doc="doctrine: assault groups on foot gather in an assembly area until this many are "
        "there, then set out together for one position (1: each group goes alone)",
    )
    assembly_max_hours: float = param(
        12.0,
        "hour",
        0,
        240,
        source=ASSUMED,
        doc="the groups waiting in the assembly area set out together, however few, once the "
        "first has waited this long",
    )
    assembly_quantile: float = param(
        0.9,
        "fraction",
        0.05,
        1,
        source=ASSUMED,
        doc="the assembly area lies beyond this share of the remembered enemy drone hits on "
        "the side's soldiers on their way forward (main forces wait in the near rear, out "
        "of the drones' reach: seed)",
    )
    assembly_margin_km: float = param(
        0.5,
        "km",
        0,
        10,
        source=ASSUMED,
        doc="how far beyond that depth the assembly area lies",
    )
    assembly_min_km: float = param(
        1.0,
        "km",
        0,
        20,
        source=ASSUMED,
        doc="the assembly area lies at least this far behind the front",
    )
    weakness_preference_km: float = param(
        0.2,
        "km per soldier",
        0,
        5,
        source="assault groups probe for weak points (Donik)",
        doc="attackers pick the enemy position minimising distance + this x its garrison",
    )
    dismount_km: float = param(
        0.8,
        "km",
        0.1,
        5,
        source=ASSUMED,
        doc="mounted units dismount at this distance from the objective",
    )
    armor_support_hours: float = param(
        1.0,
        "hour",
        0,
        1000,
        source="armour drops its troops and pulls back out of the drones' reach (press, "
        "2025); hours " + ASSUMED,
        doc="doctrine: after its troops dismount, armour supports them from where it stopped "
        "this long, then drives back to the rear",
    )
    parked_bike_hours: float = param(
        6.0,
        "hour",
        0,
        1000,
        source=ASSUMED,
        doc="motorcycles left where their riders got off (or fell) stay there this long, a "
        "target, before they are recovered or written off the map",
    )
    relief_distance_km_per_soldier: float = param(
        2.0,
        "km per soldier",
        0,
        50,
        source=ASSUMED,
        doc="reliefs pick the own position minimising soldiers + distance / this",
    )
    carried_supply_days: float = param(
        3, "day", 0.5, 15, source="hold 3-4 days (Donik)", doc="supply an assault group carries"
    )


@dataclass
class Defence:
    """Defended positions: the side's initial line."""

    positions: int = param(
        20,
        "count",
        0,
        300,
        source="thin lines of 2-3 soldiers with gaps (Kofman)",
        doc="defended positions at the start",
    )
    garrison: int = param(
        6,
        "soldiers",
        1,
        80,
        source="'usually dozens of people' (seed); 2-3 (Kofman)",
        doc="soldiers per position at the start",
    )
    belt_km: float = param(
        4, "km", 0.2, 20, source=ASSUMED, doc="depth of the belt of positions behind the front"
    )
    fortification: float = param(
        0.6,
        "fraction",
        0,
        0.95,
        source=ASSUMED,
        doc="share of incoming fire a dug-in position defeats",
    )
    captured_fortification: float = param(
        0.3,
        "fraction",
        0,
        0.95,
        source=ASSUMED,
        doc="fortification of a position taken from the enemy (facing the wrong way, damaged)",
    )
    supply_days: float = param(
        5,
        "day",
        0,
        60,
        source="Sudzha: collapse within ~10 days of the cut",
        doc="supply stock of a position at the start",
    )
    max_garrison: int = param(
        20, "soldiers", 1, 200, source=ASSUMED, doc="a position accepts reliefs up to this garrison"
    )
    counterattack_odds: float = param(
        0.0,
        "ratio",
        0,
        20,
        source="local counterattacks retook positions near Pokrovsk (seed); odds " + ASSUMED,
        doc="doctrine: the side's positions nearby send soldiers to retake a position it lost "
        "when they can spare this many times its garrison's strength behind its "
        "fortification (0: never; off by default until calibrated)",
    )
    counterattack_km: float = param(
        2.0,
        "km",
        0.1,
        20,
        source=ASSUMED,
        doc="positions within this distance of a lost position join a counterattack on it",
    )
    counterattack_keep: int = param(
        3,
        "soldiers",
        0,
        80,
        source=ASSUMED,
        doc="soldiers a position keeps when it sends others to a counterattack",
    )
    first_line_km: float = param(
        0.4,
        "km",
        0.05,
        5,
        source=ASSUMED,
        doc="distance of the first line of positions behind the front",
    )
    line_spacing_km: float = param(
        1.5, "km", 0.2, 10, source=ASSUMED, doc="spacing of the lines of positions within the belt"
    )


@dataclass
class Logistics:
    """Supply: depots at the rear, convoys on the road network, consumption."""

    convoys_per_day: float = param(
        8, "convoys/day", 0, 200, source=ASSUMED, doc="convoys the side can dispatch per day"
    )
    cargo_soldier_days: float = param(
        120, "soldier-days", 1, 5000, source=ASSUMED, doc="supply one convoy carries"
    )
    request_days: float = param(
        3,
        "day",
        0,
        30,
        source=ASSUMED,
        doc="a position asks for supply when its stock falls below this",
    )
    trucks_per_convoy: int = param(2, "vehicles", 1, 20, source=ASSUMED, doc="vehicles per convoy")
    local_supply_per_day: float = param(
        0.15,
        "soldier-days per soldier per day",
        0,
        1,
        source=ASSUMED,
        doc="supply reaching positions without convoys or porters (cargo drones, local finds)",
    )
    dropoff_line: bool = param(
        False,
        "bool",
        source="trucks stop 10-20 km back under drones, the rest is walked (press, 2025); off "
        "by default until it is calibrated (docs/ODD.md section 8)",
        doc="doctrine: trucks stop at a drop-off line learned from enemy drone hits on them and "
        "porters carry supply on to the positions forward of it (off: trucks drive to every "
        "position)",
    )
    threat_memory_days: float = param(
        3,
        "day",
        0.25,
        30,
        source=ASSUMED,
        doc="the side remembers how deep enemy drones hit its supply trucks, and its "
        "soldiers on their way forward, over about this many days (its drop-off line and its "
        "assembly area follow that memory)",
    )
    dropoff_quantile: float = param(
        0.9,
        "fraction",
        0,
        1,
        source="trucks stop 10-20 km back, the rest is walked (Sudzha retreat on foot 15-20 km, "
        "CALIBRATION.md); quantile " + ASSUMED,
        doc="vehicles stop at the depth behind the front within which this share of the "
        "remembered enemy drone hits on its trucks fell; forward of it supply is carried on foot",
    )
    porters_per_km: float = param(
        3,
        "soldiers/km of front",
        0,
        50,
        source=ASSUMED,
        doc="soldiers per km of front assigned to carry supply by hand from the drop-off line "
        "to forward positions",
    )
    porter_team: int = param(
        2, "soldiers", 1, 12, source=ASSUMED, doc="porters who walk together to one position"
    )
    porter_load_soldier_days: float = param(
        1.5,
        "soldier-days per porter",
        0.1,
        10,
        source="a porter carries 20-30 kg; a soldier-day of water, food and ammunition is "
        "15-20 kg (" + ASSUMED + ")",
        doc="supply one porter carries",
    )


@dataclass
class Morale:
    """Morale of positions and when they withdraw."""

    loss_per_day_out_of_supply: float = param(
        0.25, "1/day", 0, 5, source=ASSUMED, doc="morale lost per day without supply"
    )
    loss_per_casualty_share: float = param(
        0.5,
        "per casualty share",
        0,
        5,
        source=ASSUMED,
        doc="morale lost per casualty as share of garrison",
    )
    recovery_per_day: float = param(
        0.1, "1/day", 0, 5, source=ASSUMED, doc="morale regained per day in supply"
    )
    relief_boost: float = param(
        0.1,
        "per soldier share",
        0,
        5,
        source=ASSUMED,
        doc="morale a relief brings, per soldier as share of garrison",
    )
    withdraw_below: float = param(
        0.3,
        "fraction",
        0,
        1,
        source=ASSUMED,
        doc="a position withdraws when its morale falls below this",
    )
    shock_on_neighbour_loss: float = param(
        0.15,
        "fraction",
        0,
        1,
        source="Sudzha: the salient unravelled within ~10 days (seed)",
        doc="morale lost by positions near one that is abandoned or taken",
    )
    shock_radius_km: float = param(
        2.0, "km", 0, 10, source=ASSUMED, doc="how far that shock reaches"
    )


@dataclass
class Side:
    """Everything one side has and does. Both sides use the same schema."""

    name: str = param("side", "text", source=DESIGN, doc="display name of the side")
    forces: Forces = field(default_factory=Forces)
    defence: Defence = field(default_factory=Defence)
    drones: Drones = field(default_factory=Drones)
    deep_strike: DeepStrike = field(default_factory=DeepStrike)
    ew: EW = field(default_factory=EW)
    artillery: Artillery = field(default_factory=Artillery)
    logistics: Logistics = field(default_factory=Logistics)
    morale: Morale = field(default_factory=Morale)


_extended: dict[tuple, type] = {}


def kind_sections() -> dict[str, type]:
    """Side sections declared by unit kinds outside this schema (``SECTION`` and
    ``SECTION_SCHEMA`` of a registered class), by section name."""
    from ...agents.registry import UNIT_KINDS

    base = {f.name for f in dataclasses.fields(Side)}
    out = {}
    for cls in UNIT_KINDS.values():
        schema = getattr(cls, "SECTION_SCHEMA", None)
        if schema is not None and cls.SECTION not in base:
            out[cls.SECTION] = schema
    return out


def side_class() -> type:
    """:class:`Side`, extended with the sections of the registered unit kinds that bring
    their own (a new kind is one class plus one section)."""
    extra = kind_sections()
    if not extra:
        return Side
    key = tuple(extra.items())
    cls = _extended.get(key)
    if cls is None:
        fields = [(name, schema, field(default_factory=schema)) for name, schema in extra.items()]
        name = "Side_" + "_".join(extra)  # a module-level name, so scenarios pickle
        cls = dataclasses.make_dataclass(name, fields, bases=(Side,), module=__name__)
        cls.__doc__ = Side.__doc__
        _extended[key] = cls
    return cls


def __getattr__(name: str) -> Any:
    """The extended side classes by name (as pickle looks them up in a fresh process)."""
    if name.startswith("Side_"):
        from ...agents import registry  # noqa: F401  (registers the kinds)

        cls = side_class()
        if cls.__name__ == name:
            return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _side(name: str) -> Any:
    return field(default_factory=lambda: side_class()(name=name))

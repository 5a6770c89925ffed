"""The scenario schema: every parameter of the model, with its unit, default, range and source.

One typed schema serves the scenario loader, the command line (``--set``), the UI sliders,
the sweep designs and the parameter table in ``docs/ODD.md``: there is no second list of
names. Sections are dataclasses; each leaf is declared with :func:`param`, which records the
unit, the allowed range (or choices), where the default comes from, and a one-line meaning.

Names are dotted paths: ``blue.drones.strike_depth_km``, ``terrain.open.concealment``.
Both sides share one :class:`Side` section, so the code is symmetric: either side can attack,
defend, fly a drone line or cut roads; presets make them differ.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SIDES = ("red", "blue")


def param(
    default: Any,
    unit: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    source: str,
    doc: str,
    choices: tuple | None = None,
):
    """Declare one scenario parameter (a dataclass field carrying its metadata)."""
    meta = {"unit": unit, "lo": lo, "hi": hi, "source": source, "doc": doc, "choices": choices}
    return field(default=default, metadata=meta)


# Sources used by several defaults (full references in CALIBRATION.md).
SEED = "seed article (Meduza 2025)"
DESIGN = "design choice (DESIGN.md scales)"
CAL = "calibrated within CALIBRATION.md ranges; see docs/ODD.md §7"
ASSUMED = "modelling assumption; see docs/ODD.md"


# --------------------------------------------------------------------------- run and map
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
    collapse_threshold: float = param(
        0.5,
        "fraction",
        0.05,
        0.95,
        source=ASSUMED,
        doc="defence counts as collapsed when it holds less than this share of its positions",
    )


@dataclass
class Map:
    """The sector and its generated Donbas-like terrain (fixed by its own seed)."""

    seed: int = param(7, "-", 0, 2**31 - 1, source=DESIGN, doc="seed of the terrain generator")
    cell_m: float = param(100, "m", 25, 500, source=DESIGN, doc="cell edge length")
    frontage_km: float = param(
        8, "km", 1, 40, source=DESIGN, doc="width of the sector along the front"
    )
    depth_km: float = param(30, "km", 4, 80, source=DESIGN, doc="depth of the sector (both sides)")
    front_fraction: float = param(
        0.5,
        "fraction",
        0.1,
        0.9,
        source=DESIGN,
        doc="initial front position as a fraction of depth from blue's rear edge",
    )
    bulge_km: float = param(
        0,
        "km",
        -30,
        30,
        source=ASSUMED,
        doc="depth of a salient in the initial front (+: blue bulges into red; -: red into blue)",
    )
    bulge_width_km: float = param(4, "km", 0.5, 40, source=ASSUMED, doc="width of that salient")
    treeline_spacing_km: float = param(
        0.7,
        "km",
        0.2,
        3,
        source="Donbas windbreaks every 0.5-1 km (DESIGN.md)",
        doc="mean spacing of tree lines between fields",
    )
    treeline_gap_fraction: float = param(
        0.25, "fraction", 0, 0.9, source=ASSUMED, doc="share of tree-line length that is gaps"
    )
    villages: int = param(6, "count", 0, 40, source=ASSUMED, doc="villages in the sector")
    village_radius_km: float = param(0.35, "km", 0.1, 1.5, source=ASSUMED, doc="village radius")
    town: bool = param(True, "bool", source=ASSUMED, doc="whether a town lies on blue's side")
    town_radius_km: float = param(1.2, "km", 0.3, 4, source=ASSUMED, doc="town radius")
    town_depth_km: float = param(
        6,
        "km",
        0.5,
        40,
        source="Pokrovsk lay ~5-10 km behind the front in spring 2025",
        doc="distance of the town centre behind the initial front on blue's side",
    )
    roads: int = param(
        3,
        "count",
        1,
        12,
        source=ASSUMED,
        doc="main roads crossing the sector from rear to rear (each side's supply routes)",
    )
    lateral_roads: int = param(2, "count", 0, 12, source=ASSUMED, doc="roads along the front")
    river: bool = param(False, "bool", source=ASSUMED, doc="a river parallel to the front")
    river_depth_km: float = param(
        -8,
        "km",
        -40,
        40,
        source=ASSUMED,
        doc="river position relative to the initial front (+: on red's side)",
    )


@dataclass
class TerrainType:
    """How one terrain type hides, protects and slows units."""

    concealment: float = param(
        0.0, "fraction", 0, 0.95, source=ASSUMED, doc="reduction of detection by sensors"
    )
    protection: float = param(
        0.0, "fraction", 0, 0.95, source=ASSUMED, doc="reduction of casualties from fire"
    )
    foot_kmh: float = param(3.0, "km/h", 0, 10, source=ASSUMED, doc="speed on foot")
    motorcycle_kmh: float = param(
        25.0, "km/h", 0, 120, source=ASSUMED, doc="speed of motorcycles, ATVs and buggies"
    )
    tracked_kmh: float = param(
        12.0, "km/h", 0, 60, source=ASSUMED, doc="speed of armoured vehicles"
    )
    truck_kmh: float = param(5.0, "km/h", 0, 90, source=ASSUMED, doc="speed of supply trucks")


def _tt(conc, prot, foot, moto, track, truck):
    return field(default_factory=lambda: TerrainType(conc, prot, foot, moto, track, truck))


@dataclass
class Terrain:
    """Per-terrain-type concealment, protection and speed by mobility class."""

    open: TerrainType = _tt(0.0, 0.0, 3.0, 25.0, 12.0, 6.0)
    treeline: TerrainType = _tt(0.6, 0.3, 2.0, 8.0, 5.0, 2.0)
    urban: TerrainType = _tt(0.7, 0.6, 1.5, 12.0, 5.0, 8.0)
    road: TerrainType = _tt(0.0, 0.0, 4.0, 45.0, 25.0, 35.0)
    water: TerrainType = _tt(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


@dataclass
class Movement:
    """Route choice: cost-distance fields trade travel time against exposure."""

    cover_preference_foot: float = param(
        3.0,
        "factor",
        0,
        20,
        source="infiltration from cover to cover (DESIGN.md)",
        doc="extra cost of crossing open cells on foot (routes hug tree lines and ruins)",
    )
    cover_preference_motorcycle: float = param(
        0.0,
        "factor",
        0,
        20,
        source="motorcycles dash across the kill zone (seed)",
        doc="extra cost of crossing open cells by motorcycle",
    )
    cover_preference_tracked: float = param(
        0.0, "factor", 0, 20, source=ASSUMED, doc="extra cost of crossing open cells in armour"
    )
    cover_preference_truck: float = param(
        0.0, "factor", 0, 20, source=ASSUMED, doc="extra cost of crossing open cells by truck"
    )


# --------------------------------------------------------------------------- shared physics
@dataclass
class Sensing:
    """Detection of enemy units by recon drones and by ground observers."""

    enabled: bool = param(
        True, "bool", source=DESIGN, doc="off: every unit sees every enemy unit (degenerate checks)"
    )
    area_per_recon_sortie_km2: float = param(
        3.0,
        "km²",
        0.1,
        50,
        source=CAL,
        doc="area a recon sortie searches thoroughly (detection intensity = sorties x area / zone)",
    )
    observe_range_km: float = param(
        1.0, "km", 0, 5, source=ASSUMED, doc="range at which ground units observe enemy units"
    )
    observe_rate_per_hour: float = param(
        1.0, "1/h", 0, 20, source=ASSUMED, doc="detection intensity of a ground observer in range"
    )
    track_minutes: float = param(
        30, "min", 5, 240, source=ASSUMED, doc="how long a detection stays usable for strikes"
    )
    night_factor: float = param(
        0.6,
        "factor",
        0,
        1,
        source=ASSUMED,
        doc="detection at night relative to day (thermal sights)",
    )
    moving_factor: float = param(
        2.5,
        "factor",
        1,
        10,
        source=ASSUMED,
        doc="signature of a moving unit relative to a still one",
    )
    signature_foot: float = param(
        1.0, "factor", 0, 10, source=ASSUMED, doc="signature of an assault group (reference)"
    )
    signature_motorcycle: float = param(
        1.3, "factor", 0, 10, source=ASSUMED, doc="signature of a motorcycle squad"
    )
    signature_armor: float = param(
        4.0,
        "factor",
        0,
        20,
        source=ASSUMED,
        doc="signature of an armoured group (large, hot, loud)",
    )
    signature_convoy: float = param(
        3.0, "factor", 0, 20, source=ASSUMED, doc="signature of a supply convoy"
    )
    signature_position: float = param(
        0.5, "factor", 0, 10, source=ASSUMED, doc="signature of a dug-in position"
    )
    signature_drone_site: float = param(
        0.4, "factor", 0, 10, source=ASSUMED, doc="signature of a drone launch site, idle"
    )
    signature_per_sortie: float = param(
        0.15,
        "factor per sortie/h",
        0,
        5,
        source=ASSUMED,
        doc="extra launch-site signature per sortie per hour (launches give sites away)",
    )
    signature_ew: float = param(
        2.0, "factor", 0, 20, source=ASSUMED, doc="signature of an emitting EW station"
    )
    signature_artillery: float = param(
        1.5, "factor", 0, 20, source=ASSUMED, doc="signature of an artillery battery when firing"
    )
    signature_artillery_silent: float = param(
        0.45,
        "factor",
        0,
        20,
        source=ASSUMED,
        doc="signature of a battery that has not fired for an hour (camouflaged guns)",
    )


@dataclass
class Combat:
    """Direct fire between ground units (stochastic Lanchester-type attrition)."""

    range_km: float = param(
        0.6, "km", 0.05, 3, source=ASSUMED, doc="direct-fire range of small arms and crew weapons"
    )
    kill_rate_per_hour: float = param(
        0.06,
        "casualties per shooter-hour",
        0.001,
        2,
        source=CAL,
        doc="Lanchester attrition coefficient: casualties one unsuppressed shooter inflicts",
    )
    assault_range_km: float = param(
        0.25, "km", 0.05, 1, source=ASSUMED, doc="distance at which a group assaults a position"
    )
    assault_factor: float = param(
        3.0,
        "factor",
        1,
        20,
        source=ASSUMED,
        doc="lethality of close assault relative to fire at range",
    )
    vehicle_fire_per_vehicle: float = param(
        3.0,
        "shooter-equivalents",
        0,
        20,
        source=ASSUMED,
        doc="firepower of one armoured vehicle in soldier-equivalents",
    )
    mounted_casualty_share: float = param(
        0.5,
        "fraction",
        0,
        1,
        source=ASSUMED,
        doc="share of the soldiers aboard a destroyed vehicle who become casualties",
    )
    armor_protection: float = param(
        0.9,
        "fraction",
        0,
        1,
        source="seed: armour is protected against small arms",
        doc="share of small-arms fire on mounted troops that armour stops",
    )
    suppression_per_casualty: float = param(
        0.35,
        "per casualty share",
        0,
        5,
        source=ASSUMED,
        doc="suppression added per casualty as share of strength",
    )
    suppression_per_strike: float = param(
        0.5, "fraction", 0, 1, source=ASSUMED, doc="suppression added when a unit is struck"
    )
    suppression_halflife_minutes: float = param(
        40, "min", 1, 600, source=ASSUMED, doc="half-life of suppression"
    )
    suppression_stop: float = param(
        0.3,
        "fraction",
        0,
        1,
        source=ASSUMED,
        doc="a mobile unit suppressed above this goes to ground",
    )
    out_of_supply_fire: float = param(
        0.35, "factor", 0, 1, source=ASSUMED, doc="firepower of a unit out of supply"
    )
    break_off_fraction: float = param(
        0.3,
        "fraction",
        0,
        1,
        source=ASSUMED,
        doc="an assault group below this share of its start strength breaks off and falls back",
    )


@dataclass
class Mines:
    """Mines laid by mining drones on roads and tracks."""

    per_sortie: float = param(
        1.0, "mines", 0, 10, source=ASSUMED, doc="mines laid by one mining sortie"
    )
    vehicle_loss_per_mine: float = param(
        0.03,
        "probability",
        0,
        1,
        source=ASSUMED,
        doc="chance a vehicle crossing a cell is lost, per mine in the cell",
    )
    foot_casualty_per_mine: float = param(
        0.003,
        "probability",
        0,
        1,
        source=ASSUMED,
        doc="chance a soldier crossing a cell on foot is hit, per mine in the cell",
    )
    decay_per_day: float = param(
        0.3, "1/day", 0, 1, source=ASSUMED, doc="share of mines cleared or detonated per day"
    )


@dataclass
class Targeting:
    """Strike priority (target value) by unit kind, shared by drones and artillery."""

    position: float = param(1.0, "value", 0, 100, source=ASSUMED, doc="value of a position")
    assault_group: float = param(
        1.5, "value", 0, 100, source=ASSUMED, doc="value of an assault group"
    )
    motorcycle: float = param(
        2.0, "value", 0, 100, source=ASSUMED, doc="value of a motorcycle squad"
    )
    armor: float = param(
        10.0,
        "value",
        0,
        100,
        source="FPVs ~2/3 of tank losses (NATO, 2024)",
        doc="value of an armoured group",
    )
    convoy: float = param(
        6.0,
        "value",
        0,
        100,
        source=SEED + ": cut the links to the near rear",
        doc="value of a supply convoy",
    )
    drone_unit: float = param(
        5.0, "value", 0, 100, source=ASSUMED, doc="value of a drone launch site"
    )
    ew: float = param(5.0, "value", 0, 100, source=ASSUMED, doc="value of an EW station")
    artillery: float = param(
        6.0, "value", 0, 100, source=ASSUMED, doc="value of an artillery battery"
    )


# --------------------------------------------------------------------------- one side
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
class Drones:
    """Drone units: launch sites with crews, stock, sorties and ranges by type."""

    units: int = param(
        12,
        "units",
        0,
        200,
        source="drone regiments/brigades along the line (seed)",
        doc="drone units (launch sites)",
    )
    crews_per_unit: int = param(6, "crews", 1, 50, source=ASSUMED, doc="crews per drone unit")
    soldiers_per_crew: int = param(2, "soldiers", 1, 6, source=ASSUMED, doc="soldiers per crew")
    setback_km: float = param(
        4, "km", 0.3, 30, source=ASSUMED, doc="distance of launch sites behind the front"
    )
    strike_depth_km: float = param(
        12,
        "km",
        0,
        60,
        source="drone line hits targets to 10-15 km (seed)",
        doc="depth beyond the front to which the side tasks its drones (drone-line depth)",
    )
    own_side_km: float = param(
        3,
        "km",
        0,
        30,
        source=ASSUMED,
        doc="depth of own territory behind the front the drones also watch",
    )
    sorties_per_crew_hour: float = param(
        0.6,
        "sorties/crew/h",
        0,
        6,
        source="~11,000 UA missions/day whole front (Syrskyi 2026) x sector share",
        doc="sortie rate of a crew",
    )
    recon_share: float = param(
        0.25, "fraction", 0, 1, source=ASSUMED, doc="share of crews on recon"
    )
    bomber_share: float = param(
        0.1,
        "fraction",
        0,
        1,
        source=ASSUMED,
        doc="share of crews flying heavy bombers (night only)",
    )
    mining_share: float = param(
        0.05, "fraction", 0, 1, source=ASSUMED, doc="share of crews laying mines on enemy roads"
    )
    interdiction_share: float = param(
        0.0,
        "fraction",
        0,
        1,
        source="Rubikon held the Sudzha highway under FPV/mine fire",
        doc="share of strike and mining crews tasked to watch and hit the enemy's supply roads",
    )
    fibre_share: float = param(
        0.2,
        "fraction",
        0,
        1,
        source="fibre-optic FPVs from late 2024 (press)",
        doc="share of FPV sorties flown with fibre-optic drones",
    )
    fibre_rate_factor: float = param(
        0.6,
        "factor",
        0.1,
        1,
        source="shorter and slower sortie cycle (DESIGN.md)",
        doc="sortie rate of a fibre-optic crew relative to a radio FPV crew",
    )
    fpv_range_km: float = param(
        15,
        "km",
        1,
        60,
        source="roads at risk 15-20 km from the front",
        doc="range of radio FPV drones",
    )
    fibre_range_km: float = param(
        15,
        "km",
        1,
        40,
        source="10-25 km of cable per flight (press)",
        doc="range of fibre-optic FPV drones",
    )
    bomber_range_km: float = param(20, "km", 1, 60, source=ASSUMED, doc="range of heavy bombers")
    recon_range_km: float = param(25, "km", 1, 100, source=ASSUMED, doc="range of recon drones")
    hit_probability: float = param(
        0.35, "probability", 0, 1, source=CAL, doc="chance an unjammed FPV sortie hits its target"
    )
    bomber_hit_probability: float = param(
        0.3, "probability", 0, 1, source=ASSUMED, doc="chance a bomber sortie hits its target"
    )
    bomber_casualties_per_hit: float = param(
        1.5, "soldiers", 0, 10, source=ASSUMED, doc="mean casualties of a bomber hit on troops"
    )
    casualties_per_hit: float = param(
        0.8, "soldiers", 0, 5, source=CAL, doc="mean casualties of a hit on troops in the open"
    )
    vehicle_kill_probability: float = param(
        0.25,
        "probability",
        0,
        1,
        source="FPVs ~2/3 of recent tank losses (NATO, 2024)",
        doc="chance a hit disables an armoured vehicle (several hits per kill)",
    )
    soft_vehicle_kill_probability: float = param(
        0.7,
        "probability",
        0,
        1,
        source=ASSUMED,
        doc="chance a hit disables a soft vehicle (truck, motorcycle)",
    )
    stock_per_crew: float = param(
        20, "drones", 0, 1000, source=ASSUMED, doc="drones held per crew at the start"
    )
    production_per_day: float = param(
        300,
        "drones/day",
        0,
        20000,
        source="UA FPV production 2.2-4.5 M/yr (Ukrainian gov.) x sector share",
        doc="drones delivered to the side's units per day",
    )
    recon_loss_probability: float = param(
        0.05, "probability", 0, 1, source=ASSUMED, doc="chance a recon sortie loses its drone"
    )


@dataclass
class EW:
    """Electronic-warfare stations jamming radio-controlled drones."""

    stations: int = param(3, "stations", 0, 50, source=ASSUMED, doc="EW stations")
    radius_km: float = param(3, "km", 0.2, 20, source=ASSUMED, doc="jamming radius")
    jam_probability: float = param(
        0.25,
        "probability",
        0,
        1,
        source="up to ~31% of FPV sorties lost to jamming (press)",
        doc="chance a radio drone sortie into the radius is jammed",
    )
    setback_km: float = param(2, "km", 0.2, 20, source=ASSUMED, doc="distance behind the front")
    crew: int = param(3, "soldiers", 1, 10, source=ASSUMED, doc="soldiers per EW station")


@dataclass
class Artillery:
    """Artillery batteries firing at what the side has detected."""

    batteries: int = param(4, "batteries", 0, 100, source=ASSUMED, doc="artillery batteries")
    guns_per_battery: int = param(4, "guns", 1, 12, source=ASSUMED, doc="guns per battery")
    crew_per_gun: int = param(5, "soldiers", 1, 12, source=ASSUMED, doc="soldiers per gun")
    shells_per_day: float = param(
        200,
        "shells/day",
        0,
        20000,
        source="RU 40-70k/day, UA 10-15k/day whole front, later halved (UA command) x sector share",
        doc="shells the side fires per day in the sector",
    )
    range_km: float = param(20, "km", 1, 60, source=ASSUMED, doc="range of the guns")
    setback_km: float = param(8, "km", 1, 40, source=ASSUMED, doc="distance behind the front")
    casualties_per_shell: float = param(
        0.04,
        "soldiers",
        0,
        2,
        source=CAL,
        doc="mean casualties of a shell on troops in the open",
    )
    vehicle_kill_per_shell: float = param(
        0.01,
        "probability",
        0,
        1,
        source=ASSUMED,
        doc="chance a shell disables an armoured vehicle or gun",
    )
    soft_kill_per_shell: float = param(
        0.05,
        "probability",
        0,
        1,
        source=ASSUMED,
        doc="chance a shell disables a truck, motorcycle or EW set",
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
        doc="supply reaching positions without convoys (porters, drone drops)",
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
    ew: EW = field(default_factory=EW)
    artillery: Artillery = field(default_factory=Artillery)
    logistics: Logistics = field(default_factory=Logistics)
    morale: Morale = field(default_factory=Morale)


def _side(name: str) -> Any:
    return field(default_factory=lambda: Side(name=name))


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
    set: dict = field(
        default_factory=dict,
        metadata={
            "unit": "-",
            "lo": None,
            "hi": None,
            "source": DESIGN,
            "choices": None,
            "doc": "side parameters set, e.g. drones.fibre_share",
        },
    )


@dataclass
class Switches:
    """Mechanisms that can be switched off for degenerate checks and experiments."""

    terrain: bool = param(True, "bool", source=DESIGN, doc="off: all cells open ground")
    movement: bool = param(True, "bool", source=DESIGN, doc="off: no unit moves")
    reinforcements: bool = param(True, "bool", source=DESIGN, doc="off: no reinforcements arrive")
    logistics: bool = param(True, "bool", source=DESIGN, doc="off: no consumption, no convoys")


@dataclass
class Scenario:
    """A whole scenario: what the loader builds from a TOML file."""

    name: str = param("scenario", "text", source=DESIGN, doc="scenario name")
    description: str = param("", "text", source=DESIGN, doc="one paragraph for users")
    reality: str = param("", "text", source=DESIGN, doc="what happened in reality (classroom)")
    watch_for: str = param(
        "", "text", source=DESIGN, doc="what to watch for on the map (classroom)"
    )
    question: str = param("", "text", source=DESIGN, doc="a question for the class")
    attacker: str = param(
        "red", "side", source=DESIGN, doc="the side whose advance is measured", choices=SIDES
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
    red: Side = _side("Red")
    blue: Side = _side("Blue")
    events: list = field(
        default_factory=list,
        metadata={
            "unit": "-",
            "lo": None,
            "hi": None,
            "source": DESIGN,
            "choices": None,
            "doc": "technology events ([[events]])",
        },
    )

    def side(self, name_or_index: str | int) -> Side:
        """The parameters of ``"red"``/``"blue"`` (or side index 0/1)."""
        key = SIDES[name_or_index] if isinstance(name_or_index, int) else name_or_index
        return getattr(self, key)


# --------------------------------------------------------------------------- introspection
@dataclass(frozen=True)
class ParamSpec:
    """One leaf of the schema, as the loader, CLI, UI, sweeps and docs see it."""

    name: str
    type: type
    default: Any
    unit: str
    lo: float | None
    hi: float | None
    choices: tuple | None
    source: str
    doc: str

    def describe_rule(self) -> str:
        """The rule a value must satisfy, in words."""
        if self.choices:
            return "must be one of " + ", ".join(repr(c) for c in self.choices)
        if self.type is bool:
            return "must be true or false"
        kind = {int: "an integer", float: "a number", str: "text"}.get(self.type, str(self.type))
        if self.lo is not None and self.hi is not None:
            return f"must be {kind} between {_fmt(self.lo)} and {_fmt(self.hi)}"
        return f"must be {kind}"


def _fmt(x: float) -> str:
    return f"{x:g}"


def _leaf_type(f: dataclasses.Field, default: Any) -> type:
    declared = {"float": float, "int": int, "bool": bool, "str": str}.get(str(f.type))
    if declared is not None:
        return declared
    if isinstance(default, bool):
        return bool
    if isinstance(default, int):
        return int
    if isinstance(default, float):
        return float
    if isinstance(default, str):
        return str
    return type(default)


def walk(cls: type = Scenario, prefix: str = "", instance: Any = None):
    """Yield a :class:`ParamSpec` for every leaf parameter of ``cls`` (dotted names).

    Nested sections are recursed into; the defaults come from a default instance so that
    per-section defaults (e.g. the terrain table) are the real ones.
    """
    if instance is None:
        instance = cls()
    for f in dataclasses.fields(cls):
        if f.name in ("events",):
            continue
        value = getattr(instance, f.name)
        name = prefix + f.name
        if dataclasses.is_dataclass(value):
            yield from walk(type(value), name + ".", value)
        elif "unit" in f.metadata:
            m = f.metadata
            lo, hi = m["lo"], m["hi"]
            t = _leaf_type(f, value)
            yield ParamSpec(name, t, value, m["unit"], lo, hi, m["choices"], m["source"], m["doc"])


def parameters() -> dict[str, ParamSpec]:
    """All scenario parameters by dotted name (red and blue listed separately)."""
    return {p.name: p for p in walk()}


def side_parameters() -> dict[str, ParamSpec]:
    """Parameters of one side, by name relative to the side (``drones.fibre_share``)."""
    return {p.name: p for p in walk(Side) if p.name != "name"}

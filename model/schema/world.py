"""The world both sides share: the map and its terrain, movement, sensing, combat, mines and
target values (scenario-level sections of the schema)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .spec import ASSUMED, CAL, DESIGN, SEED, param


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
    porter: float = param(
        2.0,
        "value",
        0,
        100,
        source=SEED + ": cut the links of advanced positions to the near rear",
        doc="value of a porter team carrying supply forward",
    )
    drone_unit: float = param(
        5.0, "value", 0, 100, source=ASSUMED, doc="value of a drone launch site"
    )
    ew: float = param(5.0, "value", 0, 100, source=ASSUMED, doc="value of an EW station")
    artillery: float = param(
        6.0, "value", 0, 100, source=ASSUMED, doc="value of an artillery battery"
    )


@dataclass
class Weather:
    """Daily weather drawn from the scenario's season: clear, rain, fog or strong wind. Fog
    and rain blind the sensors, rain and wind ground a share of the drones."""

    enabled: bool = param(True, "bool", source=DESIGN, doc="off: every day is clear")
    rain_share: float = param(
        0.2,
        "fraction",
        0,
        1,
        source="eastern Ukraine has 6-9 days a month with rain in spring (climate normals, "
        "assumed)",
        doc="chance that a day is rainy",
    )
    fog_share: float = param(
        0.1,
        "fraction",
        0,
        1,
        source="fog is most frequent in the cold half-year, 2-6 days a month (climate "
        "normals, assumed)",
        doc="chance that a day is foggy",
    )
    wind_share: float = param(
        0.05,
        "fraction",
        0,
        1,
        source="days with gusts over 15 m/s, 1-3 a month (climate normals, assumed)",
        doc="chance that a day has strong wind",
    )
    rain_sensing: float = param(
        0.6, "factor", 0, 1, source=ASSUMED, doc="detection in rain relative to a clear day"
    )
    fog_sensing: float = param(
        0.3,
        "factor",
        0,
        1,
        source="attackers used fog to infiltrate near Pokrovsk, late 2025 (press)",
        doc="detection in fog relative to a clear day (cameras and thermal see little)",
    )
    wind_sensing: float = param(
        1.0, "factor", 0, 1, source=ASSUMED, doc="detection in strong wind relative to clear"
    )
    rain_sorties: float = param(
        0.6, "factor", 0, 1, source=ASSUMED, doc="share of drone sorties flown in rain"
    )
    fog_sorties: float = param(
        0.7,
        "factor",
        0,
        1,
        source=ASSUMED,
        doc="share of drone sorties flown in fog (crews cannot see to fly low)",
    )
    wind_sorties: float = param(
        0.4,
        "factor",
        0,
        1,
        source="small quadcopters and FPVs are grounded by strong wind (press)",
        doc="share of drone sorties flown in strong wind",
    )

"""A side's support arms: drone units, EW stations and artillery (side sections of the
schema, read by the agent classes of those kinds)."""

from __future__ import annotations

from dataclasses import dataclass

from .spec import ASSUMED, CAL, DESIGN, param


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
    strikes: bool = param(
        True,
        "bool",
        source=DESIGN,
        doc="off: the crews fly recon and mining only, no strike sorties (the knock-out of "
        "the drone line's fire)",
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
    fpv_speed_kmh: float = param(
        70,
        "km/h",
        10,
        200,
        source="FPV cruise speeds 60-100 km/h (press 2024-25)",
        doc="flight speed of radio FPVs (time to target keeps the crew busy)",
    )
    fibre_speed_kmh: float = param(
        50,
        "km/h",
        10,
        200,
        source="fibre-optic FPVs fly slower with the spool (press 2025)",
        doc="flight speed of fibre-optic FPVs",
    )
    bomber_speed_kmh: float = param(
        45, "km/h", 10, 200, source=ASSUMED, doc="flight speed of heavy bombers"
    )
    fpv_endurance_min: float = param(
        20,
        "min",
        1,
        180,
        source="FPV flight times 10-25 min (press 2024-25)",
        doc="flight time of an FPV (radio or fibre): its range is at most speed x endurance",
    )
    bomber_endurance_min: float = param(
        60, "min", 1, 600, source=ASSUMED, doc="flight time of a heavy bomber (out and back)"
    )
    link_half_km: float = param(
        12,
        "km",
        0.5,
        200,
        source="analog FPV control/video links reach 5-15 km without repeaters (press 2024-25)",
        doc="distance (beyond relays) at which half the radio sorties lose their control link",
    )
    link_masking: float = param(
        0.3,
        "fraction",
        0,
        1,
        source=ASSUMED,
        doc="extra share of radio links lost per unit of the target cell's concealment",
    )
    relay_km: float = param(
        0,
        "km",
        0,
        100,
        source="repeaters on masts and drones extend radio links (press 2025)",
        doc="distance a side's relays add before a radio link starts to weaken",
    )
    threat_weight: float = param(
        2.0,
        "factor",
        1,
        20,
        source=ASSUMED,
        doc="targeting: weight of a target advancing on own positions or carrying troops",
    )
    moving_weight: float = param(
        3.0,
        "factor",
        1,
        20,
        source=ASSUMED,
        doc="targeting: weight of a moving target (it is about to act, and gone if not hit)",
    )
    flight_time_penalty_per_min: float = param(
        0.01,
        "1/min",
        0,
        1,
        source=ASSUMED,
        doc="targeting: weight lost per minute of flight (crews prefer near targets)",
    )
    target_choice: str = param(
        "weighted",
        "choice",
        source=ASSUMED,
        doc="targeting: 'priority' (each sortie goes to the most wanted target that still "
        "needs sorties) or 'weighted' (drawn in proportion to how much it is wanted)",
        choices=("priority", "weighted"),
    )
    overkill_margin: float = param(
        1.5,
        "factor",
        0.5,
        20,
        source=ASSUMED,
        doc="targeting: sorties sent at one target at most this x the hits expected to finish it",
    )
    recon_range_km: float = param(
        10,
        "km",
        1,
        100,
        source="quadcopter recon (Mavic class) flies 5-15 km from its crew (press 2024-25)",
        doc="range of the recon quadcopters that watch the ground near the front",
    )
    deep_recon_share: float = param(
        0.2,
        "fraction",
        0,
        1,
        source=ASSUMED,
        doc="share of recon sorties flown by fixed-wing drones that watch deeper",
    )
    deep_recon_range_km: float = param(
        40,
        "km",
        1,
        200,
        source="fixed-wing recon UAVs (Leleka, Shark; Orlan, Zala) reach 30-100 km (press)",
        doc="range of the fixed-wing recon drones",
    )
    recon_aloft_per_crew: float = param(
        0.6,
        "drones",
        0,
        1,
        source="quadcopter flights of 25-40 min with battery swaps keep a drone over the "
        "ground most of the time (press 2024-25); assumed",
        doc="recon drones a recon crew keeps in the air, on average",
    )
    quad_search_kmh: float = param(
        30,
        "km/h",
        1,
        150,
        source="Mavic-class quadcopters cruise at 30-60 km/h (makers' data)",
        doc="speed at which a recon quadcopter sweeps the ground",
    )
    quad_sweep_km: float = param(
        0.3,
        "km",
        0.01,
        5,
        source=ASSUMED,
        doc="width of ground in which a recon quadcopter's cameras spot a reference target",
    )
    wing_search_kmh: float = param(
        90,
        "km/h",
        1,
        300,
        source="fixed-wing recon UAVs (Leleka, Shark; Orlan, Zala) cruise at 70-120 km/h "
        "(makers' data)",
        doc="speed at which a fixed-wing recon drone sweeps the ground",
    )
    wing_sweep_km: float = param(
        0.6,
        "km",
        0.01,
        10,
        source=ASSUMED,
        doc="width of ground in which a fixed-wing drone's cameras spot a reference target",
    )
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
        doc="chance a radio drone flying one radius' length through the station's cover is jammed",
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
class DeepStrike(Drones):
    """A side's second drone formation: a few crews with long-range drones and relays that
    hunt the enemy's roads and rear areas far beyond the drone line (the same parameters as
    ``drones``, other defaults; none fielded unless a scenario sets ``units``)."""

    units: int = param(
        0,
        "units",
        0,
        50,
        source="Rubikon-type units hit reliably 40-70 km deep (press, late 2025)",
        doc="deep-strike drone units (launch sites)",
    )
    crews_per_unit: int = param(4, "crews", 1, 50, source=ASSUMED, doc="crews per unit")
    setback_km: float = param(
        10, "km", 0.3, 60, source=ASSUMED, doc="distance of launch sites behind the front"
    )
    strike_depth_km: float = param(
        60,
        "km",
        0,
        120,
        source="Rubikon-type units hit reliably 40-70 km deep (press, late 2025)",
        doc="depth beyond the front to which the formation hunts",
    )
    own_side_km: float = param(
        0, "km", 0, 30, source=ASSUMED, doc="own territory the formation also watches"
    )
    interdiction_share: float = param(
        0.7,
        "fraction",
        0,
        1,
        source="deep units hunt supply roads (Sudzha highway, press)",
        doc="share of strike and mining crews hunting the enemy's roads",
    )
    fibre_share: float = param(
        0.3, "fraction", 0, 1, source=ASSUMED, doc="share of FPV sorties flown on fibre"
    )
    fpv_range_km: float = param(
        60, "km", 1, 200, source="deep units with relays (press, late 2025)", doc="radio range"
    )
    fibre_range_km: float = param(
        30,
        "km",
        1,
        60,
        source="20-30 km tethers in use, examples to 40 km (press 2025)",
        doc="fibre cable length",
    )
    fpv_speed_kmh: float = param(
        100, "km/h", 10, 300, source=ASSUMED, doc="flight speed of its long-range strike drones"
    )
    fpv_endurance_min: float = param(
        45, "min", 1, 300, source=ASSUMED, doc="flight time of its long-range strike drones"
    )
    relay_km: float = param(
        40,
        "km",
        0,
        200,
        source="repeaters on masts and drones extend radio links (press 2025)",
        doc="distance its relays add before a radio link starts to weaken",
    )
    deep_recon_share: float = param(
        0.8, "fraction", 0, 1, source=ASSUMED, doc="share of its recon flown by fixed-wing drones"
    )
    deep_recon_range_km: float = param(
        80, "km", 1, 300, source=ASSUMED, doc="range of its fixed-wing recon drones"
    )

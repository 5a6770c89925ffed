"""agents/artillery.py: ArtilleryBattery fires at detected enemies within range."""

from droneline.agents import ArtilleryBattery, AssaultGroup, DefenderPosition
from droneline.model import control
from droneline.model.sensing import update_coverage
from droneline.model.strikes import strike

ARTILLERY = ArtilleryBattery.KIND

RED, BLUE = 0, 1
GUNS = {
    "red.artillery.batteries": 1,
    "red.artillery.guns_per_battery": 4,
    "red.artillery.range_km": 3.0,
    "red.artillery.shells_per_day": 20000.0,
    "red.artillery.casualties_per_shell": 0.5,
}


def _setup(m):
    (bat,) = m.units.live_of(ARTILLERY, RED)
    control.update_control(m)
    update_coverage(m)
    return m.units.agents[bat]


def test_deploy(bare_model):
    m = bare_model(**GUNS, **{"red.artillery.setback_km": 2.0, "red.artillery.crew_per_gun": 5})
    b = _setup(m)
    assert isinstance(b, ArtilleryBattery) and (b.vehicles, b.strength) == (4, 20)
    assert abs(b.xy[0] - (m.front_x[0] + 20)) <= 3
    assert m.initial_guns[RED] == 4


def test_fires_only_at_located_targets_in_range(bare_model):
    m = bare_model(**GUNS, **{"red.artillery.setback_km": 2.0})
    b = _setup(m)
    x = b.xy[0]
    near = AssaultGroup(m, BLUE, 10 * m.scales.nx + x - 25, 100)  # 2.5 km
    far = AssaultGroup(m, BLUE, 10 * m.scales.nx + x - 40, 100)  # 4 km
    strike(m)
    assert m.tally.shells[RED] == 0  # nothing located yet
    m.units.det_red[[near.row, far.row]] = m.steps + 10
    strike(m)
    assert m.tally.shells[RED] > 0
    assert m.units.casualties[near.row] > 0 and m.units.casualties[far.row] == 0
    assert m.units.fired[b.row] == m.steps  # firing gives the battery away


def test_fewer_guns_fewer_shells(bare_model):
    shells = []
    for guns in (4, 1):
        m = bare_model(**GUNS, **{"red.artillery.setback_km": 2.0})
        b = _setup(m)
        m.units.vehicles[b.row] = guns
        g = AssaultGroup(m, BLUE, 10 * m.scales.nx + b.xy[0] - 25, 10_000)
        for _ in range(12):
            m.units.det_red[g.row] = m.steps + 10
            strike(m)
        shells.append(m.tally.shells[RED])
    assert shells[1] < 0.5 * shells[0]


def test_never_fires_beyond_range(bare_model):
    m = bare_model(**GUNS, **{"red.artillery.setback_km": 2.0, "targeting.position": 0.0})
    b = _setup(m)
    x = b.xy[0]
    p = DefenderPosition(m, BLUE, 10 * m.scales.nx + x - 25, 6, 0.0, 5)  # in range, value 0
    far = AssaultGroup(m, BLUE, 10 * m.scales.nx + x - 40, 100)  # 4 km: out of range
    m.units.det_red[[p.row, far.row]] = m.steps + 10
    strike(m)
    assert m.units.casualties[far.row] == 0

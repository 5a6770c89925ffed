"""The assembly area (agents/assault_group.py): several groups attack the same few defenders.

A side's groups on foot wait in its assembly area until ``groups_per_assault`` of them are
there, then set out together for one position; the area lies beyond where the enemy's drones
have recently been hitting the side's soldiers on their way forward."""

import numpy as np
import pytest

from droneline.agents import AssaultGroup, DefenderPosition
from droneline.agents.kinds import ADVANCE, ASSEMBLE
from droneline.model import control
from droneline.model.movement import move

RED, BLUE = 0, 1
ASSEMBLY = {"red.forces.groups_per_assault": 3, "switches.movement": True}


def _cell(m, x, y=10):
    return y * m.scales.nx + x


def _front(m):
    """Two blue positions (the nearer at x = 25) and a red one at x = 45."""
    near = DefenderPosition(m, BLUE, _cell(m, 25), garrison=6, fortification=0.5, supply_days=5)
    DefenderPosition(m, BLUE, _cell(m, 10), garrison=6, fortification=0.5, supply_days=5)
    DefenderPosition(m, RED, _cell(m, 45), garrison=6, fortification=0.5, supply_days=5)
    control.update_control(m)
    return near


def _walk(m, groups, steps=80):
    """Move (and count steps) until every group waits or has set out."""
    for _ in range(steps):
        m.steps += 1
        move(m)
        if all(g.waiting_since >= 0 or g.mission == ADVANCE for g in groups):
            return


def _behind_km(m, side, cell):
    return float(-m.depth[side].ravel()[cell])


def test_groups_gather_in_the_assembly_area_then_go_together_for_one_position(bare_model):
    m = bare_model(**ASSEMBLY)
    near = _front(m)
    m.assembly_km[RED] = 1.0
    groups = [AssaultGroup.raise_formation(m, RED, _cell(m, 58, y), "foot") for y in (9, 10)]
    u = m.units
    for g in groups:  # on the way to the area, 1 km behind red's front on its own row
        assert g.mission == ASSEMBLE and u.objective[g.row] == -1
        assert _behind_km(m, RED, u.goal_cell[g.row]) == pytest.approx(1.0, abs=0.1)
    _walk(m, groups)
    assert all(g.waiting_since >= 0 and g.mission == ASSEMBLE for g in groups)  # two: wait
    assert m.tally.set_out[RED] == 8  # they set out toward the enemy when they were raised
    third = AssaultGroup.raise_formation(m, RED, _cell(m, 58, 11), "foot")
    _walk(m, [third])
    m.steps += 1
    move(m)
    everyone = [*groups, third]
    assert all(g.mission == ADVANCE for g in everyone)
    assert {int(u.objective[g.row]) for g in everyone} == {near.row}
    assert all(g.waiting_since == -1 for g in everyone)


def test_groups_far_apart_do_not_count_as_one_assembly(bare_model):
    m = bare_model(**ASSEMBLY, **{"red.forces.axis_width_km": 0.3})
    _front(m)
    m.assembly_km[RED] = 1.0
    groups = [AssaultGroup.raise_formation(m, RED, _cell(m, 58, y), "foot") for y in (1, 10, 18)]
    _walk(m, groups)
    m.steps += 1
    move(m)
    assert all(g.mission == ASSEMBLE for g in groups)


def test_a_group_left_alone_sets_out_after_the_longest_wait(bare_model):
    m = bare_model(**ASSEMBLY, **{"red.forces.assembly_max_hours": 2.0})
    near = _front(m)
    m.assembly_km[RED] = 1.0
    g = AssaultGroup.raise_formation(m, RED, _cell(m, 58), "foot")
    _walk(m, [g])
    arrived = g.waiting_since
    assert arrived >= 0
    wait_steps = m.scales.steps(2.0)
    while m.steps < arrived + wait_steps - 1:
        m.steps += 1
        move(m)
        assert g.mission == ASSEMBLE
    m.steps += 1
    move(m)
    assert g.mission == ADVANCE and m.units.objective[g.row] == near.row


def test_one_group_per_assault_is_the_old_rule_no_assembly(bare_model):
    m = bare_model(**{"switches.movement": True})  # groups_per_assault 1: the default
    near = _front(m)
    g = AssaultGroup.raise_formation(m, RED, _cell(m, 58), "foot")
    assert g.mission == ADVANCE and m.units.objective[g.row] == near.row


def test_a_worn_group_in_the_assembly_area_falls_back(bare_model):
    m = bare_model(**ASSEMBLY)
    _front(m)
    m.assembly_km[RED] = 1.0
    g = AssaultGroup.raise_formation(m, RED, _cell(m, 58), "foot")
    _walk(m, [g])
    m.units.strength[g.row] = 1.0  # below break_off_fraction x 4
    m.steps += 1
    move(m)
    assert g.mission != ASSEMBLE and g.mission != ADVANCE


# --------------------------------------------------------------------------- where the area is
def _troop_hits_at(m, side, km, n=10.0):
    k = int(np.searchsorted(m.depth_edges_km, km, side="right") - 1)
    m.troop_hits[side, k] += n


def test_the_assembly_area_lies_beyond_where_the_enemy_hit_the_groups(bare_model):
    m = bare_model(**{"red.forces.staging_km": 5.0})
    f = m.side_params[RED].forces
    assert m.assembly_km[RED] == 5.0  # nothing learned yet: where the groups arrive
    AssaultGroup.new_day(m, RED)
    assert m.assembly_km[RED] == 5.0
    _troop_hits_at(m, RED, 2.5)
    AssaultGroup.new_day(m, RED)
    assert m.assembly_km[RED] == pytest.approx(3.0 + f.assembly_margin_km)
    _troop_hits_at(m, RED, 0.2, n=1000.0)  # hits only at the front: the area comes close
    AssaultGroup.new_day(m, RED)
    assert m.assembly_km[RED] == pytest.approx(max(f.assembly_min_km, 1.0 + f.assembly_margin_km))
    _troop_hits_at(m, RED, 5.5, n=1e5)  # hits beyond the staging area: the area stays there
    AssaultGroup.new_day(m, RED)
    assert m.assembly_km[RED] == 5.0
    before = m.troop_hits[RED].sum()
    AssaultGroup.new_day(m, RED)  # the memory fades as the drop-off line's does
    days = m.side_params[RED].logistics.threat_memory_days
    assert m.troop_hits[RED].sum() == pytest.approx(before * np.exp(-1 / days))
    assert m.assembly_km[BLUE] == m.side_params[BLUE].forces.staging_km  # the other side's


def test_drone_hits_on_groups_on_their_way_are_remembered_where_they_fell(
    bare_model, certain_strikes
):
    from droneline.agents import DroneUnit
    from droneline.model.sensing import update_coverage
    from droneline.model.strikes import strike

    m = bare_model(**certain_strikes("blue"))
    _front(m)
    DroneUnit(m, BLUE, _cell(m, 20))
    walking = AssaultGroup(m, RED, _cell(m, 40, 5), 500, mission=ADVANCE)
    holding = AssaultGroup(m, RED, _cell(m, 40, 15), 500)  # not on its way forward
    update_coverage(m)
    for _ in range(6):
        m.units.det_blue[[walking.row, holding.row]] = m.steps + 10
        strike(m)
    hits = m.troop_hits[RED]
    assert m.tally.hits[BLUE].sum() > hits.sum() > 0  # only the walking group's count
    depth = m.depth_edges_km[:-1][hits > 0]
    behind = _behind_km(m, RED, walking.cell_index)
    assert (depth == np.floor(behind)).all()
    assert m.troop_hits[BLUE].sum() == 0

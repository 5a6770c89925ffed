"""Designs: Latin property, near-orthogonality, sizes, seeds, and the mapping to values."""

import numpy as np
import pytest

from droneline.model.schema import parameters
from droneline.runs.sweep import designs
from droneline.runs.sweep.factors import Factor
from droneline.runs.sweep.nolh import CAPACITY, nolh_table, smallest_base


@pytest.mark.parametrize("runs", sorted(CAPACITY))
def test_nolh_tables_are_latin_and_nearly_orthogonal(runs):
    table = nolh_table(runs)
    assert table.shape == (runs, CAPACITY[runs])
    for col in table.T:  # every column a permutation of the levels 1..n
        assert np.array_equal(np.sort(col), np.arange(1, runs + 1))
    assert designs.max_abs_correlation(table.astype(float)) < 0.03


@pytest.mark.parametrize(("factors", "runs"), [(7, 17), (11, 33), (16, 65), (22, 129), (29, 257)])
def test_nolh_design_for_k_factors(factors, runs):
    d = designs.nolh(factors)
    assert d.shape == (runs, factors)
    assert d.min() == 0.0 and d.max() == 1.0
    assert designs.is_latin(d)
    assert designs.max_abs_correlation(d) < 0.03


def test_nolh_picks_the_smallest_table_and_refuses_too_many_factors():
    assert smallest_base(3) == 17 and smallest_base(8) == 33 and smallest_base(22) == 129
    assert designs.nolh(3).shape == (17, 3)
    with pytest.raises(ValueError):
        designs.nolh(30)


def test_nolh_stacks_are_rotated_latin_copies_sharing_the_centre():
    d = designs.nolh(5, stacks=3)
    assert d.shape == (17 + 2 * 16, 5)
    assert len(np.unique(d, axis=0)) == len(d)
    for s in range(3):  # each copy (with the centre) is itself Latin
        block = d[:17] if s == 0 else np.vstack([d[17 + 16 * (s - 1) : 17 + 16 * s], d[8:9]])
        assert designs.is_latin(block)
    assert designs.max_abs_correlation(d) < 0.1


def test_latin_hypercube_has_one_point_per_stratum_and_follows_its_seed():
    for opt in (None, "random-cd"):
        d = designs.latin_hypercube(20, 4, seed=3, optimization=opt)
        assert d.shape == (20, 4) and designs.is_latin(d)
        assert np.array_equal(d, designs.latin_hypercube(20, 4, seed=3, optimization=opt))
    assert not np.array_equal(designs.latin_hypercube(20, 4, 3), designs.latin_hypercube(20, 4, 4))


def test_full_factorial_is_every_combination():
    d = designs.full_factorial([3, 2, 4])
    assert d.shape == (24, 3)
    assert len({tuple(r) for r in d}) == 24
    assert d[0].tolist() == [0, 0, 0] and d[-1].tolist() == [2, 1, 3]


def test_sobol_and_morris_sizes():
    assert designs.sobol(3, 8, seed=1).shape == (8 * (2 * 3 + 2), 3)
    assert designs.sobol(3, 8, seed=1, second_order=False).shape == (8 * (3 + 2), 3)
    assert designs.design_runs("sobol", 3, base_points=8) == 64
    m = designs.morris(3, 5, 4, seed=1)
    assert m.shape == (5 * 4, 3) and designs.design_runs("morris", 3, trajectories=5) == 20


def test_replication_seeds_are_reproducible_distinct_and_prefix_stable():
    s10 = designs.replication_seeds(42, 10)
    assert s10 == designs.replication_seeds(42, 10)
    assert len(set(s10)) == 10 and all(0 <= s < 2**32 for s in s10)
    assert designs.replication_seeds(42, 4) == s10[:4]
    assert designs.replication_seeds(43, 4) != s10[:4]


def test_factor_values_respect_types():
    p = parameters()
    units = Factor("blue.drones.units", p["blue.drones.units"], lo=4.0, hi=7.0)
    values = [units.value(u) for u in np.linspace(0, 1, 400)]
    assert all(isinstance(v, int) for v in values)
    assert sorted(set(values)) == [4, 5, 6, 7]
    counts = np.bincount(values)[4:]
    assert counts.max() - counts.min() <= 1  # each whole number equally often
    depth = Factor("blue.drones.strike_depth_km", p["blue.drones.strike_depth_km"], lo=2.0, hi=16.0)
    assert depth.value(0.0) == 2.0 and depth.value(1.0) == 16.0 and depth.value(0.5) == 9.0
    assert depth.grid(3) == [2.0, 9.0, 16.0]
    side = Factor("attacker", p["attacker"], levels=("red", "blue"))
    assert [side.value(u) for u in (0.0, 0.49, 0.5, 1.0)] == ["red", "red", "blue", "blue"]

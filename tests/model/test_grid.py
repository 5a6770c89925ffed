"""model/grid.py: the sector grid (a Mesa OrthogonalMooreGrid with flat cell indices)."""

import random

from mesa.discrete_space import OrthogonalMooreGrid

from droneline.model.grid import SectorGrid


def test_same_neighbours_as_mesa_moore_grid():
    ours = SectorGrid((3, 4), random=random.Random(0))
    mesa = OrthogonalMooreGrid((3, 4), random=random.Random(0))
    for coord, cell in mesa._cells.items():
        mine = ours._cells[coord]
        assert {c.coordinate for c in mine.neighborhood} == {
            c.coordinate for c in cell.neighborhood
        }
    assert len(ours._cells[(0, 0)].neighborhood) == 3
    assert len(ours._cells[(1, 1)].neighborhood) == 8


def test_flat_index_is_row_major():
    g = SectorGrid((3, 4), random=random.Random(0))
    for y in range(3):
        for x in range(4):
            assert g.cell_by_index(y * 4 + x).coordinate == (y, x)

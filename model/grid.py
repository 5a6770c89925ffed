"""The sector as a Mesa ``OrthogonalMooreGrid`` whose property layers hold the map's state.

Layers (numpy arrays of shape ``(ny, nx)``): ``terrain`` (open, tree line, urban, road,
water), ``control`` (0 red, 1 blue), ``mines`` (mines per cell), and per side ``recon_red`` /
``recon_blue`` (detection intensity of that side's recon drones), ``strike_red`` /
``strike_blue`` (strike sorties per hour that can reach a cell) and ``jam_red`` / ``jam_blue``
(chance that side's EW jams a radio drone aimed at the cell).
"""

from __future__ import annotations

import copyreg
import weakref

from mesa.discrete_space import OrthogonalMooreGrid

_MOORE = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))


def _unregister(cell_class: type) -> None:
    copyreg.dispatch_table.pop(cell_class, None)


class SectorGrid(OrthogonalMooreGrid):
    """Moore grid of ``(ny, nx)`` cells; flat cell index ``y * nx + x`` matches numpy's
    row-major order, so unit-table cells and layer indices are the same numbers.

    Mesa's ``Grid.__init__`` registers each grid's own cell class with ``copyreg.pickle`` and
    never unregisters it; ``copyreg.dispatch_table`` then keeps the class, and through its
    property accessors every layer of the grid, alive for the life of the process (~1.4 MB
    per default sector; docs/MESA_GRID_LEAK.md). The entry is kept while the grid lives (so a
    grid or model still pickles) and removed when the grid is collected.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.cell_klass in copyreg.dispatch_table:
            weakref.finalize(self, _unregister, self.cell_klass)

    def _connect_cells_2d(self) -> None:
        # Same connections as Mesa's, without clearing each new cell's (empty) neighbourhood
        # cache once per connection: ~10x faster for the 24,000 cells of a default sector.
        cells = self._cells
        height, width = self.dimensions
        for (i, j), cell in cells.items():
            conn = cell.connections
            for di, dj in _MOORE:
                ni, nj = i + di, j + dj
                if 0 <= ni < height and 0 <= nj < width:
                    conn[(di, dj)] = cells[ni, nj]

    def cell_by_index(self, index: int):
        """The Mesa cell of flat index ``y * nx + x``."""
        return self._celllist[index]

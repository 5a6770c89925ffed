"""Memory: building many models in one process leaves nothing behind (issue 14, item 2).

Mesa's ``Grid.__init__`` registers every grid's cell class in ``copyreg.dispatch_table``,
which kept each grid's layers alive; the route caches are bounded in bytes. The RSS over 300
battles is measured by ``benchmarks/memory_growth.py`` (docs/SECURITY.md), not here.
"""

from __future__ import annotations

import copyreg
import gc
import pickle
import tracemalloc
import weakref

import droneline as dl
from droneline.model import movement

# an empty 1 km x 4 km sector of open ground (400 cells), nothing deployed
TINY = {
    "switches.terrain": False,
    "switches.reinforcements": False,
    "map.frontage_km": 1,
    "map.depth_km": 4,
    **{
        f"{side}.{key}": 0
        for side in ("red", "blue")
        for key in ("defence.positions", "drones.units", "ew.stations", "artillery.batteries")
    },
}


def test_two_hundred_models_leave_no_dispatch_entries_and_bounded_memory():
    sc = dl.load_scenario({"extends": "pokrovsk_drone_line"}, TINY)
    dl.BattlefieldModel(sc, seed=0)  # warm-up: imports, caches
    gc.collect()
    entries = len(copyreg.dispatch_table)
    layers = []  # weak references to every model's terrain layer
    for seed in range(170):
        layers.append(weakref.ref(dl.BattlefieldModel(sc, seed=seed).grid.terrain))
    gc.collect()
    assert len(copyreg.dispatch_table) <= entries
    assert sum(ref() is not None for ref in layers) == 0
    tracemalloc.start()  # (slow: the last 30 models only)
    try:
        for seed in range(10):
            dl.BattlefieldModel(sc, seed=seed)
        gc.collect()
        after_10, _ = tracemalloc.get_traced_memory()
        for seed in range(20):
            dl.BattlefieldModel(sc, seed=seed)
        gc.collect()
        after_30, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(copyreg.dispatch_table) <= entries
    # one tiny model's layers take ~100 kB: 20 more kept alive would be ~2 MB
    assert after_30 - after_10 < 2**20 // 2, (after_10, after_30)


def test_a_live_model_and_its_grid_still_pickle():
    sc = dl.load_scenario({"extends": "pokrovsk_drone_line"}, TINY)
    m = dl.BattlefieldModel(sc, seed=3)
    copy = pickle.loads(pickle.dumps(m))
    assert copy.grid.cell_by_index(5).coordinate == m.grid.cell_by_index(5).coordinate
    assert (copy.grid.terrain.data == m.grid.terrain.data).all()


def test_route_graph_cache_is_bounded_in_bytes(monkeypatch):
    monkeypatch.setattr(movement, "_GRAPHS", movement.OrderedDict())
    monkeypatch.setattr(movement, "_graph_bytes", 0)
    sc = dl.load_scenario({"extends": "pokrovsk_drone_line"}, TINY)
    m = dl.BattlefieldModel(sc, seed=1)
    one = movement.graph_nbytes(m.routes.graph(0))
    monkeypatch.setattr(movement, "GRAPH_BUDGET_BYTES", int(2.5 * one))
    for map_seed in range(6):
        other = dl.BattlefieldModel(dl.with_overrides(sc, {"map.seed": 100 + map_seed}), seed=1)
        for mobility in range(4):
            other.routes.graph(mobility)
    held = sum(movement.graph_nbytes(g) for g in movement._GRAPHS.values())
    assert held <= movement.GRAPH_BUDGET_BYTES
    assert movement._graph_bytes == held
    assert len(movement._GRAPHS) >= 1

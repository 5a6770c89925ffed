"""Model speed: the 14-day default scenario, scaling with sector and force size, time per
phase, peak memory, and Mesa's WolfSheep measured in the same process as the yardstick.

Every figure is the median of ``repeats`` runs after a warm-up run (which also fills the
route cache, as in any sweep or UI session). A *unit-step* is one live unit advanced one
step; WolfSheep's *agent-steps* count its sheep and wolves (the agents that act each step;
grass patches are driven by events), as in Mesa's own benchmark configuration.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

SCENARIO = "pokrovsk_drone_line"

# force size: everything that makes units, scaled together
FORCE_KEYS = (
    "defence.positions",
    "drones.units",
    "ew.stations",
    "artillery.batteries",
    "forces.reinforcements_per_day",
    "logistics.convoys_per_day",
    "drones.production_per_day",
    "artillery.shells_per_day",
)


def run_once(days: float = 14.0, seed: int = 2, overrides: dict | None = None) -> dict:
    """One timed run: build + run; wall seconds, unit-steps, phase seconds."""
    import droneline as dl
    from droneline.model.model import time_phases

    sc = dl.load_scenario(SCENARIO, overrides)
    t0 = time.perf_counter()
    m = dl.BattlefieldModel(sc, seed=seed)
    t_build = time.perf_counter() - t0
    phase_seconds = time_phases(m)
    t1 = time.perf_counter()
    m.run_days(days)
    t_run = time.perf_counter() - t1
    return {
        "wall_s": t_build + t_run,
        "build_s": t_build,
        "run_s": t_run,
        "unit_steps": m.unit_steps,
        "steps": m.steps,
        "cells": m.scales.n_cells,
        "mean_units": m.unit_steps / max(1, m.steps),
        "phases": dict(phase_seconds),
    }


def median_of(fn, repeats: int) -> dict:
    fn()  # warm-up: imports, route cache
    runs = [fn() for _ in range(repeats)]
    out = {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "phases"}
    out["phases"] = {k: statistics.median(r["phases"][k] for r in runs) for k in runs[0]["phases"]}
    out["unit_steps_per_s"] = out["unit_steps"] / out["wall_s"]
    out["all_wall_s"] = sorted(r["wall_s"] for r in runs)
    return out


def default_scenario(repeats: int = 5) -> dict:
    return median_of(run_once, repeats)


def scale_overrides(sector: float = 1.0, forces: float = 1.0, dense: bool = True) -> dict:
    """Overrides for a sector ``sector`` times larger (frontage) and forces ``forces`` times
    larger (every unit-making parameter of both sides); with ``dense`` the forces also grow
    with the sector, keeping their density."""
    import droneline as dl

    base = dl.load_scenario(SCENARIO)
    ov = {"map.frontage_km": base.map.frontage_km * sector}
    for side in ("red", "blue"):
        for key in FORCE_KEYS:
            section, name = key.split(".")
            value = getattr(getattr(base.side(side), section), name)
            scaled = value * forces * (sector if dense else 1)
            ov[f"{side}.{key}"] = int(round(scaled)) if isinstance(value, int) else float(scaled)
    return ov


def scaling(repeats: int = 3, days: float = 7.0) -> list[dict]:
    """Cost per unit-step as the sector (area) and the forces grow."""
    rows = []
    for label, sector, forces, dense in (
        ("default", 1, 1, True),
        ("2x area, same forces", 2, 1, False),
        ("4x area, same forces", 4, 1, False),
        ("2x area, 2x forces", 2, 1, True),
        ("4x area, 4x forces", 4, 1, True),
        ("2x forces, same area", 1, 2, True),
        ("4x forces, same area", 1, 4, True),
    ):
        ov = scale_overrides(sector, forces, dense)
        r = median_of(lambda ov=ov: run_once(days=days, overrides=ov), repeats)
        rows.append(
            {
                "case": label,
                **{k: r[k] for k in ("wall_s", "cells", "mean_units", "unit_steps_per_s")},
            }
        )
    return rows


def peak_memory_mb(days: float = 14.0) -> float:
    """Peak resident memory of a fresh process running the default scenario."""
    code = (
        f"import resource, droneline as dl; dl.run('{SCENARIO}', days={days}, seed=2); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024.0


def cold_start_s(days: float = 14.0) -> float:
    """Wall time of a first run in a fresh process (route cache empty, imports excluded)."""
    code = (
        "import time, droneline as dl; t=time.perf_counter(); "
        f"dl.run('{SCENARIO}', days={days}, seed=2); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def wolf_sheep(repeats: int = 5) -> dict:
    """Mesa's WolfSheep at its benchmark sizes (mesa/benchmarks/configurations.py)."""
    from mesa.examples import WolfSheep
    from mesa.examples.advanced.wolf_sheep.agents import Sheep, Wolf
    from mesa.examples.advanced.wolf_sheep.model import WolfSheepScenario

    configs = {
        "small": (
            {
                "height": 25,
                "width": 25,
                "initial_sheep": 60,
                "initial_wolves": 40,
                "sheep_reproduce": 0.2,
                "wolf_reproduce": 0.1,
                "grass_regrowth_time": 20,
            },
            80,
        ),
        "large": (
            {
                "height": 100,
                "width": 100,
                "initial_sheep": 1000,
                "initial_wolves": 500,
                "sheep_reproduce": 0.4,
                "wolf_reproduce": 0.2,
                "grass_regrowth_time": 10,
            },
            20,
        ),
    }
    out = {}
    for name, (params, steps) in configs.items():
        rates = []
        for seed in range(repeats + 1):
            m = WolfSheep(scenario=WolfSheepScenario(rng=seed + 1, **params))
            n = 0
            t0 = time.perf_counter()
            for _ in range(steps):
                n += len(m.agents_by_type.get(Sheep, [])) + len(m.agents_by_type.get(Wolf, []))
                m.step()
            if seed:  # the first is the warm-up
                rates.append(n / (time.perf_counter() - t0))
        out[name] = statistics.median(rates)
    return out


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps({"default": default_scenario(3), "wolf_sheep": wolf_sheep(3)}, indent=1))

"""BattlefieldModel: builds the sector and its forces, then runs the phases of one step.

One step (``run.step_minutes``, 10 min by default), in order, each phase working on the state
the previous one left:

1. day boundary: reinforcements, drone restocking, technology events;
2. sense: each side's detections;
3. strike: drones, artillery, mining;
4. move: decisions, then movement along cost-distance routes (exposure, mines);
5. fight: direct fire, captures;
6. supply: consumption, morale, withdrawal, convoys;
7. control and metrics.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np
from scipy import ndimage

from .. import agents  # noqa: F401 (defines and registers the unit kinds)
from ..agents.kinds import KindTable
from ..agents.registry import kind_classes
from . import control, metrics, weather
from . import day as day_rules
from .combat import fight
from .grid import SectorGrid
from .inputs import check_seed
from .logistics import supply
from .losses import remove_dead
from .movement import Routes, move
from .scales import Scales
from .scenario import load_scenario, with_overrides
from .schema import SIDES, Scenario
from .sensing import sense, update_coverage
from .strikes import depth_edges_km, strike
from .terrain import ROAD, WATER, generate, open_terrain, terrain_tables
from .units import UnitTable

PHASES = ("day_boundary", "sense", "strike", "move", "fight", "supply", "control_and_metrics")


def time_phases(model) -> dict[str, float]:
    """Time each phase of ``model``'s steps from now on: returns the dict the seconds spent
    in each phase accumulate in (for the benchmarks; the model itself never times itself)."""
    seconds = dict.fromkeys(PHASES, 0.0)
    for name in PHASES:
        phase = getattr(model, name)

        def timed(_phase=phase, _name=name) -> None:
            t0 = time.perf_counter()
            _phase()
            seconds[_name] += time.perf_counter() - t0

        setattr(model, name, timed)
    return seconds


class BattlefieldModel(mesa.Model):
    """The drone-dominated front line of 2024-2025 in one sector.

    Args:
        scenario: a :class:`Scenario`, a preset name or a path to a scenario TOML file.
        seed: the battle's seed, a whole number from 0 to 2**63 - 1 (the map has its own,
            ``map.seed``); refused with a :class:`ScenarioError` otherwise.
        overrides: parameters to change, by dotted name (``{"blue.drones.units": 4}``).
    """

    def __init__(
        self,
        scenario: Scenario | str = "pokrovsk_drone_line",
        seed: int | None = None,
        *,
        overrides: Mapping[str, Any] | None = None,
        rng=None,
    ):
        if rng is None and seed is not None:
            check_seed(seed, "BattlefieldModel")
        if isinstance(scenario, Scenario):
            params = with_overrides(scenario, overrides) if overrides else scenario
        else:
            params = load_scenario(scenario, overrides)
        super().__init__(rng=seed if rng is None else rng)
        self.params = params
        self.seed = seed
        self.side_params = [copy.deepcopy(params.red), copy.deepcopy(params.blue)]
        self.attacker = SIDES.index(params.attacker)
        self.scales = scales = Scales.from_scenario(params)
        self.shape = (scales.ny, scales.nx)
        self._build_map()
        self._init_state()
        self._deploy("line")  # the belts of positions, which define who holds what
        control.update_control(self)
        self.control_ready = True
        self._deploy("support")  # drone units, EW, guns on ground their side holds
        control.update_control(self)
        update_coverage(self)
        self.control0 = self.grid.control.data.copy()
        self.depth0 = control.front_depth_km(self.control0, self.attacker, scales.cell_km)
        self.territory0 = [metrics.territory_cells(self, side) for side in (0, 1)]
        self.positions0 = [metrics.positions_held(self, side) for side in (0, 1)]
        day_rules.schedule_events(self)
        day_rules.schedule_waves(self)
        self.datacollector = metrics.make_datacollector(self)
        metrics.collect(self)

    # ------------------------------------------------------------------ construction
    def _build_map(self) -> None:
        scenario, scales = self.params, self.scales
        tm = (
            generate(scenario, scales)
            if scenario.switches.terrain
            else open_terrain(scales, scenario)
        )
        self.terrain_map = tm
        self.grid = SectorGrid(self.shape, random=self.random)
        g = self.grid
        g.add_property_layer(mesa.discrete_space.PropertyLayer.from_data("terrain", tm.terrain))
        g.create_property_layer("control", default_value=0, dtype=np.int8)
        g.create_property_layer("mines", default_value=0.0, dtype=float)
        for name in ("recon_red", "recon_blue", "strike_red", "strike_blue", "jam_red", "jam_blue"):
            g.create_property_layer(name, default_value=0.0, dtype=float)
        self.tables = terrain_tables(scenario)
        terrain = g.terrain.data
        self.concealment = self.tables["concealment"][terrain]
        self.protection = self.tables["protection"][terrain]
        self.road_mask = terrain == ROAD
        self.passable = terrain != WATER
        self.front_x = tm.front_x
        # distance (km) behind the initial front on each side's ground (0 on enemy ground)
        x = np.arange(scales.nx)[None, :] + 0.5
        blue = x < tm.front_x[:, None]
        self.behind_front_km = [
            ndimage.distance_transform_edt(~blue) * scales.cell_km,
            ndimage.distance_transform_edt(blue) * scales.cell_km,
        ]
        self.depots = [tm.depots[0], tm.depots[1]]
        spacing = max(1, int(round(scales.cells(1.0))))
        self.anchors = control.rear_anchors(scales.ny, scales.nx, spacing)
        self.mines_flat = g.mines.data.reshape(-1)
        self.jam = [g.jam_red.data.reshape(-1), g.jam_blue.data.reshape(-1)]

    def _deploy(self, stage: str) -> None:
        for side in (0, 1):
            for cls in self.kinds.classes:
                if cls.DEPLOY_STAGE == stage:
                    cls.deploy(self, side)

    def _init_state(self) -> None:
        scenario, scales = self.params, self.scales
        self.units = UnitTable(scales.nx)
        self.routes = Routes(self)
        self.kinds = KindTable(kind_classes(), scenario)  # what the array code knows of each kind
        self.depth_edges_km = depth_edges_km(scenario.map.depth_km)  # strike-depth histogram
        self.tally = metrics.Tally(self.kinds.n, len(self.depth_edges_km) - 1)
        self.initial_guns = [0.0, 0.0]  # set by the artillery's deployment
        self.depth = [None, None]
        self.zones: dict = {}  # (drone kind, side) -> cells that formation is tasked to hunt
        self.mine_targets: dict = {}  # (drone kind, side) -> enemy road cells it can mine
        self.exposure_layer = np.zeros((2, scales.n_cells))
        self.control_dirty = True
        self.control_version = 0  # bumped when control is recomputed
        self.params_version = 0  # bumped when a technology event changes a side's parameters
        self.footprint_cache: dict = {}
        self.control_ready = False
        self.coverage_dirty = True
        self.dead_check: list[int] = []
        self.reserve = [0.0, 0.0]
        self.held = [0.0, 0.0]  # assault soldiers waiting for bad weather (doctrine)
        self.weather = weather.CLEAR  # today's state (drawn at each day's start)
        self.weather_sensing = 1.0
        self.weather_sorties = 1.0
        self.formation_carry = [
            dict.fromkeys(("armor", "motorcycle", "foot", "relief"), 0.0) for _ in (0, 1)
        ]
        self.arrivals: list = []
        self.arrival_seq = 0
        self.convoy_tokens = [0.0, 0.0]
        self.convoy_target: dict[int, int] = {}
        # where the enemy's drones hit each side, by depth bin (fading memory), the drop-off
        # line set from it each morning, and the porters waiting at that line
        self.drone_hits = np.zeros((2, len(self.depth_edges_km) - 1))
        self.dropoff = [0.0, 0.0]
        self.porters_free = [0.0, 0.0]
        self.line_stock = [0.0, 0.0]  # soldier-days unloaded at the line, for the porters
        self.line_convoy = [-1, -1]  # the convoy driving to each side's line (row)
        # where the enemy's drones hit each side's soldiers on their way forward (fading
        # memory, by depth bin) and the assembly area's depth set from it each morning
        self.troop_hits = np.zeros((2, len(self.depth_edges_km) - 1))
        self.assembly_km = [float(self.side_params[s].forces.staging_km) for s in (0, 1)]
        self.pending_events: list = []
        self.event_log: list[dict] = []
        self.in_contact = np.zeros(0, np.int64)
        self.collapse_day: float | None = None
        self.track_steps = scales.steps(scenario.sensing.track_minutes / 60.0)
        self.hour_steps = scales.steps(1.0)
        self.sortie_decay = float(np.exp(-scales.step_h))  # sorties_h counts the last hour
        self.metrics_steps = scales.steps(scenario.run.metrics_interval_minutes / 60.0)
        self.elapsed_hours = 0.0
        self.is_day = self._daylight(0.0)
        self.unit_steps = 0  # live units advanced, summed over steps (benchmarks)

    # ------------------------------------------------------------------ time
    def _daylight(self, elapsed_h: float) -> bool:
        r = self.params.run
        hour = (r.start_hour + elapsed_h) % 24.0
        return r.daylight_start_hour <= hour < r.daylight_end_hour

    @property
    def day(self) -> float:
        """Days since the start."""
        return self.elapsed_hours / 24.0

    def layer(self, name: str, side: int) -> np.ndarray:
        """The ``(ny, nx)`` array of a per-side map layer (``recon``, ``strike``, ``jam``)."""
        return getattr(self.grid, f"{name}_{SIDES[side]}").data

    # ------------------------------------------------------------------ one step
    def step(self) -> None:
        """Advance the battle by one step: the phases of DESIGN.md's "One step", in order."""
        self._start_step()
        self.day_boundary()
        self.sense()
        self.strike()
        self.move()
        self.fight()
        self.supply()
        self.control_and_metrics()

    def _start_step(self) -> None:
        self.elapsed_hours = (self.steps - 1) * self.scales.step_h
        self.is_day = self._daylight(self.elapsed_hours)
        self.unit_steps += len(self.units.live())

    def day_boundary(self) -> None:
        """Day boundary (reinforcements planned, stocks restocked), events, arrivals."""
        if (self.steps - 1) % int(round(self.scales.steps_per_day)) == 0:
            day_rules.day_boundary(self)
        day_rules.fire_events(self)
        day_rules.release_arrivals(self)
        self.refresh_layers()

    def sense(self) -> None:
        """Each side's detections of the enemy's units."""
        sense(self)

    def strike(self) -> None:
        """Drones, guns and mines act on what their side has located."""
        strike(self)
        remove_dead(self)

    def move(self) -> None:
        """Decisions, then movement along routes (exposure, mines)."""
        move(self)
        remove_dead(self)

    def fight(self) -> None:
        """Direct fire between units in contact; captures."""
        fight(self)
        remove_dead(self)

    def supply(self) -> None:
        """Consumption, morale, withdrawal, convoys."""
        supply(self)
        remove_dead(self)

    def control_and_metrics(self) -> None:
        """Control layer, the collapse watch and the time series."""
        self.elapsed_hours = self.steps * self.scales.step_h
        self.refresh_layers()
        self._watch_collapse()
        if self.steps % self.metrics_steps == 0:
            metrics.collect(self)

    def refresh_all(self) -> None:
        """Recompute control and sensing layers now (after placing units by hand)."""
        control.update_control(self)
        update_coverage(self)

    @property
    def on_the_hour(self) -> bool:
        """Whether this step starts an hour (for hourly decisions and refreshes)."""
        return self.steps % self.hour_steps == 0

    def refresh_layers(self) -> None:
        """Recompute control after positions changed hands, and sensing coverage (hourly at
        most) after launch sites, crews, the front or technology changed."""
        if self.control_dirty:
            control.update_control(self)
        if self.coverage_dirty and self.on_the_hour:
            update_coverage(self)

    def _watch_collapse(self) -> None:
        if self.collapse_day is not None:
            return
        d = 1 - self.attacker
        p0 = self.positions0[d]
        if p0 and metrics.positions_held(self, d) < self.params.run.collapse_threshold * p0:
            self.collapse_day = self.elapsed_hours / 24.0

    def run_days(self, days: float, progress=None) -> None:
        """Run for ``days`` days (``progress``: a callable taking the step count, or None)."""
        n = int(math.ceil(days * self.scales.steps_per_day - 1e-9))
        for _ in range(n):
            self.step()
            if progress is not None:
                progress(1)

    # ------------------------------------------------------------------ results
    def summary(self) -> dict:
        """The one-row run summary as it stands."""
        return metrics.summary(self)

    def timeseries(self):
        """The sampled time series as a pandas DataFrame."""
        return self.datacollector.get_table_dataframe(metrics.TABLE)

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

from ..agents.armor import ArmorGroup
from ..agents.artillery import ArtilleryBattery
from ..agents.assault_group import AssaultGroup
from ..agents.convoy import SupplyConvoy
from ..agents.drone_unit import DroneUnit
from ..agents.ew import EWStation
from ..agents.motorcycle import MotorcycleSquad
from ..agents.position import DefenderPosition
from . import control, metrics
from .combat import fight
from .day import day_boundary, fire_events, release_arrivals, schedule_events
from .grid import SectorGrid
from .logistics import supply
from .losses import remove_dead
from .movement import Routes, move
from .scales import Scales
from .scenario import load_scenario, with_overrides
from .schema import Scenario
from .sensing import sense, signature_table, update_coverage
from .strikes import strike
from .terrain import ROAD, WATER, generate, open_terrain, terrain_tables
from .units import ARTILLERY, N_KINDS, UnitTable

KIND_CLASSES = (
    DefenderPosition,
    AssaultGroup,
    MotorcycleSquad,
    ArmorGroup,
    SupplyConvoy,
    DroneUnit,
    EWStation,
    ArtilleryBattery,
)


class BattlefieldModel(mesa.Model):
    """The drone-dominated front line of 2024-2025 in one sector.

    Args:
        scenario: a :class:`Scenario`, a preset name or a path to a scenario TOML file.
        seed: the battle's seed (the map has its own, ``map.seed``).
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
        if isinstance(scenario, Scenario):
            sc = with_overrides(scenario, overrides) if overrides else scenario
        else:
            sc = load_scenario(scenario, overrides)
        super().__init__(rng=seed if rng is None else rng)
        self.params = sc
        self.seed = seed
        self.side_params = [copy.deepcopy(sc.red), copy.deepcopy(sc.blue)]
        self.attacker = 0 if sc.attacker == "red" else 1
        self.scales = s = Scales.from_scenario(sc)
        self.shape = (s.ny, s.nx)
        self._build_map()
        self._init_state()
        for side in (0, 1):
            DefenderPosition.build_line(self, side)
        control.update_control(self)
        self.control_ready = True
        for side in (0, 1):
            DroneUnit.deploy(self, side)
            EWStation.deploy(self, side)
            ArtilleryBattery.deploy(self, side)
        self.initial_guns = [
            float(self.units.vehicles[self.units.live_of(ARTILLERY, side)].sum()) for side in (0, 1)
        ]
        control.update_control(self)
        update_coverage(self)
        self.control0 = self.grid.control.data.copy()
        self.depth0 = control.front_depth_km(self.control0, self.attacker, s.cell_km)
        self.territory0 = [metrics.territory_cells(self, side) for side in (0, 1)]
        self.positions0 = [metrics.positions_held(self, side) for side in (0, 1)]
        schedule_events(self)
        self.datacollector = metrics.make_datacollector(self)
        metrics.collect(self)

    # ------------------------------------------------------------------ construction
    def _build_map(self) -> None:
        sc, s = self.params, self.scales
        tm = generate(sc, s) if sc.switches.terrain else open_terrain(s, sc)
        self.terrain_map = tm
        self.grid = SectorGrid(self.shape, random=self.random)
        g = self.grid
        g.add_property_layer(mesa.discrete_space.PropertyLayer.from_data("terrain", tm.terrain))
        g.create_property_layer("control", default_value=0, dtype=np.int8)
        g.create_property_layer("mines", default_value=0.0, dtype=float)
        for name in ("recon_red", "recon_blue", "strike_red", "strike_blue", "jam_red", "jam_blue"):
            g.create_property_layer(name, default_value=0.0, dtype=float)
        self.tables = terrain_tables(sc)
        terrain = g.terrain.data
        self.concealment = self.tables["concealment"][terrain]
        self.protection = self.tables["protection"][terrain]
        self.road_mask = terrain == ROAD
        self.passable = terrain != WATER
        self.front_x = tm.front_x
        # distance (km) behind the initial front on each side's ground (0 on enemy ground)
        x = np.arange(s.nx)[None, :] + 0.5
        blue = x < tm.front_x[:, None]
        self.behind_front_km = [
            ndimage.distance_transform_edt(~blue) * s.cell_km,
            ndimage.distance_transform_edt(blue) * s.cell_km,
        ]
        self.depots = [tm.depots[0], tm.depots[1]]
        spacing = max(1, int(round(s.cells(1.0))))
        self.anchors = control.rear_anchors(s.ny, s.nx, spacing)
        self.mines_flat = g.mines.data.reshape(-1)
        self.jam = [g.jam_red.data.reshape(-1), g.jam_blue.data.reshape(-1)]

    def _init_state(self) -> None:
        sc, s = self.params, self.scales
        self.units = UnitTable(s.nx)
        self.routes = Routes(self)
        self.tally = metrics.Tally()
        self.signature = signature_table(sc)
        self.target_value = np.array(
            [
                getattr(sc.targeting, k)
                for k in (
                    "position",
                    "assault_group",
                    "motorcycle",
                    "armor",
                    "convoy",
                    "drone_unit",
                    "ew",
                    "artillery",
                )
            ]
        )
        assert len(self.target_value) == N_KINDS
        self.kind_class = KIND_CLASSES
        self.mobile_classes = (MotorcycleSquad, ArmorGroup, AssaultGroup, SupplyConvoy)
        self.depth = [None, None]
        self.zone = [None, None]
        self.mine_targets = [np.zeros(0, np.int64), np.zeros(0, np.int64)]
        self.exposure_layer = np.zeros((2, s.n_cells))
        self.control_dirty = True
        self.control_version = 0  # bumped when control is recomputed
        self.params_version = 0  # bumped when a technology event changes a side's parameters
        self.footprint_cache: dict = {}
        self.control_ready = False
        self.coverage_dirty = True
        self.dead_check: list[int] = []
        self.reserve = [0.0, 0.0]
        self.formation_carry = [
            dict.fromkeys(("armor", "motorcycle", "foot", "relief"), 0.0) for _ in (0, 1)
        ]
        self.arrivals: list = []
        self.arrival_seq = 0
        self.convoy_tokens = [0.0, 0.0]
        self.convoy_target: dict[int, int] = {}
        self.pending_events: list = []
        self.event_log: list[dict] = []
        self.in_contact = np.zeros(0, np.int64)
        self.collapse_day: float | None = None
        self.track_steps = s.steps(sc.sensing.track_minutes / 60.0)
        self.hour_steps = s.steps(1.0)
        self.sortie_decay = float(np.exp(-s.step_h))  # sorties_h counts the last hour
        self.metrics_steps = s.steps(sc.run.metrics_interval_minutes / 60.0)
        self.elapsed_hours = 0.0
        self.is_day = self._daylight(0.0)
        self.unit_steps = 0  # live units advanced, summed over steps (benchmarks)
        self.phase_seconds: dict[str, float] | None = None  # set to {} to time the phases
        self.phases = (
            ("day boundary", self._day),
            ("sense", self._sense),
            ("strike", self._strike),
            ("move", self._move),
            ("fight", self._fight),
            ("supply", self._supply),
            ("control and metrics", self._control_and_metrics),
        )

    # ------------------------------------------------------------------ time
    def _daylight(self, elapsed_h: float) -> bool:
        r = self.params.run
        hour = (r.start_hour + elapsed_h) % 24.0
        return r.daylight_start_hour <= hour < r.daylight_end_hour

    @property
    def day(self) -> float:
        """Days since the start."""
        return self.elapsed_hours / 24.0

    # ------------------------------------------------------------------ one step
    def step(self) -> None:
        """Advance the battle by one step (see the module docstring for the phases)."""
        s = self.scales
        self.elapsed_hours = (self.steps - 1) * s.step_h
        self.is_day = self._daylight(self.elapsed_hours)
        self.unit_steps += len(self.units.live())
        for name, phase in self.phases:
            if self.phase_seconds is None:
                phase()
            else:
                t0 = time.perf_counter()
                phase()
                self.phase_seconds[name] = self.phase_seconds.get(name, 0.0) + (
                    time.perf_counter() - t0
                )

    def _day(self) -> None:
        if (self.steps - 1) % int(round(self.scales.steps_per_day)) == 0:
            day_boundary(self)
        fire_events(self)
        release_arrivals(self)
        self.refresh_layers()

    def _sense(self) -> None:
        sense(self)

    def _strike(self) -> None:
        strike(self)
        remove_dead(self)

    def _move(self) -> None:
        move(self)
        remove_dead(self)

    def _fight(self) -> None:
        fight(self)
        remove_dead(self)

    def _supply(self) -> None:
        supply(self)
        remove_dead(self)

    def _control_and_metrics(self) -> None:
        self.elapsed_hours = self.steps * self.scales.step_h
        self.refresh_layers()
        self._watch_collapse()
        if self.steps % self.metrics_steps == 0:
            metrics.collect(self)

    def refresh_all(self) -> None:
        """Recompute control and sensing layers now (after placing units by hand)."""
        control.update_control(self)
        update_coverage(self)

    def refresh_layers(self) -> None:
        """Recompute control after positions changed hands, and sensing coverage (hourly at
        most) after launch sites, crews, the front or technology changed."""
        if self.control_dirty:
            control.update_control(self)
        if self.coverage_dirty and self.steps % self.hour_steps == 0:
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

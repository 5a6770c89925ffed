"""droneline: an agent-based model (Mesa) of the drone-dominated front line of 2024-2025.

Public API for notebooks and scripts::

    import droneline as dl
    sc = dl.load_scenario("pokrovsk_drone_line", {"blue.drones.units": 8})
    result = dl.run(sc, days=14, seed=1)
    result.summary          # one-row DataFrame
    result.timeseries       # DataFrame sampled every run.metrics_interval_minutes
    model = dl.BattlefieldModel(sc, seed=1); model.step()
"""

from droneline.model.model import BattlefieldModel
from droneline.model.scenario import (
    ScenarioError,
    describe_presets,
    load_scenario,
    preset_names,
    with_overrides,
)
from droneline.model.schema import Scenario, parameters
from droneline.runs.single import RunResult, run

__all__ = [
    "BattlefieldModel",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "describe_presets",
    "load_scenario",
    "parameters",
    "preset_names",
    "run",
    "with_overrides",
]
__version__ = "0.1.0"

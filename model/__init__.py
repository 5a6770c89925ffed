"""The battlefield model: the sector, its layers, the phases of one step, scenarios, measures."""

from .model import BattlefieldModel
from .scenario import ScenarioError, load_scenario, preset_names
from .schema import Scenario, parameters

__all__ = [
    "BattlefieldModel",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "parameters",
    "preset_names",
]

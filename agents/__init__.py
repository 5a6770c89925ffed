"""The agents of droneline: one module per kind of unit, each class the single home of its kind.

Importing this package defines the kinds in the order below, which is their kind code (see
:mod:`droneline.agents.registry`): ``UNIT_KINDS`` maps each kind's name to its class and is the
only list of kinds the model, the plots and the map read.
"""

from .position import DefenderPosition  # noqa: I001 (the import order is the kind order)
from .assault_group import AssaultGroup
from .motorcycle import MotorcycleSquad
from .armor import ArmorGroup
from .convoy import SupplyConvoy
from .drone_unit import DroneUnit
from .ew import EWStation
from .artillery import ArtilleryBattery
from .drone_unit import DeepStrikeUnit
from .porter import PorterTeam
from .base import Unit
from .mounted import MountedUnit
from .registry import UNIT_KINDS

__all__ = [
    "UNIT_KINDS",
    "ArmorGroup",
    "ArtilleryBattery",
    "AssaultGroup",
    "DeepStrikeUnit",
    "DefenderPosition",
    "DroneUnit",
    "EWStation",
    "MotorcycleSquad",
    "MountedUnit",
    "PorterTeam",
    "SupplyConvoy",
    "Unit",
]

"""The agents of droneline: one module per kind of unit."""

from .armor import ArmorGroup
from .artillery import ArtilleryBattery
from .assault_group import AssaultGroup
from .convoy import SupplyConvoy
from .drone_unit import DroneUnit
from .ew import EWStation
from .motorcycle import MotorcycleSquad
from .position import DefenderPosition

__all__ = [
    "ArmorGroup",
    "ArtilleryBattery",
    "AssaultGroup",
    "DefenderPosition",
    "DroneUnit",
    "EWStation",
    "MotorcycleSquad",
    "SupplyConvoy",
]

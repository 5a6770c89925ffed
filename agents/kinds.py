"""Codes shared by the agents and the model: unit kinds, mobility classes, missions, drone
types, causes of loss and vehicle types. The agents own them; the model's array code reads
them from here.
"""

import numpy as np

# unit kinds (the agent classes register these codes)
POSITION, GROUP, MOTORCYCLE, ARMOR, CONVOY, DRONES, EW, ARTILLERY = range(8)
KIND_NAMES = (
    "position",
    "assault_group",
    "motorcycle",
    "armor",
    "convoy",
    "drone_unit",
    "ew",
    "artillery",
)
N_KINDS = len(KIND_NAMES)

# mobility classes (index into the terrain speed table)
FOOT, MOTO, TRACKED, TRUCK = range(4)
NO_MOBILITY = -1
KIND_MOBILITY = np.array(
    [NO_MOBILITY, FOOT, MOTO, TRACKED, TRUCK, NO_MOBILITY, NO_MOBILITY, NO_MOBILITY], dtype=np.int8
)

# missions of mobile units
IDLE, ADVANCE, ASSAULT, RELIEVE, WITHDRAW, DELIVER, RETURN = range(7)
MISSION_NAMES = ("idle", "advance", "assault", "relieve", "withdraw", "deliver", "return")

# drone types (stock, sorties and hits are counted by type)
RECON, FPV_RADIO, FPV_FIBRE, BOMBER, MINING = range(5)
DRONE_TYPES = ("recon", "fpv_radio", "fpv_fibre", "bomber", "mining")

# causes of loss
DRONE, ARTILLERY_FIRE, DIRECT_FIRE, MINE = range(4)
CAUSES = ("drone", "artillery", "direct_fire", "mine")

# vehicle types for losses
VEH_ARMOR, VEH_MOTORCYCLE, VEH_TRUCK, VEH_EW, VEH_GUN = range(5)
VEHICLE_TYPES = ("armor", "motorcycle", "truck", "ew", "gun")
KIND_VEHICLE = np.array(
    [-1, -1, VEH_MOTORCYCLE, VEH_ARMOR, VEH_TRUCK, -1, VEH_EW, VEH_GUN], dtype=np.int8
)


def lookup(codes, size: int) -> np.ndarray:
    """A boolean table indexed by code: ``lookup((GROUP, ARMOR), N_KINDS)[kind_array]`` is a
    fast ``np.isin``."""
    table = np.zeros(size, dtype=bool)
    table[list(codes)] = True
    return table

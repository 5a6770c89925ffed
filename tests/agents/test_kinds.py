"""agents/kinds.py: the codes shared by the agents and the model's array code."""

from droneline.agents import (
    ArmorGroup,
    ArtilleryBattery,
    AssaultGroup,
    DefenderPosition,
    DroneUnit,
    EWStation,
    MotorcycleSquad,
    SupplyConvoy,
)
from droneline.agents.kinds import (
    KIND_MOBILITY,
    KIND_NAMES,
    KIND_VEHICLE,
    N_KINDS,
    NO_MOBILITY,
)

CLASSES = (
    DefenderPosition,
    AssaultGroup,
    MotorcycleSquad,
    ArmorGroup,
    SupplyConvoy,
    DroneUnit,
    EWStation,
    ArtilleryBattery,
)


def test_every_kind_has_one_class_a_name_a_mobility_and_a_vehicle_type():
    assert sorted(c.KIND for c in CLASSES) == list(range(N_KINDS))
    assert len(KIND_NAMES) == len(KIND_MOBILITY) == len(KIND_VEHICLE) == N_KINDS
    for c in CLASSES:
        assert c.LABEL and c.__doc__
    movers = {c.KIND for c in (AssaultGroup, MotorcycleSquad, ArmorGroup, SupplyConvoy)}
    assert {k for k in range(N_KINDS) if KIND_MOBILITY[k] != NO_MOBILITY} == movers

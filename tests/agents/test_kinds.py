"""agents/kinds.py and agents/registry.py: one ordered registry of kinds, tables read off it."""

import numpy as np
import pytest

import droneline as dl
from droneline.agents import (
    UNIT_KINDS,
    ArmorGroup,
    ArtilleryBattery,
    AssaultGroup,
    DeepStrikeUnit,
    DefenderPosition,
    DroneUnit,
    EWStation,
    MotorcycleSquad,
    SupplyConvoy,
    Unit,
)
from droneline.agents.kinds import NO_MOBILITY, KindTable, scenario_value
from droneline.agents.registry import register, unregister

BUILT_IN = (
    DefenderPosition,
    AssaultGroup,
    MotorcycleSquad,
    ArmorGroup,
    SupplyConvoy,
    DroneUnit,
    DeepStrikeUnit,  # defined with DroneUnit, in its module
    EWStation,
    ArtilleryBattery,
)


def test_registry_is_filled_in_definition_order_and_codes_are_places():
    assert tuple(UNIT_KINDS.values())[: len(BUILT_IN)] == BUILT_IN
    for code, cls in enumerate(UNIT_KINDS.values()):
        assert cls.KIND == code and UNIT_KINDS[cls.NAME] is cls


def test_every_kind_declares_what_the_model_reads():
    sc = dl.load_scenario("pokrovsk_drone_line")
    for cls in BUILT_IN:
        assert cls.LABEL and cls.__doc__ and cls.MARKER
        for key in (cls.SIGNATURE, cls.TARGET_VALUE):
            assert scenario_value(sc, 0, key) >= 0  # the key names a real parameter
    movers = {c.NAME for c in BUILT_IN if c.MOBILITY != NO_MOBILITY}
    assert movers == {"assault_group", "motorcycle", "armor", "convoy"}


def test_kind_table_is_read_off_the_classes():
    sc = dl.load_scenario("pokrovsk_drone_line")
    t = KindTable(BUILT_IN, sc)
    assert t.names == tuple(c.NAME for c in BUILT_IN)
    assert t.signature[0, AssaultGroup.KIND] == sc.sensing.signature_foot
    assert t.target_value[1, ArmorGroup.KIND] == sc.targeting.armor
    assert t.aboard_loss[ArmorGroup.KIND] == sc.combat.mounted_casualty_share
    assert t.aboard_loss[MotorcycleSquad.KIND] == 1.0
    assert list(np.flatnonzero(t.hard)) == [ArmorGroup.KIND, ArtilleryBattery.KIND]
    assert list(np.flatnonzero(t.assault)) == [
        AssaultGroup.KIND,
        MotorcycleSquad.KIND,
        ArmorGroup.KIND,
    ]


def test_a_class_without_a_name_is_not_a_kind_and_only_the_last_kind_can_be_removed():
    n = len(UNIT_KINDS)

    class Helper(Unit):
        """A base for other kinds."""

    assert len(UNIT_KINDS) == n
    with pytest.raises(ValueError, match="only the last"):
        unregister("position")
    assert register(DefenderPosition) == DefenderPosition.KIND  # redefinition keeps its code

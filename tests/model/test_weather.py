"""model/weather.py: each day's weather from the scenario's chances; fog and rain blind
the sensors, rain and wind ground drones; attackers may wait for bad weather."""

import numpy as np
import pytest

import droneline as dl
from droneline.agents import DroneUnit
from droneline.model import day, weather
from droneline.model.schema import ScenarioError, Weather

RED, BLUE = 0, 1


def test_draw_reads_the_state_off_the_cumulative_chances():
    chances = weather.shares(Weather(rain_share=0.2, fog_share=0.1, wind_share=0.05))
    np.testing.assert_allclose(chances, [0.65, 0.2, 0.1, 0.05])
    assert [weather.draw(u, chances) for u in (0.0, 0.64, 0.66, 0.84, 0.96, 1.0)] == [
        0,
        0,
        1,
        1,
        3,
        3,
    ]
    assert weather.draw(0.9, chances) == 2


def test_chances_over_one_day_are_refused():
    with pytest.raises(ScenarioError, match="must not exceed 1"):
        dl.BattlefieldModel(
            "pokrovsk_drone_line",
            seed=1,
            overrides={"weather.rain_share": 0.6, "weather.fog_share": 0.6},
        )


def test_day_frequencies_follow_the_chances(bare_model):
    m = bare_model(
        **{"weather.rain_share": 0.5, "weather.fog_share": 0.0, "weather.wind_share": 0.0}
    )
    for _ in range(400):
        weather.new_day(m)
    rain = m.tally.weather_days[1] / m.tally.weather_days.sum()
    assert 0.4 < rain < 0.6 and m.tally.weather_days[2:].sum() == 0


def test_fog_blinds_sensing_and_wind_grounds_sorties(bare_model):
    m = bare_model(
        **{"weather.fog_share": 1.0, "weather.rain_share": 0.0, "weather.wind_share": 0.0}
    )
    weather.new_day(m)
    assert m.weather == 2 and m.weather_sensing == m.params.weather.fog_sensing < 1.0
    unit = DroneUnit(m, BLUE, 10 * m.scales.nx + 20)
    rows = np.array([unit.row])
    foggy = DroneUnit.sortie_rates(m, BLUE, rows)["tasks"].sum()
    m.weather, m.weather_sensing, m.weather_sorties = weather.CLEAR, 1.0, 1.0
    clear = DroneUnit.sortie_rates(m, BLUE, rows)["tasks"].sum()
    assert foggy == pytest.approx(clear * m.params.weather.fog_sorties)
    assert DroneUnit.recon_aloft(m, BLUE, rows).sum() > 0


def test_sensing_is_scaled_by_the_days_weather(bare_model):
    def located_share(fog: float) -> float:
        m = bare_model(
            **{
                "weather.fog_share": 1.0,
                "weather.rain_share": 0.0,
                "weather.wind_share": 0.0,
                "weather.fog_sensing": fog,
            }
        )
        from droneline.agents import AssaultGroup
        from droneline.model.sensing import sense, update_coverage

        weather.new_day(m)
        DroneUnit(m, BLUE, 10 * m.scales.nx + 20)
        groups = [AssaultGroup(m, RED, 10 * m.scales.nx + 40 + k, 4) for k in range(5)]
        update_coverage(m)
        seen = 0
        for _ in range(200):
            m.units.det_blue[[g.row for g in groups]] = -1
            sense(m)
            seen += (m.units.det_blue[[g.row for g in groups]] >= m.steps).sum()
        return seen / 1000

    assert located_share(0.0) == 0.0
    assert located_share(1.0) > 0.05


def test_attackers_hold_assaults_for_bad_weather(bare_model):
    m = bare_model(**{"red.forces.weather_hold": 0.5, "red.forces.attack_share": 1.0})
    m.weather_sorties = 1.0  # the enemy's drones fly freely: half the assault waits
    assert day.weather_held(m, RED, 40.0) == -20.0 and m.held[RED] == 20.0
    m.weather_sorties = 0.4  # strong wind: everyone held goes today
    assert day.weather_held(m, RED, 40.0) == 20.0 and m.held[RED] == 0.0
    f = m.side_params[RED].forces
    units = day.form_units(10.0, f, dict.fromkeys(day.FORMATIONS, 0.0), None, 20.0)
    assert "relief" not in units  # held soldiers come back as assault units, not reliefs

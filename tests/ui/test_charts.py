"""Live charts and summary: series from the time series, as JSON-safe lists."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

import droneline as dl
from droneline.ui.charts import (
    chart_specs,
    clean,
    compare_spec,
    per_hour,
    sample_count,
    summary_rows,
)


@pytest.fixture(scope="module")
def model():
    m = dl.BattlefieldModel(dl.load_scenario("pokrovsk_drone_line"), seed=1)
    for _ in range(30):
        m.step()
    return m


def test_sample_count_follows_the_time_series(model):
    assert sample_count(model) == len(model.timeseries()) > 1


def test_chart_specs(model):
    ts = model.timeseries()
    specs = chart_specs(ts, ["red", "blue"], model.attacker)
    titles = [s["title"] for s in specs]
    assert any("Front depth" in t for t in titles) and any("Territory" in t for t in titles)
    assert sum(s.get("stacked", False) for s in specs) == 2  # losses by cause, each side
    assert any("Supply" in t for t in titles) and any("sorties" in t for t in titles)
    for s in specs:
        assert len(s["x"]) == len(ts)
        for series in s["series"]:
            assert len(series["values"]) == len(ts)
    json.dumps(specs, allow_nan=False)  # what goes over the wire
    front = specs[0]["series"][0]["values"]
    assert front == pytest.approx(ts["advance_km"].round(4).tolist())


def test_clean_and_rates():
    assert clean([1.23456, math.nan, math.inf]) == [1.2346, None, None]
    ts = pd.DataFrame({"day": np.arange(5) / 24.0})
    rate = per_hour(ts, np.array([0, 10, 20, 30, 60.0]), window=2)
    assert rate.tolist() == [0, 10, 10, 10, 20]


def test_compare_spec(model):
    ts = model.timeseries()
    spec = compare_spec(ts, ts.iloc[:-1], "drone line", "no drone line", "red")
    assert len(spec["x"]) == len(ts) - 1
    assert [s["name"] for s in spec["series"]] == ["A: drone line", "B: no drone line"]


def test_summary_rows(model):
    rows = dict(summary_rows(model.summary(), ["red", "blue"]))
    assert "red's advance (km)" in rows and "days run" in rows
    assert rows["defence collapsed on day"] == "no collapse"
    rows = dict(summary_rows({"attacker": "red", "exchange_ratio": math.nan}, ["R", "B"]))
    assert rows == {"exchange ratio (R : B)": "–"}

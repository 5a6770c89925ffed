"""Live charts of the run (front, territory, losses by cause, supply, sorties and hits) and
the run summary as it stands.

Each chart is the SVG component ``chart.vue`` fed with plain lists built here from
``model.timeseries()``. The series are rebuilt only when the model has collected a new sample
(hourly by default), so playing fast costs nothing between samples.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

import numpy as np
import solara

from ..agents.kinds import CAUSES, DRONE_TYPES
from ..runs.plots import CAUSE_COLORS, SIDE_COLORS

SIDE_NAMES = ("red", "blue")
# Colours of run A and run B in the compare view (not red/blue: both curves are one side's).
PAIR_COLORS = ("#00796b", "#ef6c00")
# Sortie and hit rates are averaged over this many samples (6 hours at hourly sampling), so
# the day/night rhythm shows without the hour-to-hour noise.
RATE_WINDOW = 6


@solara.component_vue("chart.vue", vuetify=False)
def Chart(
    title: str,
    x: list,
    series: list,
    xlabel: str = "day",
    ylabel: str = "",
    stacked: bool = False,
    xmax: float | None = None,
    ymin0: bool = True,
    ysym: bool = False,
    yspan: float = 0.0,
    height: int = 220,
    font_scale: float = 1.0,
):
    """A line (or stacked area) chart: ``series`` is a list of
    ``{"name", "color", "values", "dash"}``; values may hold None for gaps."""


def sample_count(model) -> int:
    """Rows of the time series collected so far (changes hourly by default), without
    building a DataFrame: the length of a column in the model's Mesa DataCollector (a table
    or model reporters, whichever the model uses); else the DataFrame's length."""
    dc = model.datacollector
    for store in (getattr(dc, "tables", None), getattr(dc, "model_vars", None)):
        for column in (store or {}).values():
            if isinstance(column, dict):  # a table: column name -> values
                column = next(iter(column.values()), [])
            return len(column)
    return len(model.timeseries())


def clean(values) -> list:
    """Floats rounded for the wire, NaN/inf as None (JSON has no NaN)."""
    out = []
    for v in np.asarray(values, dtype=float).tolist():
        out.append(round(v, 4) if math.isfinite(v) else None)
    return out


def _col(ts, name: str) -> np.ndarray:
    if name in ts:
        return ts[name].to_numpy(dtype=float)
    return np.full(len(ts), np.nan)


def per_hour(ts, cumulative: np.ndarray, window: int = RATE_WINDOW) -> np.ndarray:
    """Rate per hour of a cumulative count, averaged over the last ``window`` samples
    (fewer at the start; the first sample is 0)."""
    hours = _col(ts, "day") * 24.0
    n = len(cumulative)
    rate = np.zeros(n)
    if n < 2:
        return rate
    back = np.maximum(np.arange(n) - window, 0)
    dh = hours - hours[back]
    ok = dh > 0
    rate[ok] = (cumulative[ok] - cumulative[back[ok]]) / dh[ok]
    return rate


def _side_sum(ts, prefix: str, side: str) -> np.ndarray:
    cols = [f"{prefix}_{side}_{t}" for t in DRONE_TYPES if f"{prefix}_{side}_{t}" in ts]
    return ts[cols].to_numpy(dtype=float).sum(axis=1) if cols else np.zeros(len(ts))


def chart_specs(ts, names: list[str], attacker: int) -> list[dict[str, Any]]:
    """The live charts as kwargs for :func:`Chart`, from the time series ``ts``.

    ``names`` are the sides' display names (red, blue); ``attacker`` is 0 or 1."""
    x = clean(_col(ts, "day"))
    att = names[attacker]
    charts = [
        dict(
            title=f"Front depth: {att}'s advance (km, mean along the front)",
            ylabel="km",
            ymin0=True,
            ysym=True,
            yspan=0.5,
            series=[
                dict(
                    name=f"{att}'s advance",
                    color=SIDE_COLORS[attacker],
                    values=clean(_col(ts, "advance_km")),
                )
            ],
        ),
        dict(
            title="Territory gained (km² taken from the other side)",
            ylabel="km²",
            yspan=0.5,
            series=[
                dict(
                    name=names[s],
                    color=SIDE_COLORS[s],
                    values=clean(_col(ts, f"gained_{SIDE_NAMES[s]}_km2")),
                )
                for s in (0, 1)
            ],
        ),
    ]
    for s in (attacker, 1 - attacker):
        charts.append(
            dict(
                title=f"{names[s].capitalize()} losses by cause (soldiers, cumulative)",
                ylabel="soldiers",
                stacked=True,
                yspan=5,
                series=[
                    dict(
                        name=c.replace("_", " "),
                        color=CAUSE_COLORS.get(c, "#888"),
                        values=clean(_col(ts, f"casualties_{SIDE_NAMES[s]}_{c}")),
                    )
                    for c in CAUSES
                ],
            )
        )
    charts.append(
        dict(
            title="Supply of forward positions (days left, mean per position)",
            ylabel="days",
            yspan=1,
            series=[
                dict(
                    name=names[s],
                    color=SIDE_COLORS[s],
                    values=clean(_col(ts, f"supply_days_{SIDE_NAMES[s]}")),
                )
                for s in (1, 0)
            ],
        )
    )
    series = []
    for s in (0, 1):
        side = SIDE_NAMES[s]
        series.append(
            dict(
                name=f"{names[s]} sorties",
                color=SIDE_COLORS[s],
                values=clean(per_hour(ts, _side_sum(ts, "sorties", side))),
            )
        )
        series.append(
            dict(
                name=f"{names[s]} hits",
                color=SIDE_COLORS[s],
                dash=True,
                values=clean(per_hour(ts, _side_sum(ts, "hits", side))),
            )
        )
    charts.append(
        dict(
            title="Drone sorties and hits (per hour, 6-hour average)",
            ylabel="per hour",
            yspan=5,
            series=series,
        )
    )
    for c in charts:
        c["x"] = x
    return charts


def compare_spec(ts_a, ts_b, label_a: str, label_b: str, attacker_name: str) -> dict[str, Any]:
    """Both runs' front-depth curves on one chart (runs step together, so days match)."""
    n = min(len(ts_a), len(ts_b))
    return dict(
        title=f"Front depth: {attacker_name}'s advance in both runs (km, mean along the front)",
        ylabel="km",
        ysym=True,
        yspan=0.5,
        x=clean(_col(ts_a, "day")[:n]),
        series=[
            dict(
                name=f"A: {label_a}",
                color=PAIR_COLORS[0],
                values=clean(_col(ts_a, "advance_km")[:n]),
            ),
            dict(
                name=f"B: {label_b}",
                color=PAIR_COLORS[1],
                dash=True,
                values=clean(_col(ts_b, "advance_km")[:n]),
            ),
        ],
    )


# --------------------------------------------------------------------------- summary
def _num(v: Any, digits: int = 1, pct: bool = False) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if not math.isfinite(f):
        return "–"
    if pct:
        return f"{100 * f:.0f} %"
    return f"{f:,.{digits}f}"


def summary_rows(summary: dict, names: list[str]) -> list[tuple[str, str]]:
    """The run summary as (label, value) rows in plain words; keys the model does not report
    (yet) are left out."""
    s = summary
    att = s.get("attacker", "red")
    a = names[SIDE_NAMES.index(att)] if att in SIDE_NAMES else att
    d = names[1 - SIDE_NAMES.index(att)] if att in SIDE_NAMES else "defender"
    rows = [
        ("days run", "days", 2, False),
        (f"{a}'s advance (km)", "advance_km", 2, False),
        (f"{a}'s advance (m/day)", "advance_m_per_day", 0, False),
        (f"area {a} gained (km²)", "area_gained_km2", 2, False),
        (f"area {d} took back (km²)", "counter_gains_km2", 2, False),
        (f"{names[0]} casualties", "casualties_red", 0, False),
        (f"{names[1]} casualties", "casualties_blue", 0, False),
        (f"exchange ratio ({a} : {d})", "exchange_ratio", 2, False),
        ("casualties caused by drones", "drone_share", 0, True),
        (f"{d}'s positions held", "positions_held_defender", 0, False),
        (f"{d}'s positions lost", "positions_lost", 0, False),
        (f"{names[0]} convoys lost", "convoys_lost_red", 0, False),
        (f"{names[1]} convoys lost", "convoys_lost_blue", 0, False),
        (f"{names[0]} armour lost", "vehicles_lost_red_armor", 0, False),
        (f"{names[0]} motorcycles lost", "vehicles_lost_red_motorcycle", 0, False),
        (f"{names[1]} strike sorties", "strike_sorties_blue", 0, False),
        (f"{names[0]} strike sorties", "strike_sorties_red", 0, False),
        ("defence collapsed on day", "collapse_day", 1, False),
    ]
    out = []
    for label, key, digits, pct in rows:
        if key not in s:
            continue
        value = _num(s[key], digits, pct)
        if key == "positions_held_defender" and "positions_defender_initial" in s:
            value += f" of {_num(s['positions_defender_initial'], 0)}"
        if key == "collapse_day" and value == "–":
            value = "no collapse"
        out.append((label, value))
    return out


@solara.component
def SummaryTable(rows: list[tuple[str, str]], font_scale: float = 1.0):
    """Two-column table of the run summary."""
    body = "".join(
        f"<tr><td>{escape(label)}</td><td class='dl-num'>{escape(value)}</td></tr>"
        for label, value in rows
    )
    solara.HTML(
        tag="table",
        unsafe_innerHTML=body,
        classes=["dl-summary"],
        style=f"font-size: {0.9 * font_scale:.2f}rem",
    )

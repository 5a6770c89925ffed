"""Export what the page shows: the run's time series and summary (CSV, Parquet), the map and
the charts (PNG, drawn with matplotlib by ``droneline.runs.plots``) and the scenario as a
TOML file that ``droneline run FILE --seed S`` accepts (the run's overrides included).

Plain functions of a :class:`~droneline.ui.session.LiveRun` (tests call them directly); the
sidebar's buttons are Solara ``FileDownload``s that call them when clicked."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import solara  # noqa: E402
import tomli_w  # noqa: E402

from ..model.scenario import to_dict  # noqa: E402
from ..runs.plots import SIDE_COLORS, draw_map, stack_losses  # noqa: E402

SIDES = ("red", "blue")


def timeseries(run) -> pd.DataFrame:
    with run.lock:
        return run.model.timeseries().copy()


def summary(run) -> pd.DataFrame:
    """One row: the model's summary so far, with what defines the run (preset, seed, the
    changed parameters) in front."""
    with run.lock:
        row: dict[str, Any] = {
            "scenario": run.model.params.name,
            "preset": run.spec.preset,
            "seed": run.spec.seed,
            "overrides": "; ".join(f"{k}={v}" for k, v in run.spec.overrides),
        }
        row.update(run.model.summary())
    return pd.DataFrame([row])


def to_csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def map_png(run) -> bytes:
    """The map as it stands, drawn by ``runs.plots.draw_map``."""
    with run.lock:
        m = run.model
        fig, ax = plt.subplots(figsize=(12, 4.8), constrained_layout=True)
        draw_map(ax, m)
        ax.set_title(f"{m.params.name}, seed {run.spec.seed}: day {m.day:.1f}")
        return _png(fig)


def charts_png(run) -> bytes:
    """Front depth, territory gained and losses by cause over the run so far."""
    with run.lock:
        m = run.model
        ts = m.timeseries().copy()
        att = m.attacker
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2), constrained_layout=True)
    ax = axes[0]
    ax.plot(ts["day"], ts["advance_km"], color=SIDE_COLORS[att], lw=2)
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set(xlabel="day", ylabel="km", title=f"{SIDES[att]}'s advance (mean along the front)")
    ax = axes[1]
    for s, side in enumerate(SIDES):
        col = f"gained_{side}_km2"
        if col in ts:
            ax.plot(ts["day"], ts[col], color=SIDE_COLORS[s], lw=2, label=side)
    ax.set(xlabel="day", ylabel="km²", title="territory gained")
    ax.legend(loc="upper left", fontsize=8)
    stack_losses(axes[2], ts)
    return _png(fig)


def _drop_none(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _drop_none(v) for k, v in x.items() if v is not None}
    if isinstance(x, list):
        return [_drop_none(v) for v in x if v is not None]
    return x


def scenario_toml(run) -> str:
    """The run's scenario (preset + overrides, every parameter written out) as TOML."""
    with run.lock:
        sc = run.model.params
        spec = run.spec
    data = _drop_none(to_dict(sc))
    changes = ", ".join(f"{k} = {v}" for k, v in spec.overrides) or "none"
    head = (
        f"# droneline scenario exported from the live UI: preset {spec.preset}, "
        f"changes: {changes}.\n"
        f"# Run it again with:  droneline run {sc.name}.toml --seed {spec.seed}\n\n"
    )
    return head + tomli_w.dumps(data)


def filename(run, what: str, ext: str) -> str:
    return f"{run.model.params.name}-seed{run.spec.seed}-day{run.model.day:.1f}-{what}.{ext}"


@solara.component
def ExportPanel(state):
    """The export buttons (the live run as it stands)."""
    _ = state.frame.value
    run = state.live
    items = [
        ("time series (CSV)", "timeseries", "csv", lambda: to_csv(timeseries(run))),
        ("time series (Parquet)", "timeseries", "parquet", lambda: to_parquet(timeseries(run))),
        ("summary (CSV)", "summary", "csv", lambda: to_csv(summary(run))),
        ("summary (Parquet)", "summary", "parquet", lambda: to_parquet(summary(run))),
        ("map (PNG)", "map", "png", lambda: map_png(run)),
        ("charts (PNG)", "charts", "png", lambda: charts_png(run)),
    ]
    with solara.Card("Export this run", margin=0, classes=["dl-card", "dl-export"]):
        with solara.Column(gap="0px"):
            for label, what, ext, data in items:
                _download(label, filename(run, what, ext), data, what, ext)
            _download(
                "scenario (TOML for `droneline run`)",
                f"{run.model.params.name}.toml",
                lambda: scenario_toml(run),
                "scenario",
                "toml",
            )


def _download(label: str, name: str, data, what: str, ext: str) -> None:
    with solara.Div(classes=["dl-export-item", f"dl-export-{what}-{ext}"]):
        solara.FileDownload(data, filename=name, label=label)

"""Click-to-inspect: the state of one unit (what it is, whose, how strong, supply, morale,
where, what it is doing) and its history since it was clicked, in a panel next to the map.

Read from the model's unit table under the run's lock (plain numbers out), so the panel
never sees a unit half-way through a step."""

from __future__ import annotations

from typing import Any

import solara

from ..agents import UNIT_KINDS
from ..agents import kinds as K
from .charts import Chart

SIDES = ("red", "blue")


def _arr(u, name: str, i: int, default: Any = None) -> Any:
    a = getattr(u, name, None)
    if a is None:
        return default
    try:
        return a[i].item() if hasattr(a[i], "item") else a[i]
    except (IndexError, TypeError):
        return default


def unit_state(run, unit: int) -> dict[str, Any] | None:
    """The unit's state as plain values (None if there is no such unit)."""
    with run.lock:
        m = run.model
        u = m.units
        if not 0 <= unit < int(u.n):
            return None
        nx, cell_km = m.scales.nx, m.scales.cell_km
        kind = int(u.kind[unit])
        side = int(u.side[unit])
        names = run.frame.names
        classes = list(UNIT_KINDS.values())
        label = classes[kind].LABEL if 0 <= kind < len(classes) else f"unit of kind {kind}"
        strength = float(u.strength[unit])
        cell = int(u.cell[unit])
        x_km = (cell % nx + 0.5) * cell_km
        y_km = (cell // nx + 0.5) * cell_km
        mission = _arr(u, "mission", unit)
        missions = getattr(K, "MISSION_NAMES", ())
        struck = int(_arr(u, "struck", unit, -1))
        out = {
            "what": f"{names[side]} {label}",
            "side": SIDES[side],
            "alive": bool(_arr(u, "alive", unit, True)),
            "soldiers": round(strength, 1),
            "soldiers at the start": round(float(_arr(u, "strength0", unit, strength)), 1),
            "vehicles": round(float(_arr(u, "vehicles", unit, 0.0)), 1),
            "supply (days)": round(
                float(_arr(u, "supply", unit, 0.0)) / strength if strength > 0 else 0.0, 1
            ),
            "morale": round(float(_arr(u, "morale", unit, float("nan"))), 2),
            "suppression": round(float(_arr(u, "suppression", unit, 0.0)), 2),
            "doing": (
                missions[int(mission)]
                if mission is not None and 0 <= int(mission) < len(missions)
                else "–"
            ),
            "moving": bool(_arr(u, "moving", unit, False)),
            "km from blue's rear edge": round(x_km, 2),
            "km along the front": round(y_km, 2),
            "last hit": (
                "never"
                if struck < 0
                else f"{(m.steps - struck) * m.scales.step_h * 60:.0f} min ago"
            ),
            "history": list(run.history) if run.watched == unit else [],
        }
    return out


@solara.component
def UnitInspector(state, key: str, unit: int, font_scale: float = 1.0):
    """The panel of the clicked unit; follows the run as it plays."""
    _ = state.pair_frame.value if key in ("a", "b") else state.frame.value
    info = unit_state(state.run_of(key), unit)
    with solara.Card(margin=0, classes=["dl-card", "dl-inspect"]):
        with solara.Row(style={"align-items": "center"}):
            title = "Unit" if info is None else info["what"]
            if key in ("a", "b"):
                title = f"{key.upper()}: {title}"
            solara.Text(title, classes=["dl-class-head", "dl-inspect-title"])
            solara.v.Spacer()
            solara.Button(
                icon_name="mdi-close",
                icon=True,
                on_click=lambda: state.select_unit(key, None),
                classes=["dl-inspect-close"],
            )
        if info is None:
            solara.Text("This unit is no longer in the run.")
            return
        rows = [
            (k, v)
            for k, v in info.items()
            if k not in ("what", "side", "history")
            and not (isinstance(v, float) and v != v)  # NaN: the model has no such value
        ]
        body = "".join(
            f"<tr><td>{k}</td><td class='dl-num'>"
            f"{'yes' if v is True else 'no' if v is False else v}</td></tr>"
            for k, v in rows
        )
        solara.HTML(
            tag="table",
            unsafe_innerHTML=body,
            classes=["dl-summary", "dl-inspect-table"],
            style=f"font-size: {0.85 * font_scale:.2f}rem",
        )
        hist = info["history"]
        if len(hist) >= 2:
            Chart(
                title="Since you clicked it: soldiers (and vehicles)",
                x=[h[0] for h in hist],
                series=[
                    dict(name="soldiers", color="#37474f", values=[h[1] for h in hist]),
                    dict(name="vehicles", color="#8d6e63", values=[h[2] for h in hist], dash=True),
                ],
                ylabel="",
                height=140,
                font_scale=font_scale,
            )
        else:
            solara.Text("Its history is drawn from now on as the run plays.", classes=["dl-note"])

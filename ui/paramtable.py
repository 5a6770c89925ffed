"""Every parameter of the running scenario on the page (as NetLogo's interface shows its
globals): meaning, value with unit, the schema's range, and whether the run changed it from
the preset. Read-only: the sliders change the few that matter; a scenario file changes the
rest (Export writes one)."""

from __future__ import annotations

from html import escape

import solara

import droneline as dl

from ..model.scenario import flatten
from .labels import fmt_value, plain_name

TEXT = ("name", "description", "reality", "watch_for", "question")


def parameter_rows(sc: dl.Scenario, base: dl.Scenario | None = None) -> list[dict]:
    """One row per parameter: ``name``, ``meaning``, ``value``, ``range``, ``changed``."""
    specs = dl.parameters()
    values = flatten(sc)
    base_values = flatten(base) if base is not None else values
    out = []
    for name, value in values.items():
        if name in TEXT:
            continue
        spec = specs.get(name)
        rng = ""
        if spec is not None and spec.lo is not None and spec.hi is not None:
            rng = f"{fmt_value(name, spec.lo)} – {fmt_value(name, spec.hi)}"
        elif spec is not None and spec.choices:
            rng = ", ".join(map(str, spec.choices))
        out.append(
            dict(
                name=name,
                meaning=plain_name(name),
                value=fmt_value(name, value),
                range=rng,
                changed=base_values.get(name) != value,
            )
        )
    return out


@solara.component
def AllParameters(state):
    """A folding table of all parameters of the live run, with a filter box. It follows the
    run's rebuilds (``applied``), not its frames: the parameters do not change while it plays,
    and re-rendering this long table on every frame cost the playing page a few ms each."""
    _ = state.applied.value
    query, set_query = solara.use_state("")
    sc = state.live.model.params
    rows = solara.use_memo(lambda: parameter_rows(sc, state.base), [sc, state.base])
    q = query.strip().lower()
    shown = [r for r in rows if not q or q in r["meaning"].lower() or q in r["name"]]
    body = "".join(
        f"<tr class='{'dl-changed' if r['changed'] else ''}'>"
        f"<td>{escape(r['meaning'])}<div class='dl-pname'>{escape(r['name'])}</div></td>"
        f"<td class='dl-num'>{escape(r['value'])}</td>"
        f"<td class='dl-range'>{escape(r['range'])}</td></tr>"
        for r in shown
    )
    n_changed = sum(r["changed"] for r in rows)
    title = f"All {len(rows)} parameters of this run" + (
        f" ({n_changed} changed)" if n_changed else ""
    )
    with solara.Div(classes=["dl-allparams"]):
        with solara.Details(title):
            solara.InputText("Filter", value=query, on_value=set_query, continuous_update=True)
            solara.HTML(
                tag="table",
                unsafe_innerHTML="<tr><th>parameter</th><th>value</th><th>range</th></tr>" + body,
                classes=["dl-summary", "dl-param-table"],
                style="font-size: 0.8rem",
            )

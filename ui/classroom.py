"""Classroom mode: a plain-language panel per preset (what happened in reality, what to watch
for on the map, one question for the class) and, for the compare view, what differs between
the two runs. The text is the scenario's own (``reality``, ``watch_for``, ``question``)."""

from __future__ import annotations

import math
from typing import Any

import solara

import droneline as dl

from ..model.scenario import flatten

# Parameters that are text, not settings: never listed as a difference between runs.
TEXT_FIELDS = ("name", "description", "reality", "watch_for", "question")


def tidy(text: str) -> str:
    """One paragraph: TOML line continuations and indentation collapsed."""
    return " ".join((text or "").split())


def panel_texts(sc: dl.Scenario) -> list[tuple[str, str, str]]:
    """``(heading, icon, text)`` for the classroom panel; a missing field falls back to the
    scenario's description (so every preset shows something)."""
    out = [
        ("What happened", "mdi-history", tidy(sc.reality)),
        ("Watch for on the map", "mdi-eye-outline", tidy(sc.watch_for)),
        ("Question for the class", "mdi-comment-question-outline", tidy(sc.question)),
    ]
    if not any(t for _, _, t in out):
        return [("This scenario", "mdi-information-outline", tidy(sc.description))]
    return [(h, i, t) for h, i, t in out if t]


@solara.component
def ClassroomPanel(sc: dl.Scenario, font_scale: float = 1.0):
    """The three cards for one preset, side by side (stacked on narrow screens)."""
    texts = panel_texts(sc)
    with solara.ColumnsResponsive(
        12, medium=12 // max(1, len(texts)), gutters_dense=True, classes=["dl-classroom"]
    ):
        for heading, icon, text in texts:
            with solara.Card(margin=0, classes=["dl-class-card"]):
                with solara.Row(gap="6px", style={"align-items": "center"}):
                    solara.v.Icon(children=[icon], color="primary")
                    solara.Text(
                        heading,
                        classes=["dl-class-head"],
                        style={"font-size": f"{1.05 * font_scale:.2f}rem"},
                    )
                solara.Text(
                    text,
                    classes=["dl-class-text"],
                    style={"font-size": f"{0.95 * font_scale:.2f}rem"},
                )


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def differences(a: dl.Scenario, b: dl.Scenario, limit: int = 10) -> list[tuple[str, Any, Any]]:
    """Parameters (dotted names) whose values differ between two scenarios."""
    fa, fb = flatten(a), flatten(b)
    out = [
        (k, fa[k], fb.get(k)) for k in fa if k not in TEXT_FIELDS and not _same(fa[k], fb.get(k))
    ]
    return out[:limit] if limit else out


def _show(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


@solara.component
def CompareExplainer(a: dl.Scenario, b: dl.Scenario, seed: int, font_scale: float = 1.0):
    """What the two runs share (seed, map) and the switch that differs."""
    diffs = differences(a, b, limit=0)
    shown = diffs[:8]
    items = "; ".join(f"{k}: {_show(va)} → {_show(vb)}" for k, va, vb in shown)
    more = f" (and {len(diffs) - len(shown)} more)" if len(diffs) > len(shown) else ""
    same_map = a.map == b.map
    with solara.Card(margin=0, classes=["dl-class-card"]):
        solara.Text(
            "What differs",
            classes=["dl-class-head"],
            style={"font-size": f"{1.05 * font_scale:.2f}rem"},
        )
        base = (
            f"Same seed ({seed})"
            + (", same map" if same_map else "")
            + ": the runs differ only in "
        )
        solara.Text(
            base + (items + more if diffs else "nothing (identical runs)") + ".",
            classes=["dl-class-text"],
            style={"font-size": f"{0.9 * font_scale:.2f}rem"},
        )
        if tidy(b.question) and tidy(b.question) != tidy(a.question):
            solara.Text(
                "Question: " + tidy(b.question),
                classes=["dl-class-text"],
                style={"font-size": f"{0.9 * font_scale:.2f}rem", "margin-top": "6px"},
            )
        elif tidy(a.question):
            solara.Text(
                "Question: " + tidy(a.question),
                classes=["dl-class-text"],
                style={"font-size": f"{0.9 * font_scale:.2f}rem", "margin-top": "6px"},
            )

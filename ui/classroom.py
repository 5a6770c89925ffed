"""Classroom mode: a plain-language help panel per preset (what is it, how it works, how to
use it, things to notice, things to try) and, for the compare view, what differs between the
two runs in plain words. The preset's text is the scenario's own (``description``,
``reality``, ``watch_for``, ``question``); the rest is the same for every preset."""

from __future__ import annotations

import math
from typing import Any

import solara

import droneline as dl

from ..model.scenario import flatten
from .labels import fmt_value, plain_name

# Parameters that are text, not settings: never listed as a difference between runs.
TEXT_FIELDS = ("name", "description", "reality", "watch_for", "question")


def tidy(text: str) -> str:
    """One paragraph: TOML line continuations and indentation collapsed."""
    return " ".join((text or "").split())


HOW_IT_WORKS = (
    "Each marker is a unit (a position, an assault group, a drone unit, a convoy...). Every "
    "10 minutes of battle each side's drones and sensors look for enemy units, drones and "
    "guns strike what they found, units move from cover to cover, groups in contact fight, "
    "and convoys carry supply forward. Hatching marks where a side's strike drones reach: "
    "anything crossing it can be found and hit."
)
HOW_TO_USE = (
    "Play runs the battle; Step moves one frame; the buttons next to them set how much "
    "battle time one frame is (1 h is a good pace). Run to the end jumps to the last day. "
    "Click a unit on the map to see its state. Sliders in the sidebar change the scenario: "
    "press Reset to rebuild the run with them (same seed, same map). The Compare tab runs two "
    "versions side by side. Export (sidebar) saves the data, pictures and the scenario file."
)


def help_sections(sc: dl.Scenario) -> list[tuple[str, str, str, str]]:
    """``(key, heading, icon, text)`` of the help panel for one preset."""
    try_text = tidy(sc.question)
    extra = (
        "Change the seed and Reset: the details change, does the pattern? In Compare, change "
        "one slider in run B and predict the result before you run it."
    )
    out = [
        ("what", "What is it", "mdi-information-outline", tidy(sc.description)),
        (
            "how",
            "How it works",
            "mdi-cogs",
            " ".join(t for t in (tidy(sc.reality), HOW_IT_WORKS) if t),
        ),
        ("use", "How to use it", "mdi-gesture-tap", HOW_TO_USE),
        ("notice", "Things to notice", "mdi-eye-outline", tidy(sc.watch_for)),
        (
            "try",
            "Things to try",
            "mdi-comment-question-outline",
            (f"Question for the class: {try_text} " if try_text else "") + extra,
        ),
    ]
    return [row for row in out if row[3]]


@solara.component
def ClassroomPanel(sc: dl.Scenario, font_scale: float = 1.0, open_keys: tuple = ("notice",)):
    """The help panel of one preset: five sections that fold, "things to notice" open."""
    sections = help_sections(sc)
    opened = [i for i, row in enumerate(sections) if row[0] in open_keys]
    with solara.v.ExpansionPanels(
        multiple=True, v_model=opened, accordion=True, class_="dl-classroom"
    ):
        for key, heading, icon, text in sections:
            with solara.v.ExpansionPanel(class_=f"dl-help-{key}"):
                with solara.v.ExpansionPanelHeader():
                    with solara.Row(gap="6px", style={"align-items": "center"}):
                        solara.v.Icon(children=[icon], color="primary", small=True)
                        solara.Text(
                            heading,
                            classes=["dl-class-head"],
                            style={"font-size": f"{1.0 * font_scale:.2f}rem"},
                        )
                with solara.v.ExpansionPanelContent():
                    solara.Text(
                        text,
                        classes=["dl-class-text"],
                        style={"font-size": f"{0.92 * font_scale:.2f}rem"},
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


@solara.component
def CompareExplainer(a: dl.Scenario, b: dl.Scenario, seed: int, font_scale: float = 1.0):
    """What the two runs share (seed, map) and the switch that differs."""
    diffs = differences(a, b, limit=0)
    shown = diffs[:8]
    items = "; ".join(
        f"{plain_name(k)}: {fmt_value(k, va)} → {fmt_value(k, vb)}" for k, va, vb in shown
    )
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

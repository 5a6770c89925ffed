"""Parameters in plain language: a dotted schema name ("blue.drones.crews_per_unit") becomes
"Blue: crews per drone unit", a value gets its unit ("5 crews", "25 %"), a loader error
becomes a sentence. The words come from the schema (``ParamSpec.doc`` and ``.unit``) or, for
the sliders, from the slider's own label, so a new parameter needs nothing here."""

from __future__ import annotations

import math
import re
from typing import Any

import droneline as dl

SIDES = ("red", "blue")
# Units shown as a percentage.
SHARE_UNITS = ("fraction", "probability")
NO_UNIT = ("", "-", "text", "bool", "value", "factor", "count", "side")


def _specs() -> dict:
    return dl.parameters()


def slider_labels() -> dict[str, str]:
    """Dotted name -> the sidebar slider's label, for every side."""
    from .params import SLIDER_GROUPS

    out = {}
    for group in SLIDER_GROUPS:
        for label, template, _ in group.rows:
            for side in SIDES:
                out[template.format(side=side)] = label
    return out


def describe(name: str) -> str:
    """What a parameter means, without its side ("drone line depth")."""
    label = slider_labels().get(name)
    if label:
        return label
    spec = _specs().get(name)
    doc = (spec.doc if spec else "") or name.rsplit(".", 1)[-1].replace("_", " ")
    return doc[:1].lower() + doc[1:]


def side_of(name: str) -> str | None:
    head = name.split(".", 1)[0]
    return head if head in SIDES else None


def plain_name(name: str, side_names: dict[str, str] | None = None) -> str:
    """ "Blue: drone line depth" (or "Ukrainian Armed Forces: ..." with ``side_names``)."""
    side = side_of(name)
    what = describe(name)
    if side is None:
        return what[:1].upper() + what[1:]
    who = (side_names or {}).get(side) or side
    return f"{who[:1].upper() + who[1:]}: {what}"


def short_name(name: str) -> str:
    """ "blue's drone line depth": for map titles and chart legends."""
    side = side_of(name)
    what = describe(name)
    return f"{side}'s {what}" if side else what


def fmt_value(name: str, value: Any) -> str:
    """A value with its unit, in words a class reads ("12 km", "25 %", "5 crews", "yes")."""
    spec = _specs().get(name)
    unit = spec.unit if spec else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and not isinstance(value, bool):
        v = float(value)
        if not math.isfinite(v):
            return "–"
        if unit in SHARE_UNITS:
            return (
                f"{100 * v:.0f} %" if abs(100 * v - round(100 * v)) < 1e-6 else f"{100 * v:.1f} %"
            )
        text = f"{v:,.0f}" if v.is_integer() else f"{v:,.3g}" if abs(v) < 10 else f"{v:,.1f}"
        return text if unit in NO_UNIT else f"{text} {unit}"
    return str(value)


def plain_error(err: Exception, side_names: dict[str, str] | None = None) -> str:
    """A loader error (``ScenarioError``) as a sentence, dotted names in plain words."""
    key = getattr(err, "key", None)
    rule = getattr(err, "rule", None)
    if rule is None:
        return f"{err}"
    rule_text = re.sub(
        r"\b(motorcycle_share|armor_share|recon_share|bomber_share|mining_share)\b",
        lambda m: {
            "motorcycle_share": "the motorcycle share",
            "armor_share": "the armour share",
            "recon_share": "the recon share",
            "bomber_share": "the bomber share",
            "mining_share": "the mining share",
        }[m.group(1)],
        str(rule),
    )
    if key:
        value = fmt_value(key, getattr(err, "value", ""))
        return f"{plain_name(key, side_names)} = {value}: {rule_text}."
    return rule_text[:1].upper() + rule_text[1:] + "."

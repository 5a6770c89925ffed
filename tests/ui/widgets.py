"""Finding the page's widgets in a rendered Solara tree (shared by the headless UI tests)."""

from __future__ import annotations

import ipyvue
import ipyvuetify as v
import numpy as np

from droneline.ui.layers import decode_units


def button(rc, cls):
    return rc.find(v.Btn, class_=cls).single.widget


def map_widget(rc, title_prefix=""):
    maps = [
        w
        for w in rc.find(ipyvue.VueTemplate, nx=300).widgets
        if w.title.startswith(title_prefix) and not w.legend_only
    ]
    assert len(maps) == 1, [w.title for w in maps]
    return maps[0]


def map_units(widget) -> dict[str, np.ndarray]:
    """The units a map widget draws, by column (``layers.UNIT_COLUMNS``)."""
    return decode_units(widget.units)


def slider(rc, name):
    box = rc.find(v.Html, class_="dl-slider dl-slider-" + name.replace(".", "-")).single
    return box.find(v.Slider).single.widget


def text_of(rc, cls) -> str:
    return " ".join(str(c) for c in rc.find(v.Html, class_=cls).single.widget.children)

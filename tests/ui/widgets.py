"""Finding the page's widgets in a rendered Solara tree (shared by the headless UI tests)."""

from __future__ import annotations

import ipyvue
import ipyvuetify as v


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


def slider(rc, name):
    box = rc.find(v.Html, class_="dl-slider dl-slider-" + name.replace(".", "-")).single
    return box.find(v.Slider).single.widget


def text_of(rc, cls) -> str:
    return " ".join(str(c) for c in rc.find(v.Html, class_=cls).single.widget.children)

"""The real thing: ``droneline ui`` on 127.0.0.1, Debian's Chromium driven by Playwright.

Loads the page with every request off this machine blocked (the UI must work offline),
plays, checks that the map and the charts are drawn (a blank page is the known failure mode
of Solara with the wrong ipyvue or a missing asset), switches preset, opens the compare view
and takes the screenshots used by docs/CLASSROOM.md.

Screenshots go to ``out/screenshots/``; they also replace those in ``docs/img/`` when
``DRONELINE_DOCS_IMG=1`` or when docs/img lacks them (so test runs do not churn the docs).
In CI (env ``CI`` set) this test never skips: no Chromium there is a failure.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image

import droneline as dl
from droneline.ui.browser import CHROMIUM, launch_chromium, ui_server, units_drawn

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "out" / "screenshots"
DOCS_IMG = ROOT / "docs" / "img"
SHOTS = ("live.png", "map.png", "charts.png", "sudzha.png", "compare.png")

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(
            f"{CHROMIUM} is missing in CI: `make test` installs Debian's chromium", pytrace=False
        )
    pytest.skip(f"{CHROMIUM} not installed (make browser)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def not_blank(png: bytes, min_colours: int = 40, max_white: float = 0.9) -> dict:
    """Colour statistics of a screenshot; raises if it looks blank."""
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    colours = len(np.unique(img.reshape(-1, 3) // 8, axis=0))
    white = float((img.min(axis=2) > 245).mean())
    assert colours >= min_colours and white < max_white, (colours, white)
    return {"colours": colours, "white": white}


def save(name: str, png: bytes) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_bytes(png)


def publish_to_docs() -> None:
    update = os.environ.get("DRONELINE_DOCS_IMG") == "1"
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    for name in SHOTS:
        if (OUT / name).exists() and (update or not (DOCS_IMG / name).exists()):
            shutil.copyfile(OUT / name, DOCS_IMG / name)


def to_top(page) -> None:
    """Scroll every scrolled container back to the top (element screenshots scroll)."""
    page.evaluate(
        "() => { window.scrollTo(0, 0); document.querySelectorAll('*')"
        ".forEach(e => { if (e.scrollTop) e.scrollTop = 0; }); }"
    )
    page.wait_for_timeout(200)


def wait_day(page, selector: str, days: float, timeout_ms: int = 60_000) -> int:
    """Wait until the map at ``selector`` shows at least ``days`` of battle; its step."""
    page.wait_for_function(
        "([sel, d]) => { const e = document.querySelector(sel);"
        " return e && +e.getAttribute('data-day') >= d; }",
        arg=[selector, days],
        timeout=timeout_ms,
    )
    return int(page.get_attribute(selector, "data-step"))


def test_the_ui_in_chromium():
    blocked, failed, errors = [], [], []
    with ui_server() as url, sync_api.sync_playwright() as pw:
        host = urlsplit(url).netloc
        browser = launch_chromium(pw)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 2100})

            def only_local(route):
                if urlsplit(route.request.url).netloc == host:
                    return route.continue_()
                blocked.append(route.request.url)
                return route.abort()

            page.route("**/*", only_local)
            page.on(
                "response",
                lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
            )
            page.on("pageerror", lambda e: errors.append(str(e)))

            # 1. opens with the Pokrovsk drone line, map drawn, ready to play
            page.goto(f"{url}?fps=12&minutes=60")
            page.wait_for_selector(".dl-map svg.dl-map-svg", timeout=90_000)
            assert page.inner_text(".dl-map-title") == "pokrovsk drone line"
            assert int(page.get_attribute(".dl-map", "data-step")) == 0
            assert int(page.get_attribute(".dl-map", "data-units")) > 20
            assert len(units_drawn(page, at_least=21)) > 20  # drawn on the map's canvas

            # 2. play a few frames, pause
            page.click(".dl-play")
            step = wait_day(page, ".dl-live .dl-map", 4)
            page.click(".dl-play")
            # a frame in flight when Pause was clicked may still arrive (slow on a busy machine)
            page.wait_for_selector(".dl-play:has-text('Play')", timeout=20_000)
            page.wait_for_timeout(1500)
            paused = int(page.get_attribute(".dl-live .dl-map", "data-step"))
            assert paused >= step
            page.wait_for_timeout(700)
            assert int(page.get_attribute(".dl-live .dl-map", "data-step")) == paused

            # 3. the map and the charts are drawn, not blank
            for layer in ("dl-terrain", "dl-control", "dl-zones"):
                href = page.get_attribute(f".dl-live image.{layer}", "href")
                assert href and href.startswith("data:image/png;base64,"), layer
            # mined cells: a magenta cross each, drawn on the canvas (no image any more)
            mined = int(page.get_attribute(".dl-live .dl-map", "data-mined"))
            assert mined > 0  # the drone line lays mines in its first days
            img = np.asarray(
                Image.open(
                    io.BytesIO(page.locator(".dl-live canvas.dl-map-fg").screenshot())
                ).convert("RGB")
            ).astype(int)
            r, g, b = img[..., 0], img[..., 1], img[..., 2]
            assert ((r > g + 60) & (b > g + 25)).sum() >= mined
            map_png = page.locator(".dl-live .dl-map-card").screenshot()
            not_blank(map_png, min_colours=60)
            assert page.locator(".dl-live .dl-chart").count() == 6
            lines = page.eval_on_selector_all(
                ".dl-live .dl-chart-data path", "els => els.map(e => e.getAttribute('d'))"
            )
            assert sum(d.count("L") >= 10 for d in lines if d) >= 6, lines[:3]
            charts_png = page.locator(".dl-live .dl-charts").screenshot()
            not_blank(charts_png, max_white=0.985)  # charts are mostly white paper
            assert "days run" in page.inner_text(".dl-summary")
            save("map.png", map_png)
            save("charts.png", charts_png)
            to_top(page)
            save("live.png", page.screenshot())

            # 4. switch preset: rebuilt, classroom panel follows
            page.click(".dl-preset")
            page.locator(
                ".menuable__content__active .v-list-item", has_text="Sudzha supply cut"
            ).click()
            page.wait_for_function(
                "() => document.querySelector('.dl-map-title')"
                ".textContent.trim() === 'sudzha supply cut'",
                timeout=60_000,
            )
            assert int(page.get_attribute(".dl-live .dl-map", "data-step")) == 0
            # the help panel follows ("things to notice" is open)
            notice = " ".join(dl.load_scenario("sudzha_supply_cut").watch_for.split())
            assert notice in " ".join(page.inner_text(".dl-classroom").split())
            page.click(".dl-play")
            wait_day(page, ".dl-live .dl-map", 3)
            page.click(".dl-play")
            page.wait_for_timeout(500)
            to_top(page)
            save("sudzha.png", page.screenshot())

            # 5. compare view: two runs, same seed, stepping together, one chart
            page.get_by_role("tab", name="Compare").click()
            page.wait_for_selector(".dl-run-b .dl-map svg", timeout=60_000)
            page.get_by_role("button", name="2 h").click()  # two hours per frame
            page.click(".dl-play")
            wait_day(page, ".dl-run-a .dl-map", 6)
            page.click(".dl-play")
            page.wait_for_timeout(700)
            a = int(page.get_attribute(".dl-run-a .dl-map", "data-step"))
            b = int(page.get_attribute(".dl-run-b .dl-map", "data-step"))
            assert a == b > 0
            assert page.locator(".dl-compare-chart .dl-chart-data path").count() == 2
            compare_png = page.locator(".dl-compare").screenshot()
            not_blank(compare_png, min_colours=60)
            save("compare.png", compare_png)
        finally:
            browser.close()
    publish_to_docs()
    # offline: nothing left this machine, no asset was missing, no script error
    assert blocked == [], blocked
    assert failed == [], failed
    assert errors == [], errors

"""Frames per second of the live UI in a real browser (issue 5: keep >= 5 for the default
scenario).

Serves ``droneline ui`` on 127.0.0.1, opens it in Debian's Chromium (headless, through
Playwright), presses Play and counts, once per animation frame, how often the map shows a new
model step. Runs the default preset (Pokrovsk drone line) at each requested frame-rate target
and model time per frame, after a warm-up.

    .venv/bin/python benchmarks/ui_fps.py                  # targets 8 (default) and 20 fps
    .venv/bin/python benchmarks/ui_fps.py --fps 8 20 30 --minutes 10 60 --seconds 15

A measurement, not a test: this machine's numbers are noisy, so nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import platform
import time

from playwright.sync_api import sync_playwright

from droneline.ui.browser import launch_chromium, measure_fps, ui_server


def fast_forward(page, days: float, minutes: int) -> None:
    """Play at two hours per frame until ``days`` have passed, pause, restore the speed."""
    label = f"{minutes} min" if minutes < 60 else f"{minutes // 60} h"
    page.get_by_role("button", name="2 h").click()
    page.click(".dl-play")
    page.wait_for_function(
        "d => +document.querySelector('.dl-map').getAttribute('data-day') >= d",
        arg=days,
        timeout=600_000,
    )
    page.click(".dl-play")
    page.get_by_role("button", name=label).click()
    page.wait_for_timeout(500)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fps", type=int, nargs="+", default=[8, 20], help="frame-rate targets")
    p.add_argument(
        "--minutes",
        type=int,
        nargs="+",
        default=[10],
        help="model minutes per frame (10 = one step)",
    )
    p.add_argument("--seconds", type=float, default=10.0, help="measuring time per setting")
    p.add_argument("--warmup", type=float, default=2.0, help="seconds played before measuring")
    p.add_argument("--preset", default="pokrovsk_drone_line")
    p.add_argument(
        "--after-days",
        type=float,
        default=0.0,
        help="play this many days fast (2 h per frame) before measuring, to "
        "measure a battle in full swing rather than its first hours",
    )
    p.add_argument(
        "--compare",
        action="store_true",
        help="measure the compare view (two runs stepping together) instead of the live run",
    )
    p.add_argument("--json", action="store_true", help="print one JSON line per setting")
    args = p.parse_args(argv)
    results = []
    with ui_server() as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for minutes in args.minutes:
                for fps in args.fps:
                    page = browser.new_page(viewport={"width": 1600, "height": 1000})
                    tab = "&tab=compare" if args.compare else ""
                    page.goto(f"{url}?preset={args.preset}&fps={fps}&minutes={minutes}{tab}")
                    page.wait_for_selector(".dl-map svg.dl-map-svg", timeout=60_000)
                    if args.after_days > 0:
                        fast_forward(page, args.after_days, minutes)
                    page.click(".dl-play")
                    time.sleep(args.warmup)
                    r = measure_fps(page, args.seconds)
                    step = int(page.get_attribute(".dl-map", "data-step") or 0)
                    page.click(".dl-play")
                    page.close()
                    r.update(
                        view="compare" if args.compare else "live",
                        target_fps=fps,
                        minutes_per_frame=minutes,
                        preset=args.preset,
                        steps_reached=step,
                    )
                    results.append(r)
                    if args.json:
                        print(json.dumps(r))
                    else:
                        print(
                            f"{r['view']} {args.preset}: target {fps:>2} fps, "
                            f"{minutes:>3} min/frame -> "
                            f"{r['fps']:.1f} fps painted ({r['frames']} frames in "
                            f"{args.seconds:g} s, worst gap {r['worst_gap_ms'] or 0:.0f} ms, "
                            f"step {step})"
                        )
        finally:
            browser.close()
    if not args.json:
        print(
            f"machine: {platform.processor() or platform.machine()}, "
            f"python {platform.python_version()}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Frames per second of the live UI in a real browser (issue 5: keep >= 5 for the default
scenario; issue 13: "20 fps requested delivers 8-13; ~500 units give 1.6-2 fps").

Serves ``droneline ui`` on 127.0.0.1, opens it in Debian's Chromium (headless, through
Playwright), presses Play and counts, once per animation frame, how often the map shows a new
model step, and how much model time those frames covered. Runs the default preset (Pokrovsk
drone line) at each requested frame-rate target and model time per frame, after a warm-up;
``--forces 8`` multiplies every unit-making parameter of both sides by 8 (about 500 live
units after three days).

With ``--against COMMIT`` the same settings are also measured on the UI of that commit
(unpacked from git into a temporary folder and served with this venv), alternating old and
new in the same call, so the ratio new / old holds even on a busy machine.

    .venv/bin/python benchmarks/ui_fps.py                  # targets 8 (default) and 20 fps
    .venv/bin/python benchmarks/ui_fps.py --fps 8 20 30 --minutes 10 60 --seconds 15
    .venv/bin/python benchmarks/ui_fps.py --fps 20 --forces 1 8 --against 84a5568

A measurement, not a test: this machine's numbers are noisy, so nothing here asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# The UI before issue 13's frame-rate work (item 9): what `--against` compares with by
# default in `python -m benchmarks --ui`.
REFERENCE = "84a5568"
ROOT = Path(__file__).resolve().parent.parent
# folders the package maps into ``droneline`` (pyproject.toml, [tool.setuptools.package-dir])
SUBPACKAGES = ("model", "agents", "runs", "ui")


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


@contextlib.contextmanager
def reference_code(commit: str) -> Iterator[str]:
    """The ``droneline`` package of ``commit``, unpacked into a temporary folder laid out as
    the installed package (``droneline/``, ``droneline/model`` ...): yields the folder to put
    first on ``PYTHONPATH`` (it wins over this worktree's editable install)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit], capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory(prefix="droneline-ref-") as tmp:
        src = Path(tmp) / "src"
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(src, filter="data")
        pkg = Path(tmp) / "path" / "droneline"
        pkg.parent.mkdir()
        (src / "droneline").rename(pkg)
        for name in SUBPACKAGES:
            (pkg / name).symlink_to(src / name, target_is_directory=True)
        yield str(pkg.parent)


def serve(forces: float, host: str, port: int) -> int:
    """Serve the UI (whichever ``droneline`` is importable) with the forces scaled: every run
    the page builds gets the scaling overrides under its own (a benchmark-only patch)."""
    if forces != 1:
        sys.path.insert(0, str(Path(__file__).parent))
        from model_speed import scale_overrides

        from droneline.ui import session

        scaled = scale_overrides(forces=forces)
        of = session.RunSpec.of.__func__

        def scaled_of(cls, preset, overrides=None, seed=session.DEFAULT_SEED):
            return of(cls, preset, {**scaled, **(overrides or {})}, seed)

        session.RunSpec.of = classmethod(scaled_of)
    from droneline.ui.server import serve as serve_ui

    return serve_ui(host, port, open_browser=False)


def measure(browser, url: str, fps: int, minutes: int, args, forces: float) -> dict:
    """Open the page, optionally fast-forward, play and measure (see ``measure_fps``)."""
    from droneline.ui.browser import measure_fps

    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        tab = "&tab=compare" if args.compare else ""
        page.goto(f"{url}?preset={args.preset}&fps={fps}&minutes={minutes}{tab}")
        page.wait_for_selector(".dl-map svg.dl-map-svg", timeout=120_000)
        if args.after_days > 0:
            fast_forward(page, args.after_days, minutes)
        page.click(".dl-play")
        time.sleep(args.warmup)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        before = main_thread_ms(cdp)
        r = measure_fps(page, args.seconds)
        spent = main_thread_ms(cdp)
        # the browser's main-thread time per painted frame, by kind (Chromium's counters)
        frames = max(1, r["frames"] - 1)
        r.update({f"{k}_ms": (spent[k] - before[k]) / frames for k in spent})
        step = int(page.get_attribute(".dl-map", "data-step") or 0)
        units = int(page.get_attribute(".dl-map", "data-units") or 0)
        page.click(".dl-play")
    finally:
        page.close()
    r.update(
        view="compare" if args.compare else "live",
        target_fps=fps,
        minutes_per_frame=minutes,
        target_model_min_per_s=fps * minutes,
        preset=args.preset,
        forces=forces,
        units=units,
        steps_reached=step,
    )
    return r


# Chromium's cumulative main-thread timers (seconds): all tasks, and of them script, style
# recalculation and layout; the rest of a task is mostly paint, hit-testing and the
# compositor's work on the main thread.
MAIN_THREAD = {
    "task": "TaskDuration",
    "script": "ScriptDuration",
    "style": "RecalcStyleDuration",
    "layout": "LayoutDuration",
}


MS_KEYS = tuple(k + "_ms" for k in MAIN_THREAD)


def main_thread_ms(cdp) -> dict[str, float]:
    """Chromium's main-thread time so far, in ms, by kind (``MAIN_THREAD``)."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {k: 1000.0 * metrics.get(name, 0.0) for k, name in MAIN_THREAD.items()}


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(float(r[key] or 0.0) for r in rows)


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
        "--forces",
        type=float,
        nargs="+",
        default=[1.0],
        help="scale every unit-making parameter of both sides (8: about 500 live units)",
    )
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
    p.add_argument(
        "--against",
        metavar="COMMIT",
        default=None,
        help=f"also measure the UI of COMMIT (e.g. {REFERENCE}), old and new alternately",
    )
    p.add_argument("--rounds", type=int, default=1, help="old/new alternations per setting")
    p.add_argument("--json", action="store_true", help="print one JSON line per setting")
    p.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serve:  # the server side of one measurement (see ``serve``)
        return serve(args.forces[0], args.host, args.port)

    from playwright.sync_api import sync_playwright

    from droneline.ui.browser import launch_chromium, ui_server

    script = str(Path(__file__).resolve())
    results = []
    with contextlib.ExitStack() as stack:
        versions = {}
        if args.against:
            ref_path = stack.enter_context(reference_code(args.against))
            env = {"PYTHONPATH": ref_path}
            # the old page as it was served: reacton's default renderer unless that code
            # already chose the fast one (ui/server.py; this venv's environment turns it on)
            if "REACTON_FAST" not in (Path(ref_path) / "droneline/ui/server.py").read_text():
                env["REACTON_FAST"] = "0"
            versions["old"] = (args.against, env)
        versions["new"] = ("working tree", {})
        pw = stack.enter_context(sync_playwright())
        browser = launch_chromium(pw)
        stack.callback(browser.close)
        for forces in args.forces:
            urls = {
                name: stack.enter_context(
                    ui_server(
                        command=[sys.executable, script, "--serve", "--forces", str(forces)],
                        env=env,
                    )
                )
                for name, (_, env) in versions.items()
            }
            for minutes in args.minutes:
                for fps in args.fps:
                    runs: dict[str, list[dict]] = {name: [] for name in versions}
                    for _ in range(max(1, args.rounds)):
                        for name in versions:  # old and new alternately: same machine load
                            runs[name].append(
                                measure(browser, urls[name], fps, minutes, args, forces)
                            )
                    for name, rows in runs.items():
                        r = dict(rows[-1])
                        for key in ("fps", "model_min_per_s", "worst_gap_ms", *MS_KEYS):
                            r[key] = _median(rows, key)
                        r.update(version=name, code=versions[name][0], rounds=len(rows))
                        results.append(r)
                        if args.json:
                            print(json.dumps(r), flush=True)
                        else:
                            print(
                                f"{r['view']} {args.preset} x{forces:g} forces ({r['units']} "
                                f"units), {name} ({r['code']}): target {fps:>2} fps, "
                                f"{minutes:>3} min/frame -> {r['fps']:.1f} fps painted, "
                                f"{r['model_min_per_s']:.0f} of {fps * minutes} model min/s "
                                f"(worst gap {r['worst_gap_ms']:.0f} ms, step "
                                f"{r['steps_reached']}); main thread per frame: "
                                + ", ".join(f"{k} {r[k + '_ms']:.0f}" for k in MAIN_THREAD)
                                + " ms",
                                flush=True,
                            )
    if not args.json:
        print(
            f"machine: {platform.processor() or platform.machine()}, "
            f"python {platform.python_version()}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

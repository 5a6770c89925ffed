"""Driving the UI in a real browser: serve it in a subprocess, open Debian's Chromium with
Playwright, count frames. Used by the browser test, the FPS benchmark and the screenshots of
docs/CLASSROOM.md. Playwright never downloads a browser here: it drives ``/usr/bin/chromium``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from .server import DEFAULT_HOST, free_port, solara_env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class ServerError(RuntimeError):
    """The UI server did not start (its log is in the message)."""


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def ui_server(
    host: str = DEFAULT_HOST,
    port: int | None = None,
    timeout_s: float = 90.0,
    command: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Start ``droneline ui`` (or ``command`` + ``--host/--port``) in its own process group,
    with ``env`` added to its environment, wait until it answers, yield its URL, and always
    stop it."""
    port = port or free_port(host)
    cmd = command or [sys.executable, "-m", "droneline", "ui", "--no-open"]
    cmd = [*cmd, "--host", host, "--port", str(port)]
    log = Path(tempfile.mkstemp(prefix="droneline-ui-", suffix=".log")[1])
    url = f"http://{host}:{port}/"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**solara_env(), **(env or {})},
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise ServerError(f"`{' '.join(cmd)}` exited with {proc.returncode}:\n{_tail(log)}")
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise ServerError(
                    f"`{' '.join(cmd)}` did not answer on {url} within "
                    f"{timeout_s:.0f} s:\n{_tail(log)}"
                )
            time.sleep(0.25)
        yield url
    finally:
        _stop(proc)
        with contextlib.suppress(OSError):
            os.unlink(log)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server's process group (the server and anything it started), by its id."""
    if proc.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def launch_chromium(playwright):
    """Debian's Chromium, headless, through Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def units_on_screen(page, scope: str = ".dl-live") -> list[dict]:
    """The units the map in ``scope`` has drawn on its canvas: for each, ``id``, centre ``x``,
    ``y`` and radius ``r`` in the page's CSS pixels, ``side``, ``kind`` and ``struck`` (hit
    lately), as ``map.vue`` reports them (``dlUnitsOnScreen``)."""
    return page.evaluate(
        "(s) => { const c = document.querySelector(s + ' canvas.dl-map-fg');"
        " return c && c.dlUnitsOnScreen ? c.dlUnitsOnScreen() : []; }",
        scope,
    )


def units_drawn(page, scope: str = ".dl-live", at_least: int = 1, timeout_ms: int = 60_000):
    """:func:`units_on_screen` once the canvas in ``scope`` shows at least ``at_least`` units
    (the canvas draws on the next animation frame after the data arrives, later on a busy
    machine)."""
    page.wait_for_function(
        "([s, n]) => { const c = document.querySelector(s + ' canvas.dl-map-fg');"
        " return !!(c && c.dlUnitsOnScreen && c.dlUnitsOnScreen().length >= n); }",
        arg=[scope, at_least],
        timeout=timeout_ms,
        polling=100,
    )
    return units_on_screen(page, scope)


# Counts, once per animation frame, whether the map shows a new model step (and which day).
_FRAME_COUNTER = """
() => {
  const c = {changes: [], days: [], stop: false, start: performance.now()};
  window.__dlFrames = c;
  let last = null;
  const tick = (t) => {
    const el = document.querySelector('.dl-map');
    const s = el ? el.getAttribute('data-step') : null;
    if (s !== null && s !== last) {
      if (last !== null) { c.changes.push(t); c.days.push(+el.getAttribute('data-day')); }
      last = s;
    }
    if (!c.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
"""


def measure_fps(page, seconds: float = 10.0) -> dict:
    """Frames per second the browser actually paints while playing: distinct model steps
    shown on the map per second, over ``seconds`` (the page must be playing); and how much
    model time those frames covered, in model minutes per second of wall time."""
    page.evaluate(_FRAME_COUNTER)
    time.sleep(seconds)
    seen = page.evaluate("() => { window.__dlFrames.stop = true; return window.__dlFrames; }")
    changes, days = seen["changes"], seen["days"]
    if len(changes) < 2:
        return {
            "fps": 0.0,
            "frames": len(changes),
            "seconds": seconds,
            "worst_gap_ms": None,
            "model_min_per_s": 0.0,
        }
    span_ms = changes[-1] - changes[0]
    gaps = [b - a for a, b in zip(changes, changes[1:], strict=False)]
    per_s = 1000.0 / span_ms if span_ms > 0 else 0.0
    return {
        "fps": (len(changes) - 1) * per_s,
        "frames": len(changes),
        "seconds": seconds,
        "worst_gap_ms": max(gaps),
        "model_min_per_s": (days[-1] - days[0]) * 24 * 60 * per_s,
    }

"""Serving the UI safely: on 127.0.0.1, Solara's assets from the local cache, no telemetry,
no request to any CDN or to PyPI. Used by ``droneline ui``, ``app.py`` and the tests."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import MutableMapping

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP = "droneline.ui.page"
# Solara fetches a missing asset from its CDN; pointing the CDN at a closed local port makes
# a missing asset fail at once (and visibly) instead of leaking a request to the internet.
OFFLINE_CDN = "http://127.0.0.1:9/"

# Environment under which the project starts Solara.
SOLARA_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_ASSETS_PROXY": "True",
    # Solara's "This website runs on Solara" badge sits over the map's legend and the
    # summary's values (issue 13): off.
    "SOLARA_THEME_SHOW_BANNER": "False",
}
# ... and settings the environment may override: reacton's fast renderer (opt-in,
# widgetti/reacton#49) re-renders only the components a state change touches; the default
# walks and re-assigns every widget of the page on every change, which was most of a playing
# page's time per frame (docs/PERFORMANCE.md). ``REACTON_FAST=0`` turns it off.
SOLARA_DEFAULTS = {"REACTON_FAST": "1"}


def solara_env(
    env: MutableMapping[str, str] | None = None,
    *,
    allow_cdn: bool = False,
    assets_dir: str | None = None,
) -> MutableMapping[str, str]:
    """``env`` (default: a copy of ``os.environ``) with the settings above; the asset cache
    directory and CDN are only set when asked (or offline), so a user's own
    ``SOLARA_ASSETS_PROXY_CACHE_DIR`` is kept."""
    env = dict(os.environ) if env is None else env
    env.update(SOLARA_ENV)
    for key, value in SOLARA_DEFAULTS.items():
        env.setdefault(key, value)
    if not allow_cdn:
        env["SOLARA_ASSETS_CDN"] = OFFLINE_CDN
    if assets_dir:
        env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(assets_dir)
    return env


def disable_telemetry() -> None:
    """Telemetry (and Solara's corner badge) off in this process, also when Solara's settings
    were already read (as in ``solara run app.py``, which imports the app after reading
    them); the fast renderer on unless the environment says otherwise (it is read when a page
    opens)."""
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    os.environ["SOLARA_THEME_SHOW_BANNER"] = "False"
    for key, value in SOLARA_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if "solara.server.settings" in sys.modules:
        settings = sys.modules["solara.server.settings"]
        settings.telemetry.mixpanel_enable = False
        settings.theme.show_banner = False


def port_free(host: str, port: int) -> bool:
    """Whether a server could listen on ``host:port`` now. Tested the way the server binds
    (``SO_REUSEADDR``, as uvicorn does), so connections of a server stopped a moment ago,
    still in TIME_WAIT, do not count as "in use"; a listening socket still does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = DEFAULT_HOST) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def solara_args(
    host: str, port: int, *, open_browser: bool, production: bool = True, app: str = APP
) -> list[str]:
    """Arguments for ``solara run``."""
    args = [
        "run",
        app,
        "--host",
        host,
        "--port",
        str(port),
        "--no-check-version",
        "--open" if open_browser else "--no-open",
    ]
    if production:
        args.append("--production")
    return args


def serve(
    host: str, port: int, *, open_browser: bool, production: bool = True, allow_cdn: bool = False
) -> int:
    """Run the Solara server in this process until interrupted (returns the exit code)."""
    solara_env(os.environ, allow_cdn=allow_cdn)
    disable_telemetry()
    from solara.__main__ import cli as solara_cli

    try:
        solara_cli.main(
            solara_args(host, port, open_browser=open_browser, production=production),
            prog_name="solara",
            standalone_mode=False,
        )
    except KeyboardInterrupt:
        return 0
    except SystemExit as e:  # click may still exit on its own errors
        return int(e.code or 0)
    return 0

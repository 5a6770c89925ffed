"""The droneline UI for ``solara run app.py`` (as in Mesa's examples); ``droneline ui`` serves
the same page with safe defaults (127.0.0.1, local assets, telemetry off, no CDN).

    solara run app.py --host 127.0.0.1 --no-check-version
"""

from droneline.ui.server import disable_telemetry

disable_telemetry()

from droneline.ui.page import Page  # noqa: E402

__all__ = ["Page"]

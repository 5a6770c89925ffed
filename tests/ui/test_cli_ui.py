"""``droneline ui`` and the server settings: 127.0.0.1, telemetry off, no CDN, no PyPI."""

from __future__ import annotations

import importlib.util
import os
import socket
from pathlib import Path

from droneline.cli import build_parser
from droneline.ui import server


def test_ui_subcommand_defaults():
    args = build_parser().parse_args(["ui"])
    assert args.host == "127.0.0.1" and args.port is None and args.open_browser
    args = build_parser().parse_args(["ui", "--port", "9000", "--no-open"])
    assert args.port == 9000 and not args.open_browser and callable(args.func)


def test_solara_environment_is_offline_and_private():
    env = server.solara_env({})
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    assert "SOLARA_ASSETS_CDN" not in server.solara_env({}, allow_cdn=True)
    args = server.solara_args("127.0.0.1", 8765, open_browser=False)
    assert args[:2] == ["run", server.APP] and "--no-check-version" in args
    assert "--no-open" in args and "--production" in args


def test_a_busy_port_is_refused(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert not server.port_free("127.0.0.1", port)
        args = build_parser().parse_args(["ui", "--port", str(port), "--no-open"])
        assert args.func(args) == 1
    assert "in use" in capsys.readouterr().err


def test_app_py_serves_the_page(monkeypatch):
    monkeypatch.setenv("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "True")
    path = Path(__file__).resolve().parents[2] / "app.py"
    spec = importlib.util.spec_from_file_location("droneline_app", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from droneline.ui.page import Page

    assert mod.Page is Page
    assert os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"


def _time_wait_port() -> int:
    """A port whose server has just closed a connection first (so it sits in TIME_WAIT),
    as after stopping `droneline ui` while a browser was connected (the server's socket has
    SO_REUSEADDR, as uvicorn's has)."""
    with socket.socket() as srv:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        port = srv.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        conn, _ = srv.accept()
        conn.close()  # the server side closes first: its end goes to TIME_WAIT
        client.recv(1)
        client.close()
    return port


def test_a_port_in_time_wait_is_free_again():
    """Issue 13 (7): restarting within ~60 s moved the UI to a random port, and
    `--port 8765` refused although nothing listened (the check bound without SO_REUSEADDR,
    which the server itself uses)."""
    port = _time_wait_port()
    assert server.port_free("127.0.0.1", port)
    args = build_parser().parse_args(["ui", "--port", str(port), "--no-open"])
    assert args.port == port  # and cmd_ui would not refuse it: port_free is what it asks


def test_solaras_badge_is_off():
    """Issue 13 (8): "This website runs on Solara" covered the legend and summary values."""
    assert server.solara_env({})["SOLARA_THEME_SHOW_BANNER"] == "False"

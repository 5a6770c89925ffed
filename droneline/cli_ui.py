"""``droneline ui``: serve the live visual run and classroom mode in the browser.

Serves on 127.0.0.1 (``--host`` to change), prints the local address, opens a browser unless
``--no-open``. Solara's front-end assets come from the local cache prepared by
``make ui-assets`` (fetched now if missing and npm is available); telemetry is off and the
server makes no request to a CDN, so the UI works with no internet.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "ui",
        help="the live visual run and classroom mode in the browser",
        description="Serve the droneline UI (Solara) on this machine and print its address.",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument(
        "--port", type=int, default=None, help="port (default 8765, or a free one if 8765 is taken)"
    )
    p.add_argument(
        "--no-open", dest="open_browser", action="store_false", help="do not open a browser window"
    )
    p.add_argument(
        "--dev",
        action="store_true",
        help="Solara development mode (unminified JavaScript, detailed errors)",
    )
    p.add_argument(
        "--allow-cdn",
        action="store_true",
        help="let Solara fetch missing front-end assets from its CDN (online only)",
    )
    p.set_defaults(func=run_ui)


def run_ui(args: argparse.Namespace) -> int:
    from droneline.ui import assets, server

    port = args.port
    if port is None:
        port = server.DEFAULT_PORT
        if not server.port_free(args.host, port):
            port = server.free_port(args.host)
    elif not server.port_free(args.host, port):
        print(
            f"droneline ui: port {port} on {args.host} is in use (choose another with --port)",
            file=sys.stderr,
        )
        return 1
    if not args.allow_cdn:
        try:
            fetched = assets.ensure(log=lambda m: print(m, file=sys.stderr))
        except assets.AssetsError as e:
            print(
                f"droneline ui: the UI's front-end assets are missing and cannot be fetched: "
                f"{e}\n(run `make ui-assets` on a machine with npm, or pass --allow-cdn)",
                file=sys.stderr,
            )
            return 1
        if fetched:
            print(f"droneline ui: fetched {len(fetched)} asset package(s)", file=sys.stderr)
    url = f"http://{args.host}:{port}/"
    print(f"droneline UI: {url}  (Ctrl+C to stop)", flush=True)
    return server.serve(
        args.host,
        port,
        open_browser=args.open_browser,
        production=not args.dev,
        allow_cdn=args.allow_cdn,
    )

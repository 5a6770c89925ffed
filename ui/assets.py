"""Solara's front-end assets (JavaScript, CSS, fonts), unpacked from npm so the UI works offline.

A Solara page loads its JavaScript and CSS from ``/_solara/cdn/<package>@<version>/...``; the
server answers from its proxy cache directory and, on a miss, fetches the file from a public
CDN. Classrooms and CI machines may have no internet, and a page that silently depends on a
CDN is a page that goes blank on the projector. So the project's setup (``make ui-assets``,
i.e. ``python -m droneline.ui.assets``) fills the cache from the npm registry with
``npm pack``, once, and ``droneline ui`` tells Solara never to reach the CDN.

Which packages: the exact ``<package>@<version>`` strings the installed Solara asks for, read
from its own page template and components (so a Solara upgrade asks for the new versions by
itself): the page (Vuetify app bundle, RequireJS, Font Awesome), Markdown (Mermaid, KaTeX)
and the draggable grid Mesa's SolaraViz uses. Components that droneline does not use and that
load further libraries on demand (ECharts, CodeMirror, Milkdown) are not included.

Usage::

    python -m droneline.ui.assets            # fetch what is missing (idempotent)
    python -m droneline.ui.assets --check    # exit 1 and list what is missing
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import util as importlib_util
from pathlib import Path

# Files of the installed Solara that name the CDN packages its pages and the components
# droneline (or Mesa's SolaraViz) may use load, relative to the solara package.
SOLARA_SOURCES = (
    "server/templates/solara.html.j2",  # the page: app bundle, RequireJS
    "server/settings.py",  # Font Awesome
    "components/markdown.py",  # Mermaid, KaTeX
    "widgets/vue/gridlayout.vue",  # vue-grid-layout (SolaraViz's draggable grid)
)
# "<package>@<exact version>/" as written after the CDN prefix; versions with template
# variables (``echarts@${version}``) do not match and are not wanted anyway.
_PACKAGE_RE = re.compile(
    r"(?:cdn\}\}|getCdn\(\)\}|fontawesome_path: str = \")/"
    r"((?:@[\w.-]+/)?[\w.-]+)@(\d+\.\d+\.\d+(?:-[\w.]+)?)/"
)
# Marks a package as fully unpacked (written last, after an atomic rename).
_DONE = ".droneline-complete"


class AssetsError(RuntimeError):
    """The assets cannot be prepared (no npm, no registry, unwritable directory)."""


@dataclass(frozen=True)
class Package:
    """One npm package at an exact version, as Solara asks for it."""

    name: str
    version: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    def directory(self, cache_dir: Path) -> Path:
        """Where the proxy looks for this package's files: ``<cache>/<name>@<version>/``."""
        return cache_dir / self.spec


def solara_root() -> Path:
    spec = importlib_util.find_spec("solara")
    if spec is None or spec.origin is None:
        raise AssetsError("solara is not installed in this Python environment")
    return Path(spec.origin).parent


def _uses_vue3() -> bool:
    """Whether Solara serves its Vue 3 page (it does when ipyvue 3 is installed)."""
    import ipyvue

    return ipyvue.__version__.startswith("3")


def required_packages(root: Path | None = None) -> list[Package]:
    """The CDN packages the installed Solara asks for, read from its own sources."""
    root = root or solara_root()
    vue3 = _uses_vue3()
    found: dict[str, Package] = {}
    for rel in SOLARA_SOURCES:
        path = root / rel
        if not path.exists():
            continue
        for name, version in _PACKAGE_RE.findall(path.read_text(encoding="utf-8")):
            if ("vuetify3" in name) != vue3:
                continue  # the page for the other Vue major version
            found.setdefault(f"{name}@{version}", Package(name, version))
    if not found:
        raise AssetsError(f"found no CDN packages in {root}: has Solara's layout changed?")
    return sorted(found.values(), key=lambda p: p.spec)


def cache_dir() -> Path:
    """Solara's proxy cache directory (``SOLARA_ASSETS_PROXY_CACHE_DIR`` or
    ``<venv>/share/solara/cdn``)."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def is_present(pkg: Package, directory: Path) -> bool:
    return (pkg.directory(directory) / _DONE).exists()


def missing(directory: Path | None = None, packages: list[Package] | None = None) -> list[Package]:
    """Required packages not (completely) unpacked in ``directory``."""
    directory = directory or cache_dir()
    packages = required_packages() if packages is None else packages
    return [p for p in packages if not is_present(p, directory)]


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise AssetsError(
            "npm was not found on PATH. The UI's front-end assets come from the npm registry: "
            "install Node.js and npm (Debian/Ubuntu: `apt-get install -y npm`), then run "
            "`make ui-assets` again."
        )
    return npm


def _npm_pack(pkg: Package, dest: Path) -> Path:
    """Download one package's tarball with ``npm pack`` (no install, no scripts run)."""
    cmd = [
        _npm(),
        "pack",
        pkg.spec,
        "--pack-destination",
        str(dest),
        "--json",
        "--ignore-scripts",
        "--silent",
    ]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    except subprocess.TimeoutExpired:
        raise AssetsError(
            f"`npm pack {pkg.spec}` timed out (is the npm registry reachable?)"
        ) from None
    if out.returncode != 0:
        detail = (out.stderr or out.stdout).strip().splitlines()[-5:]
        raise AssetsError(
            f"`npm pack {pkg.spec}` failed (exit {out.returncode}):\n  " + "\n  ".join(detail)
        )
    try:
        filename = json.loads(out.stdout)[0]["filename"]
    except (ValueError, KeyError, IndexError):
        tarballs = sorted(dest.glob("*.tgz"))
        if not tarballs:
            raise AssetsError(f"`npm pack {pkg.spec}` wrote no tarball") from None
        return tarballs[-1]
    # npm names scoped tarballs "scope-name-version.tgz"; --json reports that name
    path = dest / filename
    if not path.exists():
        path = dest / filename.replace("@", "").replace("/", "-")
    return path


def _unpack(tarball: Path, target: Path) -> None:
    """Unpack an npm tarball (files under ``package/``) into ``target``, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        with tarfile.open(tarball, "r:gz") as tf:
            members = []
            for m in tf.getmembers():
                parts = Path(m.name).parts
                if len(parts) < 2 or not (m.isfile() or m.isdir()):
                    continue
                m.name = str(Path(*parts[1:]))  # strip "package/"
                members.append(m)
            tf.extractall(tmp, members=members, filter="data")
        (tmp / _DONE).write_text(tarball.name + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)  # an incomplete earlier attempt
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def ensure(directory: Path | None = None, log=print) -> list[Package]:
    """Fetch and unpack every required package that is missing; return those fetched."""
    directory = directory or cache_dir()
    todo = missing(directory)
    if not todo:
        return []
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise AssetsError(f"cannot create the asset directory {directory}: {e}") from None
    with tempfile.TemporaryDirectory(prefix="droneline-npm-") as tmp:
        for pkg in todo:
            log(f"  fetching {pkg.spec} from the npm registry")
            _unpack(_npm_pack(pkg, Path(tmp)), pkg.directory(directory))
    return todo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m droneline.ui.assets",
        description="Unpack Solara's front-end assets from npm so the UI works offline.",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="asset directory (default: Solara's proxy cache directory)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only report what is missing (exit 1 if anything is)"
    )
    args = parser.parse_args(argv)
    try:
        directory = args.dir or cache_dir()
        packages = required_packages()
        if args.check:
            absent = missing(directory, packages)
            for p in absent:
                print(f"missing: {p.spec}")
            print(f"{len(packages) - len(absent)}/{len(packages)} packages present in {directory}")
            return 1 if absent else 0
        fetched = ensure(directory)
    except AssetsError as e:
        print(f"droneline.ui.assets: {e}", file=sys.stderr)
        return 1
    state = f"fetched {len(fetched)}" if fetched else "all present"
    print(f"UI assets: {len(packages)} packages in {directory} ({state})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Offline front-end assets: which packages, idempotent unpacking, clear errors."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from droneline.ui import assets


def test_required_packages_are_the_ones_this_solara_asks_for():
    root = assets.solara_root()
    template = (root / "server/templates/solara.html.j2").read_text()
    specs = {p.spec for p in assets.required_packages()}
    names = {p.name for p in assets.required_packages()}
    assert {"@widgetti/solara-vuetify-app", "requirejs", "font-awesome"} <= names
    for spec in specs:
        if spec.startswith(("@widgetti/solara-vuetify-app@", "requirejs@")):
            assert f"{spec}/" in template  # the exact version the page loads
    assert not any("vuetify3" in s for s in specs)  # ipyvue < 2: the Vue 2 page


def _tarball(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def test_ensure_unpacks_missing_packages_once(tmp_path, monkeypatch):
    pkg = assets.Package("@scope/thing", "1.2.3")
    monkeypatch.setattr(assets, "required_packages", lambda root=None: [pkg])
    calls = []

    def fake_pack(p, dest):
        calls.append(p.spec)
        return _tarball(dest / "thing.tgz", {"dist/a.js": b"x", "package.json": b"{}"})

    monkeypatch.setattr(assets, "_npm_pack", fake_pack)
    cache = tmp_path / "cdn"
    assert assets.missing(cache) == [pkg]
    assert assets.ensure(cache, log=lambda m: None) == [pkg]
    assert (cache / "@scope/thing@1.2.3/dist/a.js").read_bytes() == b"x"
    assert assets.missing(cache) == []
    assert assets.ensure(cache, log=lambda m: None) == []  # idempotent
    assert calls == ["@scope/thing@1.2.3"]
    assert assets.main(["--dir", str(cache), "--check"]) == 0


def test_an_interrupted_unpack_is_redone(tmp_path, monkeypatch):
    pkg = assets.Package("lib", "0.1.0")
    (tmp_path / "lib@0.1.0").mkdir()  # a directory without the completion mark
    monkeypatch.setattr(assets, "required_packages", lambda root=None: [pkg])
    monkeypatch.setattr(
        assets, "_npm_pack", lambda p, dest: _tarball(dest / "lib.tgz", {"lib.js": b"y"})
    )
    assert assets.missing(tmp_path) == [pkg]
    assets.ensure(tmp_path, log=lambda m: None)
    assert (tmp_path / "lib@0.1.0/lib.js").exists()


def test_missing_npm_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(assets.shutil, "which", lambda name: None)
    with pytest.raises(assets.AssetsError, match="npm was not found"):
        assets.ensure(tmp_path / "empty")
    assert assets.main(["--dir", str(tmp_path / "empty")]) == 1
    assert "npm was not found" in capsys.readouterr().err

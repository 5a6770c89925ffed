"""``droneline validate --reuse`` keeps its runs as JSON + Parquet and never unpickles a file
from the output folder (issue 14, item 11: it loaded ``OUT/runs.pkl`` with pickle)."""

from __future__ import annotations

import os
import pickle

import pandas as pd
import pytest

from droneline.runs.validation import cache, execution
from droneline.runs.validation.report import validate


class Planted:
    """What a stranger's pickle could do when loaded: here, leave a mark."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_reuse_takes_runs_from_the_data_cache_and_never_unpickles(tmp_path, monkeypatch):
    out = tmp_path / "v"
    kwargs = dict(quick=True, seeds=1, days=0.25, only=["V1"], log=lambda *a: None)
    first = validate(out, **kwargs)["results"]
    assert (out / cache.FOLDER / cache.INDEX).is_file() and not (out / "runs.pkl").exists()
    mark = tmp_path / "pwned"
    (out / "runs.pkl").write_bytes(pickle.dumps({"x": Planted(str(mark))}))

    def no_runs(key):
        raise AssertionError(f"ran {key} again")

    monkeypatch.setattr(execution, "_run_key", no_runs)
    second = validate(out, reuse=True, **kwargs)["results"]
    assert not mark.exists()
    assert second.keys() == first.keys()
    for key, res in first.items():
        assert second[key]["summary"] == pytest.approx(res["summary"], nan_ok=True)
        pd.testing.assert_frame_equal(second[key]["ts"], res["ts"])
        pd.testing.assert_frame_equal(second[key]["depth"], res["depth"])


@pytest.mark.parametrize(
    "content", [b"", b"\x80\x04K\x01.", b'{"format": 1, "runs": [[1]]}', b"[" * 5000]
)
def test_a_damaged_cache_is_ignored_not_loaded(tmp_path, content):
    (tmp_path / cache.FOLDER).mkdir()
    (tmp_path / cache.FOLDER / cache.INDEX).write_bytes(content)
    assert cache.load(tmp_path) == ({}, 0.0)
    os.mkfifo(tmp_path / cache.FOLDER / "fifo")
    (tmp_path / cache.FOLDER / cache.INDEX).unlink()
    os.symlink(tmp_path / cache.FOLDER / "fifo", tmp_path / cache.FOLDER / cache.INDEX)
    assert cache.load(tmp_path) == ({}, 0.0)  # (a named pipe is not read: no hang)

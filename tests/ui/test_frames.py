"""Frames: snapshots of a run taken under its lock, so views never read a model mid-step."""

from __future__ import annotations

import threading

from droneline.ui.frames import side_names
from droneline.ui.session import LiveRun, RunSpec


def test_a_frame_follows_each_advance_and_reuses_slow_parts():
    run = LiveRun(RunSpec.of("pokrovsk_drone_line", {}, 1))
    f0 = run.frame
    assert f0.steps == 0 and f0.samples == 1 and len(f0.charts[0]["x"]) == 1
    run.advance(1)
    f1 = run.frame
    assert f1.steps == 1 and f1.map.step == 1
    assert f1.charts is f0.charts  # no new sample yet: charts not rebuilt
    assert f1.map.terrain is f0.map.terrain  # the terrain image is encoded once
    r = run.model.params.run
    run.advance(max(1, round(r.metrics_interval_minutes / r.step_minutes)) - 1)
    f6 = run.frame
    assert f6.samples == 2 and f6.charts is not f0.charts
    assert len(f6.timeseries) == 2 == len(f6.charts[0]["x"])
    assert f6.day == run.model.day and not f6.finished


def test_frames_stay_consistent_while_another_thread_plays():
    run = LiveRun(RunSpec.of("pokrovsk_drone_line", {}, 2))
    done = threading.Event()

    def play():
        for _ in range(60):
            run.advance(3)
        done.set()

    t = threading.Thread(target=play)
    t.start()
    seen = 0
    while not done.is_set() or seen == 0:
        f = run.frame
        assert len(f.timeseries) == f.samples == len(f.charts[0]["x"])
        assert f.map.step == f.steps
        seen += 1
    t.join()
    assert run.steps == 180


def test_side_names_short_or_colours():
    run = LiveRun(RunSpec.of("pokrovsk_drone_line", {"red.name": "Reds", "blue.name": "x" * 30}))
    assert side_names(run.model) == ["Reds", "blue"]

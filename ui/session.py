"""The runs a browser session drives: one live run, or a pair of runs for the compare view.

No Solara here, so it can be tested on its own. A run is rebuilt from a :class:`RunSpec`
(preset, parameter overrides, seed) exactly as a script would build it with
``dl.BattlefieldModel(dl.load_scenario(preset, overrides), seed=seed)``. Stepping and
rebuilding take the run's lock and end by taking a :class:`~droneline.ui.frames.Frame`, so
the play loop (a thread) and the buttons never interleave and the views never see a model
half-way through a step.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import droneline as dl

from .frames import Frame, FrameMaker
from .labels import fmt_value, short_name
from .layers import MARK_STEPS

DEFAULT_PRESET = "pokrovsk_drone_line"
# The compare view's default pair: the drone-line effect (V1 in CALIBRATION.md).
DEFAULT_PAIR = ("pokrovsk_drone_line", "pokrovsk_no_drone_line")
DEFAULT_SEED = 1
# Steps taken between two looks at "cancel" and "progress" when running to the end.
CHUNK_STEPS = 36


@dataclass(frozen=True)
class RunSpec:
    """Everything that defines a run: preset (or scenario file), overrides and seed."""

    preset: str = DEFAULT_PRESET
    overrides: tuple[tuple[str, Any], ...] = ()
    seed: int = DEFAULT_SEED

    @classmethod
    def of(cls, preset: str, overrides: dict[str, Any] | None = None, seed: int = DEFAULT_SEED):
        return cls(preset, tuple(sorted((overrides or {}).items())), int(seed))

    @property
    def override_dict(self) -> dict[str, Any]:
        return dict(self.overrides)

    def scenario(self) -> dl.Scenario:
        """The validated scenario (raises ``dl.ScenarioError`` on a broken rule)."""
        return dl.load_scenario(self.preset, self.override_dict)

    def build(self) -> dl.BattlefieldModel:
        return dl.BattlefieldModel(self.scenario(), seed=self.seed)


class LiveRun:
    """One model, rebuilt from a spec and advanced a few steps per frame."""

    def __init__(self, spec: RunSpec | None = None):
        self.lock = threading.RLock()
        self.generation = 0  # bumped on every rebuild
        self.watched: int | None = None  # the unit whose history is kept (click-to-inspect)
        self.history: list[tuple[float, float, float]] = []
        self._install(spec or RunSpec(), None)

    def _install(self, spec: RunSpec, model) -> None:
        with self.lock:
            self.spec = spec
            self.model = model if model is not None else spec.build()
            self._maker = FrameMaker(self.model)
            self.frame: Frame = self._maker.make()
            self.watched, self.history = None, []

    @property
    def end_step(self) -> int:
        """The step at which the scenario's run length (``run.days``) is reached."""
        m = self.model
        return int(math.ceil(m.params.run.days * m.scales.steps_per_day - 1e-9))

    def steps_left(self) -> int:
        return max(0, self.end_step - int(self.model.steps))

    def _step(self, n: int) -> None:
        """``n`` model steps (never past the end), keeping the watched unit's history."""
        for _ in range(min(max(0, int(n)), self.steps_left())):
            self.model.step()
            if self.watched is not None and self.model.steps % 6 == 0:
                self._record()

    def _record(self) -> None:
        u, i = self.model.units, self.watched
        point = (round(float(self.model.day), 4), float(u.strength[i]), float(u.vehicles[i]))
        if not self.history or self.history[-1][0] != point[0]:
            self.history.append(point)

    def watch(self, unit: int | None) -> None:
        """Keep the history of ``unit`` (its soldiers and vehicles) from now on."""
        with self.lock:
            self.watched = None if unit is None else int(unit)
            self.history = []
            if self.watched is not None:
                self._record()

    def reset(self, spec: RunSpec | None = None) -> None:
        """Rebuild the model from ``spec`` (default: the current spec). A spec that breaks a
        rule raises ``dl.ScenarioError`` and leaves the current run as it was."""
        spec = spec or self.spec
        model = spec.build()  # outside the lock: the old run plays on until the swap
        with self.lock:
            self._install(spec, model)
            self.generation += 1

    def advance(
        self,
        steps: int = 1,
        generation: int | None = None,
        mark_window: int = MARK_STEPS,
        throttle: bool = False,
    ) -> bool:
        """Step the model and take a new frame; with ``generation``, only if the run has not
        been rebuilt since (so a play loop never steps a run that Reset has just rebuilt);
        ``throttle`` while playing (see :mod:`droneline.ui.frames`)."""
        with self.lock:
            if generation is not None and generation != self.generation:
                return False
            self._step(steps)  # never past the scenario's end (issue 13: "Day 15.42 of 14")
            self.frame = self._maker.make(mark_window, throttle)
        return True

    def refresh(self) -> None:
        """A new frame with everything up to date (after playing with ``throttle``)."""
        with self.lock:
            self.frame = self._maker.make(self.frame.map.mark_window)

    def run_to_end(
        self,
        cancel: threading.Event | None = None,
        progress: Callable[[float], None] | None = None,
        every_s: float = 1.0,
    ) -> bool:
        """Step to the scenario's end without drawing the frames in between (the fast
        "run to the end"); ``progress(day)`` about every ``every_s`` seconds, one frame at the
        end. False if cancelled or rebuilt meanwhile (the frame is still brought up to date)."""
        return _run_to_end([self], lambda: self.generation, cancel, progress, every_s)

    @property
    def day(self) -> float:
        return self.frame.day

    @property
    def run_days(self) -> float:
        return self.frame.run_days

    @property
    def finished(self) -> bool:
        """The scenario's run length (``run.days``) has been reached."""
        return self.frame.finished

    @property
    def steps(self) -> int:
        return self.frame.steps


def _run_to_end(runs, generation, cancel, progress, every_s) -> bool:
    start = generation()
    last = time.monotonic()
    while True:
        if cancel is not None and cancel.is_set():
            break
        done = True
        for run in runs:
            with run.lock:
                if generation() != start:
                    return False
                if run.steps_left():
                    run._step(CHUNK_STEPS)
                    done = False
        if done:
            break
        if progress is not None and time.monotonic() - last >= every_s:
            last = time.monotonic()
            progress(min(float(r.model.day) for r in runs))
    for run in runs:
        with run.lock:
            run.frame = run._maker.make(run.frame.map.mark_window)
    return all(r.steps_left() == 0 for r in runs)


@dataclass(frozen=True)
class PairSpec:
    """Two runs with one switch different: two presets, or one parameter on one preset."""

    a: RunSpec
    b: RunSpec
    label_a: str
    label_b: str


def preset_pair(
    preset_a: str, preset_b: str, seed: int, overrides: dict[str, Any] | None = None
) -> PairSpec:
    """Two presets, same seed (the drone line on/off by default)."""
    return PairSpec(
        RunSpec.of(preset_a, overrides, seed),
        RunSpec.of(preset_b, overrides, seed),
        _preset_label(preset_a),
        _preset_label(preset_b),
    )


def _preset_label(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def parameter_pair(
    preset: str, name: str, value_b: Any, seed: int, overrides: dict[str, Any] | None = None
) -> PairSpec:
    """One preset (with the live run's overrides), one parameter set differently in B."""
    base = dict(overrides or {})
    value_a = base[name] if name in base else _get(preset, base, name)
    b = {**base, name: value_b}
    return PairSpec(
        RunSpec.of(preset, base, seed),
        RunSpec.of(preset, b, seed),
        f"{short_name(name)} {fmt_value(name, value_a)}",
        f"{short_name(name)} {fmt_value(name, value_b)}",
    )


def _get(preset: str, overrides: dict[str, Any], name: str) -> Any:
    from ..model.scenario import get

    return get(dl.load_scenario(preset, overrides), name)


def default_pair(seed: int = DEFAULT_SEED) -> PairSpec:
    """The drone line on vs off when both presets exist, else the defender's drone line
    depth at the preset's value vs 0 km on the default preset."""
    names = dl.preset_names()
    if all(p in names for p in DEFAULT_PAIR):
        return preset_pair(*DEFAULT_PAIR, seed)
    sc = dl.load_scenario(DEFAULT_PRESET)
    defender = "blue" if sc.attacker == "red" else "red"
    return parameter_pair(DEFAULT_PRESET, f"{defender}.drones.strike_depth_km", 0, seed)


@dataclass
class PairRun:
    """Two live runs stepping together (the compare view)."""

    spec: PairSpec = field(default_factory=default_pair)

    def __post_init__(self):
        self.lock = threading.RLock()
        self.a = LiveRun(self.spec.a)
        self.b = LiveRun(self.spec.b)
        self.generation = 0

    def reset(self, spec: PairSpec | None = None) -> None:
        spec = spec or self.spec
        a, b = spec.a.build(), spec.b.build()  # both validated before either is replaced
        with self.lock:
            self.spec = spec
            for run, run_spec, model in ((self.a, spec.a, a), (self.b, spec.b, b)):
                with run.lock:
                    run._install(run_spec, model)
                    run.generation += 1
            self.generation += 1

    def advance(
        self,
        steps: int = 1,
        generation: int | None = None,
        mark_window: int = MARK_STEPS,
        throttle: bool = False,
    ) -> bool:
        with self.lock:
            if generation is not None and generation != self.generation:
                return False
            self.a.advance(steps, mark_window=mark_window, throttle=throttle)
            self.b.advance(steps, mark_window=mark_window, throttle=throttle)
        return True

    def refresh(self) -> None:
        with self.lock:
            self.a.refresh()
            self.b.refresh()

    def run_to_end(self, cancel=None, progress=None, every_s: float = 1.0) -> bool:
        """Both runs to the end without drawing the frames in between (see LiveRun)."""
        return _run_to_end([self.a, self.b], lambda: self.generation, cancel, progress, every_s)

    @property
    def frame(self) -> Frame:
        """Run A's frame (both runs step together: same day, same clock)."""
        return self.a.frame

    @property
    def day(self) -> float:
        return self.a.day

    @property
    def run_days(self) -> float:
        return max(self.a.run_days, self.b.run_days)

    @property
    def finished(self) -> bool:
        return self.a.finished and self.b.finished

    @property
    def steps(self) -> int:
        return self.a.steps

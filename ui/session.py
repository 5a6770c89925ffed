"""The runs a browser session drives: one live run, or a pair of runs for the compare view.

No Solara here, so it can be tested on its own. A run is rebuilt from a :class:`RunSpec`
(preset, parameter overrides, seed) exactly as a script would build it with
``dl.BattlefieldModel(dl.load_scenario(preset, overrides), seed=seed)``. Stepping and
rebuilding take the run's lock and end by taking a :class:`~droneline.ui.frames.Frame`, so
the play loop (a thread) and the buttons never interleave and the views never see a model
half-way through a step.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import droneline as dl

from .frames import Frame, FrameMaker
from .layers import MARK_STEPS

DEFAULT_PRESET = "pokrovsk_drone_line"
# The compare view's default pair: the drone-line effect (V1 in CALIBRATION.md).
DEFAULT_PAIR = ("pokrovsk_drone_line", "pokrovsk_no_drone_line")
DEFAULT_SEED = 1


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
        self._install(spec or RunSpec(), None)

    def _install(self, spec: RunSpec, model) -> None:
        with self.lock:
            self.spec = spec
            self.model = model if model is not None else spec.build()
            self._maker = FrameMaker(self.model)
            self.frame: Frame = self._maker.make()

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
            for _ in range(max(0, int(steps))):
                self.model.step()
            self.frame = self._maker.make(mark_window, throttle)
        return True

    def refresh(self) -> None:
        """A new frame with everything up to date (after playing with ``throttle``)."""
        with self.lock:
            self.frame = self._maker.make(self.frame.map.mark_window)

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
        preset_a.replace("_", " "),
        preset_b.replace("_", " "),
    )


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
        f"{name} = {_fmt(value_a)}",
        f"{name} = {_fmt(value_b)}",
    )


def _get(preset: str, overrides: dict[str, Any], name: str) -> Any:
    from ..model.scenario import get

    return get(dl.load_scenario(preset, overrides), name)


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


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

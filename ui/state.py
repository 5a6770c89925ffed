"""Per-session state of the page: the runs, what the controls show, and the play loop's
settings, as Solara reactive variables (one :class:`AppState` per browser tab).

The controls edit *pending* values (preset, slider values, seed); **Reset** rebuilds the run
from exactly those values. Choosing a preset rebuilds at once with the preset's own values,
because a map that does not match the picker confuses a class.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import solara

import droneline as dl

from .params import all_sliders, changed, slider_values
from .session import (
    DEFAULT_PRESET,
    DEFAULT_SEED,
    LiveRun,
    PairRun,
    PairSpec,
    RunSpec,
    default_pair,
    parameter_pair,
    preset_pair,
)

LIVE, COMPARE = 0, 1
DEFAULT_FPS = 8
MAX_FPS = 20
# Model time per frame offered by the speed control, in minutes.
TIME_PER_FRAME_MIN = (10, 30, 60, 120)


def default_preset() -> str:
    names = dl.preset_names()
    return DEFAULT_PRESET if DEFAULT_PRESET in names else names[0]


def preset_label(name: str) -> str:
    """A preset's name for people ("pokrovsk_drone_line" -> "Pokrovsk drone line")."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def options_from_query(search: str | None) -> dict[str, Any]:
    """Keyword arguments for :class:`AppState` from a query string."""
    q = {k: v[-1] for k, v in parse_qs(search or "").items()}
    out: dict[str, Any] = {}
    if q.get("preset") in dl.preset_names():
        out["preset"] = q["preset"]
    for key, arg, lo, hi in (("seed", "seed", 0, 2**31 - 1), ("fps", "fps", 1, MAX_FPS)):
        if key in q and q[key].isdigit():
            out[arg] = min(max(int(q[key]), lo), hi)
    if q.get("minutes", "").isdigit() and int(q["minutes"]) in TIME_PER_FRAME_MIN:
        out["minutes_per_frame"] = int(q["minutes"])
    if "classroom" in q:
        out["classroom"] = q["classroom"].lower() not in ("0", "false", "no", "off")
    if q.get("tab") == "compare":
        out["tab"] = COMPARE
    return out


class AppState:
    """Everything one browser tab's page shows and drives."""

    def __init__(
        self,
        preset: str | None = None,
        seed: int = DEFAULT_SEED,
        *,
        fps: int = DEFAULT_FPS,
        minutes_per_frame: int = TIME_PER_FRAME_MIN[0],
        classroom: bool = True,
        tab: int = LIVE,
    ):
        spec = RunSpec.of(preset or default_preset(), {}, seed)
        self.live = LiveRun(spec)
        self.base = spec.scenario()  # the preset as shipped: slider defaults
        self.preset = solara.reactive(spec.preset)
        self.values = solara.reactive(slider_values(self.base))
        self.seed = solara.reactive(int(seed))
        self.applied = solara.reactive(spec)  # what the live run was built with
        self.frame = solara.reactive(0)  # bumped when the live run stepped or was rebuilt
        self.pair_frame = solara.reactive(0)
        self.playing = solara.reactive(False)
        self.fps = solara.reactive(int(fps))
        self.minutes_per_frame = solara.reactive(int(minutes_per_frame))
        self.tab = solara.reactive(int(tab))
        self.classroom = solara.reactive(bool(classroom))
        self.labels = solara.reactive(False)
        self.error = solara.reactive(None)
        self.pair: PairRun | None = None
        # compare view settings
        pair = default_pair(seed)
        by_preset = pair.a.preset != pair.b.preset
        self.compare_mode = solara.reactive("presets" if by_preset else "parameter")
        self.compare_a = solara.reactive(pair.a.preset)
        self.compare_b = solara.reactive(pair.b.preset if by_preset else pair.a.preset)
        defender = "blue" if self.base.attacker == "red" else "red"
        changed_b = dict(pair.b.overrides)
        name = next(iter(changed_b), f"{defender}.drones.strike_depth_km")
        self.compare_param = solara.reactive(name)
        self.compare_value = solara.reactive(changed_b.get(name, 0))

    @classmethod
    def from_query(cls, search: str | None) -> AppState:
        """State from the page address (``?preset=sudzha_supply_cut&seed=3&fps=10&minutes=60
        &classroom=0&tab=compare``), so a teacher can bookmark a lesson's starting point;
        values that do not fit are ignored."""
        return cls(**options_from_query(search))

    # ------------------------------------------------------------------ pending values
    @property
    def overrides(self) -> dict[str, Any]:
        """Slider values that differ from the preset: what Reset applies."""
        return changed(self.base, self.values.value)

    def pending_spec(self) -> RunSpec:
        return RunSpec.of(self.preset.value, self.overrides, self.seed.value)

    def pending_changes(self) -> int:
        """How many controls differ from the running model (shown next to Reset)."""
        spec, run = self.pending_spec(), self.applied.value
        names = set(spec.override_dict) | set(run.override_dict)
        n = sum(spec.override_dict.get(k) != run.override_dict.get(k) for k in names)
        return n + (spec.seed != run.seed) + (spec.preset != run.preset)

    def set_value(self, name: str, value: Any) -> None:
        self.values.value = {**self.values.value, name: value}

    def revert(self) -> None:
        """Controls back to what the running model was built with."""
        applied = self.applied.value
        self.values.value = {**slider_values(self.base), **applied.override_dict}
        self.seed.value = applied.seed

    # ------------------------------------------------------------------ actions
    @property
    def runner(self):
        """The run the playback controls drive: the live run or the compare pair."""
        return self.ensure_pair() if self.tab.value == COMPARE else self.live

    def bump(self) -> None:
        if self.tab.value == COMPARE:
            self.pair_frame.value += 1
        else:
            self.frame.value += 1

    def steps_per_frame(self, model=None) -> int:
        model = model or self.live.model
        step_min = model.scales.step_h * 60.0
        return max(1, int(round(self.minutes_per_frame.value / step_min)))

    def step(self, generation: int | None = None, playing: bool = False) -> bool:
        """One frame's worth of steps (``minutes_per_frame`` of model time); with
        ``generation``, only if the active run is still that one (see ``LiveRun.advance``);
        ``playing`` lets the charts lag a little (see :mod:`droneline.ui.frames`)."""
        spf = self.steps_per_frame()
        # hits stay on the map for two frames at least (marks fade over this window)
        if not self.runner.advance(spf, generation, mark_window=2 * spf, throttle=playing):
            return False
        self.bump()
        return True

    def settle(self, runner) -> None:
        """After playing: one last frame with charts and summary up to date."""
        runner.refresh()
        self.bump()

    def reset(self) -> bool:
        """Rebuild the active run(s) from the controls; False (and ``error`` set) when the
        values break a rule of the scenario schema."""
        self.playing.value = False
        try:
            if self.tab.value == COMPARE:
                self.ensure_pair().reset(self.pair_spec())
            else:
                spec = self.pending_spec()
                self.live.reset(spec)
                self.applied.value = spec
        except dl.ScenarioError as e:
            self.error.value = str(e)
            return False
        self.error.value = None
        self.bump()
        return True

    def choose_preset(self, name: str) -> bool:
        """Load a preset: sliders show its values, the live run is rebuilt with them."""
        try:
            spec = RunSpec.of(name, {}, self.seed.value)
            base = spec.scenario()
            self.playing.value = False
            self.live.reset(spec)
        except dl.ScenarioError as e:
            self.error.value = str(e)
            return False
        self.base = base
        self.applied.value = spec
        self.preset.value = name
        self.values.value = slider_values(base)
        self.error.value = None
        self.frame.value += 1
        return True

    # ------------------------------------------------------------------ compare view
    def pair_spec(self) -> PairSpec:
        seed = self.seed.value
        if self.compare_mode.value == "parameter":
            return parameter_pair(
                self.preset.value,
                self.compare_param.value,
                self.compare_value.value,
                seed,
                self.overrides,
            )
        return preset_pair(self.compare_a.value, self.compare_b.value, seed)

    def ensure_pair(self) -> PairRun:
        if self.pair is None:
            self.pair = PairRun(self.pair_spec())
        return self.pair

    def compare_sliders(self):
        return all_sliders(self.base)

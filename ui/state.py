"""Per-session state of the page: the runs, what the controls show, and the play loop's
settings, as Solara reactive variables (one :class:`AppState` per browser tab).

The controls edit *pending* values (preset, slider values, seed); **Reset** rebuilds the run
from exactly those values. Choosing a preset rebuilds at once with the preset's own values,
because a map that does not match the picker confuses a class.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import parse_qs

import solara

import droneline as dl

from .labels import fmt_value, plain_error, plain_name
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
SEED_MAX = 2**31 - 1
# Shares of one side's assault soldiers that must add up to at most 1 (the loader's rule):
# moving one slider lowers the other instead of leaving a combination the model refuses.
PAIRED_SHARES = (("forces.motorcycle_share", "forces.armor_share"),)


# Runs kept for a reload of the page (issue 13: "reloading during play loses the run"): the
# page's address carries a token (``?run=...``); a reload with it finds the runs and the
# controls' values here. A new tab without the token gets a run of its own. Small and
# bounded: the oldest are dropped.
KEEP_MAX = 12
_KEPT: OrderedDict[str, dict] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def kept(token: str | None) -> dict | None:
    with _KEPT_LOCK:
        return _KEPT.get(token or "")


def parse_seed(text: Any) -> tuple[int | None, str | None]:
    """``(seed, None)`` for a whole number in ``0..SEED_MAX``, else ``(None, message)`` in
    plain words (issue 13: a negative seed replaced the page with a traceback)."""
    raw = str(text if text is not None else "").strip()
    try:
        value = int(raw)
    except ValueError:
        try:
            f = float(raw)
            value = int(f) if f.is_integer() else None
        except (ValueError, OverflowError):
            value = None
    if value is None or not 0 <= value <= SEED_MAX:
        shown = raw if len(raw) <= 20 else raw[:20] + "…"
        return None, (
            f"The seed must be a whole number from 0 to {SEED_MAX:,}"
            + (f" (not “{shown}”)" if shown else "")
            + ". The current run is unchanged."
        )
    return value, None


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
        threaded: bool = False,
        restore: dict | None = None,
    ):
        self.token = secrets.token_urlsafe(8)
        if restore is not None:  # a reload: the same runs, the controls as they were
            self.token = restore["token"]
            self.live = restore["live"]
            spec = self.live.spec
            seed, fps, minutes_per_frame = restore["seed"], restore["fps"], restore["minutes"]
            classroom, tab = restore["classroom"], restore["tab"]
            self.base = restore["base"]
        else:
            spec = RunSpec.of(preset or default_preset(), {}, seed)
            self.live = LiveRun(spec)
            self.base = spec.scenario()  # the preset as shipped: slider defaults
        self.preset = solara.reactive(spec.preset)
        self.values = solara.reactive(restore["values"] if restore else slider_values(self.base))
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
        self.seed_text = solara.reactive(str(int(seed)))
        self.seed_error = solara.reactive(None)
        self.notice = solara.reactive(None)  # a slider moved another one (shares)
        self.busy = solara.reactive(None)  # what is being built / run, while it is
        self.progress = solara.reactive(None)  # model day reached by "run to the end"
        self.presenter = solara.reactive(False)
        self.selected = solara.reactive(None)  # (run key, unit id) shown in the inspector
        self.threaded = threaded  # rebuilds and "run to the end" in a thread (the server)
        self._cancel = threading.Event()
        self.pair: PairRun | None = restore["pair"] if restore else None
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
        if restore is not None:
            for key in ("compare_mode", "compare_a", "compare_b", "compare_param", "compare_value"):
                getattr(self, key).value = restore[key]
        self.keep()

    def keep(self) -> None:
        """Remember the runs and the controls under this page's token (for a reload)."""
        snap = dict(
            token=self.token,
            live=self.live,
            pair=self.pair,
            base=self.base,
            values=self.values.value,
            seed=self.seed.value,
            fps=self.fps.value,
            minutes=self.minutes_per_frame.value,
            classroom=self.classroom.value,
            tab=self.tab.value,
            compare_mode=self.compare_mode.value,
            compare_a=self.compare_a.value,
            compare_b=self.compare_b.value,
            compare_param=self.compare_param.value,
            compare_value=self.compare_value.value,
        )
        with _KEPT_LOCK:
            _KEPT[self.token] = snap
            _KEPT.move_to_end(self.token)
            while len(_KEPT) > KEEP_MAX:
                _KEPT.popitem(last=False)

    @classmethod
    def restored(cls, token: str | None) -> AppState | None:
        """The state a page with ``?run=token`` had before it was reloaded, if kept."""
        snap = kept(token)
        return None if snap is None else cls(restore=snap, threaded=True)

    @classmethod
    def from_query(cls, search: str | None) -> AppState:
        """State from the page address (``?preset=sudzha_supply_cut&seed=3&fps=10&minutes=60
        &classroom=0&tab=compare``), so a teacher can bookmark a lesson's starting point;
        values that do not fit are ignored."""
        return cls(**options_from_query(search), threaded=True)

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
        """A slider moved; a paired share is lowered so that the pair stays within 1."""
        values = {**self.values.value, name: value}
        notice = None
        side, _, rest = name.partition(".")
        for pair in PAIRED_SHARES:
            if rest not in pair:
                continue
            other = f"{side}.{pair[1 - pair.index(rest)]}"
            if other in values and float(value) + float(values[other]) > 1 + 1e-9:
                values[other] = round(max(0.0, 1.0 - float(value)), 6)
                notice = (
                    f"{plain_name(other)} lowered to {fmt_value(other, values[other])}: "
                    f"the two shares together can be at most 100 %."
                )
        self.values.value = values
        self.notice.value = notice
        self.keep()

    def set_seed_text(self, text: str | None) -> None:
        """What the seed box shows; the seed itself changes only to a valid value."""
        self.seed_text.value = "" if text is None else str(text)
        value, problem = parse_seed(text)
        self.seed_error.value = problem
        if value is not None:
            self.seed.value = value

    def revert(self) -> None:
        """Controls back to what the running model was built with."""
        applied = self.applied.value
        self.values.value = {**slider_values(self.base), **applied.override_dict}
        self.seed.value = applied.seed
        self.seed_text.value = str(applied.seed)
        self.seed_error.value = self.notice.value = None

    def pending_problem(self) -> str | None:
        """Why the controls' values cannot be built (plain words), or None: checked before
        building, so a refused combination shows next to the controls."""
        if self.seed_error.value:
            return self.seed_error.value
        try:
            dl.load_scenario(self.preset.value, self.overrides)
        except dl.ScenarioError as e:
            return plain_error(e, self.side_names()) + " The current run is unchanged."
        except Exception as e:  # noqa: BLE001 - any surprise is a message, never a traceback
            return f"These values cannot be used ({e}). The current run is unchanged."
        return None

    def side_names(self) -> dict[str, str]:
        return {"red": "red", "blue": "blue"}

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
        self.keep()

    def steps_per_frame(self, model=None) -> int:
        model = model or self.live.model
        step_min = model.scales.step_h * 60.0
        return max(1, int(round(self.minutes_per_frame.value / step_min)))

    def step(
        self,
        generation: int | None = None,
        playing: bool = False,
        frames: int = 1,
        batch=None,
    ) -> bool:
        """One frame's worth of steps (``minutes_per_frame`` of model time; ``frames`` times
        that when playing has fallen behind); with ``generation``, only if the active run is
        still that one (see ``LiveRun.advance``); ``playing`` lets the charts lag a little
        (see :mod:`droneline.ui.frames`); ``batch`` (the page's render context) renders the
        views that follow the frame in one pass instead of one pass each."""
        steps = self.steps_per_frame() * max(1, int(frames))
        # hits stay on the map for two frames at least (marks fade over this window)
        if not self.runner.advance(steps, generation, mark_window=2 * steps, throttle=playing):
            return False
        with batch or contextlib.nullcontext():
            self.bump()
        return True

    def settle(self, runner) -> None:
        """After playing: one last frame with charts and summary up to date."""
        runner.refresh()
        self.bump()

    def _failed(self, e: Exception) -> bool:
        if isinstance(e, dl.ScenarioError):
            self.error.value = plain_error(e, self.side_names()) + " The current run is unchanged."
        else:
            self.error.value = (
                f"The run could not be built ({type(e).__name__}: {e}). "
                "The current run is unchanged."
            )
        return False

    def _job(self, label: str, work) -> bool:
        """Run ``work`` (returns True on success); in a thread with a busy indicator when
        ``threaded`` (the served page: a rebuild takes seconds), else at once (tests)."""
        if self.busy.value:
            return False
        self.playing.value = False
        if not self.threaded:
            try:
                return bool(work())
            except Exception as e:  # noqa: BLE001 - a message, never a traceback
                return self._failed(e)
        self._cancel = threading.Event()
        self.busy.value = label

        def target():
            try:
                work()
            except Exception as e:  # noqa: BLE001
                self._failed(e)
            finally:
                self.busy.value = None
                self.progress.value = None

        threading.Thread(target=target, daemon=True, name="droneline-job").start()
        return True

    def reset(self) -> bool:
        """Rebuild the active run(s) from the controls; False (and ``error`` set, in plain
        words) when a value is not valid or the values break a rule of the scenario schema.
        The current run is kept whatever goes wrong."""
        self.playing.value = False
        if self.tab.value == COMPARE:
            if self.seed_error.value:
                self.error.value = self.seed_error.value
                return False
            spec = self.pair_spec()

            def work():
                self.ensure_pair().reset(spec)
                self.selected.value = None
                self.error.value = None
                self.pair_frame.value += 1
                self.keep()
                return True

            return self._job("Building both runs…", work)
        problem = self.pending_problem()
        if problem:
            self.error.value = problem
            return False
        spec = self.pending_spec()

        def work():
            self.live.reset(spec)
            self.applied.value = spec
            self.selected.value = None
            self.error.value = None
            self.frame.value += 1
            self.keep()
            return True

        return self._job("Building the run…", work)

    def choose_preset(self, name: str) -> bool:
        """Load a preset: sliders show its values, the live run is rebuilt with them."""
        seed = self.seed.value

        def work():
            spec = RunSpec.of(name, {}, seed)
            base = spec.scenario()
            self.live.reset(spec)
            self.base = base
            self.applied.value = spec
            self.preset.value = name
            self.values.value = slider_values(base)
            self.selected.value = None
            self.error.value = self.notice.value = None
            self.frame.value += 1
            self.keep()
            return True

        return self._job(f"Building {preset_label(name)}…", work)

    @property
    def finished(self) -> bool:
        return self.runner.finished

    def run_to_end(self) -> bool:
        """The active run (or both runs) to the scenario's last day, without drawing the
        frames in between; progress shows the day reached."""
        runner = self.runner

        def progress(day: float) -> None:
            self.progress.value = day

        def work():
            ok = runner.run_to_end(self._cancel, progress)
            self.bump()
            return ok

        what = "both runs" if self.tab.value == COMPARE else "the run"
        return self._job(f"Running {what} to the end…", work)

    def stop(self) -> None:
        """Pause playing and stop a "run to the end" (where it has got to)."""
        self.playing.value = False
        self._cancel.set()

    def run_of(self, key: str):
        if key == "a":
            return self.ensure_pair().a
        if key == "b":
            return self.ensure_pair().b
        return self.live

    def select_unit(self, key: str, unit: int | None) -> None:
        """Show ``unit`` of run ``key`` ("live", "a", "b") in the inspector, and keep its
        history from now on."""
        run = self.run_of(key)
        run.watch(unit)
        self.selected.value = None if unit is None else (key, int(unit))

    # ------------------------------------------------------------------ compare view
    def pair_spec(self) -> PairSpec:
        seed = self.seed.value
        if self.compare_mode.value == "parameter":
            applied = self.applied.value  # run A: the live run as built
            return parameter_pair(
                applied.preset,
                self.compare_param.value,
                self.compare_value.value,
                seed,
                applied.override_dict,
            )
        return preset_pair(self.compare_a.value, self.compare_b.value, seed)

    def compare_pending(self) -> bool:
        """The compare settings (or the seed) differ from what the two runs were built with:
        the maps are out of date until "Build both runs"."""
        if self.pair is None:
            return False
        try:
            return self.pair_spec() != self.pair.spec
        except Exception:  # noqa: BLE001
            return True

    def ensure_pair(self) -> PairRun:
        if self.pair is None:
            self.pair = PairRun(self.pair_spec())
            self.keep()
        return self.pair

    def compare_sliders(self):
        return all_sliders(self.base)

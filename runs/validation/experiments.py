"""The validation experiments V1-V8 and the Lanchester check, declared as data.

Each experiment compares scenario variants (arms) over the same seeds (common random
numbers): which scenario and overrides, which measure, the expected direction and the minimum
effect size. Effects are estimated with paired bootstrap 95% intervals over seeds; an effect
counts as reproduced only when its interval excludes "no effect" and the estimate meets the
minimum size. Runs are shared between experiments (V4 and V8 reuse the drone-line runs of
V1) and spread over worker processes; a run's result depends only on its seed.
"""

from __future__ import annotations

import math
import multiprocessing as mp
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .single import run

STRIKE_TYPES = ("fpv_radio", "fpv_fibre", "bomber")
TS_COLUMNS = (
    "day",
    "advance_km",
    "casualties_red",
    "casualties_blue",
    "casualties_red_drone",
    "casualties_blue_drone",
    "positions_held_red",
    "positions_held_blue",
    "supply_days_red",
    "supply_days_blue",
    "strength_red",
    "strength_blue",
    "gained_blue_km2",
    "gained_red_km2",
)


# --------------------------------------------------------------------------- declarations
@dataclass(frozen=True)
class Arm:
    """One scenario variant: a preset plus overrides."""

    label: str
    scenario: str
    overrides: tuple[tuple[str, object], ...] = ()
    days: float | None = None

    def key(self, days: float | None, seed: int) -> tuple:
        return (self.scenario, self.overrides, self.days if self.days is not None else days, seed)


@dataclass(frozen=True)
class Experiment:
    """A comparison of arms and how to judge it."""

    key: str
    title: str
    published: str
    arms: tuple[Arm, ...]
    measure: str  # a summary column, or the name of an estimator in ESTIMATORS
    estimator: str  # how arms are turned into one effect (see ESTIMATORS)
    minimum: float  # minimum effect size for "reproduced"
    unit: str
    days: float
    explain: str
    extra: dict = field(default_factory=dict)


def _ov(**kw) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((k.replace("__", "."), v) for k, v in kw.items()))


DRONE_LINE = Arm("drone line", "pokrovsk_drone_line")
NO_DRONE_LINE = Arm("no drone line", "pokrovsk_no_drone_line")
# the attacker's UAV regiment: red's drones as in pokrovsk_symmetric (V2)
COUNTER = _ov(blue__forces__attack_share=0.3)
V2_WITHOUT = Arm("blue counterattacks, red without UAV regiment", "pokrovsk_drone_line", COUNTER)
V2_WITH = Arm("blue counterattacks, red with UAV regiment", "pokrovsk_symmetric", COUNTER)
SUDZHA_DOSE = (0.0, 0.15, 0.3, 0.45, 0.6)
NO_INTERDICTION = _ov(
    red__drones__interdiction_share=0.0,
    red__drones__mining_share=0.0,
    red__drones__strike_depth_km=8.0,
)
PARITY = dict(red__forces__attack_share=0.6, blue__forces__attack_share=0.6)
EW_RACE = dict(
    red__ew__stations=8,
    blue__ew__stations=8,
    red__ew__jam_probability=0.8,
    blue__ew__jam_probability=0.8,
    red__ew__radius_km=8.0,
    blue__ew__radius_km=8.0,
    red__drones__fibre_share=0.05,
    blue__drones__fibre_share=0.05,
)
TECH_DAY, COPY_LAG = 3.0, 6.0


def experiments(days: float = 14.0) -> list[Experiment]:
    """The experiments, at the given run length (the quick mode shortens it)."""
    short = max(days / 2.0, 3.0)
    return [
        Experiment(
            "V1",
            "Drone line halts the advance",
            "Russian monthly gains fell 5-6x, Nov 2024 -> Mar 2025 (ISW, UK MoD, DeepState)",
            (NO_DRONE_LINE, DRONE_LINE),
            "advance_m_per_day",
            "reduction",
            2.0 / 3.0,
            "relative reduction of the attacker's advance (m/day)",
            days,
            "Same seeds, blue's drones massed into a 12 km drone line vs dispersed and thin. "
            "Reproduced when the advance falls at least 3x (reduction >= 2/3).",
        ),
        Experiment(
            "V2",
            "The attacker's UAV regiment halts counterattacks",
            "a newly formed Russian UAV regiment halted Ukrainian counterattacks (seed article)",
            (V2_WITHOUT, V2_WITH),
            "counter_gains_km2",
            "reduction",
            0.5,
            "relative reduction of the defender's counterattack gains (km²)",
            days,
            "Blue counterattacks (30% of its reinforcements) against red with and without "
            "red's own UAV regiment; the measure is ground blue takes from red.",
        ),
        Experiment(
            "V3",
            "Road interdiction collapses the defence",
            "Sudzha: highway under FPV/mine fire for ~2 months; salient collapsed in ~10 days",
            (
                Arm("no interdiction", "sudzha_supply_cut", NO_INTERDICTION),
                *(
                    Arm(
                        f"interdiction {x:g}",
                        "sudzha_supply_cut",
                        _ov(red__drones__interdiction_share=x),
                    )
                    for x in SUDZHA_DOSE[1:]
                ),
            ),
            "positions_lost",
            "interdiction",
            5.0,
            "defender positions lost, on minus off",
            max(days, 21.0),
            "Blue's salient fed by two roads. Without interdiction red's drones work the front "
            "(8 km deep, no road watch, no mining); with it they hunt the roads 18 km deep "
            "with a rising share of crews (0.15 to 0.6) and mine them. Reproduced when positions "
            "fall with interdiction and not "
            "without (difference >= 5 positions), and the collapse comes sooner as "
            "interdiction rises (rank correlation of collapse day with dose < 0).",
        ),
        Experiment(
            "V4",
            "Drones dominate casualties",
            "drones cause 70-80% of casualties (Ukrainian officials; Zaluzhnyi 80%)",
            (
                DRONE_LINE,
                Arm("pokrovsk symmetric", "pokrovsk_symmetric"),
                Arm("sudzha", "sudzha_supply_cut", days=max(days, 21.0)),
                Arm("toretsk", "toretsk_armored_push", days=short),
                Arm("baseline 2022", "baseline_2022"),
            ),
            "drone_share",
            "share_range",
            0.0,
            "share of casualties caused by drones",
            days,
            "Share of all casualties caused by drones: within 60-85% in each drone-era "
            "scenario, below 5% in the 2022 baseline.",
            extra={"low": 0.60, "high": 0.85},
        ),
        Experiment(
            "V5",
            "Armour is a liability; light mobile groups survive better",
            "Toretsk armoured pushes failed with loss of armour (seed article)",
            (Arm("toretsk", "toretsk_armored_push"),),
            "armor_vs_motorcycle",
            "vehicle_losses",
            0.15,
            "armour loss rate minus motorcycle loss rate (per vehicle committed)",
            short,
            "Armoured groups and motorcycle squads cross the same kill zone in the same runs; "
            "losses per vehicle committed are compared within each run.",
        ),
        Experiment(
            "V6",
            "Numbers win under technological parity",
            "RU 1,000-1,500 recruits/day vs UA <= 30,000/month (seed article)",
            (
                Arm(
                    "red outnumbers blue 2:1",
                    "pokrovsk_symmetric",
                    _ov(
                        **PARITY,
                        red__forces__reinforcements_per_day=40.0,
                        blue__forces__reinforcements_per_day=20.0,
                    ),
                ),
                Arm(
                    "blue outnumbers red 2:1",
                    "pokrovsk_symmetric",
                    _ov(
                        **PARITY,
                        red__forces__reinforcements_per_day=20.0,
                        blue__forces__reinforcements_per_day=40.0,
                    ),
                ),
            ),
            "advance_m_per_day",
            "reversal",
            20.0,
            "red's advance (m/day), 2:1 minus 1:2",
            days,
            "Both sides fly the same drone line and attack with 60% of their reinforcements; "
            "only the reinforcement ratio differs. Reproduced when the side with more "
            "reinforcements gains ground in both arms (the sign reverses).",
        ),
        Experiment(
            "V7",
            "Copying closes technological edges",
            "fibre-optic drones and large drone units were copied quickly (seed article)",
            (
                Arm("no new technology", "pokrovsk_symmetric", _ov(**EW_RACE)),
                Arm(
                    "red adopts fibre-optic FPVs, blue copies", "pokrovsk_symmetric", _ov(**EW_RACE)
                ),
            ),
            "tech_edge",
            "transient_edge",
            0.05,
            "red's drone edge (hit rate per sortie, red - blue) while ahead minus after the copy",
            max(days, 15.0),
            f"Both sides' EW jams 80% of radio drones within 8 km of its stations. On day "
            f"{TECH_DAY:g} red switches 80% of its FPVs to fibre-optic; blue copies after "
            f"{COPY_LAG:g} days. Edge = share of red's strike sorties that hit minus blue's, "
            "relative to the same seeds without the new technology.",
            extra={"event": True},
        ),
        Experiment(
            "V8",
            "Strikes concentrate within the kill-zone depth",
            "drone line 10-15 km (seed); 'zone of death' 10-20 km (Zelensky, Sep 2025)",
            (
                Arm(
                    "drone line 6 km", "pokrovsk_drone_line", _ov(blue__drones__strike_depth_km=6.0)
                ),
                DRONE_LINE,
            ),
            "strike_depth",
            "depth_share",
            0.95,
            "share of blue drone sorties within the configured depth",
            days,
            "Depth beyond the front of every blue drone sortie, for a 6 km and a 12 km drone "
            "line. Reproduced when >= 95% fall within the configured depth in both, and the "
            "95th percentile moves with it.",
        ),
    ]


# --------------------------------------------------------------------------- running
def _event_overrides(arm: Arm) -> dict:
    return dict(arm.overrides)


def _run_key(key: tuple) -> dict:
    """Run one (scenario, overrides, days, seed) and keep what the estimators need."""
    scenario, overrides, days, seed = key
    from ..model.scenario import load_scenario
    from ..model.schema import Event

    ov = dict(overrides)
    event = ov.pop("__event__", None)
    sc = load_scenario(scenario, ov)
    if event:
        sc.events = [
            Event(
                day=TECH_DAY,
                side="red",
                label="fibre-optic FPVs",
                copy_lag_days=COPY_LAG,
                set={"drones.fibre_share": 0.8},
            )
        ]
    r = run(sc, days=days, seed=seed)
    full = r.timeseries
    ts = full[[c for c in TS_COLUMNS if c in full]].astype("float32")
    for side in ("red", "blue"):
        ts[f"hits_{side}"] = full[[c for c in full if c.startswith(f"hits_{side}_")]].sum(axis=1)
        ts[f"strikes_{side}"] = full[[f"sorties_{side}_{t}" for t in STRIKE_TYPES]].sum(axis=1)
    return {"summary": r.row, "ts": ts, "depth": r.strike_depth}


def run_all(
    exps: Sequence[Experiment],
    seeds: Sequence[int],
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    known: dict | None = None,
) -> dict[tuple, dict]:
    """Run every distinct (arm, seed) once (skipping those in ``known``); return results by
    run key."""
    keys = []
    for e in exps:
        for arm in e.arms:
            for seed in seeds:
                k = arm.key(e.days, seed)
                if e.extra.get("event") and arm is e.arms[1]:
                    k = (k[0], (*k[1], ("__event__", True)), k[2], k[3])
                keys.append(k)
    keys = list(dict.fromkeys(keys))
    out: dict[tuple, dict] = {k: known[k] for k in keys if known and k in known}
    keys = [k for k in keys if k not in out]
    # longest first keeps the workers busy
    keys.sort(key=lambda k: -k[2])
    if workers <= 1:
        for i, k in enumerate(keys):
            out[k] = _run_key(k)
            if progress:
                progress(i + 1, len(keys))
        return out
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("forkserver")) as ex:
        for i, (k, res) in enumerate(zip(keys, ex.map(_run_key, keys, chunksize=1), strict=True)):
            out[k] = res
            if progress:
                progress(i + 1, len(keys))
    return out


def arm_results(e: Experiment, arm: Arm, seeds: Sequence[int], results: dict) -> list[dict]:
    out = []
    for seed in seeds:
        k = arm.key(e.days, seed)
        if e.extra.get("event") and arm is e.arms[1]:
            k = (k[0], (*k[1], ("__event__", True)), k[2], k[3])
        out.append(results[k])
    return out


# --------------------------------------------------------------------------- statistics
def bootstrap(
    stat: Callable[[np.ndarray], float], n_units: int, reps: int = 2000, seed: int = 20250322
) -> tuple[float, float]:
    """Percentile 95% interval of ``stat(idx)`` over resamples of the seed indices (paired)."""
    rng = np.random.default_rng(seed)
    vals = np.array([stat(rng.integers(0, n_units, n_units)) for _ in range(reps)])
    vals = vals[np.isfinite(vals)]
    if len(vals) == 0:
        return math.nan, math.nan
    return float(np.percentile(vals, 2.5)), float(np.percentile(vals, 97.5))


@dataclass
class Outcome:
    """The judged result of one experiment."""

    key: str
    title: str
    published: str
    measure: str
    estimate: float
    low: float
    high: float
    minimum: float
    reproduced: bool
    detail: str
    table: pd.DataFrame  # per-arm means and intervals
    explain: str = ""  # what the experiment does


def _outcome(e: Experiment, estimate, low, high, ok, detail, table) -> Outcome:
    return Outcome(
        e.key,
        e.title,
        e.published,
        e.unit,
        float(estimate),
        float(low),
        float(high),
        e.minimum if e.estimator != "share_range" else e.extra["low"],
        bool(ok),
        detail,
        table,
    )


def _col(rows: list[dict], name: str) -> np.ndarray:
    return np.array([r["summary"][name] for r in rows], dtype=float)


def _mean_ci(x: np.ndarray) -> tuple[float, float, float]:
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    lo, hi = bootstrap(lambda i: float(np.mean(x[i])), len(x))
    return float(np.mean(x)), lo, hi


def _arm_table(e: Experiment, arms_rows: list[list[dict]], cols: Sequence[str]) -> pd.DataFrame:
    recs = []
    for arm, rows in zip(e.arms, arms_rows, strict=True):
        rec = {"arm": arm.label}
        for c in cols:
            m, lo, hi = _mean_ci(_col(rows, c))
            rec[c] = m
            rec[f"{c} 95% CI"] = f"[{lo:.3g}, {hi:.3g}]"
        recs.append(rec)
    return pd.DataFrame(recs)


def est_reduction(e: Experiment, arms_rows, days) -> Outcome:
    """1 - mean(treatment) / mean(control), paired bootstrap over seeds."""
    a, b = _col(arms_rows[0], e.measure), _col(arms_rows[1], e.measure)
    ma = np.mean(a)
    est = 1.0 - np.mean(b) / ma if ma > 0 else math.nan
    lo, hi = bootstrap(
        lambda i: 1.0 - np.mean(b[i]) / np.mean(a[i]) if np.mean(a[i]) > 0 else math.nan, len(a)
    )
    ok = bool(np.isfinite(lo) and lo > 0 and est >= e.minimum)
    mb = np.mean(b)
    fold = f"{ma / mb:.1f}x" if mb > 0 else "to zero or below"
    detail = (
        f"{e.measure}: {ma:.3g} -> {mb:.3g} (falls {fold}); reduction {est:.2f} "
        f"[{lo:.2f}, {hi:.2f}], minimum {e.minimum:.2f}"
    )
    return _outcome(
        e,
        est,
        lo,
        hi,
        ok,
        detail,
        _arm_table(e, arms_rows, [e.measure]),
    )


def est_interdiction(e: Experiment, arms_rows, days) -> Outcome:
    """Positions lost with interdiction (top dose) minus without; dose-response of collapse."""
    off, on = _col(arms_rows[0], "positions_lost"), _col(arms_rows[-1], "positions_lost")
    d = on - off
    est = float(np.mean(d))
    lo, hi = bootstrap(lambda i: float(np.mean(d[i])), len(d))
    # collapse day by dose: no collapse counts as the run length (censored at the end)
    doses, cdays = [], []
    for arm, rows in zip(e.arms, arms_rows, strict=True):
        dose = float(dict(arm.overrides)["red.drones.interdiction_share"])
        c = _col(rows, "collapse_day")
        c = np.where(np.isfinite(c), c, e.days)
        doses.append(np.full(len(c), dose))
        cdays.append(c)
    doses, cdays = np.concatenate(doses), np.concatenate(cdays)
    rho = _spearman(doses, cdays)
    n = len(arms_rows[0])
    k = len(e.arms)

    def rho_boot(i):
        idx = np.concatenate([i + j * n for j in range(k)])
        return _spearman(doses[idx], cdays[idx])

    rlo, rhi = bootstrap(rho_boot, n)
    collapsed_off = float(np.mean(np.isfinite(_col(arms_rows[0], "collapse_day"))))
    collapsed_on = float(np.mean(np.isfinite(_col(arms_rows[-1], "collapse_day"))))
    ok = bool(lo > 0 and est >= e.minimum and rhi < 0)
    detail = (
        f"positions lost {np.mean(off):.1f} without -> {np.mean(on):.1f} with interdiction "
        f"(+{est:.1f} [{lo:.1f}, {hi:.1f}]); collapsed in {collapsed_off:.0%} vs "
        f"{collapsed_on:.0%} of runs; rank correlation of collapse day with dose "
        f"{rho:.2f} [{rlo:.2f}, {rhi:.2f}]"
    )
    return _outcome(
        e,
        est,
        lo,
        hi,
        ok,
        detail,
        _arm_table(e, arms_rows, ["positions_lost", "collapse_day", "convoys_lost_blue"]),
    )


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    rx = pd.Series(x).rank().to_numpy()
    ry = pd.Series(y).rank().to_numpy()
    if rx.std() == 0 or ry.std() == 0:
        return math.nan
    return float(np.corrcoef(rx, ry)[0, 1])


def est_share_range(e: Experiment, arms_rows, days) -> Outcome:
    """Drone share within [low, high] in each drone-era arm; ~0 in the baseline (last arm)."""
    low, high = e.extra["low"], e.extra["high"]
    parts, oks, ests = [], [], []
    for arm, rows in zip(e.arms, arms_rows, strict=True):
        m, lo, hi = _mean_ci(_col(rows, "drone_share"))
        if arm is e.arms[-1]:
            ok = hi < 0.05
        else:
            ok = low <= m <= high
            ests.append((m, lo, hi))
        oks.append(ok)
        parts.append(f"{arm.label} {m:.0%} [{lo:.0%}, {hi:.0%}]{'' if ok else ' (out of range)'}")
    est = float(np.mean([x[0] for x in ests]))
    return _outcome(
        e,
        est,
        min(x[1] for x in ests),
        max(x[2] for x in ests),
        all(oks),
        "; ".join(parts),
        _arm_table(
            e, arms_rows, ["drone_share", "artillery_share", "direct_fire_share", "mine_share"]
        ),
    )


def est_vehicle_losses(e: Experiment, arms_rows, days) -> Outcome:
    rows = arms_rows[0]
    armor = _col(rows, "armor_loss_rate_red")
    moto = _col(rows, "motorcycle_loss_rate_red")
    ok_rows = np.isfinite(armor) & np.isfinite(moto)
    a, m = armor[ok_rows], moto[ok_rows]
    d = a - m
    est = float(np.mean(d)) if len(d) else math.nan
    lo, hi = bootstrap(lambda i: float(np.mean(d[i])), len(d)) if len(d) else (math.nan,) * 2
    ok = bool(len(d) and lo > 0 and est >= e.minimum)
    detail = (
        f"armour lost per vehicle committed {np.mean(a):.2f}, motorcycles {np.mean(m):.2f}: "
        f"difference {est:.2f} [{lo:.2f}, {hi:.2f}] over {len(d)} runs"
    )
    return _outcome(
        e,
        est,
        lo,
        hi,
        ok,
        detail,
        _arm_table(
            e,
            arms_rows,
            [
                "armor_loss_rate_red",
                "motorcycle_loss_rate_red",
                "armor_committed_red",
                "motorcycles_committed_red",
            ],
        ),
    )


def est_reversal(e: Experiment, arms_rows, days) -> Outcome:
    a, b = _col(arms_rows[0], e.measure), _col(arms_rows[1], e.measure)
    d = a - b
    est = float(np.mean(d))
    lo, hi = bootstrap(lambda i: float(np.mean(d[i])), len(d))
    ma, la, ha = _mean_ci(a)
    mb, lb, hb = _mean_ci(b)
    ok = bool(la > 0 and hb < 0 and lo > 0 and est >= e.minimum)
    detail = (
        f"red advance with 2:1 {ma:.0f} m/day [{la:.0f}, {ha:.0f}], with 1:2 {mb:.0f} "
        f"m/day [{lb:.0f}, {hb:.0f}]; difference {est:.0f} [{lo:.0f}, {hi:.0f}]"
    )
    return _outcome(
        e,
        est,
        lo,
        hi,
        ok,
        detail,
        _arm_table(e, arms_rows, [e.measure, "casualties_red", "casualties_blue"]),
    )


def drone_edge(ts: pd.DataFrame, start: float, end: float) -> float:
    """Red's drone edge in [start, end): the share of red's strike sorties that hit minus the
    share of blue's (how much more each red drone achieves than a blue one)."""
    t = ts.set_index("day")
    a = t.loc[t.index <= start + 1e-6].iloc[-1]
    b = t.loc[t.index <= end + 1e-6].iloc[-1]

    def rate(side):
        n = b[f"strikes_{side}"] - a[f"strikes_{side}"]
        return (b[f"hits_{side}"] - a[f"hits_{side}"]) / n if n > 0 else np.nan

    return float(rate("red") - rate("blue"))


def est_transient_edge(e: Experiment, arms_rows, days) -> Outcome:
    ctrl, tech = arms_rows
    copy_day = TECH_DAY + COPY_LAG
    w1 = (TECH_DAY, copy_day)
    w2 = (copy_day + 1.0, e.days)
    during = np.array(
        [
            drone_edge(t["ts"], *w1) - drone_edge(c["ts"], *w1)
            for c, t in zip(ctrl, tech, strict=True)
        ]
    )
    after = np.array(
        [
            drone_edge(t["ts"], *w2) - drone_edge(c["ts"], *w2)
            for c, t in zip(ctrl, tech, strict=True)
        ]
    )
    d = during - after
    est = float(np.mean(d))
    lo, hi = bootstrap(lambda i: float(np.mean(d[i])), len(d))
    mdur, ldur, _ = _mean_ci(during)
    maft, laft, haft = _mean_ci(after)
    ok = bool(ldur > 0 and lo > 0 and est >= e.minimum)
    detail = (
        f"edge in hit rate per sortie while only red has it (days {w1[0]:g}-{w1[1]:g}) "
        f"{mdur:+.3f} [{ldur:+.3f}, {_mean_ci(during)[2]:+.3f}]; after blue copies (days "
        f"{w2[0]:g}-{w2[1]:g}) {maft:+.3f} [{laft:+.3f}, {haft:+.3f}]; shrinks by {est:.3f} "
        f"[{lo:.3f}, {hi:.3f}]"
    )
    table = pd.DataFrame(
        {
            "window": ["red ahead", "after copy"],
            "edge (hit rate, red - blue, vs control)": [mdur, maft],
        }
    )
    return _outcome(e, est, lo, hi, ok, detail, table)


def depth_stats(rows: list[dict], side: str = "blue") -> tuple[np.ndarray, np.ndarray]:
    """Total blue drone sorties by depth bin (centres, counts) over runs."""
    tab = pd.concat([r["depth"] for r in rows])
    tab = tab[tab.side == side].groupby("depth_km")["sorties"].sum()
    return tab.index.to_numpy(), tab.to_numpy()


def est_depth_share(e: Experiment, arms_rows, days) -> Outcome:
    configured = []
    for arm in e.arms:
        ov = dict(arm.overrides)
        configured.append(float(ov.get("blue.drones.strike_depth_km", 12.0)))
    shares, p95s, parts = [], [], []
    for depth, rows in zip(configured, arms_rows, strict=True):
        per_run = []
        for r in rows:
            centres, counts = depth_stats([r])
            tot = counts.sum()
            per_run.append(counts[centres - 0.5 < depth + 1e-9].sum() / tot if tot else math.nan)
        m, lo, hi = _mean_ci(np.array(per_run))
        centres, counts = depth_stats(rows)
        cum = np.cumsum(counts) / max(counts.sum(), 1)
        p95 = float(centres[np.searchsorted(cum, 0.95)] + 0.5)
        shares.append((m, lo, hi))
        p95s.append(p95)
        parts.append(
            f"{depth:g} km line: {m:.1%} [{lo:.1%}, {hi:.1%}] within, 95th pct {p95:.0f} km"
        )
    est = min(s[0] for s in shares)
    ok = all(s[0] >= e.minimum for s in shares) and p95s[0] < p95s[1]
    return _outcome(
        e,
        est,
        min(s[1] for s in shares),
        max(s[2] for s in shares),
        bool(ok),
        "; ".join(parts),
        pd.DataFrame(
            {
                "configured depth (km)": configured,
                "share within": [s[0] for s in shares],
                "95th percentile (km)": p95s,
            }
        ),
    )


ESTIMATORS = {
    "reduction": est_reduction,
    "interdiction": est_interdiction,
    "share_range": est_share_range,
    "vehicle_losses": est_vehicle_losses,
    "reversal": est_reversal,
    "transient_edge": est_transient_edge,
    "depth_share": est_depth_share,
}


def judge(e: Experiment, seeds: Sequence[int], results: dict) -> Outcome:
    arms_rows = [arm_results(e, arm, seeds, results) for arm in e.arms]
    out = ESTIMATORS[e.estimator](e, arms_rows, e.days)
    out.explain = e.explain
    arms = "; ".join(
        f"{a.label}: `{a.scenario}`"
        + ("" if not a.overrides else " with " + ", ".join(f"`{k}={v}`" for k, v in a.overrides))
        + (f" ({a.days:g} days)" if a.days else "")
        for a in e.arms
    )
    out.explain += f" Arms ({e.days:g}-day runs unless stated): {arms}."
    return out

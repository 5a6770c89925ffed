"""How the validation experiments are judged: one estimator per kind of effect, each turning
the runs of an experiment's arms into an estimate, a paired bootstrap 95% interval over seeds
and a verdict (:class:`Outcome`). Experiments name their estimator (``ESTIMATORS``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..stats import bootstrap, spearman
from .execution import arm_results
from .experiments import Experiment, technology


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
    rho = spearman(doses, cdays)
    n = len(arms_rows[0])
    k = len(e.arms)

    def rho_boot(i):
        idx = np.concatenate([i + j * n for j in range(k)])
        return spearman(doses[idx], cdays[idx])

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
    adopted = technology()["day"]
    copy_day = adopted + technology()["copy_lag_days"]
    w1 = (adopted, copy_day)
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
    # a seed in which a side flew no strike sortie in a window has no edge there: it is left
    # out of the paired difference (and said so), not allowed to make the mean undefined
    d = during - after
    defined = np.isfinite(d)
    d = d[defined]
    est = float(np.mean(d)) if len(d) else float("nan")
    lo, hi = bootstrap(lambda i: float(np.mean(d[i])), len(d))
    mdur, ldur, _ = _mean_ci(during)
    maft, laft, haft = _mean_ci(after)
    ok = bool(ldur > 0 and lo > 0 and est >= e.minimum)
    detail = (
        f"edge in hit rate per sortie while only red has it (days {w1[0]:g}-{w1[1]:g}) "
        f"{mdur:+.3f} [{ldur:+.3f}, {_mean_ci(during)[2]:+.3f}]; after blue copies (days "
        f"{w2[0]:g}-{w2[1]:g}) {maft:+.3f} [{laft:+.3f}, {haft:+.3f}]; shrinks by {est:.3f} "
        f"[{lo:.3f}, {hi:.3f}]"
        + (
            f" ({(~defined).sum()} of {len(defined)} seeds without an edge left out)"
            if (~defined).any()
            else ""
        )
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

"""Run the validation suite and write its report (Markdown + PNG plots).

``validate(out, quick=, workers=)`` runs every experiment of :mod:`.experiments` and the
Lanchester check, prints a table (effect, published figure, model value with interval,
reproduced yes/no) and writes ``report.md`` and its figures into ``out``, so a reader can
see the evidence without running anything.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ...model.schema import RED  # noqa: E402
from ..plots import CAUSE_COLORS, SIDE_COLORS  # noqa: E402
from . import cache, lanchester  # noqa: E402
from .estimators import depth_stats, drone_edge, judge  # noqa: E402
from .execution import arm_results, run_all  # noqa: E402
from .experiments import experiments, lanchester_declaration, technology  # noqa: E402

FULL = {"seeds": 20, "days": 14.0, "lanchester_seeds": 8}
QUICK = {"seeds": 5, "days": 7.0, "lanchester_seeds": 3}


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def validate(
    out: Path,
    quick: bool = False,
    workers: int = 1,
    seeds: int | None = None,
    days: float | None = None,
    only: list[str] | None = None,
    log=print,
    reuse: bool = False,
) -> dict:
    """Run the suite; write ``out/report.md`` and figures; return outcomes by key."""
    cfg = dict(QUICK if quick else FULL)
    if seeds:
        cfg["seeds"] = seeds
    if days:
        cfg["days"] = days
    seed_list = list(range(1, cfg["seeds"] + 1))
    exps = [e for e in experiments(cfg["days"]) if not only or e.key in only]
    t0 = time.perf_counter()

    def progress(i, n):
        if i == n or i % max(1, n // 20) == 0:
            log(f"  runs {i}/{n}  ({time.perf_counter() - t0:.0f} s)")

    log(f"running {len(exps)} experiments x {len(seed_list)} seeds on {workers} worker(s)")
    out.mkdir(parents=True, exist_ok=True)
    known, known_seconds = cache.load(out) if reuse else ({}, 0.0)
    results = run_all(exps, seed_list, workers=workers, progress=progress, known=known)
    computed = sum(1 for k in results if k not in known)
    seconds = known_seconds if computed == 0 else time.perf_counter() - t0
    cache.save(out, {**known, **results}, seconds)
    outcomes = {e.key: judge(e, seed_list, results) for e in exps}
    lan = None
    if not only or "L" in only:
        log("Lanchester check")
        lan = lanchester.check(seeds=range(1, cfg["lanchester_seeds"] + 1), workers=workers)
    out.mkdir(parents=True, exist_ok=True)
    figs = figures(out, exps, seed_list, results, lan)
    text = report(outcomes, lan, cfg, quick, figs, seconds, workers)
    (out / "report.md").write_text(text)
    log("")
    log(table_text(outcomes, lan))
    log(f"\nreport: {out / 'report.md'}")
    return {"outcomes": outcomes, "lanchester": lan, "results": results}


# --------------------------------------------------------------------------- tables
def rows(outcomes: dict, lan) -> list[dict]:
    out = []
    for o in outcomes.values():
        out.append(
            {
                "effect": f"{o.key} {o.title}",
                "published": o.published,
                "model": f"{o.estimate:.3g} [{o.low:.3g}, {o.high:.3g}]",
                "measure": o.measure,
                "reproduced": "yes" if o.reproduced else "NO",
            }
        )
    if lan is not None:
        declared = lanchester_declaration()
        out.append(
            {
                "effect": f"{declared['key']} {declared['title']}",
                "published": declared["published"],
                "model": f"{lan.exponent:.2f} [{lan.low:.2f}, {lan.high:.2f}]",
                "measure": declared["measure"],
                "reproduced": "yes" if lan.reproduced else "NO",
            }
        )
    return out


def table_text(outcomes: dict, lan) -> str:
    df = pd.DataFrame(rows(outcomes, lan))[["effect", "model", "reproduced"]]
    return df.to_string(index=False)


def report(outcomes, lan, cfg, quick, figs, elapsed, workers) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# droneline validation report",
        "",
        f"Produced by `droneline validate{' --quick' if quick else ''}` on {now}, commit "
        f"`{git_commit()}`: {cfg['seeds']} seeds per arm, {cfg['days']:g}-day runs (longer where "
        f"an experiment says so), {workers} worker(s); the runs took {elapsed / 60:.1f} minutes. "
        "Intervals are paired bootstrap 95% intervals over seeds (common random numbers). "
        "An effect counts as reproduced when its interval excludes no effect and the estimate "
        "meets the minimum size.",
        "",
        "| effect | published figure | measure | model: estimate [95% CI] | reproduced |",
        "|---|---|---|---|---|",
    ]
    for r in rows(outcomes, lan):
        lines.append(
            f"| {r['effect']} | {r['published']} | {r['measure']} | {r['model']} | "
            f"{r['reproduced']} |"
        )
    lines.append("")
    for o in outcomes.values():
        lines += [
            f"## {o.key}: {o.title}",
            "",
            f"*Experiment:* {o.explain}",
            "",
            f"*Published:* {o.published}.",
            "",
            f"*Model:* {o.detail}.",
            "",
            "*Reproduced:* " + ("yes" if o.reproduced else "**no**"),
            "",
        ]
        lines += [o.table.to_markdown(index=False, floatfmt=".3g"), ""]
        for f in figs.get(o.key, []):
            lines += [f"![{o.key}]({f})", ""]
    if lan is not None:
        lines += [
            "## L: Lanchester's square law in the degenerate case",
            "",
            "Terrain, sensing, movement, drones, artillery and suppression off; two lines "
            "of positions all within range and in view. Fitted exponent n of the state "
            "equation R0^n - R^n = B0^n - B^n over all battles (2 = square law, 1 = linear "
            "law):",
            "",
            f"n = {lan.exponent:.2f} [{lan.low:.2f}, {lan.high:.2f}]; mean squared misfit "
            f"{lan.residual_square:.4f} with n = 2 vs {lan.residual_linear:.4f} with n = 1. "
            f"Reproduced: {'yes' if lan.reproduced else '**no**'}.",
            "",
        ]
        for f in figs.get("L", []):
            lines += [f"![L]({f})", ""]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- figures
def _series(rows_: list[dict], col: str):
    days = rows_[0]["ts"]["day"].to_numpy()
    mat = np.array([r["ts"][col].to_numpy()[: len(days)] for r in rows_])
    return days, mat


def _band(ax, days, mat, color, label):
    ax.plot(days, mat.mean(axis=0), color=color, lw=2, label=label)
    lo, hi = np.percentile(mat, [10, 90], axis=0)
    ax.fill_between(days, lo, hi, color=color, alpha=0.2, lw=0)


def figures(out: Path, exps, seeds, results, lan) -> dict[str, list[str]]:
    figs: dict[str, list[str]] = {}
    by_key = {e.key: e for e in exps}

    def save(fig, name, key):
        fig.savefig(out / name, dpi=100, bbox_inches="tight")
        plt.close(fig)
        figs.setdefault(key, []).append(name)

    if "V1" in by_key:
        e = by_key["V1"]
        fig, ax = plt.subplots(figsize=(7, 4))
        for arm, color in zip(e.arms, ("#ef6c00", "#1565c0"), strict=True):
            rows_ = arm_results(e, arm, seeds, results)
            days, mat = _series(rows_, "advance_km")
            _band(ax, days, mat, color, arm.label)
        ax.axhline(0, color="0.5", lw=0.8)
        ax.set_xlabel("day")
        ax.set_ylabel("red's advance (km)")
        ax.set_title("V1: front line with and without blue's drone line (mean, 10-90%)")
        ax.legend()
        save(fig, "v1_front.png", "V1")
    if "V3" in by_key:
        e = by_key["V3"]
        fig, axes = plt.subplots(1, 2, figsize=(11, 4))
        doses, cd, pl = [], [], []
        top_dose = max(float(dict(a.overrides)["red.drones.interdiction_share"]) for a in e.arms)
        for arm in e.arms:
            dose = float(dict(arm.overrides)["red.drones.interdiction_share"])
            rows_ = arm_results(e, arm, seeds, results)
            c = np.array([r["summary"]["collapse_day"] for r in rows_], dtype=float)
            doses.append(dose)
            cd.append(np.where(np.isfinite(c), c, np.nan))
            pl.append([r["summary"]["positions_lost"] for r in rows_])
            if dose in (0.0, top_dose):
                days, mat = _series(rows_, "supply_days_blue")
                _band(
                    axes[0],
                    days,
                    mat,
                    "#1565c0" if dose == 0 else "#c62828",
                    f"interdiction {dose:g}",
                )
        axes[0].set_xlabel("day")
        axes[0].set_ylabel("blue positions' supply (days)")
        axes[0].legend()
        axes[0].set_title("supply of blue's positions")
        for x, c in zip(doses, cd, strict=True):
            ok = np.isfinite(c)
            axes[1].scatter(np.full(ok.sum(), x), c[ok], color="#c62828", alpha=0.5, s=14)
            axes[1].scatter(
                [x], [np.nanmedian(c)] if ok.any() else [np.nan], color="k", marker="_", s=300
            )
            axes[1].annotate(
                f"{ok.mean():.0%} collapsed", (x, e.days * 0.97), ha="center", fontsize=8
            )
        axes[1].set_xlim(-0.06, max(doses) + 0.08)
        axes[1].set_xlabel("red's interdiction share (crews on the roads; 0: none, 8 km zone)")
        axes[1].set_ylabel("collapse day")
        axes[1].set_ylim(0, e.days)
        axes[1].set_title("V3: collapse day vs interdiction")
        save(fig, "v3_interdiction.png", "V3")
    if "V4" in by_key:
        e = by_key["V4"]
        fig, ax = plt.subplots(figsize=(8, 4))
        labels, bottom = [], None
        shares = {c: [] for c in ("drone", "artillery", "direct_fire", "mine")}
        for arm in e.arms:
            rows_ = arm_results(e, arm, seeds, results)
            labels.append(arm.label)
            for c in shares:
                key = f"{c}_share"
                shares[c].append(np.nanmean([r["summary"][key] for r in rows_]))
        bottom = np.zeros(len(labels))
        for c, vals in shares.items():
            ax.bar(labels, vals, bottom=bottom, color=CAUSE_COLORS[c], label=c.replace("_", " "))
            bottom += np.nan_to_num(np.array(vals))
        ax.axhspan(0.6, 0.85, color="#6a1b9a", alpha=0.08, lw=0)
        ax.set_ylabel("share of casualties")
        ax.set_title("V4: casualties by cause (band: published 60-85% for drones)")
        ax.legend(fontsize=8, loc="upper right")
        plt.setp(ax.get_xticklabels(), rotation=15)
        save(fig, "v4_causes.png", "V4")
    if "V7" in by_key:
        e = by_key["V7"]
        ctrl = arm_results(e, e.arms[0], seeds, results)
        tech = arm_results(e, e.arms[1], seeds, results)
        adopted = technology()["day"]
        copied = adopted + technology()["copy_lag_days"]
        fig, ax = plt.subplots(figsize=(7, 4))
        days = np.arange(1.0, e.days + 1e-9, 1.0)
        edge = np.array(
            [
                [drone_edge(t["ts"], d - 1, d) - drone_edge(c["ts"], d - 1, d) for d in days]
                for c, t in zip(ctrl, tech, strict=True)
            ]
        )
        _band(ax, days, edge, SIDE_COLORS[RED], "red's edge from the new technology")
        ax.axvline(adopted, color="k", ls="--", lw=0.8)
        ax.axvline(copied, color="#1565c0", ls="--", lw=0.8)
        ax.text(adopted, ax.get_ylim()[1], " red adopts", va="top", fontsize=8)
        ax.text(
            copied,
            ax.get_ylim()[1],
            " blue copies",
            va="top",
            fontsize=8,
        )
        ax.axhline(0, color="0.5", lw=0.8)
        ax.set_xlabel("day")
        ax.set_ylabel("hit rate per sortie, red - blue, vs control")
        ax.set_title("V7: a copied technology gives a transient edge")
        save(fig, "v7_edge.png", "V7")
    if "V8" in by_key:
        e = by_key["V8"]
        fig, ax = plt.subplots(figsize=(7, 4))
        for arm, color, depth in zip(e.arms, ("#8e24aa", "#1565c0"), (6.0, 12.0), strict=True):
            rows_ = arm_results(e, arm, seeds, results)
            c, n = depth_stats(rows_)
            ax.step(c, n / max(n.sum(), 1), where="mid", color=color, label=arm.label)
            ax.axvline(depth, color=color, ls="--", lw=0.8)
        ax.set_xlim(-5, 20)
        ax.set_xlabel("depth of the target beyond the front (km; negative: behind blue's own)")
        ax.set_ylabel("share of blue's drone sorties")
        ax.set_title("V8: where the drone line strikes (dashed: configured depth)")
        ax.legend()
        save(fig, "v8_depth.png", "V8")
    if lan is not None:
        fig, ax = plt.subplots(figsize=(6, 4))
        for tr in lan.trajectories:
            ax.plot(tr[:, 1], tr[:, 0], color="0.4", lw=0.7, alpha=0.6)
        for r0, b0 in {(tr[0, 0], tr[0, 1]) for tr in lan.trajectories}:
            b = np.linspace(0, b0, 50)
            ax.plot(b, np.sqrt(np.maximum(r0**2 - b0**2 + b**2, 0)), "r--", lw=1)
        ax.set_xlabel("blue strength")
        ax.set_ylabel("red strength")
        ax.set_title(f"L: trajectories vs square law (dashed); fitted n = {lan.exponent:.2f}")
        save(fig, "lanchester.png", "L")
    return figs


def write_docs(out: Path, docs: Path) -> None:
    """Copy the report into docs/VALIDATION.md (figures to docs/img/validation/)."""
    img = docs / "img" / "validation"
    img.mkdir(parents=True, exist_ok=True)
    text = (out / "report.md").read_text()
    for png in out.glob("*.png"):
        (img / png.name).write_bytes(png.read_bytes())
        text = text.replace(f"]({png.name})", f"](img/validation/{png.name})")
    intro = (
        (docs / "VALIDATION_INTRO.md").read_text()
        if (docs / "VALIDATION_INTRO.md").exists()
        else ""
    )
    (docs / "VALIDATION.md").write_text(intro + text)


if __name__ == "__main__":  # pragma: no cover
    validate(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out/validation"), quick=True)

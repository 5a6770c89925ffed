"""A sweep folder read back: its manifest, design and one row per run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .storage import DESIGN, load_runs, read_manifest
from .worker import STATUS_OK

#: measures shown when none are named: the headline results of a battle
HEADLINE = (
    "advance_km",
    "area_gained_km2",
    "casualties_attacker",
    "casualties_defender",
    "exchange_ratio",
    "drone_share",
    "positions_lost",
)


@dataclass
class SweepResults:
    """A sweep folder read back: manifest, design and one row per run."""

    root: Path
    manifest: dict
    design: pd.DataFrame
    runs: pd.DataFrame

    @property
    def factors(self) -> list[str]:
        return [f["name"] for f in self.manifest["factors"]]

    @property
    def measures(self) -> list[str]:
        return list(self.manifest["measures"])

    @property
    def ok(self) -> pd.DataFrame:
        return self.runs[self.runs["status"] == STATUS_OK]

    @property
    def kind(self) -> str:
        return self.manifest["design"]["kind"]

    def unit(self, factor: str) -> str:
        return next(f["unit"] for f in self.manifest["factors"] if f["name"] == factor)

    def default_measures(self) -> list[str]:
        """The spec's measures if it named them, else the headline measures it has."""
        named = self.manifest["spec"]["sweep"].get("measures")
        if named:
            return list(named)
        return [m for m in HEADLINE if m in self.measures] or self.measures[:6]


def load_results(root: str | Path) -> SweepResults:
    """Read a sweep folder (finished or not)."""
    root = Path(root)
    manifest = read_manifest(root)
    design = pd.read_parquet(root / DESIGN)
    runs = load_runs(root)
    return SweepResults(root, manifest, design, runs)

"""The design points: those a points design lists (inline or in a CSV file), the table of
every point of a spec's design, and the points the schema refuses as a whole."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ...model.inputs import MissingInput, parse_toml, read_text
from ...model.scenario import flatten_mapping, load_scenario, to_dict, with_overrides
from ...model.schema import Scenario, ScenarioError
from . import designs
from .checks import SweepError
from .factors import Factor, dtype

if TYPE_CHECKING:
    from .spec import SweepSpec


def load_points(o: dict, label: str, base_dir: Path | None) -> list[dict]:
    if (o["points"] is None) == (o["file"] is None):
        raise SweepError(
            label,
            "design.points",
            o["points"],
            'a points design needs points = [{...}, ...] or file = "points.csv"',
        )
    if o["file"] is not None:
        return read_points_csv(o["file"], label, base_dir)
    pts = o["points"]
    if not isinstance(pts, list) or not pts or not all(isinstance(p, Mapping) for p in pts):
        raise SweepError(label, "design.points", pts, "must be a non-empty list of tables")
    return [flatten_mapping(p) for p in pts]


def read_points_csv(file: Any, label: str, base_dir: Path | None) -> list[dict]:
    """The rows of a points CSV file (a header of factor names, one row per point), read
    through the input gate (a regular file of at most ``MAX_BYTES`` of UTF-8 text); an empty,
    ragged or undecodable file is refused in one line naming the spec, key and rule."""
    if not isinstance(file, str) or not file:
        raise SweepError(label, "design.file", file, "must be the path of a CSV file")
    path = Path(file)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        text = read_text(path, str(path))
    except MissingInput:
        raise SweepError(label, "design.file", file, "no such file") from None
    except ScenarioError as e:
        raise SweepError(label, "design.file", file, e.rule) from None
    try:
        lines = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    except csv.Error as e:
        raise SweepError(label, "design.file", file, f"not a CSV file ({e})") from None
    if len(lines) < 2:
        raise SweepError(
            label,
            "design.file",
            file,
            "must hold a header row of factor names and at least one row of values",
        )
    header = [h.strip() for h in lines[0]]
    if len(set(header)) != len(header):
        raise SweepError(label, "design.file", file, "names a column twice in its header")
    for i, row in enumerate(lines[1:], start=2):
        if len(row) != len(header):
            raise SweepError(
                label,
                "design.file",
                file,
                f"row {i} has {len(row)} values for the header's {len(header)} columns",
            )
    return [{k: _csv_value(v) for k, v in zip(header, row, strict=True)} for row in lines[1:]]


def _csv_value(text: str) -> Any:
    try:
        return parse_toml(f"v = {text.strip()}", "points")["v"]
    except ScenarioError:
        return text.strip()


def check_points(points: list[dict], factors: tuple[Factor, ...], label: str) -> list[dict]:
    names = [f.name for f in factors]
    out = []
    for i, point in enumerate(points):
        if set(point) != set(names):
            raise SweepError(
                label,
                f"design.points[{i}]",
                point,
                "must set exactly the factors: " + ", ".join(names),
            )
        where = f"design.points[{i}]"
        out.append(
            {
                f.name: f.param.validate(point[f.name], label, f"{where}.{f.name}", SweepError)
                for f in factors
            }
        )
    return out


def base_scenario(spec: SweepSpec) -> Scenario:
    """The validated base scenario (preset or file plus ``[sweep.set]``)."""
    return load_scenario(spec.scenario, spec.set or None)


def design_table(spec: SweepSpec) -> pd.DataFrame:
    """The design points: column ``point`` (0, 1, ...) and one column per factor."""
    k = len(spec.factors)
    o = spec.options
    if spec.design == "points":
        rows = spec.points
    elif spec.design == "full_factorial":
        grids = [f.grid(o["steps"]) for f in spec.factors]
        idx = designs.full_factorial([len(g) for g in grids])
        rows = [
            {f.name: grids[j][i] for j, (f, i) in enumerate(zip(spec.factors, r, strict=True))}
            for r in idx
        ]
    else:
        if spec.design == "lhs":
            unit = designs.latin_hypercube(o["points"], k, o["seed"], o["optimization"])
        elif spec.design == "nolh":
            unit = designs.nolh(k, o["stacks"], o["runs"])
        elif spec.design == "sobol":
            unit = designs.sobol(k, o["base_points"], o["seed"], o["second_order"])
        else:
            unit = designs.morris(k, o["trajectories"], o["levels"], o["seed"])
        rows = [{f.name: f.value(u) for f, u in zip(spec.factors, r, strict=True)} for r in unit]
    df = pd.DataFrame(rows, columns=spec.factor_names)
    for f in spec.factors:
        df[f.name] = df[f.name].astype(dtype(f.param))
    df.insert(0, "point", np.arange(len(df), dtype=np.int64))
    return df


def invalid_points(
    design: pd.DataFrame, base: Scenario, factors: list[str]
) -> list[tuple[int, str]]:
    """Design points the schema refuses as a whole (rules joining several parameters, e.g.
    motorcycle_share + armor_share <= 1): (point, message) pairs. Such points still run and
    are recorded as failed runs carrying the message."""
    bad = []
    for row in design[["point", *factors]].itertuples(index=False):
        values = {name: plain(v) for name, v in zip(factors, row[1:], strict=True)}
        try:
            with_overrides(base, values)
        except ScenarioError as e:
            bad.append((int(row[0]), f"{e.key} = {e.value}: {e.rule}"))
    return bad


def plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def scenario_dict(scenario: Scenario) -> dict:
    """The base scenario as plain data for the manifest."""
    return to_dict(scenario)

"""The one gate every input file and command-line number passes before the model sees it.

Scenario files (and, later, sweep specs) are data, never code. :func:`read_toml` reads one:
it refuses what is not a regular file (a folder, a device such as ``/dev/zero``, a named
pipe: opened without blocking, never read), files over :data:`MAX_BYTES`, text that is not
UTF-8, TOML that does not parse, integers Python will not convert, and tables or arrays
nested deeper than :data:`MAX_DEPTH`. Every refusal is a one-line
:class:`~droneline.model.schema.ScenarioError` (``file: rule`` or ``file: key = value:
rule``), never a traceback. :func:`check_seed` and :func:`folder_name` check the numbers and
names the command line turns into a generator seed or a folder.
"""

from __future__ import annotations

import errno
import numbers
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from .schema import ScenarioError

MAX_BYTES = 2**20  # a scenario or spec file: the presets are ~5 kB
MAX_DEPTH = 16  # tables and arrays within each other (a scenario needs 4)
SEED_MAX = 2**63 - 1  # seeds are stored as int64 in the results
SEED_RULE = f"must be a whole number between 0 and {SEED_MAX}"
MAX_NAME = 80  # characters of a scenario name used in a folder name


class MissingInput(ScenarioError):
    """The file is not there (a refusal the caller may reword, e.g. 'no such preset')."""


def read_toml(path: str | Path, label: str | None = None, *, max_bytes: int = MAX_BYTES) -> dict:
    """The TOML document in the regular file ``path``, checked (see the module docstring).

    ``label`` names the file in errors (default: ``path`` as given). Raises
    :class:`MissingInput` when there is no such file, :class:`ScenarioError` otherwise."""
    label = str(path) if label is None else label
    text = read_text(path, label, max_bytes=max_bytes)
    return parse_toml(text, label)


def read_text(path: str | Path, label: str, *, max_bytes: int = MAX_BYTES) -> str:
    """The UTF-8 text of the regular file ``path``, at most ``max_bytes`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except ValueError:  # e.g. a NUL character in the path
        raise ScenarioError(label, None, None, "not a usable file name") from None
    except OSError as e:
        if e.errno in (errno.ENOENT, errno.ENOTDIR):
            raise MissingInput(label, None, None, "no such file") from None
        if e.errno == errno.ENAMETOOLONG:
            raise ScenarioError(label, None, None, "file name too long") from None
        if e.errno == errno.EISDIR:
            raise ScenarioError(label, None, None, "is a folder, not a file") from None
        raise ScenarioError(label, None, None, f"cannot be read ({_reason(e)})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ScenarioError(label, None, None, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ScenarioError(label, None, None, "is not a regular file")
        if info.st_size > max_bytes:
            raise ScenarioError(label, None, None, f"larger than {max_bytes} bytes")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 16, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # grew while being read
            raise ScenarioError(label, None, None, f"larger than {max_bytes} bytes")
    except OSError as e:
        raise ScenarioError(label, None, None, f"cannot be read ({_reason(e)})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioError(
            label, None, None, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None


def parse_toml(text: str, label: str) -> dict:
    """``text`` parsed as TOML, nesting checked; every failure a :class:`ScenarioError`."""
    if len(text) > MAX_BYTES:
        raise ScenarioError(label, None, None, f"larger than {MAX_BYTES} bytes")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(label, None, None, f"not valid TOML: {e}") from None
    except ValueError as e:  # e.g. an integer of more than 4300 digits
        raise ScenarioError(label, None, None, f"not valid TOML: {_first_line(e)}") from None
    except RecursionError:
        raise ScenarioError(
            label, None, None, f"not valid TOML: nested more than {MAX_DEPTH} levels deep"
        ) from None
    check_depth(data, label)
    return data


def check_depth(data: Any, label: str, limit: int = MAX_DEPTH, key: str | None = None) -> None:
    """Refuse tables/arrays nested more than ``limit`` levels deep (checked without
    recursion, so any depth is refused cleanly)."""
    stack = [(data, 1, "")]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, dict):
            items = node.items()
        elif isinstance(node, list):
            items = ((f"[{i}]", v) for i, v in enumerate(node))
        else:
            continue
        if depth > limit:
            where = key if key is not None else (path.lstrip(".")[:60] or None)
            raise ScenarioError(
                label, where, None if where is None else "...", f"nested more than {limit} levels"
            )
        for k, v in items:
            if isinstance(v, dict | list):
                stack.append((v, depth + 1, f"{path}.{k}" if not k.startswith("[") else path + k))


def check_seed(seed: Any, label: str = "seed", *, text: bool = False) -> int:
    """``seed`` as an int if it is a whole number between 0 and 2**63 - 1 (given as text
    of decimal digits when ``text``, e.g. from the command line), else a
    :class:`ScenarioError` naming it (numpy refuses negatives; results store int64)."""
    value = seed
    if text and isinstance(seed, str):
        text = seed.strip()
        if not re.fullmatch(r"\+?[0-9]{1,19}", text):
            raise ScenarioError(label, "seed", seed, SEED_RULE)
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ScenarioError(label, "seed", seed, SEED_RULE)
    if not 0 <= value <= SEED_MAX:
        raise ScenarioError(label, "seed", seed, SEED_RULE)
    return int(value)


def folder_name(name: str, fallback: str = "scenario") -> str:
    """A scenario name made safe as one folder name: letters, digits, ``.``, ``_``, ``-``
    only (others become ``_``), none of ``._-`` at either end, at most :data:`MAX_NAME`
    characters; ``fallback`` when nothing is left."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:MAX_NAME].strip("._-")
    return safe or fallback


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` lies within ``root`` once both are resolved."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _reason(e: OSError) -> str:
    return e.strerror or type(e).__name__


def _first_line(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__

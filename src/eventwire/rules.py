"""Reading the knowledge files that live beside each stage (TSV tables, YAML rules).

Every stage keeps its rules as data; these two readers are the only way they
are read, so a malformed file always fails the same way: one clear error that
names the file, the line or key, and what is wrong.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml


class RulesError(ValueError):
    """A knowledge file of eventwire's is malformed (a bug in the package, not in the input)."""


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated table with a header line; blank lines and ``#`` comments skipped.

    Values are stripped, and a missing trailing value is "".
    """
    return [row for _, row in read_numbered_table(path)]


def read_numbered_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """``read_table`` with each row's line number in the file (for error messages)."""
    numbered: list[tuple[int, str]] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if line.strip() and not line.startswith("#"):
                numbered.append((n, line))
    if not numbered:
        raise RulesError(f"{path.name}: no header line")
    reader = csv.DictReader([line for _, line in numbered], delimiter="\t")
    return [(n, {k: (v or "").strip() for k, v in row.items() if k}) for (n, _), row in zip(numbered[1:], reader)]


def read_rules(path: Path, required: Iterable[str] = ()) -> dict[str, Any]:
    """A YAML mapping of rules; every key in ``required`` must be there."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise RulesError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path.name}: expected a mapping at the top level")
    missing = [key for key in required if key not in data]
    if missing:
        raise RulesError(f"{path.name}: missing keys {', '.join(missing)}")
    return data

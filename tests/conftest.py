"""Shared test fixtures: the ../shared folder (skipped cleanly when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples" / "articles"


@pytest.fixture(scope="session")
def shared() -> Path:
    """Path to ../shared; skips the test when it is not there."""
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent (seeds and dev data live there)")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    path = shared / "seeds"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def shared_data(shared: Path) -> Path:
    path = shared / "data"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The spaCy English pipeline, loaded once per test session."""
    from eventwire.analyze import load_nlp

    return load_nlp()

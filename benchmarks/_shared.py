"""Helpers every benchmark shares: where ../shared/data is, and the fixed ngec split.

The ngec-synthetic held-back set is a fixed 20% of the title templates: a
story is held back when the SHA-1 of its title template (e.g. "{country_1}
and {country_2} pledge to increase cooperation"), read as an integer, is
divisible by 5. The 4,500 stories come from only 332 templates, and stories of
one template share their label, so splitting by story would leak templates
into the test set (a TF-IDF model then scores 0.9+). No training or tuning may
look at held-back rows (``ngec_rows(held_back=False)`` for training).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("EVENTWIRE_SHARED_DATA", ROOT.parent / "shared" / "data"))


def require(path: Path) -> Path:
    """Exit cleanly (status 0, reason printed) when a dev data set is absent."""
    if not path.exists():
        print(f"SKIP: {path} not found (../shared/data is needed for this benchmark)")
        sys.exit(0)
    return path


def is_held_back(title_template: str) -> bool:
    return int(hashlib.sha1(title_template.encode("utf-8")).hexdigest(), 16) % 5 == 0


def ngec_rows(held_back: bool | None = None) -> list[dict[str, str]]:
    """Rows of ngec-synthetic (text, title, label, mode, ...); filter by split."""
    folder = require(SHARED_DATA / "ngec-synthetic")
    rows: list[dict[str, str]] = []
    for zpath in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(zpath) as zf:
            for name in zf.namelist():
                if not name.endswith(".csv"):
                    continue
                with zf.open(name) as fh:
                    rows.extend(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8")))
    if held_back is None:
        return rows
    return [r for r in rows if is_held_back(r["title"]) == held_back]

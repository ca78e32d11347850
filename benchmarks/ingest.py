"""Ingest throughput (read -> clean -> dedup -> store) for text and HTML.

The sample corpus (examples/articles) is replicated with variations to at
least 5,000 articles per format in a temporary folder, then each set is
ingested into a fresh DuckDB store. Prints articles/s per format last.

    python benchmarks/ingest.py [--n 5000] [--events]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.db import Eventwire  # noqa: E402

SAMPLES = ROOT / "examples" / "articles"
_SENT = re.compile(r"(?<=[.!?])\s+")


def vary(text: str, i: int, rng: random.Random) -> str:
    """A distinct but realistic copy: a new paragraph, and (text) one paragraph's sentences shuffled."""
    closing = f"Reporting by desk {i % 97}; this is edition {i} of the story, updated with new details from officials."
    if "</h1>" in text:  # HTML: a new first paragraph under the headline
        return text.replace("</h1>", f"</h1>\n<p>{closing}</p>", 1)
    paragraphs = text.split("\n\n")
    k = max(range(len(paragraphs)), key=lambda j: len(paragraphs[j]))
    sentences = _SENT.split(paragraphs[k])
    rng.shuffle(sentences)
    paragraphs[k] = " ".join(sentences)
    text = "\n\n".join(paragraphs)
    return text.replace("\nShare on Facebook", f"\n{closing}\n\nShare on Facebook", 1)


def replicate(pattern: str, n: int, out: Path, seed: int = 7) -> int:
    sources = sorted(p for p in SAMPLES.rglob(pattern) if p.stat().st_size > 200)
    good = []
    for p in sources:
        try:
            good.append((p, p.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue  # the deliberately broken files
    if not good:
        print(f"SKIP: no {pattern} files in {SAMPLES}")
        sys.exit(0)
    rng = random.Random(seed)
    out.mkdir(parents=True)
    for i in range(n):
        path, text = good[i % len(good)]
        (out / f"{i:06d}{path.suffix}").write_text(vary(text, i, rng), encoding="utf-8")
    return n


def run(folder: Path, db: Path) -> tuple[int, float]:
    with Eventwire(db) as ew:
        started = time.perf_counter()
        summary = ew.ingest([str(folder)])
        seconds = time.perf_counter() - started
    return summary.new_articles, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="articles per format (default 5000)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="eventwire-bench-"))
    try:
        results = {}
        for label, pattern in (("text", "*.txt"), ("html", "*.html")):
            folder = tmp / label
            replicate(pattern, args.n, folder)
            stored, seconds = run(folder, tmp / f"{label}.duckdb")
            results[label] = (stored, seconds)
            print(f"{label}: {args.n} files, {stored} articles stored in {seconds:.1f} s")
        for label, (stored, seconds) in results.items():
            print(f"ingest {label}: {args.n / seconds:.0f} articles/s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

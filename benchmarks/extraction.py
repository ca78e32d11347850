"""HTML extraction quality: eventwire's cleaner vs plain trafilatura.

Data: ../shared/data/html-extraction (181 news pages + ground-truth article
bodies). Scoring as that benchmark defines it: split text into word tokens,
take 4-word shingles, count the multiset overlap with the ground truth for
precision and recall, F1 per page, averaged over pages. Both extractors run
in the same process on the same pages. Prints our F1 last.

    python benchmarks/extraction.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import trafilatura  # noqa: E402
from _shared import SHARED_DATA, require  # noqa: E402

from eventwire.clean import clean  # noqa: E402
from eventwire.model import Article, RawDocument  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)
N = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i : i + N]) for i in range(max(len(tokens) - N + 1, 0)))


def prf(predicted: str, truth: str) -> tuple[float, float, float]:
    p, t = shingles(predicted), shingles(truth)
    if not p and not t:
        return 1.0, 1.0, 1.0
    overlap = sum((p & t).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(t.values()) if t else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ours(html: str) -> str:
    result = clean(RawDocument(source="page", content=html, content_type="html", format="html"))
    return result.text if isinstance(result, Article) else ""


def plain(html: str) -> str:
    return trafilatura.extract(html) or ""


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Takes no options; needs ../shared/data.").parse_args()
    folder = require(SHARED_DATA / "html-extraction")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    scores: dict[str, list[tuple[float, float, float]]] = {"trafilatura": [], "eventwire": []}
    seconds = {"trafilatura": 0.0, "eventwire": 0.0}
    for key in sorted(truth):
        path = folder / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        gold = truth[key].get("articleBody") or ""
        for name, extract in (("trafilatura", plain), ("eventwire", ours)):
            started = time.perf_counter()
            text = extract(html)
            seconds[name] += time.perf_counter() - started
            scores[name].append(prf(text, gold))
    pages = len(scores["eventwire"])
    for name, rows in scores.items():
        p = sum(r[0] for r in rows) / pages
        r = sum(r[1] for r in rows) / pages
        f = sum(r[2] for r in rows) / pages
        print(f"{name:<12} pages={pages} precision={p:.4f} recall={r:.4f} f1={f:.4f} "
              f"ms/page={1000 * seconds[name] / pages:.1f}")
    ours_f1 = sum(r[2] for r in scores["eventwire"]) / pages
    base_f1 = sum(r[2] for r in scores["trafilatura"]) / pages
    print(f"difference (eventwire - trafilatura): {ours_f1 - base_f1:+.4f}")
    print(f"eventwire extraction F1: {ours_f1:.4f}")


if __name__ == "__main__":
    main()

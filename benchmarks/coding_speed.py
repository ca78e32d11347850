"""Cost of event coding on top of spaCy parsing, on the same texts in one run.

The sample corpus's clean English articles (examples/articles, cleaned by
eventwire) are replicated to --n articles. Three timings on the same texts:
spaCy parsing alone (nlp.pipe over paragraphs, as the analyze stage does),
and parse + code (analyze + the rule coder). Prints articles/s of both and the
coder's overhead (target: at most 30% on top of parsing) last.

    python benchmarks/coding_speed.py [--n 600]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.analyze import analyze, load_nlp, paragraphs_of  # noqa: E402
from eventwire.clean import clean  # noqa: E402
from eventwire.code import Coder  # noqa: E402
from eventwire.model import Article, RawDocument  # noqa: E402
from eventwire.read import read_sources  # noqa: E402


def corpus(n: int) -> list[Article]:
    base = [a for a in (clean(d) for d in read_sources([str(ROOT / "examples" / "articles")]) if isinstance(d, RawDocument))
            if isinstance(a, Article) and a.is_english]
    return [base[i % len(base)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    args = parser.parse_args()
    articles = corpus(args.n)
    nlp = load_nlp()
    coder = Coder(nlp)
    list(nlp.pipe(["warm up the pipeline."] * 8))

    started = time.perf_counter()
    texts = [text for a in articles for _, text, _ in paragraphs_of(a)]
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    parse_s = time.perf_counter() - started

    started = time.perf_counter()
    events = 0
    for analysis in analyze(nlp, articles):
        events += len(coder.code_analysis(analysis))
    full_s = time.perf_counter() - started

    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words, {events} events")
    print(f"spaCy parsing alone: {len(articles) / parse_s:.1f} articles/s ({words / parse_s:.0f} words/s)")
    print(f"parse + code:        {len(articles) / full_s:.1f} articles/s")
    print(f"coder overhead on top of parsing: {100 * (full_s - parse_s) / parse_s:.1f}% (target <= 30%)")


if __name__ == "__main__":
    main()

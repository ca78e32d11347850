"""Cost of event coding on top of spaCy parsing, on the same texts in one run.

The sample corpus's clean English articles (examples/articles, cleaned by
eventwire) are replicated to --n articles. For each chunk of --chunk articles,
two timings are taken back to back, so both see the same machine load (the
machines are shared): spaCy parsing alone (``nlp.pipe`` over the paragraphs,
as the analyze stage parses them), then parse + code (the analyze stage and
the coder, as ``eventwire ingest`` runs them). The coder keeps no cache from
one article to the next, so replicated articles cost what new ones would.
Prints articles/s of both and the coder's overhead (target: at most 30% on
top of parsing) last.

    python benchmarks/coding_speed.py [--n 600] [--chunk 25]
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
    parser.add_argument("--n", type=int, default=600, help="articles to process")
    parser.add_argument("--chunk", type=int, default=25, help="articles per back-to-back timing pair")
    args = parser.parse_args()
    articles = corpus(args.n)
    nlp = load_nlp()
    coder = Coder(nlp)
    for analysis in analyze(nlp, articles[:8]):  # warm up both paths
        coder.code_analysis(analysis)

    parse_s = full_s = 0.0
    events = 0
    for lo in range(0, len(articles), args.chunk):
        chunk = articles[lo : lo + args.chunk]
        started = time.perf_counter()
        for _ in nlp.pipe([text for a in chunk for _, text, _ in paragraphs_of(a)], batch_size=64):
            pass
        parse_s += time.perf_counter() - started
        started = time.perf_counter()
        for analysis in analyze(nlp, chunk):
            events += len(coder.code_analysis(analysis))
        full_s += time.perf_counter() - started

    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words, {events} events, timed in chunks of {args.chunk}")
    print(f"spaCy parsing alone: {len(articles) / parse_s:.1f} articles/s ({words / parse_s:.0f} words/s)")
    print(f"parse + code:        {len(articles) / full_s:.1f} articles/s")
    print(f"parse + code / parsing alone: {full_s / parse_s:.3f}")
    print(f"coder overhead on top of parsing: {100 * (full_s - parse_s) / parse_s:.1f}% (target <= 30%)")


if __name__ == "__main__":
    main()

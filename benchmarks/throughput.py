"""End-to-end ingest throughput against bare spaCy parsing, with 1 worker and all cores.

The sample corpus's own articles (examples/source, rendered by
tools/build_sample_corpus.py as scraped .txt pages and HTML pages with their
boilerplate) are replicated with variations to N documents (default 10,000):

- each copy keeps one article's headline, dateline, byline and lead, then
  takes random sentences of its storyline (a third) and of the whole sample,
  in paragraphs of two or three: copies are different texts (a
  near-duplicate now and then, as in real feeds), so nearly all of them go
  through the event stages;
- copies are spread over "eras" two years apart (250 documents each: the
  sample's year of news squeezed into three months, years in the text
  shifted too), each copy a day or two off its original's date, and written
  in date order like a real feed. Storylines and merged events therefore
  stay the size real news gives them (tens to hundreds of articles, a dozen
  reports per event) instead of one storyline of N/5 copies;
- copies are about 400 words long, the length of a typical news article
  (``--length sample`` keeps the sample articles' 150 words: per-article
  costs that do not grow with length, such as the story embedding of title
  and lead, weigh more there);
- one document in a hundred is the sample's Spanish article (stored, not coded).

Then, in one run: ingest into a fresh DuckDB store (read -> clean -> dedup ->
analyze -> code -> resolve -> merge -> stories -> store) with 1 worker and
with all cores; bare spaCy parsing (same model, full pipeline, ``nlp.pipe``,
batch 64) of the clean texts of the same documents, in 1 process and in one
process per core each parsing its share; peak RSS of this process and all
its children (sampled every 0.2 s). Optionally the same ingest on a Dask
LocalCluster. Prints the ratio end-to-end / bare parsing per core count, the
all-cores ratio last.

    python benchmarks/throughput.py [--n 10000] [--workers 1,all] [--dask] [--keep DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

import build_sample_corpus as sample  # noqa: E402

from eventwire.pipeline.engine import default_workers  # noqa: E402

_SENT = re.compile(r"(?<=[.!?])\s+")
_YEAR = re.compile(r"\b20[12]\d\b")
#: eras: copies of the sample's year of news, squeezed into a quarter (SQUEEZE) and
#: repeated every ERA_YEARS years back in time, PER_ERA documents each; 2 years is
#: more than the stories' 400-day link window, so eras never join
ERA_YEARS = 2
SQUEEZE = 4
PER_ERA = 250
FIRST_DAY = date(2023, 12, 1)
#: --length -> how many sentences of its storyline a copy takes after its lead
LENGTHS = {"news": (14, 20), "sample": (4, 7)}


# --- the corpus --------------------------------------------------------------------------
def _sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs if not p.startswith("## ") for s in _SENT.split(" ".join(p.split())) if s]


def variant(item: dict, same_story: list[dict], era: int, rng: random.Random, extra: tuple[int, int],
            everything: list[str]) -> dict:
    """One copy: the item's headline and lead, then sentences of its storyline and of the
    rest of the sample in paragraphs of 2-3 (the sample's storylines are too small to
    give thousands of distinct texts on their own)."""
    own = item["body"].strip().split("\n\n")
    pool = _sentences(own[1:]) + [s for o in same_story if o["id"] != item["id"]
                                  for s in _sentences(o["body"].strip().split("\n\n")[1:])]
    total = rng.randint(*extra)
    picked = rng.sample(pool, k=min(len(pool), max(2, total // 3)))
    picked += rng.sample(everything, k=min(len(everything), max(0, total - len(picked))))
    body: list[str] = []
    while picked:
        size = rng.randint(2, 3)
        body.append(" ".join(picked[:size]))
        picked = picked[size:]
    day = date.fromisoformat(str(item["date"])) if item.get("date") else FIRST_DAY
    years = ERA_YEARS * era
    start = FIRST_DAY.replace(year=FIRST_DAY.year - years)
    shifted = start + timedelta(days=(day - FIRST_DAY).days // SQUEEZE + rng.randint(0, 2))
    body = "\n\n".join([own[0], *body])
    body = _YEAR.sub(lambda m: str(int(m.group(0)) - years), body)
    return {**item, "date": shifted.isoformat(), "body": body, "title": _YEAR.sub(lambda m: str(int(m.group(0)) - years), item["title"]),
            "outlet": rng.choice(OUTLET_IDS), "author": item.get("author") if rng.random() < 0.7 else None}


OUTLET_IDS: list[str] = []


def build_corpus(n: int, out: Path, length: str = "news", seed: int = 7) -> int:
    """Write ``n`` documents (txt and HTML pages) into ``out`` in date order; returns how many."""
    outlets, articles = sample.load()
    OUTLET_IDS[:] = sorted(outlets)
    english = [a for a in articles if a.get("date")]
    assert min(date.fromisoformat(str(a["date"])) for a in english) >= FIRST_DAY
    by_story: dict[str, list[dict]] = {}
    for a in english:
        by_story.setdefault(a["story"], []).append(a)
    everything = [s for a in english for s in _sentences(a["body"].strip().split("\n\n")[1:])]
    rng = random.Random(seed)
    eras = max(1, round(n / PER_ERA))
    docs: list[tuple[str, int, dict, str]] = []
    for i in range(n):
        era = i % eras
        if i % 100 == 99:
            spanish = dict(sample.SPANISH, outlet="andes")
            item = variant(spanish, [spanish], era, rng, LENGTHS[length], _sentences(spanish["body"].split("\n\n")))
            fmt = "txt"
        else:
            base = english[(i // eras) % len(english)]
            item = variant(base, by_story[base["story"]], era, rng, LENGTHS[length], everything)
            fmt = "html" if rng.random() < 0.45 else "txt"
        docs.append((item["date"], i, item, fmt))
    docs.sort(key=lambda d: (d[0], d[1]))
    out.mkdir(parents=True)
    for rank, (_, i, item, fmt) in enumerate(docs):
        if fmt == "html":
            page = sample.render_html(item, outlets, articles, i)
            # the page's dateline carries the date too (trafilatura ignores dates before 1995)
            page = page.replace(f"<p>{item['dateline'].upper()} – ", f"<p>{item['dateline'].upper()} – "
                                f"{sample.long_date(item['date'])} – ", 1) if item.get("dateline") else page
        else:
            page = sample.render_txt(item, outlets, articles, i)
        (out / f"{rank:06d}-{item['date']}.{fmt}").write_text(page, encoding="utf-8")
    return n


# --- measuring ---------------------------------------------------------------------------
class PeakRSS:
    """Peak resident memory of this process plus all its descendants, sampled in a thread."""

    def __init__(self, every: float = 0.5) -> None:
        self.every, self.peak, self.peak_pss, self._stop = every, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> tuple[int, int]:
        """(RSS, PSS) summed: RSS counts pages shared between processes once per process, PSS splits them."""
        me = psutil.Process()
        rss = pss = 0
        for p in [me, *me.children(recursive=True)]:
            try:
                info = p.memory_full_info()
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            except psutil.Error:
                pass
        return rss, pss

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = self._sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            self._stop.wait(self.every)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _ingest_child(folder: str, db: str, options: dict, read: Any, out: Any) -> None:
    from eventwire.db import Eventwire

    with Eventwire(db) as ew:
        started = time.perf_counter()
        summary = ew.ingest([folder], on_document=lambda item: setattr(read, "value", read.value + 1), **options)
        out.put((time.perf_counter() - started, summary.to_dict()))


def ingest(folder: Path, db: Path, progress: float = 0.0, **options: Any) -> tuple[float, dict, int, int]:
    """One ingest in a fresh process (so its memory is its own); with ``progress`` > 0,
    prints documents read and the peak RSS so far every that many seconds."""
    context = multiprocessing.get_context("spawn")
    read, out = context.Value("q", 0, lock=False), context.Queue()
    child = context.Process(target=_ingest_child, args=(str(folder), str(db), options, read, out))
    with PeakRSS() as rss:
        started = time.perf_counter()
        child.start()
        while True:
            try:
                seconds, summary = out.get(timeout=progress or 5)
                break
            except queue.Empty:
                if not child.is_alive():
                    raise SystemExit(f"the ingest process ended with status {child.exitcode}") from None
                if progress:
                    elapsed = time.perf_counter() - started
                    print(f"  ... {elapsed:.0f} s: {read.value} documents read ({read.value / elapsed:.1f}/s), "
                          f"peak RSS so far {rss.peak / 2**20:.0f} MiB (PSS {rss.peak_pss / 2**20:.0f} MiB)", flush=True)
        child.join()
    return seconds, summary, rss.peak, rss.peak_pss


def _parse_share(texts: list[str]) -> int:
    from eventwire.analyze import load_nlp

    nlp = load_nlp()
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))


def bare_parse(texts: list[str], processes: int) -> tuple[float, int, int]:
    """Wall time of parsing ``texts`` with the full pipeline in ``processes`` processes (model load included)."""
    with PeakRSS() as rss:
        started = time.perf_counter()
        shares = [texts[k::processes] for k in range(processes)]
        with multiprocessing.get_context("forkserver").Pool(processes) as pool:
            tokens = sum(pool.map(_parse_share, shares))
        seconds = time.perf_counter() - started
    return seconds, tokens, rss.peak


def clean_texts(db: Path) -> list[str]:
    from eventwire.store import open_store

    with open_store(db, read_only=True) as store:
        return [r[0] for r in store.con.execute("SELECT text FROM articles ORDER BY seq").fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents (default 10,000)")
    parser.add_argument("--workers", default="all,1", help="worker counts to run, e.g. all,1 or all")
    parser.add_argument("--dask", action="store_true", help="also ingest on a Dask LocalCluster (all cores)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-parsing baseline")
    parser.add_argument("--keep", type=Path, help="keep the corpus and stores in this folder")
    parser.add_argument("--progress", type=float, default=0.0, metavar="SECONDS",
                        help="print documents read and peak RSS so far this often (for long runs)")
    parser.add_argument("--length", choices=sorted(LENGTHS), default="news",
                        help="news: copies of news-article length (about 400 words, the default); "
                             "sample: as short as the sample articles (about 150 words)")
    args = parser.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="eventwire-throughput-"))
    tmp.mkdir(parents=True, exist_ok=True)
    corpus = tmp / "corpus"
    try:
        if not corpus.exists():
            started = time.perf_counter()
            build_corpus(args.n, corpus, args.length)
            print(f"corpus: {args.n} documents in {corpus} ({time.perf_counter() - started:.0f} s to write)", flush=True)
        cores = default_workers()
        counts = [cores if w == "all" else int(w) for w in args.workers.split(",")]
        ratios: list[tuple[int, float]] = []
        texts: list[str] | None = None
        for workers in counts:
            db = tmp / f"w{workers}.duckdb"
            if db.exists():
                db.unlink()
            seconds, summary, peak, pss = ingest(corpus, db, args.progress, workers=workers)
            rate = summary["documents"] / seconds
            print(f"end-to-end, {workers} worker(s): {summary['documents']} documents, {summary['new_articles']} new, "
                  f"{summary['duplicates']} near-duplicates, {summary['non_english']} non-English, "
                  f"{summary['events']} events, {summary['merged_events']} merged events, {summary['storylines']} "
                  f"storylines in {seconds:.1f} s: {rate:.1f} articles/s, peak RSS {peak / 2**20:.0f} MiB "
                  f"(PSS {pss / 2**20:.0f} MiB)", flush=True)
            if args.no_bare:
                continue
            if texts is None:
                texts = clean_texts(db)
                words = sum(len(t.split()) for t in texts) / max(1, len(texts))
                print(f"clean texts: {len(texts)} articles, {words:.0f} words on average", flush=True)
            bare_s, tokens, bare_peak = bare_parse(texts, workers)
            bare_rate = len(texts) / bare_s
            print(f"bare spaCy parsing, {workers} process(es): {len(texts)} texts, {tokens} tokens in {bare_s:.1f} s: "
                  f"{bare_rate:.1f} articles/s, peak RSS {bare_peak / 2**20:.0f} MiB", flush=True)
            ratios.append((workers, rate / bare_rate))
        if args.dask:
            db = tmp / "dask.duckdb"
            if db.exists():
                db.unlink()
            seconds, summary, peak, pss = ingest(corpus, db, args.progress, engine="dask", workers=cores)
            print(f"end-to-end on a Dask LocalCluster of {cores} workers: {summary['documents']} documents, "
                  f"{summary['events']} events in {seconds:.1f} s: {summary['documents'] / seconds:.1f} articles/s, "
                  f"peak RSS {peak / 2**20:.0f} MiB (PSS {pss / 2**20:.0f} MiB)", flush=True)
        for workers, ratio in ratios:
            print(f"ratio end-to-end / bare parsing, {workers} worker(s): {ratio:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

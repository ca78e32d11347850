"""Load on the running server: bounded concurrent clients mixing pages and API requests.

A scratch store holds the sample corpus (ingested the normal way) plus
1,000,000 synthetic event mentions (benchmarks/_synthetic_store.py). A real
`eventwire serve` runs on loopback in its own process; ``--clients`` clients
(50) each send one request after the other for ``--seconds`` (60), choosing
from a mix of pages and API calls over many different ids (story pages,
event and article pages, filtered lists, time series, search). Prints
requests/s, latency percentiles per kind and overall, and the error count
(any answer but 200, or a failed connection); the headline p99 line last.
Target: zero errors, p99 < 1 s. The server starts with an empty answer
cache (web/cache.py); ``--no-cache`` measures it without one.

``--ingest N`` runs an ``eventwire ingest`` of N new articles into the same
store beside the clients (started with them; the clients go on until it has
finished, at least ``--seconds``): the ingest must finish (DuckDB admits no
writer while any reader has the file open, so readers wait while a writer
waits), with zero errors on the clients' side, and the store must then hold
exactly N more articles.

    python benchmarks/load.py [--clients 50] [--seconds 60] [--events 1000000] [--no-cache] [--ingest 300]
    python benchmarks/load.py --keep /tmp/load.duckdb   # then --db /tmp/load.duckdb to reuse the store
                                                        # (with the same --events/--articles/--big-story)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))

from _serving import free_port, percentile, wait_for  # noqa: E402
from _synthetic_store import build_store, large_story_id, typical_story_ids  # noqa: E402

from eventwire.db import Eventwire  # noqa: E402


def request_mix(base: str, args) -> list[tuple[str, str, int]]:
    """(kind, url, weight): what a team browsing the store asks for, over many different ids."""
    with httpx.Client(base_url=base, timeout=60) as client:
        events = client.get("/api/events", params={"limit": 200, "offset": args.events // 3}).json()["items"]
        demo_events = client.get("/api/events", params={"limit": 200, "order": "-date"}).json()["items"]
        stories = [s["id"] for s in client.get("/api/stories", params={"limit": 200}).json()["items"]]
        merged = client.get("/api/merged-events", params={"limit": 200, "offset": 1000}).json()["items"]
    typical = typical_story_ids(args.articles, args.big_story, 60)
    ids = [e["id"] for e in events + demo_events]
    articles = sorted({e["article_id"] for e in events + demo_events})
    mix: list[tuple[str, str, int]] = []
    mix += [("page: story", f"/stories/{s}", 1) for s in typical + stories[:40]]
    mix += [("page: home", "/", 20), ("page: overview", "/overview?country=ISR", 4), ("page: large story", f"/stories/{large_story_id()}", 2)]
    mix += [("page: event", f"/events/{i}", 1) for i in ids]
    mix += [("page: article", f"/articles/{a}", 1) for a in articles[:150]]
    mix += [("page: merged event", f"/merged/{m['id']}", 1) for m in merged[:100]]
    mix += [("page: events list", f"/events?country={c}&type={t}", 2) for c in ("ISR", "SDN", "ARM", "GEO", "VEN")
            for t in ("ASSAULT", "CONSULT", "PROTEST")]
    mix += [("API events", f"/api/events?country={c}&since=2024-01-01&limit=50", 4) for c in ("ISR", "PSE", "USA", "SDN", "RUS")]
    mix += [("API event", f"/api/events/{i}", 1) for i in ids[:200]]
    mix += [("API story", f"/api/stories/{s}?limit=100", 1) for s in typical[:30]]
    mix += [("API timeseries", f"/api/timeseries?by={by}&interval={iv}", 5) for by in ("dyad", "quad_class", "type")
            for iv in ("week", "month")]
    mix += [("API search", f"/api/search?q={q}", 3) for q in ("ceasefire", "border+troops", "protest+police", "aid+convoy")]
    mix += [("API actors", "/api/actors?limit=50", 5), ("API places", "/api/places?limit=100", 5)]
    return mix


def synthetic_articles(folder: Path, n: int) -> Path:
    """``n`` new, distinct articles (no near-duplicates of each other or of the store's) as text files."""
    actors = ["Rebel fighters", "The army", "Police", "Protesters", "The government", "Militants", "Troops",
              "Ministers", "Aid workers", "Envoys"]
    verbs = ["attacked", "shelled", "arrested", "condemned", "met", "criticised", "blockaded", "raided", "visited",
             "accused"]
    objects = ["a base", "the border post", "dozens of people", "the ministry", "a convoy", "the town hall",
               "opposition leaders", "the port", "a refugee camp", "the airport"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    sources = ["officials said", "residents said", "a spokesman said", "witnesses said", "the ministry said"]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rng = random.Random(1_000_000 + i)
        paragraphs = [
            " ".join(f"{rng.choice(actors)} {rng.choice(verbs)} {rng.choice(objects)} in Town{rng.randrange(10**6)} "
                     f"on {rng.choice(days)}, {rng.choice(sources)}." for _ in range(3))
            for _ in range(4)
        ]
        (folder / f"{i:05d}.txt").write_text(f"Load report {i}\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    return folder


async def client_loop(http: httpx.AsyncClient, mix, weights, until, seed: int, out: dict, errors: list) -> None:
    """``until()``: the monotonic time to stop at (it may move while the clients run)."""
    rng = random.Random(seed)
    began = time.monotonic()
    while time.monotonic() < until():
        kind, url, _ = rng.choices(mix, weights=weights)[0]
        start = time.perf_counter()
        try:
            r = await http.get(url)
            ok = r.status_code == 200
            if not ok:
                errors.append(f"{r.status_code} {url} after {time.perf_counter() - start:.3f} s, "
                              f"{time.monotonic() - began:.1f} s into the run")
        except httpx.HTTPError as exc:
            errors.append(f"{type(exc).__name__} {exc!r} after {time.perf_counter() - start:.3f} s, "
                          f"{time.monotonic() - began:.1f} s into the run: {url}")
            ok = False
        if ok:
            out[kind].append(time.perf_counter() - start)


#: the clients stop at the latest this long after they started, whatever a side ingest does
MAX_SECONDS = 1800


async def drive(base: str, mix, clients: int, seconds: float, writer: subprocess.Popen | None = None
                ) -> tuple[dict, list, float]:
    """``clients`` clients for ``seconds``; with a ``writer`` (an ingest process), until it has finished too."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    weights = [w for _, _, w in mix]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    started = time.monotonic()

    def until() -> float:
        end = started + seconds
        if writer is not None and writer.poll() is None:
            end = max(end, time.monotonic() + 1)
        return min(end, started + MAX_SECONDS)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        await asyncio.gather(*(client_loop(http, mix, weights, until, i, latencies, errors) for i in range(clients)))
        elapsed = time.monotonic() - started
    return latencies, errors, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--big-story", type=int, default=2000)
    parser.add_argument("--db", type=Path, help="reuse this store (built by an earlier run with --keep) instead of building one")
    parser.add_argument("--keep", type=Path, help="build the store at this path and keep it")
    parser.add_argument("--no-cache", action="store_true", help="serve with --no-cache (every request runs its queries)")
    parser.add_argument("--ingest", type=int, default=0, metavar="N",
                        help="run an ingest of N new articles into the store beside the clients")
    parser.add_argument("--ingest-batch-size", type=int, default=32, help="--batch-size of that ingest")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eventwire-load-") as tmp:
        db = args.db or args.keep or Path(tmp) / "load.duckdb"
        t0 = time.perf_counter()
        if not args.db:
            build_store(db, args.events, args.articles, args.big_story)
            with Eventwire(db) as ew:
                ew.ingest([str(ROOT / "examples" / "articles")], workers=1)
        with Eventwire(db, read_only=True) as ew:
            stats = ew.stats()
        print(f"store: {stats['articles']:,} articles, {stats['events']:,} event mentions "
              f"(sample corpus + synthetic), ready in {time.perf_counter() - t0:.0f} s")
        server_log = open(Path(tmp) / "server.log", "w+")  # noqa: SIM115 - read back after the run
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port)]
                                  + (["--no-cache"] if args.no_cache else []),
                                  stdout=subprocess.DEVNULL, stderr=server_log)
        writer = None
        try:
            wait_for(base)
            mix = request_mix(base, args)
            print(f"mix: {len(mix)} different requests over {len({k for k, _, _ in mix})} kinds; "
                  f"{args.clients} clients for {args.seconds:.0f} s"
                  + (f", and an ingest of {args.ingest} new articles beside them" if args.ingest else ""))
            if args.ingest:
                source = synthetic_articles(Path(tmp) / "new", args.ingest)
                ingest_log = open(Path(tmp) / "ingest.log", "w+")  # noqa: SIM115 - read back after the run
                ingest_started = time.monotonic()
                writer = subprocess.Popen(
                    [sys.executable, "-m", "eventwire.cli", "ingest", str(source), "--db", str(db), "-q", "--json",
                     "--date", "2024-06-01", "--batch-size", str(args.ingest_batch_size)],
                    stdout=ingest_log, stderr=subprocess.STDOUT)
            latencies, errors, elapsed = asyncio.run(drive(base, mix, args.clients, args.seconds, writer))
            if writer is not None:
                writer.wait(timeout=60)
                ingest_seconds = time.monotonic() - ingest_started
        finally:
            if writer is not None and writer.poll() is None:
                writer.kill()
            server.terminate()
            server.wait(timeout=20)
            server_log.seek(0)
            said = server_log.read().split("(Ctrl+C to stop)", 1)[-1].strip().splitlines()  # past "serving ... at"
            server_log.close()
        if args.ingest:
            ingest_log.seek(0)
            said_ingest = ingest_log.read()
            ingest_log.close()
            with Eventwire(db, read_only=True) as ew:
                after = ew.stats()["articles"]
    every = [t for ts in latencies.values() for t in ts]
    for kind, ts in sorted(latencies.items()):
        print(f"{kind:<20} {len(ts):6d} requests   p50 {statistics.median(ts) * 1000:7.1f} ms   "
              f"p99 {percentile(ts, 0.99) * 1000:7.1f} ms")
    for e in errors[:10]:
        print(f"error: {e}")
    for line in said[-20:]:
        print(f"server: {line}")
    total = len(every) + len(errors)
    if args.ingest:
        try:
            new = json.loads(said_ingest[said_ingest.index("{"):])["new_articles"]
        except ValueError:
            new = None
        print(f"ingest beside the clients: exit {writer.returncode} after {ingest_seconds:.1f} s, "
              f"{new} new articles; store {stats['articles']:,} -> {after:,} articles "
              f"({'as expected' if after - stats['articles'] == args.ingest else 'NOT the expected count'})")
        if writer.returncode != 0:
            print(said_ingest[-2000:])
    print(f"requests: {total:,} in {elapsed:.1f} s = {total / elapsed:.1f} requests/s; errors: {len(errors)}")
    print(f"p50 {statistics.median(every) * 1000:.1f} ms, p99 {percentile(every, 0.99) * 1000:.1f} ms "
          f"with {args.clients} clients, answer cache {'off' if args.no_cache else 'on (cold at start)'}; "
          f"errors {len(errors)} (target: p99 < 1000 ms, 0 errors)")


if __name__ == "__main__":
    main()

"""Geoparsing on LGL and GeoVirus: toponym recall, accuracy within 161 km, mean error.

Data: ../shared/data/geoparsing/lgl.xml (588 local-news articles, gold
GeoNames places) and GeoVirus.xml (229 WikiNews passages, gold Wikipedia
coordinates). Each article text is parsed once by the analyze stage, then
``where.places_in`` runs over it in three recognition modes: spaCy entities
only ("ner"), gazetteer only ("gazetteer") and both (the default, "both").

A gold toponym (LGL ones without coordinates are left out) is *found* when a
resolved place mention overlaps its character span. For found toponyms the
error is the great-circle distance between our point and the gold point.

- recall: found / gold toponyms
- acc@161 found: share of found toponyms within 161 km (the headline: it
  measures resolution, as in Gritta et al.'s geoparsing evaluations)
- acc@161 all: within 161 km / all gold toponyms (recognition and resolution)
- mean / median error km over found toponyms
- precision: resolved mentions overlapping a gold toponym / all resolved
  mentions (a lower bound: neither corpus annotates every place name)

    python benchmarks/geoparse.py [--limit N] [--parse-cache FILE]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import SHARED_DATA, require  # noqa: E402

from eventwire.analyze import analyze, load_nlp  # noqa: E402
from eventwire.model import Article  # noqa: E402
from eventwire.resolve.where.disambiguate import distance_km  # noqa: E402
from eventwire.resolve.where.gazetteer import Gazetteer  # noqa: E402
from eventwire.resolve.where.places import PlaceFinder  # noqa: E402

MODES = {"ner": dict(use_gazetteer=False), "gazetteer": dict(use_ner=False), "both": {}}


@dataclass
class Gold:
    start: int
    end: int
    name: str
    lat: float
    lon: float


def read_lgl(path: Path) -> list[tuple[str, list[Gold]]]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        gold = []
        for top in art.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None or tag.find("lat") is None:
                continue
            gold.append(Gold(int(top.findtext("start")), int(top.findtext("end")), top.findtext("phrase"),
                             float(tag.findtext("lat")), float(tag.findtext("lon"))))
        out.append((art.findtext("text") or "", gold))
    return out


def read_geovirus(path: Path) -> list[tuple[str, list[Gold]]]:
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        gold = [Gold(int(loc.findtext("start")), int(loc.findtext("end")), loc.findtext("name"),
                     float(loc.findtext("lat")), float(loc.findtext("lon"))) for loc in art.iter("location")]
        out.append((art.findtext("text") or "", gold))
    return out


def parse(texts: list[str], cache: Path | None):
    if cache is not None and cache.exists():
        with open(cache, "rb") as fh:
            return pickle.load(fh)
    nlp = load_nlp()
    articles = [Article(id=Article.make_id(t) + f"-{i}", text=t, language="en") for i, t in enumerate(texts)]
    analyses = list(analyze(nlp, articles))
    if cache is not None:
        with open(cache, "wb") as fh:
            pickle.dump(analyses, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return analyses


def score(corpus: list[tuple[str, list[Gold]]], analyses, finder: PlaceFinder) -> dict[str, float]:
    gold_n = found = within = predicted = correct_mentions = 0
    errors: list[float] = []
    started = time.perf_counter()
    for (_, gold), analysis in zip(corpus, analyses):
        mentions = finder.places_in(analysis)
        predicted += len(mentions)
        correct_mentions += sum(1 for m in mentions if any(m.start < g.end and g.start < m.end for g in gold))
        for g in gold:
            gold_n += 1
            overlapping = [m for m in mentions if m.start < g.end and g.start < m.end]
            if not overlapping:
                continue
            best = max(overlapping, key=lambda m: min(m.end, g.end) - max(m.start, g.start))
            found += 1
            error = distance_km(best.place.latitude, best.place.longitude, g.lat, g.lon)
            errors.append(error)
            within += error < 161
    seconds = time.perf_counter() - started
    return {
        "gold": gold_n,
        "recall": found / gold_n if gold_n else 0.0,
        "acc161_found": within / found if found else 0.0,
        "acc161_all": within / gold_n if gold_n else 0.0,
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "precision": correct_mentions / predicted if predicted else 0.0,
        "ms_per_article": 1000 * seconds / max(1, len(corpus)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles of each corpus")
    parser.add_argument("--parse-cache", type=Path, default=None,
                        help="pickle the spaCy parses here and reuse them on the next run (development)")
    parser.add_argument("--modes", default="ner,gazetteer,both", help="comma-separated recognition modes")
    args = parser.parse_args()
    folder = require(SHARED_DATA / "geoparsing")
    corpora = {"LGL": read_lgl(folder / "lgl.xml"), "GeoVirus": read_geovirus(folder / "GeoVirus.xml")}
    started = time.perf_counter()
    gazetteer = Gazetteer.build()
    built = time.perf_counter() - started
    payload = pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL)
    started = time.perf_counter()
    gazetteer = pickle.loads(payload)
    loaded = time.perf_counter() - started
    print(f"gazetteer: {len(gazetteer.entries):,} places, {len(gazetteer.exact):,} names; built in {built:.1f} s, "
          f"loaded from its cache ({len(payload) / 1e6:.0f} MB) in {loaded:.1f} s")
    finders = {mode: PlaceFinder(gazetteer, **MODES[mode]) for mode in args.modes.split(",")}
    headline: dict[str, dict[str, float]] = {}
    for name, corpus in corpora.items():
        if args.limit:
            corpus = corpus[: args.limit]
        cache = args.parse_cache.with_suffix(f".{name}.{len(corpus)}.pickle") if args.parse_cache else None
        started = time.perf_counter()
        analyses = parse([text for text, _ in corpus], cache)
        print(f"{name}: {len(corpus)} articles parsed in {time.perf_counter() - started:.1f} s")
        for mode, finder in finders.items():
            r = score(corpus, analyses, finder)
            print(f"{name:9} {mode:9} gold {r['gold']:5d}  recall {r['recall']:.3f}  acc@161 found "
                  f"{r['acc161_found']:.3f}  acc@161 all {r['acc161_all']:.3f}  mean {r['mean_km']:7.1f} km  "
                  f"median {r['median_km']:6.1f} km  precision {r['precision']:.3f}  "
                  f"{r['ms_per_article']:.1f} ms/article")
            if mode == "both" or len(finders) == 1:
                headline[name] = r
    print("headline (recognition: spaCy entities + gazetteer; accuracy within 161 km on found toponyms): "
          + ", ".join(f"{name} acc@161 {r['acc161_found']:.3f} (recall {r['recall']:.3f}, mean error "
                      f"{r['mean_km']:.0f} km)" for name, r in headline.items()))


if __name__ == "__main__":
    main()

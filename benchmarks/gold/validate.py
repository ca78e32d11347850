"""Check the real-news gold files against docs/annotation.md.

Usage: python benchmarks/gold/validate.py [FILE.yaml ...]   (default: every gold file)

Every sentence must be verbatim in the article (or be its title), every trigger
verbatim in its sentence, every type, mode, sector, modality and count kind known,
ids unique, world ids and cluster references consistent. Prints one line per
problem and a summary; exits 1 when anything is wrong.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent / "real-news"
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real-news"

TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "REB", "UAF", "CRM", "CVL", "MED", "IGO",
    "NGO", "BUS", "PTY", "REL", "EDU", "HLH", "REF", "LAB", "AGR", "ELI", "SET",
}
MODALITIES = {"asserted", "negated", "future", "hypothetical", "conditional", "historical"}
COUNT_KINDS = {
    "killed", "injured", "arrested", "abducted", "hostages", "prisoners", "displaced",
    "targets", "protesters", "released",
}
PRECISIONS = {"place", "admin1", "country"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def manifest() -> dict[str, dict[str, str]]:
    with open(DATA / "manifest.csv", newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def plover_modes() -> dict[str, set[str]]:
    table = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "ontology" / "plover.tsv"
    modes: dict[str, set[str]] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("event\t") or not line.strip():
            continue
        cols = line.split("\t")
        modes[cols[0]] = set(cols[2].split()) if len(cols) > 2 else set()
    return modes


def check_actor(where: str, actor, problems: list[str]) -> None:
    if actor is None:
        return
    if not isinstance(actor, dict) or not actor.get("text"):
        problems.append(f"{where}: an actor needs at least a text")
        return
    unknown = set(actor) - {"text", "name", "country", "sector"}
    if unknown:
        problems.append(f"{where}: unknown actor keys {sorted(unknown)}")
    country = actor.get("country")
    if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
        problems.append(f"{where}: country {country!r} is not ISO alpha-3")
    sector = actor.get("sector")
    if sector is not None and sector not in SECTORS:
        problems.append(f"{where}: unknown sector {sector!r}")


def check_article(path: Path, rows: dict, modes: dict, problems: list[str]) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where0 = path.name
    art = data.get("article")
    row = rows.get(art)
    if row is None:
        problems.append(f"{where0}: article {art!r} is not in the manifest")
        return data
    if path.stem != art:
        problems.append(f"{where0}: file name differs from article id {art!r}")
    if data.get("cluster", "") != row["cluster"]:
        problems.append(f"{where0}: cluster {data.get('cluster')!r} != manifest {row['cluster']!r}")
    if data.get("split") not in {"dev", "test"}:
        problems.append(f"{where0}: split must be dev or test")
    if not data.get("storyline"):
        problems.append(f"{where0}: no storyline id")
    text_file = DATA / "articles" / f"{art}.txt"
    body = norm(text_file.read_text(encoding="utf-8"))
    title = norm(row["title"])
    seen: set[str] = set()
    for ev in data.get("events") or []:
        eid = ev.get("id")
        where = f"{where0}#{eid}"
        if not eid or eid in seen:
            problems.append(f"{where}: missing or repeated id")
        seen.add(eid)
        sentence = norm(str(ev.get("sentence") or ""))
        if ev.get("headline"):
            if sentence != title:
                problems.append(f"{where}: headline sentence is not the manifest title {title!r}")
        elif not sentence or sentence not in body:
            problems.append(f"{where}: sentence not found verbatim in the article: {sentence[:80]!r}")
        trigger = norm(str(ev.get("trigger") or ""))
        if not trigger or trigger not in sentence:
            problems.append(f"{where}: trigger {trigger!r} not in the sentence")
        etype = ev.get("type")
        if etype not in TYPES:
            problems.append(f"{where}: unknown type {etype!r}")
        mode = ev.get("mode") or ""
        if mode and etype in modes and mode not in modes[etype]:
            problems.append(f"{where}: mode {mode!r} is not a mode of {etype}")
        cameo = ev.get("cameo")
        if cameo not in (None, "") and not re.fullmatch(r"\d{2,4}", str(cameo)):
            problems.append(f"{where}: cameo {cameo!r} must be a string of 2-4 digits")
        for role in ("actor", "recipient"):
            check_actor(f"{where} {role}", ev.get(role), problems)
            actor = ev.get(role)
            if actor and actor.get("text") and norm(actor["text"]) not in sentence:
                problems.append(f"{where}: {role} text {actor['text']!r} not in the sentence")
        date = ev.get("date")
        if date is not None and not DATE.match(str(date)):
            problems.append(f"{where}: date {date!r} is not YYYY[-MM[-DD]]")
        place = ev.get("place")
        if place is not None:
            if not isinstance(place, dict) or not place.get("name"):
                problems.append(f"{where}: place needs a name")
            else:
                if place.get("precision") not in PRECISIONS:
                    problems.append(f"{where}: place precision must be one of {sorted(PRECISIONS)}")
                try:
                    lat, lon = float(place["lat"]), float(place["lon"])
                    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                        raise ValueError
                except (KeyError, TypeError, ValueError):
                    problems.append(f"{where}: place needs lat/lon in range")
        for count in ev.get("counts") or []:
            if count.get("kind") not in COUNT_KINDS or not isinstance(count.get("number"), int):
                problems.append(f"{where}: bad count {count!r}")
        if ev.get("modality") not in MODALITIES:
            problems.append(f"{where}: unknown modality {ev.get('modality')!r}")
        if not ev.get("world"):
            problems.append(f"{where}: no world id")
    return data


def check_cluster(path: Path, events: dict[str, dict], problems: list[str]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("contradictions", "updates"):
        for pair in data.get(key) or []:
            for side in ("a", "b"):
                ref = pair.get(side)
                if ref not in events:
                    problems.append(f"{path.name}: {key} refers to unknown mention {ref!r}")
            a, b = events.get(pair.get("a")), events.get(pair.get("b"))
            if a and b and a.get("world") != b.get("world"):
                problems.append(f"{path.name}: {key} pair {pair.get('a')} / {pair.get('b')} is not one world event")
            if key == "contradictions" and pair.get("kind") not in {"count", "date", "negation"}:
                problems.append(f"{path.name}: contradiction kind must be count, date or negation")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"skip: {DATA} is absent")
        return 0
    rows = manifest()
    modes = plover_modes()
    problems: list[str] = []
    files = args.files or sorted((HERE / "articles").glob("*.yaml"))
    events: dict[str, dict] = {}
    splits: dict[str, set[str]] = {}
    stats: Counter[str] = Counter()
    for path in files:
        if path.parent.name == "clusters":
            continue
        data = check_article(path, rows, modes, problems)
        splits.setdefault(data.get("cluster") or data.get("article"), set()).add(data.get("split"))
        for ev in data.get("events") or []:
            events[f"{data.get('article')}#{ev.get('id')}"] = ev
            stats["events"] += 1
            stats["main"] += bool(ev.get("main"))
            stats["optional"] += bool(ev.get("optional"))
        stats["articles"] += 1
    for cluster, split in splits.items():
        if len(split) > 1:
            problems.append(f"cluster {cluster}: articles in both splits")
    if not args.files:
        for path in sorted((HERE / "clusters").glob("*.yaml")):
            check_cluster(path, events, problems)
    for p in problems:
        print(p)
    print(f"{stats['articles']} articles, {stats['events']} events ({stats['main']} main, "
          f"{stats['optional']} optional); {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Real news against our gold set: events, arguments, merging, storylines, contradictions.

    python benchmarks/real_news.py [--split dev|test|all] [--show N] [--keep DIR]

The gold set (benchmarks/gold/real-news, written by hand, see docs/annotation.md)
codes every event of about 50 articles of ../shared/data/real-news. This script
ingests those articles (title, body, publication date, URL and outlet from the
manifest, one JSON file each) into a fresh store exactly as a user would, then
scores what the store holds.

Matching. A predicted event matches a gold event of the same article when their
sentences are the same sentence (equal after normalising quotes and spaces, one
inside the other, or sharing 70% of the shorter one's words) and their types are
compatible (equal, or one of the pairs in ``COMPATIBLE``). Pairs are taken best
first (same type, overlapping trigger, overlapping actor), one to one.

- event precision: matched predictions / predictions (a prediction matching an
  ``optional`` gold event is left out of both counts); recall: matched gold
  events / gold events (optional ones left out); main-event recall over the
  events marked ``main``.
- per-field precision over matched pairs: type (exact), actor, recipient (the
  same participant: the same canonical name, or overlapping words and no other
  country; a generic participant by country and sector; none when gold has
  none), date (inside gold's period: a week in the gold month counts, a month for a gold day does not),
  place (within 161 km; a country-level gold place by country; none when gold
  has none), counts (the same (kind, number) set over the kinds annotators code), modality (equal); and the
  share of matched pairs with every field right.
- merged events: B-cubed precision and recall over the gold mentions that were
  matched, predicted cluster = the merged event of the matching prediction, gold
  cluster = the ``world`` id.
- storylines: B-cubed over the annotated articles (predicted = storyline id).
- contradictions: a predicted contradiction is right when its two sides match
  two gold mentions that the cluster file lists as a contradiction (either order);
  recall over the gold disputes (the listed pairs of one world event and kind).

Articles stored as near-duplicates of another article are not coded (their
copy's events count once): they are left out of the event scores and named.
Examples of misses are printed only for the dev split (``--show``): the test
split is for scoring a finished change, not for looking at.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import SHARED_DATA, require  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold" / "real-news"
FIELDS = ("type", "actor", "recipient", "date", "place", "counts", "modality")
#: type pairs close enough to count as the same event for matching (the type field is still scored exactly)
COMPATIBLE = {
    frozenset(p) for p in (
        ("ASSAULT", "COERCE"), ("COERCE", "SANCTION"), ("ACCUSE", "REJECT"), ("AGREE", "SUPPORT"),
        ("AGREE", "CONSULT"), ("CONCEDE", "RETREAT"), ("AID", "COOPERATE"), ("MOBILIZE", "THREATEN"),
        ("MOBILIZE", "ASSAULT"), ("REQUEST", "THREATEN"), ("ACCUSE", "SANCTION"),
    )
}
NON_COUNTRY_CODES = {"IGO", "NGO", "IMG", "MNC", "UAF"}
PLATFORMS = ("twitter", "facebook", "youtube", "instagram", "telegram", "whatsapp", "tiktok", "x.com", "reddit")
_WORD = re.compile(r"[\w']+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "\u200b": ""})


# --- loading ------------------------------------------------------------------------------
def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return " ".join(text.split()).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(norm(text))


def load_gold(split: str) -> tuple[list[dict], list[dict]]:
    articles = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((GOLD / "articles").glob("*.yaml"))]
    clusters = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((GOLD / "clusters").glob("*.yaml"))]
    if split != "all":
        articles = [a for a in articles if a["split"] == split]
        clusters = [c for c in clusters if c.get("split") == split]
    return articles, clusters


def manifest() -> dict[str, dict[str, str]]:
    with open(SHARED_DATA / "real-news" / "manifest.csv", newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


# --- running eventwire ----------------------------------------------------------------------
def ingest(gold_articles: list[dict], rows: dict[str, dict[str, str]], folder: Path, workers: int) -> Path:
    """One JSON input per article, ingested into a fresh store; returns the store path."""
    from eventwire.pipeline import IngestOptions, ingest as run_ingest
    from eventwire.store import open_store

    inputs = folder / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    for art in gold_articles:
        row = rows[art["article"]]
        body = (SHARED_DATA / "real-news" / "articles" / f"{art['article']}.txt").read_text(encoding="utf-8")
        record = {"title": row["title"], "text": body, "date": row["publication_date"] or None,
                  "url": row["url"] or None, "source": row["outlet"] or None}
        (inputs / f"{art['article']}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    db = folder / "real-news.duckdb"
    with open_store(db) as store:
        run_ingest(store, [str(inputs)], IngestOptions(workers=workers))
    return db


@dataclass
class Predicted:
    """What the store holds for the annotated articles."""

    article_of: dict[str, str] = field(default_factory=dict)  # manifest id -> stored article id
    duplicate_of: dict[str, str | None] = field(default_factory=dict)  # manifest id -> canonical stored id
    events: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # stored article id -> events
    merged_of: dict[str, str] = field(default_factory=dict)  # event id -> merged event id
    storyline_of: dict[str, str] = field(default_factory=dict)  # stored article id -> storyline id
    contradictions: list[dict] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def read_store(db: Path) -> Predicted:
    from eventwire.store import open_store

    out = Predicted()
    with open_store(db, read_only=True) as store:
        con = store.con
        for article_id, raw_ref, dup in con.execute(
            "SELECT a.id, r.raw_ref, a.duplicate_of FROM articles a JOIN article_refs r ON r.article_id = a.id"
        ).fetchall():
            stem = Path(raw_ref.split("#")[0]).name.removesuffix(".json")
            out.article_of[stem] = article_id
            out.duplicate_of[stem] = dup
        for (data,) in con.execute("SELECT data FROM events ORDER BY seq").fetchall():
            ev = json.loads(data)
            ev_article = (ev.get("evidence") or [{}])[0].get("article_id")
            out.events[ev_article].append(ev)
        out.merged_of = dict(con.execute("SELECT event_id, merged_id FROM event_links").fetchall())
        out.storyline_of = dict(con.execute("SELECT article_id, storyline_id FROM story_articles").fetchall())
        out.contradictions = [json.loads(d) for (d,) in con.execute("SELECT data FROM contradictions").fetchall()]
        out.labels = [lab for (lab,) in con.execute("SELECT label FROM stories WHERE kind = 'storyline'").fetchall()]
    return out


# --- matching -----------------------------------------------------------------------------------
def same_sentence(a: str, b: str) -> bool:
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    if na == nb or na in nb or nb in na:
        return True
    wa, wb = Counter(words(a)), Counter(words(b))
    shorter = min(sum(wa.values()), sum(wb.values()))
    return shorter > 0 and sum((wa & wb).values()) / shorter >= 0.7


def compatible(p: str, g: str) -> bool:
    return p == g or frozenset((p, g)) in COMPATIBLE


def trigger_text(ev: dict) -> str:
    evid = (ev.get("evidence") or [{}])[0]
    start, end = evid.get("trigger") or (0, 0)
    return evid.get("sentence", "")[start:end]


def overlap(a: str, b: str) -> bool:
    content = lambda t: {w for w in words(t) if len(w) > 2 and w not in {"the", "and", "for"}}  # noqa: E731
    return bool(content(a) & content(b))


def match_article(preds: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (prediction index, gold index) pairs, best first."""
    scored = []
    for i, p in enumerate(preds):
        sent = (p.get("evidence") or [{}])[0].get("sentence", "")
        for j, g in enumerate(gold):
            if not same_sentence(sent, g["sentence"]) or not compatible(p["event"], g["type"]):
                continue
            score = 4 * (p["event"] == g["type"]) + 2 * overlap(trigger_text(p), g["trigger"])
            actor = g.get("actor") or {}
            score += any(overlap(a.get("text", ""), actor.get("text", "")) for a in p.get("actor") or [])
            scored.append((-score, i, j))
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in sorted(scored):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


# --- field checks -------------------------------------------------------------------------------
def actor_country(a: dict) -> str | None:
    if a.get("country"):
        return a["country"]
    code = a.get("code") or ""
    return code if re.fullmatch(r"[A-Z]{3}", code) and code not in NON_COUNTRY_CODES else None


def same_participant(p: dict, g: dict) -> bool:
    pname, gname = norm(p.get("name") or ""), norm(g.get("name") or "")
    pcountry, gcountry = actor_country(p), g.get("country")
    if gname:  # a named participant: the same name, or its words unresolved (a wrong country is wrong)
        if pname and (pname == gname or pname in gname or gname in pname):
            return True
        return overlap(p.get("text", ""), g.get("text", "")) and (not pcountry or not gcountry or pcountry == gcountry)
    if gcountry and pcountry != gcountry:
        return False
    gsector, psector = g.get("sector"), p.get("sector")
    if gsector == "IGO":
        return psector == "IGO" or p.get("code") == "IGO"
    if gsector and psector != gsector and not (psector is None and gsector == "GOV" and pcountry):
        return False
    return bool(gcountry) or overlap(p.get("text", ""), g.get("text", ""))


def participant_ok(preds: list[dict], gold: dict | None) -> bool:
    if not gold:
        return not preds
    return any(same_participant(p, gold) for p in preds)


def date_ok(p: dict, g: dict) -> bool:
    """The predicted date lies inside gold's period (a day, a month, a year): a week inside the gold
    month is right, a month for a gold day is not (less precise than the text allows)."""
    from eventwire.dates import parse_date

    gold, pred = g.get("date"), p.get("date")
    if gold is None or pred is None:
        return gold is None and pred is None
    gspan, pspan = parse_date(str(gold)), parse_date(str(pred))
    if gspan is None or pspan is None:
        return False
    return gspan.first <= pspan.first and pspan.last <= gspan.last


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def place_ok(p: dict, g: dict) -> bool:
    gold, pred = g.get("place"), p.get("location")
    if not gold:
        return not pred
    if not pred:
        return False
    if gold.get("precision") == "country":
        return pred.get("country") == gold.get("country")
    if pred.get("latitude") is None:
        return False
    return km(pred["latitude"], pred["longitude"], float(gold["lat"]), float(gold["lon"])) <= 161


#: the count kinds the annotators code (docs/annotation.md); other kinds eventwire reads (troops, strikes,
#: projectiles, ...) are not in the gold and are not scored
GOLD_COUNT_KINDS = {"killed", "injured", "arrested", "abducted", "hostages", "prisoners", "displaced", "targets",
                    "protesters", "released"}


def counts_ok(p: dict, g: dict) -> bool:
    pred = {(c["kind"], c["number"]) for c in p.get("counts") or []
            if c.get("number") is not None and c.get("kind") in GOLD_COUNT_KINDS}
    gold = {(c["kind"], c["number"]) for c in g.get("counts") or []}
    return pred == gold


def field_checks(p: dict, g: dict) -> dict[str, bool]:
    return {
        "type": p["event"] == g["type"],
        "actor": participant_ok(p.get("actor") or [], g.get("actor")),
        "recipient": participant_ok(p.get("recipient") or [], g.get("recipient")),
        "date": date_ok(p, g),
        "place": place_ok(p, g),
        "counts": counts_ok(p, g),
        "modality": p.get("modality") == g.get("modality"),
    }


# --- scores -----------------------------------------------------------------------------------------
def bcubed(pred: dict[Any, str], gold: dict[Any, str]) -> tuple[float, float, float]:
    items = [i for i in gold if i in pred]
    if not items:
        return 0.0, 0.0, 0.0
    by_p, by_g = defaultdict(set), defaultdict(set)
    for i in items:
        by_p[pred[i]].add(i)
        by_g[gold[i]].add(i)
    prec = sum(len(by_p[pred[i]] & by_g[gold[i]]) / len(by_p[pred[i]]) for i in items) / len(items)
    rec = sum(len(by_p[pred[i]] & by_g[gold[i]]) / len(by_g[gold[i]]) for i in items) / len(items)
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score(gold_articles: list[dict], clusters: list[dict], pred: Predicted, show: int) -> dict[str, float]:
    tp = fp = fn = main_total = main_found = 0
    n_pred = n_articles = 0
    fields = Counter()
    all_right = matched = 0
    skipped_dups: list[str] = []
    mention_pred: dict[str, str] = {}
    mention_gold: dict[str, str] = {}
    ref_of_event: dict[str, str] = {}  # predicted event id -> "article#gold id"
    misses: list[str] = []
    for art in gold_articles:
        mid = art["article"]
        stored = pred.article_of.get(mid)
        if stored is None or pred.duplicate_of.get(mid):
            skipped_dups.append(mid)
            continue
        n_articles += 1
        preds = pred.events.get(stored, [])
        gold = art.get("events") or []
        pairs = match_article(preds, gold)
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for i, j in pairs:
            g = gold[j]
            ref_of_event[preds[i]["id"]] = f"{mid}#{g['id']}"
            mention_pred[f"{mid}#{g['id']}"] = pred.merged_of.get(preds[i]["id"], preds[i]["id"])
            mention_gold[f"{mid}#{g['id']}"] = f"{art.get('cluster') or mid}::{g['world']}"
            if g.get("optional"):
                continue
            tp += 1
            checks = field_checks(preds[i], g)
            fields.update(k for k, ok in checks.items() if ok)
            matched += 1
            all_right += all(checks.values())
            if show and len(misses) < show * 3:
                wrong = [k for k, ok in checks.items() if not ok]
                if wrong:
                    misses.append(f"  WRONG {','.join(wrong)} | {mid}#{g['id']} {g['type']} | "
                                  f"{_brief(preds[i])} | gold {_gold_brief(g)}")
        for i, p in enumerate(preds):
            if i not in matched_p:
                fp += 1
                if show and len(misses) < show * 3:
                    misses.append(f"  SPURIOUS {mid} {_brief(p)} :: {(p.get('evidence') or [{}])[0].get('sentence', '')[:160]}")
        n_pred += len(preds) - sum(1 for i, j in pairs if gold[j].get("optional"))
        for j, g in enumerate(gold):
            if g.get("optional"):
                continue
            if g.get("main"):
                main_total += 1
                main_found += j in matched_g
            if j not in matched_g:
                fn += 1
                if show and len(misses) < show * 3:
                    misses.append(f"  MISSED {mid}#{g['id']} {_gold_brief(g)} :: {g['sentence'][:160]}")
    out: dict[str, float] = {}
    out["articles scored"] = n_articles
    out["event precision"] = ratio(tp, tp + fp)
    out["event recall"] = ratio(tp, tp + fn)
    out["main-event recall"] = ratio(main_found, main_total)
    for name in FIELDS:
        out[f"{name} right (of matched)"] = ratio(fields[name], matched)
    out["every field right (of matched)"] = ratio(all_right, matched)
    out["predicted events per article"] = ratio(n_pred, n_articles)
    out["gold events per article"] = ratio(tp + fn, n_articles)
    p, r, f = bcubed(mention_pred, mention_gold)
    out["merged-event B-cubed precision"], out["merged-event B-cubed recall"] = p, r
    # storylines over every annotated article (a near-duplicate takes its original's storyline)
    story_pred, story_gold = {}, {}
    for art in gold_articles:
        stored = pred.article_of.get(art["article"])
        if stored is None:
            continue
        canonical = pred.duplicate_of.get(art["article"]) or stored
        story_pred[art["article"]] = pred.storyline_of.get(canonical, f"none:{canonical}")
        story_gold[art["article"]] = art["storyline"]
    p, r, f = bcubed(story_pred, story_gold)
    out["storyline B-cubed precision"], out["storyline B-cubed recall"], out["storyline B-cubed F1"] = p, r, f
    gold_pairs = {frozenset((c["a"], c["b"])) for cl in clusters for c in cl.get("contradictions") or []}
    right = 0
    for c in pred.contradictions:
        refs = {ref_of_event.get(side["event_id"]) for side in c.get("sides") or []}
        refs.discard(None)
        if any(frozenset(pair) in gold_pairs for pair in _pairs(refs)):
            right += 1
        elif show and len(misses) < show * 4:
            values = " vs ".join(f"{s.get('value')} ({s.get('source')})" for s in c.get("sides") or [])
            misses.append(f"  CONTRADICTION? {c.get('kind')} {c.get('subject')}: {values}")
    # recall over disputes: the gold pairs of one world event and kind count once (a file may list
    # one pair per pair of articles); a dispute is found when a predicted contradiction covers one pair
    disputes: dict[tuple[str, str], set[frozenset[str]]] = defaultdict(set)
    world_of = {f"{a['article']}#{g['id']}": f"{a.get('cluster')}::{g['world']}" for a in gold_articles
                for g in a.get("events") or []}
    for cl in clusters:
        for c in cl.get("contradictions") or []:
            disputes[(world_of.get(c["a"], c["a"]), c.get("kind", ""))].add(frozenset((c["a"], c["b"])))
    found = sum(1 for pairs in disputes.values()
                if any(pair <= _refs(c, ref_of_event) for pair in pairs for c in pred.contradictions))
    out["contradictions predicted"] = len(pred.contradictions)
    out["contradiction precision"] = ratio(right, len(pred.contradictions)) if pred.contradictions else float("nan")
    out["contradiction recall"] = ratio(found, len(disputes))
    outlets = {norm(r) for r in manifest_outlets()}
    out["storyline labels naming an outlet or platform"] = sum(
        1 for label in pred.labels if any(_names(label, o) for o in outlets | set(PLATFORMS))
    )
    if skipped_dups:
        print(f"stored as near-duplicates (not coded, left out of event scores): {', '.join(skipped_dups)}")
    if misses:
        print("examples (dev only):")
        print("\n".join(misses))
    return out


def _names(label: str, outlet: str) -> bool:
    return bool(outlet) and re.search(rf"\b{re.escape(outlet)}\b", norm(label)) is not None


def manifest_outlets() -> set[str]:
    return {row["outlet"] for row in manifest().values() if row["outlet"]}


def _pairs(refs: set[str]) -> list[tuple[str, str]]:
    refs = sorted(refs)
    return [(a, b) for i, a in enumerate(refs) for b in refs[i + 1:]]


def _refs(c: dict, ref_of_event: dict[str, str]) -> set[str]:
    return {ref_of_event[s["event_id"]] for s in c.get("sides") or [] if s.get("event_id") in ref_of_event}


def _brief(ev: dict) -> str:
    actors = ",".join(f"{a.get('text')}[{a.get('code') or '-'}/{a.get('sector') or '-'}]" for a in ev.get("actor") or [])
    recips = ",".join(f"{a.get('text')}[{a.get('code') or '-'}/{a.get('sector') or '-'}]" for a in ev.get("recipient") or [])
    loc = (ev.get("location") or {}).get("name")
    counts = ",".join(f"{c['kind']}={c['number']}" for c in ev.get("counts") or [])
    return (f"{ev['event']} '{trigger_text(ev)}' {actors} -> {recips} {ev.get('date')} {loc} {counts} "
            f"{ev.get('modality')}")


def _gold_brief(g: dict) -> str:
    a, r = g.get("actor") or {}, g.get("recipient") or {}
    counts = ",".join(f"{c['kind']}={c['number']}" for c in g.get("counts") or [])
    place = (g.get("place") or {}).get("name")
    return (f"{g['type']} '{g['trigger']}' {a.get('text')}[{a.get('country')}/{a.get('sector')}] -> "
            f"{r.get('text')}[{r.get('country')}/{r.get('sector')}] {g.get('date')} {place} {counts} {g.get('modality')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--show", type=int, default=0, help="print up to 3N examples of errors (dev split only)")
    parser.add_argument("--keep", type=Path, help="keep the store in this folder")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    require(SHARED_DATA / "real-news" / "manifest.csv")
    if args.show and args.split != "dev":
        parser.error("--show is for the dev split only: the test split is scored, not looked at")
    gold_articles, clusters = load_gold(args.split)
    if not gold_articles:
        print(f"SKIP: no gold articles for split {args.split}")
        return
    rows = manifest()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        db = ingest(gold_articles, rows, folder, args.workers)
        pred = read_store(db)
    seconds = time.perf_counter() - started
    figures = score(gold_articles, clusters, pred, args.show)
    print(f"split: {args.split}; {len(gold_articles)} gold articles, "
          f"{sum(len(a.get('events') or []) for a in gold_articles)} gold events; ingest {seconds:.0f} s")
    for name, value in figures.items():
        if isinstance(value, float):
            print(f"{name}: {'n/a' if value != value else f'{value:.3f}'}")
        else:
            print(f"{name}: {value}")
    print(f"real-news {args.split}: event P {figures['event precision']:.3f} R {figures['event recall']:.3f}, "
          f"every field {figures['every field right (of matched)']:.3f}, merged B3 P "
          f"{figures['merged-event B-cubed precision']:.3f} R {figures['merged-event B-cubed recall']:.3f}, "
          f"storyline F1 {figures['storyline B-cubed F1']:.3f}, contradiction P {figures['contradiction precision']:.3f} "
          f"of {figures['contradictions predicted']}")


if __name__ == "__main__":
    main()

"""ACLED notes coded by eventwire against ACLED's own coding, with a keyword baseline beside it.

    python benchmarks/acled.py [--split dev|test] [--per-source N] [--show N]

../shared/data/acled-dev holds 12,768 real ACLED events: the analyst's free-text
note and the full coding. Each note goes through ``eventwire code`` (the batch
path: parse, code, resolve against the given date) twice: once with the event
date as the publication date, once with no date at all (the note's own words
only). Figures are printed per ``dev_source`` and overall.

- **The note's main event**: the principal event of the note's coding (the one
  ``eventwire code`` marks ``principal``) when it has an ACLED type; otherwise the
  first event, in eventwire's order, that has one. A note with no event with an
  ACLED type counts as "not detected" and wrong on every figure.
- detection: share of notes with a main event. event type / sub-event type:
  accuracy and macro-F1 over the types ACLED uses.
- fatalities: the main event's fatalities (its ``fatalities`` field, the killed
  figure of the whole ACLED event; else its largest killed figure; 0 when it has
  none) equal to ACLED's ``fatalities``; over the notes with deaths and over all notes.
- location: the main event's coordinates within 25 km / 161 km of ACLED's; no
  place is a miss. geo_precision: eventwire's precision (1 town, 2 district /
  near, 3 province or coarser) equal to ACLED's.
- date: the main event's date equal to ``event_date`` (with the date given: all
  notes; without: the notes whose text states a day).
- actor inter code: eventwire's ACLED inter code for the main event's actor and
  recipient equal to ACLED's inter1 / inter2 (0 when ACLED has no actor2).

The split is fixed: a note belongs to the test part when the SHA-1 of its text,
read as an integer, is divisible by 3 (notes repeated for several places stay on
one side). Examples of errors print for the dev part only.

Afghanistan's notes of 2020 begin with their own sub-event label ("Agreement: ...",
"Change to armed group: ..."); other ACLED exports do not, so the label is removed
before coding (a rule reading it would only fit this data).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import SHARED_DATA, require  # noqa: E402

DATA = SHARED_DATA / "acled-dev" / "acled_dev.csv"
SUB_TYPES = {
    "Armed clash": "Battles", "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence", "Suicide bomb": "Explosions/Remote violence",
    "Chemical weapon": "Explosions/Remote violence",
    "Excessive force against protesters": "Protests", "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Mob violence": "Riots", "Violent demonstration": "Riots",
    "Agreement": "Strategic developments", "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments", "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments", "Other": "Strategic developments",
    "Abduction/forced disappearance": "Violence against civilians", "Attack": "Violence against civilians",
    "Sexual violence": "Violence against civilians",
}
_LABEL_PREFIX = re.compile(r"^\s*(?:[A-Z][A-Za-z/ -]{2,40}):\s+")
_STATED_DAY = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d{1,2}\b", re.I)

#: the keyword baseline: 20 rules written from the ACLED codebook's definitions, first match wins
KEYWORD_RULES: list[tuple[str, str]] = [
    (r"suicide (?:bomb|attack|vest|car)", "Suicide bomb"),
    (r"air ?strike|drone|air raid|helicopter gunship|warplane|bombed from the air", "Air/drone strike"),
    (r"\bied\b|landmine|\bmine\b|improvised explosive|roadside bomb|explosive device", "Remote explosive/landmine/IED"),
    (r"grenade", "Grenade"),
    (r"shell|artillery|mortar|missile|rocket|\bmlrs\b|\bgrad\b", "Shelling/artillery/missile attack"),
    (r"(?:protest|demonstrat)\w*.*(?:shot|killed|live (?:bullets|ammunition))", "Excessive force against protesters"),
    (r"(?:protest|demonstrat)\w*.*(?:tear ?gas|dispers|arrest|water cannon)", "Protest with intervention"),
    (r"mob|lynch|vigilante", "Mob violence"),
    (r"riot|burn(?:ing|t|ed)? tyres|stones|barricad|pelt", "Violent demonstration"),
    (r"protest|demonstrat|\brally\b|march(?:ed|ers)?\b|sit-in|picket", "Peaceful protest"),
    (r"abduct|kidnap", "Abduction/forced disappearance"),
    (r"\brap(?:e|ed)\b|sexual", "Sexual violence"),
    (r"arrest|detain", "Arrests"),
    (r"agreement|signed|peace deal|ceasefire|surrender", "Agreement"),
    (r"loot|torch|set (?:on )?fire|burn(?:ed|t) (?:down )?(?:houses|homes|property)|destroy", "Looting/property destruction"),
    (r"defus|demin|cleared (?:of )?(?:mines|explosives)|dismantl", "Disrupted weapons use"),
    (r"regain|retook|recaptur", "Government regains territory"),
    (r"took control|captured|seized control|overran|overtook", "Non-state actor overtakes territory"),
    (r"clash|fought|fighting|exchange of fire|gunfight|battle|ambush|engaged", "Armed clash"),
    (r"kill|shot|attack|hack|murder|stab|beat|assault", "Attack"),
]
_KEYWORDS = [(re.compile(p, re.I), sub) for p, sub in KEYWORD_RULES]
INTERS = ("1", "2", "3", "4", "5", "6", "7", "8")


def keyword_baseline(note: str) -> str | None:
    for pattern, sub in _KEYWORDS:
        if pattern.search(note):
            return sub
    return None


def is_test(note: str) -> bool:
    return int(hashlib.sha1(note.encode("utf-8")).hexdigest(), 16) % 3 == 0


def clean_note(note: str) -> str:
    m = _LABEL_PREFIX.match(note)
    if m and (m.group(0).strip(" :") in SUB_TYPES or m.group(0).strip().lower().startswith("change to")):
        return note[m.end():]
    return note


def load(split: str, per_source: int | None, seed: int = 7) -> list[dict[str, str]]:
    with open(require(DATA), newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["notes"].strip()]
    rows = [r for r in rows if is_test(r["notes"]) == (split == "test")]
    if per_source:
        by_source = defaultdict(list)
        for r in rows:
            by_source[r["dev_source"]].append(r)
        rng = random.Random(seed)
        rows = [r for src in sorted(by_source) for r in rng.sample(by_source[src], min(per_source, len(by_source[src])))]
    return rows


def code_notes(rows: list[dict[str, str]], with_date: bool) -> list[dict[str, Any]]:
    from eventwire.pipeline.lines import code_jsonl

    lines = (json.dumps({"id": i, "text": clean_note(r["notes"]), **({"date": r["event_date"]} if with_date else {})})
             for i, r in enumerate(rows))
    return list(code_jsonl(lines))


def main_event(result: dict[str, Any]) -> dict[str, Any] | None:
    events = result.get("events") or []
    for ev in events:
        if ev.get("acled_subtype"):
            return ev
    return None


def killed(ev: dict[str, Any] | None) -> int:
    """The main event's fatalities: its own ``fatalities`` field when it has one, else its largest killed figure."""
    if ev is None:
        return 0
    if ev.get("fatalities") is not None:
        return int(ev["fatalities"])
    numbers = [c["number"] for c in ev.get("counts") or [] if c.get("kind") == "killed" and c.get("number") is not None]
    return max(numbers, default=0)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def geo_precision(ev: dict[str, Any]) -> str | None:
    """eventwire's own precision when it gives one, else from the place's feature."""
    loc = ev.get("location") or {}
    if loc.get("precision"):
        return str(loc["precision"])
    feature = (loc.get("feature") or "").lower()
    if not feature:
        return None
    if feature in {"country", "admin1", "region", "state", "province"}:
        return "3"
    if feature in {"admin2", "district", "county"}:
        return "2"
    return "1"


_SECTOR_INTER = {"MIL": "1", "COP": "1", "GOV": "1", "SPY": "1", "JUD": "1", "REB": "2", "UAF": "3",
                 "MILITIA": "3", "ETH": "4", "RIOT": "5", "OPP": "6", "PRO": "6", "CVL": "7"}


def inter_code(ev: dict[str, Any] | None, role: str, country_iso3: str) -> str:
    """eventwire's inter code for the actor (role "actor") or recipient: its own field when it has one."""
    if ev is None:
        return "?"
    own = ev.get("acled_inter1" if role == "actor" else "acled_inter2")
    if own is not None:
        return str(own)
    sides = ev.get(role) or []
    if not sides:
        return "0"
    side = sides[0]
    inter = _SECTOR_INTER.get(side.get("sector") or "", "?")
    if inter == "1" and side.get("code") and side["code"] != country_iso3 and re.fullmatch(r"[A-Z]{3}", side["code"]):
        return "8"  # another state's forces: external
    return inter


def macro_f1(pairs: list[tuple[str, str]], labels: set[str]) -> float:
    f1s = []
    for label in sorted(labels):
        tp = sum(1 for p, g in pairs if p == label and g == label)
        fp = sum(1 for p, g in pairs if p == label and g != label)
        fn = sum(1 for p, g in pairs if p != label and g == label)
        if tp + fp + fn == 0:
            continue
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s) if f1s else 0.0


def score(rows: list[dict[str, str]], dated: list[dict], undated: list[dict]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r["dev_source"]].append(i)
        groups["all"].append(i)
    out: dict[str, dict[str, float]] = {}
    for name, idx in groups.items():
        n = len(idx)
        f: dict[str, float] = {"notes": n}
        mains = [main_event(dated[i]) for i in idx]
        mains_undated = [main_event(undated[i]) for i in idx]
        f["detection"] = sum(m is not None for m in mains) / n
        types = [((m or {}).get("acled_type") or "-", rows[i]["event_type"]) for m, i in zip(mains, idx)]
        subs = [((m or {}).get("acled_subtype") or "-", rows[i]["sub_event_type"]) for m, i in zip(mains, idx)]
        kw_subs = [(keyword_baseline(clean_note(rows[i]["notes"])) or "-", rows[i]["sub_event_type"]) for i in idx]
        kw_types = [(SUB_TYPES.get(p, "-"), SUB_TYPES.get(g, g)) for p, g in kw_subs]
        f["event type accuracy"] = sum(p == g for p, g in types) / n
        f["event type macro-F1"] = macro_f1(types, {g for _, g in types})
        f["sub-event type accuracy"] = sum(p == g for p, g in subs) / n
        f["sub-event type macro-F1"] = macro_f1(subs, {g for _, g in subs})
        f["keyword baseline: event type accuracy"] = sum(p == g for p, g in kw_types) / n
        f["keyword baseline: sub-event type accuracy"] = sum(p == g for p, g in kw_subs) / n
        deaths = [(killed(m), int(rows[i]["fatalities"] or 0)) for m, i in zip(mains, idx)]
        with_deaths = [(p, g) for p, g in deaths if g > 0]
        f["fatalities exact (notes with deaths)"] = (sum(p == g for p, g in with_deaths) / len(with_deaths)) if with_deaths else float("nan")
        f["fatalities exact (all notes)"] = sum(p == g for p, g in deaths) / n
        near25 = near161 = prec_ok = 0
        for m, i in zip(mains, idx):
            loc = (m or {}).get("location") or {}
            if loc.get("latitude") is None or not rows[i]["latitude"]:
                continue
            d = km(loc["latitude"], loc["longitude"], float(rows[i]["latitude"]), float(rows[i]["longitude"]))
            near25 += d <= 25
            near161 += d <= 161
            prec_ok += geo_precision(m) == rows[i]["geo_precision"]
        f["location within 25 km"] = near25 / n
        f["location within 161 km"] = near161 / n
        f["geo_precision agreement"] = prec_ok / n
        f["date right (date given)"] = sum((m or {}).get("date") == rows[i]["event_date"] for m, i in zip(mains, idx)) / n
        stated = [(m, i) for m, i in zip(mains_undated, idx) if _STATED_DAY.search(rows[i]["notes"])]
        f["date right (no date given, notes stating a day)"] = (
            sum((m or {}).get("date") == rows[i]["event_date"] for m, i in stated) / len(stated) if stated else float("nan"))
        iso3 = lambda i: rows[i]["iso3"] or {"Benin": "BEN"}.get(rows[i]["country"], "")  # noqa: E731
        f["actor1 inter code"] = sum(inter_code(m, "actor", iso3(i)) == rows[i]["inter1"] for m, i in zip(mains, idx)) / n
        f["actor2 inter code"] = sum(
            inter_code(m, "recipient", iso3(i)) == (rows[i]["inter2"] or "0") for m, i in zip(mains, idx)) / n
        f["detection without date"] = sum(m is not None for m in mains_undated) / n
        out[name] = f
    return out


def show_errors(rows: list[dict[str, str]], dated: list[dict], limit: int) -> None:
    wrong = [(r, main_event(d)) for r, d in zip(rows, dated) if (main_event(d) or {}).get("acled_subtype") != r["sub_event_type"]]
    print(f"examples of sub-event errors ({len(wrong)} in all):")
    for r, m in wrong[:limit]:
        got = f"{m['acled_type']} / {m['acled_subtype']} ({m['event']}, {m.get('trigger', {}).get('text')})" if m else "no event"
        print(f"  [{r['sub_event_type']}] got {got}: {r['notes'][:220]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--per-source", type=int, help="a fixed random sample of N notes per dev_source (quick runs)")
    parser.add_argument("--show", type=int, default=0, help="print N examples of sub-event errors (dev only)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if args.show and args.split != "dev":
        parser.error("--show is for the dev split only")
    rows = load(args.split, args.per_source)
    started = time.perf_counter()
    dated = code_notes(rows, with_date=True)
    undated = code_notes(rows, with_date=False)
    seconds = time.perf_counter() - started
    figures = score(rows, dated, undated)
    if args.show:
        show_errors(rows, dated, args.show)
    sources = [s for s in figures if s != "all"] + ["all"]
    print(f"split: {args.split}; {len(rows)} notes; coded twice in {seconds:.0f} s")
    names = list(figures["all"])
    print("figure".ljust(48) + "".join(s[:16].rjust(17) for s in sources))
    for name in names:
        cells = []
        for s in sources:
            v = figures[s][name]
            cells.append((f"{v:.0f}" if name == "notes" else ("n/a" if v != v else f"{v:.3f}")).rjust(17))
        print(name.ljust(48) + "".join(cells))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    a = figures["all"]
    print(f"acled {args.split}: type {a['event type accuracy']:.3f} (keywords {a['keyword baseline: event type accuracy']:.3f}), "
          f"sub-type {a['sub-event type accuracy']:.3f} (keywords {a['keyword baseline: sub-event type accuracy']:.3f}), "
          f"fatalities {a['fatalities exact (notes with deaths)']:.3f}, 161 km {a['location within 161 km']:.3f}, "
          f"date {a['date right (date given)']:.3f}, inter1 {a['actor1 inter code']:.3f}")


if __name__ == "__main__":
    main()

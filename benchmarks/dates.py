"""Date normalisation on TempEval-3's TBAQ-cleaned (TimeBank + AQUAINT, TimeML).

Each document's DCT (the TIMEX3 with functionInDocument=CREATION_TIME) is the
publication date. The text between <TEXT> tags is stripped of markup, split
into paragraphs on blank lines and parsed with spaCy (as the analyze stage
does); ``eventwire.resolve.when.find_time_expressions`` runs on every sentence.

Scoring, on gold TIMEX3 of type DATE only:
- a gold DATE is *found* when one of our expressions overlaps it (one-to-one,
  largest overlap first; a range counts as its two ends);
- it is *correct* when our value equals the gold value exactly;
- our expressions that overlap a gold TIMEX3 of another type (TIME,
  DURATION, SET) are not scored; those that overlap no gold TIMEX3 at all are
  spurious and count against precision.
value precision = correct / (found + spurious); value recall = correct / gold;
value F1 is their harmonic mean (the headline, printed last). Gold values we
never produce ("1988-Q3" for "a year ago" in an earnings report, "P1D") are
simply wrong answers.

The grammar was developed by reading errors on TimeBank only; AQUAINT's
figure is printed apart as the unseen one. With ``--baseline`` the same run
also scores dateparser on spaCy's DATE entities (RELATIVE_BASE = DCT,
PREFER_DATES_FROM = past, the value cut to the period dateparser reports).

    python benchmarks/dates.py [--errors N] [--limit DOCS] [--baseline]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _shared import SHARED_DATA, require  # noqa: E402

from eventwire.analyze import load_nlp  # noqa: E402
from eventwire.resolve.when import find_time_expressions  # noqa: E402

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_PARA = re.compile(r"\n\s*\n")


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Document:
    name: str
    corpus: str
    dct: str
    text: str
    timexes: list[Timex] = field(default_factory=list)


def read_tml(path: Path) -> Document:
    """Plain text of <TEXT> with the offsets of its TIMEX3 elements."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    dct_value = _ATTR.findall(dct.group(0)) if dct else []
    dct_date = dict(dct_value).get("value", "")[:10]
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[Timex] = []
    pos = 0
    for m in _TAG.finditer(body):
        piece = html.unescape(body[pos : m.start()])
        out.append(piece)
        length += len(piece)
        pos = m.end()
        closing, name = m.group(1), m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(m.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(out)[start:length]
            timexes.append(Timex(start, length, attrs.get("type", ""), attrs.get("value", ""), text))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return Document(path.stem, path.parent.name, dct_date, "".join(out), timexes)


def predict(nlp, doc: Document) -> list[tuple[int, int, str | None, str]]:
    """(start, end, value, text) of every expression we find, in document offsets."""
    paragraphs = []
    pos = 0
    for part in _PARA.split(doc.text):
        start = doc.text.find(part, pos)
        pos = start + len(part)
        if part.strip():
            paragraphs.append((start, part))
    found = []
    for (offset, _), parsed in zip(paragraphs, nlp.pipe((p for _, p in paragraphs), batch_size=32)):
        for sent in parsed.sents:
            base = offset + sent.start_char
            for expr in find_time_expressions(sent.text, doc.dct, sent):
                for part in expr.parts or [expr]:
                    label = f"{part.text}|{part.kind}|{part.direction}"  # text, pattern and tense, for --errors
                    found.append((base + part.start, base + part.end, part.value, label))
    return found


def predict_dateparser(nlp, doc: Document) -> list[tuple[int, int, str | None, str]]:
    """The baseline: spaCy DATE entities normalised by dateparser."""
    from datetime import datetime

    from dateparser.date import DateDataParser

    base = datetime.fromisoformat(doc.dct)
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    found = []
    for parsed in nlp.pipe([doc.text]):
        for ent in parsed.ents:
            if ent.label_ != "DATE":
                continue
            data = parser.get_date_data(ent.text)
            value = None
            if data.date_obj is not None:
                d = data.date_obj.date()
                value = {"day": d.isoformat(), "week": f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}",
                         "month": d.isoformat()[:7], "year": d.isoformat()[:4]}.get(data.period, d.isoformat())
            found.append((ent.start_char, ent.end_char, value, ent.text))
    return found


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    correct: int = 0
    spurious: int = 0
    other_type: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.gold += other.gold
        self.found += other.found
        self.correct += other.correct
        self.spurious += other.spurious
        self.other_type += other.other_type
        self.errors.extend(other.errors)

    @property
    def precision(self) -> float:
        return self.correct / (self.found + self.spurious) if self.found + self.spurious else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return (f"{label}: gold DATE {self.gold}, found {self.found} (recall {self.found / max(self.gold, 1):.3f}), "
                f"value accuracy on found {self.correct / max(self.found, 1):.3f}, spurious {self.spurious}, "
                f"other-type overlaps {self.other_type}; value P {self.precision:.3f} R {self.recall:.3f} "
                f"F1 {self.f1:.3f}")


def score(doc: Document, predictions: list[tuple[int, int, str | None, str]]) -> Score:
    s = Score()
    gold = [t for t in doc.timexes if t.type == "DATE"]
    s.gold = len(gold)
    pairs = []
    for gi, g in enumerate(gold):
        for pi, (start, end, _, _) in enumerate(predictions):
            overlap = min(end, g.end) - max(start, g.start)
            if overlap > 0:
                pairs.append((overlap, gi, pi))
    used_g, used_p = set(), set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        s.found += 1
        g, p = gold[gi], predictions[pi]
        if p[2] == g.value:
            s.correct += 1
        else:
            s.errors.append(f"{doc.name} dct={doc.dct} wrong: {g.text!r} gold={g.value} ours={p[2]} ({p[3]!r})")
    for gi, g in enumerate(gold):
        if gi not in used_g:
            s.errors.append(f"{doc.name} dct={doc.dct} missed: {g.text!r} gold={g.value}")
    others = [t for t in doc.timexes if t.type != "DATE"]
    for pi, (start, end, value, text) in enumerate(predictions):
        if pi in used_p:
            continue
        if any(min(end, t.end) > max(start, t.start) for t in others):
            s.other_type += 1
        elif not any(min(end, t.end) > max(start, t.start) for t in gold):
            s.spurious += 1
            s.errors.append(f"{doc.name} dct={doc.dct} spurious: {text!r} ours={value}")
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", type=int, default=0, help="print this many TimeBank errors")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents of each corpus")
    parser.add_argument("--baseline", action="store_true", help="also score dateparser on spaCy DATE entities")
    args = parser.parse_args()
    root = require(SHARED_DATA / "timex" / "TBAQ-cleaned")
    nlp = load_nlp()
    totals: dict[str, Score] = {}
    baseline = Score()
    seconds = 0.0
    words = 0
    for corpus in ("TimeBank", "AQUAINT"):
        paths = sorted((root / corpus).glob("*.tml"))
        if args.limit:
            paths = paths[: args.limit]
        total = Score()
        for path in paths:
            doc = read_tml(path)
            words += len(doc.text.split())
            started = time.perf_counter()
            total.add(score(doc, predict(nlp, doc)))
            seconds += time.perf_counter() - started
            if args.baseline:
                baseline.add(score(doc, predict_dateparser(nlp, doc)))
        totals[corpus] = total
    for corpus, total in totals.items():
        print(total.line(f"{corpus} ({'developed on' if corpus == 'TimeBank' else 'unseen'})"))
    if args.errors:
        for line in totals["TimeBank"].errors[: args.errors]:
            print("  ", line)
    if args.baseline:
        print(baseline.line("baseline: spaCy DATE entities + dateparser, both"))
    both = Score()
    for total in totals.values():
        both.add(total)
    print(both.line("TBAQ-cleaned, both"))
    print(f"speed: {words / seconds:,.0f} words/s including the spaCy parse ({words:,} words, {seconds:.1f} s)")
    print(f"TIMEX3 DATE value F1 (TBAQ-cleaned, overlap match, spurious count): {both.f1:.3f}")


if __name__ == "__main__":
    main()

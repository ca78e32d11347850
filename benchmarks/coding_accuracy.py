"""Event-coding accuracy on the development sets in ../shared/data.

(a) CAMEO pentaclass macro-F1 on cameo-pentaclass/train.tsv: each sentence's
    principal event (asserted events before modal ones, then the most
    confident, then the first) mapped to its pentaclass; class 0 when no event is coded. Nothing is
    trained on this file; the lexicon is written by hand, and was extended after reading the
    errors on the even rows only, so the odd rows' figure is printed apart as the unseen one.
(b) PLOVER type macro-F1 on the fixed held-back 20% of ngec-synthetic
    (benchmarks/_shared.py: held back by title template, sha1(title) % 5 == 0).
    Each story is coded as an article: its headline (the first line of the
    ``prompt`` column, the generated headline the label was written for) as the
    first paragraph, then the story text, through the same analyze -> code
    path as ``eventwire ingest``. The story's type is its principal event
    (``principal_event``: the best-ranked event of the first sentence that has
    one, so the headline's when it has one); stories with no event count as wrong.

    python benchmarks/coding_accuracy.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _shared import SHARED_DATA, ngec_rows, require  # noqa: E402

from eventwire import ontology  # noqa: E402
from eventwire.analyze import analyze  # noqa: E402
from eventwire.code import Coder  # noqa: E402
from eventwire.code.salience import principal_event  # noqa: E402
from eventwire.model import Article  # noqa: E402


def macro_f1(gold: list, pred: list, labels: list) -> tuple[float, dict]:
    per = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[label] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return sum(per.values()) / len(per), per


def principal(events):
    return principal_event(events)


def pentaclass_eval(coder: Coder, limit: int | None) -> float:
    path = require(SHARED_DATA / "cameo-pentaclass" / "train.tsv")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            text, label = line.rsplit("\t", 1)
            if label.strip().isdigit():
                rows.append((text, int(label)))
    rows = rows[:limit] if limit else rows
    gold, pred = [], []
    for (text, label), doc in zip(rows, coder.parse(t for t, _ in rows)):
        ev = principal(coder.code_doc(doc))
        gold.append(label)
        pred.append(ontology.pentaclass(ev.cameo_root) if ev else 0)
    f1, per = macro_f1(gold, pred, [0, 1, 2, 3, 4])
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    # the lexicon was extended after reading errors on the even rows only; the odd rows were never read
    for name, parity in (("even rows (errors read while writing the lexicon)", 0), ("odd rows (never read)", 1)):
        half_f1, _ = macro_f1(gold[parity::2], pred[parity::2], [0, 1, 2, 3, 4])
        print(f"    macro-F1 on {name}: {half_f1:.3f}")
    print(f"(a) pentaclass: {len(gold)} sentences, accuracy {acc:.3f}, per-class F1 "
          + ", ".join(f"{k}:{v:.3f}" for k, v in per.items()))
    print(f"    predicted distribution {sorted(Counter(pred).items())}, gold {sorted(Counter(gold).items())}")
    return f1


def headline(row: dict[str, str]) -> str:
    """The generated headline: the prompt's first line (the rest is the outlet's dateline)."""
    return row["prompt"].strip().split("\n")[0].strip()


def ngec_eval(coder: Coder, limit: int | None) -> float:
    rows = ngec_rows(held_back=True)
    rows = rows[:limit] if limit else rows
    articles = []
    for row in rows:
        text = f"{headline(row)}\n\n{row['text'].strip()}"
        articles.append(Article(id=Article.make_id(text), text=text, language="en"))
    gold, pred = [], []
    for row, analysis in zip(rows, analyze(coder.nlp, articles)):
        ev = principal(coder.code_analysis(analysis))
        gold.append(row["label"])
        pred.append(ev.event if ev else "NONE")
    labels = sorted(set(gold))
    f1, per = macro_f1(gold, pred, labels)
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    print(f"(b) ngec held-back: {len(gold)} stories, accuracy {acc:.3f}, no event for {pred.count('NONE')}")
    print("    per-class F1 " + ", ".join(f"{k}:{v:.2f}" for k, v in per.items()))
    return f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N items of each set")
    args = parser.parse_args()
    coder = Coder()
    a = pentaclass_eval(coder, args.limit)
    b = ngec_eval(coder, args.limit)
    print(f"(a) CAMEO pentaclass macro-F1: {a:.3f} (target 0.65)")
    print(f"(b) PLOVER type macro-F1 on held-back ngec: {b:.3f} (target 0.60)")


if __name__ == "__main__":
    main()

"""The learned alternative, measured: sentence embeddings + logistic regression on ngec-synthetic.

all-MiniLM-L6-v2 (eventwire.across.embed) embeds each story's headline + text (the
first 256 word pieces); a logistic regression is trained on the stories NOT
held back and scored on the fixed held-back 20% (benchmarks/_shared.py), the
same split and input as figure (b) of coding_accuracy.py. It also scores the
rule coder with this classifier as a fallback for stories where the rules find
no event. This is how we decided not to ship a classifier: see
docs/benchmarks.md. Prints the classifier's macro-F1 last.

    python benchmarks/coding_baseline_embeddings.py
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _shared import ngec_rows  # noqa: E402
from coding_accuracy import headline, macro_f1  # noqa: E402


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Takes no options; needs ../shared/data.").parse_args()
    from sklearn.linear_model import LogisticRegression

    from eventwire.across.embed import embed
    from eventwire.analyze import analyze
    from eventwire.code import Coder
    from eventwire.code.salience import principal_event
    from eventwire.model import Article

    train, test = ngec_rows(held_back=False), ngec_rows(held_back=True)
    started = time.perf_counter()
    x_train = embed([f"{headline(r)}. {r['text']}" for r in train])
    x_test = embed([f"{headline(r)}. {r['text']}" for r in test])
    print(f"embedded {len(train) + len(test)} stories in {time.perf_counter() - started:.0f} s")
    model = LogisticRegression(max_iter=2000, C=4.0, class_weight="balanced")
    model.fit(x_train, [r["label"] for r in train])
    gold = [r["label"] for r in test]
    learned = list(model.predict(x_test))
    labels = sorted(set(gold))

    coder = Coder()
    articles = [Article(id=str(i), text=f"{headline(r)}\n\n{r['text'].strip()}", language="en")
                for i, r in enumerate(test)]
    rules = []
    for analysis in analyze(coder.nlp, articles):
        ev = principal_event(coder.code_analysis(analysis))
        rules.append(ev.event if ev else None)
    fallback = [r if r is not None else m for r, m in zip(rules, learned)]
    rules = [r or "NONE" for r in rules]

    print(f"rule coder alone:                  macro-F1 {macro_f1(gold, rules, labels)[0]:.3f}")
    print(f"rule coder + classifier fallback:  macro-F1 {macro_f1(gold, fallback, labels)[0]:.3f} "
          f"({sum(r == 'NONE' for r in rules)} stories without a rule event)")
    print(f"MiniLM embeddings + logistic regression on held-back ngec: macro-F1 {macro_f1(gold, learned, labels)[0]:.3f}")


if __name__ == "__main__":
    main()

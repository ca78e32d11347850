"""Story clustering on ECB+: B-cubed F1 against the 43 topics and the 86 sub-topics.

    python benchmarks/stories.py [--topics 1,2,3]

ECB+ (../shared/data/story-clustering/ECB+) holds 982 news documents in 43
topics; each topic has two seminal events (sub-topics): the documents named
``*ecb.xml`` and those named ``*ecbplus.xml``. Each document becomes an
``Article`` (tokens joined per sentence, one paragraph per sentence; the URL
line the ecbplus documents start with is corpus metadata and is dropped; no
publication dates, so no time decay), goes through the pipeline's analyze
stage for its named entities, and through ``eventwire.across.stories`` exactly as
in an ingest: ``article_features`` (MiniLM embedding of title + lead, entity
counts) then ``cluster_articles``. Storylines are scored against topics,
chapters against sub-topics. The weights and thresholds in stories.yaml were
tuned on this corpus (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import SHARED_DATA, require  # noqa: E402

_TOKEN = re.compile(r'<token t_id="\d+" sentence="(\d+)" number="\d+">([^<]*)</token>')
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def read_ecb(folder: Path, topics: Sequence[str] | None = None) -> list[dict]:
    """[{name, topic, subtopic, text}] for every document (of the given topics)."""
    docs = []
    for path in sorted(folder.glob("*/*.xml")):
        topic = path.name.split("_")[0]
        if topics and topic not in topics:
            continue
        sentences: dict[int, list[str]] = defaultdict(list)
        for number, token in _TOKEN.findall(path.read_text(encoding="utf-8")):
            for ent, char in _ENTITIES.items():
                token = token.replace(ent, char)
            sentences[int(number)].append(token)
        lines = [" ".join(sentences[k]) for k in sorted(sentences)]
        if lines and lines[0].startswith("http"):
            lines = lines[1:]
        sub = topic + ("plus" if path.name.endswith("ecbplus.xml") else "ecb")
        docs.append({"name": path.name, "topic": topic, "subtopic": sub, "text": "\n\n".join(lines)})
    return docs


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (one label per item)."""
    by_pred: dict[str, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(predicted, gold)):
        by_pred[p].add(i)
        by_gold[g].add(i)
    precision = recall = 0.0
    for p, g in zip(predicted, gold):
        both = len(by_pred[p] & by_gold[g])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def cluster_documents(docs: list[dict]) -> tuple[dict[str, str], dict[str, str], dict[str, float]]:
    """Storyline and chapter of every document name, and the seconds each step took."""
    from eventwire.across.stories import article_features, cluster_articles, stories_of
    from eventwire.analyze import analyze, load_nlp
    from eventwire.model import Article

    articles = [Article(id=Article.make_id(d["name"] + d["text"]), text=d["text"], language="en") for d in docs]
    name_of = {a.id: d["name"] for a, d in zip(articles, docs)}
    seconds = {}
    t0 = time.perf_counter()
    entities = {an.article.id: [(m.text, m.label) for m in an.mentions] for an in analyze(load_nlp(), articles)}
    seconds["analyze"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    features = article_features(articles, entities)
    seconds["embed"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    storyline: dict[str, str] = {}
    chapter: dict[str, str] = {}
    for cluster in cluster_articles(features):
        story, *chapters = stories_of(cluster)
        for ch in chapters:
            for aid in ch.article_ids:
                storyline[name_of[aid]] = story.id
                chapter[name_of[aid]] = ch.id
    seconds["cluster"] = time.perf_counter() - t0
    return storyline, chapter, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", help="comma-separated topic numbers (default: all 43)")
    args = parser.parse_args()
    folder = require(SHARED_DATA / "story-clustering" / "ECB+")
    docs = read_ecb(folder, args.topics.split(",") if args.topics else None)
    storyline, chapter, seconds = cluster_documents(docs)
    names = [d["name"] for d in docs]
    topics = [d["topic"] for d in docs]
    subs = [d["subtopic"] for d in docs]
    print(f"documents: {len(docs)}, topics: {len(set(topics))}, sub-topics: {len(set(subs))}")
    print(f"storylines: {len(set(storyline.values()))}, chapters: {len(set(chapter.values()))}")
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
    sp, sr, sf = bcubed([storyline[n] for n in names], topics)
    cp, cr, cf = bcubed([chapter[n] for n in names], subs)
    # chapters scored against topics, and storylines against sub-topics, for context
    print(f"storylines vs sub-topics: F1 {bcubed([storyline[n] for n in names], subs)[2]:.4f}")
    print(f"chapters vs topics: F1 {bcubed([chapter[n] for n in names], topics)[2]:.4f}")
    print(f"chapters vs {len(set(subs))} sub-topics: B-cubed P {cp:.4f} R {cr:.4f} F1 {cf:.4f} (target >= 0.70)")
    print(f"storylines vs {len(set(topics))} topics: B-cubed P {sp:.4f} R {sr:.4f} F1 {sf:.4f} (target >= 0.90)")


if __name__ == "__main__":
    main()

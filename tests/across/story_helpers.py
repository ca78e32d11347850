"""Hand-built articles and event mentions, as the resolve stage would hand them over."""

from __future__ import annotations

from eventwire.across.merge import ArticleInfo
from eventwire.model import Actor, Article, Count, Event, Evidence, Place


def article(text: str, source: str, published: str | None, title: str | None = None,
            duplicate_of: str | None = None) -> Article:
    a = Article(id=Article.make_id(text), text=text, title=title, source=source, published=published,
                published_precision="day" if published else "unknown", language="en", duplicate_of=duplicate_of)
    return a


def actor(text: str, code: str | None = None, sector: str | None = None, name: str | None = None) -> Actor:
    return Actor(text=text, code=code, sector=sector, name=name or text, resolved=code is not None)


def mention(
    art: Article,
    sentence: str,
    event: str = "ASSAULT",
    *,
    actors: list[Actor] | None = None,
    recipients: list[Actor] | None = None,
    date: str | None = None,
    precision: str = "day",
    basis: str = "explicit",
    counts: list[Count] | None = None,
    modality: str = "asserted",
    index: int = 0,
    location: Place | None = None,
    cameo_root: str | None = None,
) -> Event:
    ev = Event(
        event=event, actor=actors or [], recipient=recipients or [], modality=modality,
        date=date if date is not None else art.published, date_precision=precision if date or art.published else "unknown",
        date_basis=basis if date else ("publication" if art.published else "unknown"),
        counts=counts or [], location=location, cameo_root=cameo_root, confidence=0.7,
        evidence=[Evidence(article_id=art.id, sentence_index=index, sentence=sentence, trigger=(0, 4))],
    )
    ev.id = ev.compute_id()
    return ev


def infos(*articles: Article) -> dict[str, ArticleInfo]:
    return {a.id: ArticleInfo(a.id, a.source, a.published, a.duplicate_of) for a in articles}

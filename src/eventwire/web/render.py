"""Text with highlighted spans, as plain data the templates escape.

Highlighting never builds HTML strings: it splits a text into segments
``(text, mark)`` and the (autoescaping) templates wrap marked segments in
elements. Offsets that are out of range or overlap are clipped or dropped,
so a bad offset from upstream can hide a highlight but never break a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: which mark wins when spans overlap (lower first)
ROLE_ORDER = {"trigger": 0, "actor": 1, "recipient": 2}


@dataclass
class Mark:
    """A highlighted span: what it is (trigger, actor, ...) and which events it belongs to."""

    start: int
    end: int
    role: str
    event_ids: list[str] = field(default_factory=list)
    quad_class: int | None = None
    label: str = ""


@dataclass
class Segment:
    text: str
    mark: Mark | None = None


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Split ``text`` at the marks; overlapping marks keep the earlier/higher-priority one."""
    kept: list[Mark] = []
    for m in sorted(marks, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.start)):
        start, end = max(0, m.start), min(len(text), m.end)
        if start >= end:
            continue
        if any(start < k.end and k.start < end for k in kept):
            continue
        kept.append(Mark(start, end, m.role, m.event_ids, m.quad_class, m.label))
    kept.sort(key=lambda m: m.start)
    out: list[Segment] = []
    pos = 0
    for m in kept:
        if m.start > pos:
            out.append(Segment(text[pos:m.start]))
        out.append(Segment(text[m.start:m.end], m))
        pos = m.end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def evidence_marks(evidence: dict[str, Any]) -> list[Mark]:
    """Trigger and argument spans of one evidence item (offsets into its sentence)."""
    marks = []
    trigger = evidence.get("trigger")
    if isinstance(trigger, (list, tuple)) and len(trigger) == 2:
        marks.append(Mark(int(trigger[0]), int(trigger[1]), "trigger"))
    for role, span in (evidence.get("arguments") or {}).items():
        if isinstance(span, (list, tuple)) and len(span) == 2:
            marks.append(Mark(int(span[0]), int(span[1]), str(role)))
    return marks


def locate_sentence(text: str, sentence: str, start_at: int = 0) -> int | None:
    """Where ``sentence`` starts in ``text`` (exactly, else ignoring whitespace differences)."""
    if not sentence:
        return None
    pos = text.find(sentence, start_at)
    if pos < 0:
        pos = text.find(sentence)
    if pos >= 0:
        return pos
    words = sentence.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    found = re.search(pattern, text)
    if not found:
        return None
    # offsets inside the sentence only hold when the whitespace was the same length
    return found.start() if found.end() - found.start() == len(sentence) else None


def article_marks(text: str, article_id: str, events: list[dict[str, Any]]) -> list[Mark]:
    """One trigger mark per distinct span in the article text, listing every event it starts."""
    by_span: dict[tuple[int, int], Mark] = {}
    for row in events:
        data = row.get("data") or {}
        for ev in data.get("evidence", []):
            if ev.get("article_id") not in (None, article_id):
                continue
            base = locate_sentence(text, ev.get("sentence") or "")
            trigger = ev.get("trigger")
            if base is None or not isinstance(trigger, (list, tuple)) or len(trigger) != 2:
                continue
            span = (base + int(trigger[0]), base + int(trigger[1]))
            mark = by_span.get(span)
            if mark is None:
                mark = by_span[span] = Mark(span[0], span[1], "trigger", [], row.get("quad_class"), "")
            if row["id"] not in mark.event_ids:
                mark.event_ids.append(row["id"])
                mark.label = ", ".join(filter(None, [mark.label, row.get("event")]))
    return list(by_span.values())


@dataclass
class Block:
    """A paragraph or heading of an article, already split into segments."""

    kind: str  # "p" or "h"
    segments: list[Segment]


def article_blocks(text: str, headings: list[Any], marks: list[Mark]) -> list[Block]:
    """Paragraphs (split at blank lines) and headings, each with its highlighted segments."""
    heading_spans = {(int(h[0]), int(h[1])) for h in headings or [] if len(h) == 2}
    blocks: list[Block] = []
    for found in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        start, end = found.start(), found.end()
        chunk = text[start:end]
        if not chunk.strip():
            continue
        local = [
            Mark(m.start - start, m.end - start, m.role, m.event_ids, m.quad_class, m.label)
            for m in marks if m.start >= start and m.end <= end
        ]
        lead = len(chunk) - len(chunk.lstrip())
        core = (start + lead, start + len(chunk.rstrip()))
        kind = "h" if any(s <= core[0] and e >= core[1] for s, e in heading_spans) else "p"
        blocks.append(Block(kind, segments(chunk, local)))
    return blocks


def snippet(text: str, terms: list[str], width: int = 240) -> list[Segment]:
    """A window of ``text`` around the first term found, with every term marked."""
    low = text.lower()
    hits = [low.find(t.lower()) for t in terms if t]
    hits = [h for h in hits if h >= 0]
    first = min(hits) if hits else 0
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    window = text[start:end]
    lw = window.lower()
    marks = []
    for t in terms:
        t = t.lower()
        if not t:
            continue
        pos = lw.find(t)
        while pos >= 0:
            marks.append(Mark(pos, pos + len(t), "match"))
            pos = lw.find(t, pos + len(t))
    out = segments(window, marks)
    if start > 0:
        out.insert(0, Segment("… "))
    if end < len(text):
        out.append(Segment(" …"))
    return out

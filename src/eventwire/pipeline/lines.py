"""The batch interface (``eventwire code``) and ``explain``.

``code_jsonl`` reads one JSON object per line, ``{"id", "text", "date"?}``,
and yields one object per input line in input order: ``{"id", "events",
"figures"}`` (figures: every count of the text, with its sentence index), or
``{"id", "line", "error", "events": []}`` for a line it cannot use: not UTF-8
(E504), not JSON (E500; NaN and Infinity are not JSON either), or holding a
value that could not be written back as JSON or UTF-8 (a lone surrogate, a
5,000-digit number: E505). So every output line is valid JSON in UTF-8.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import IO, Any

from ..analyze import analyze, bare_article
from ..code.coder import Coder
from ..code.salience import principal_event
from ..errors import Errors, message
from ..model import Event
from ..clean.dates import EARLIEST, LATEST, in_supported_range
from ..read.jsontext import BigNumber, NotJSON, loads, unusable
from ..resolve import resolve
from .worker import DEFAULT_LIMITS, DocumentLimits, _detail, _fatal, within_limits

#: an input line longer than this is not read whole (E500)
MAX_LINE_BYTES = 16 * 1024 * 1024

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def actor_json(actor) -> dict[str, Any]:
    return {"text": actor.text, "code": actor.code, "sector": actor.sector, "name": actor.name,
            "wikidata": actor.wikidata, "role": actor.role, "resolved": actor.resolved,
            "country": actor.country, "kind": actor.kind}


def event_to_json(ev: Event) -> dict[str, Any]:
    evidence = ev.evidence[0] if ev.evidence else None
    out: dict[str, Any] = {
        "id": ev.id,
        "event": ev.event,
        "mode": ev.mode,
        "context": ev.context,
        "actor": [actor_json(a) for a in ev.actor],
        "recipient": [actor_json(a) for a in ev.recipient],
        "cameo": ev.cameo,
        "cameo_root": ev.cameo_root,
        "quad_class": ev.quad_class,
        "goldstein": ev.goldstein,
        "acled_type": ev.acled_type,
        "acled_subtype": ev.acled_subtype,
        "acled_inter1": ev.acled_inter1,
        "acled_inter2": ev.acled_inter2,
        "acled_actor1": ev.acled_actor1,
        "acled_actor2": ev.acled_actor2,
        "fatalities": ev.fatalities,
        "modality": ev.modality,
        "attribution": ev.attribution,
        "attribution_anonymous": ev.attribution_anonymous,
        "attribution_outlet": ev.attribution_outlet,
        "date": ev.date,
        "date_precision": ev.date_precision,
        "date_basis": ev.date_basis,
        "date_text": ev.date_text,
        "date_end": ev.date_end,
        "counts": [asdict(c) for c in ev.counts],
        "rule": evidence.rule if evidence else None,
        "confidence": ev.confidence,
        "salience": ev.salience,
        "principal": False,
    }
    if evidence is not None:
        s, e = evidence.trigger
        out["trigger"] = {"text": evidence.sentence[s:e], "start": s, "end": e}
        out["arguments"] = {k: {"text": evidence.sentence[a:b], "start": a, "end": b} for k, (a, b) in evidence.arguments.items()}
    if ev.location is not None:
        out["location"] = asdict(ev.location)
        out["location_basis"] = ev.location_basis
    return out


def _error(line_no: int, record_id: Any, code: str, **fmt: Any) -> dict[str, Any]:
    return {"id": record_id, "line": line_no, "error": {"code": code, "message": message(code, **fmt)}, "events": []}


def _valid_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class LineTooLong:
    """Stands for an input line longer than ``MAX_LINE_BYTES``, which was not kept."""

    def __init__(self, length: int) -> None:
        self.length = length


def read_lines(stream: IO[bytes], limit: int = MAX_LINE_BYTES) -> Iterator[bytes | LineTooLong]:
    """The lines of a binary stream, each at most ``limit`` bytes (a longer one is a ``LineTooLong``)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            length = len(line)
            while line and not line.endswith(b"\n"):  # skip the rest of it, a block at a time
                line = stream.readline(limit)
                length += len(line)
            yield LineTooLong(length)
            continue
        yield line


def _record(
    line_no: int, line: str | bytes | LineTooLong
) -> tuple[dict[str, Any] | None, tuple[Any, str, str | None] | None]:
    """(error object, None) for a line that cannot be used, else (None, (id, text, date))."""
    if isinstance(line, LineTooLong):
        return _error(line_no, None, Errors.E500, detail=f"a line of {line.length} bytes (limit {MAX_LINE_BYTES})"), None
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _error(line_no, None, Errors.E504, detail=f"{exc.reason} at byte {exc.start}"), None
    if not line.strip():
        return _error(line_no, None, Errors.E503), None
    try:
        record = loads(line)
    except (json.JSONDecodeError, NotJSON, RecursionError) as exc:
        detail = getattr(exc, "msg", None) or str(exc) or "nested too deeply"
        return _error(line_no, None, Errors.E500, detail=detail), None
    if not isinstance(record, dict):
        kind = "a number" if isinstance(record, BigNumber) else type(record).__name__
        return _error(line_no, None, Errors.E500, detail=f"expected an object, got {kind}"), None
    record_id = record.get("id")
    bad = unusable(record_id, "id")
    if bad:
        return _error(line_no, None, Errors.E505, detail=bad), None
    text = record.get("text")
    if not isinstance(text, str):
        return _error(line_no, record_id, Errors.E501), None
    date = record.get("date")
    bad = unusable(text, "text") or unusable(date, "date")
    if bad:
        return _error(line_no, record_id, Errors.E505, detail=bad), None
    if date is not None and not _valid_date(date):
        return _error(line_no, record_id, Errors.E502, detail=date), None
    if date is not None and not in_supported_range(date):  # the calendar's edges: as for publication dates
        return _error(line_no, record_id, Errors.E208, detail=f"{date} (a date is from {EARLIEST} to {LATEST})"), None
    return None, (record_id, text[:100_000], date)


def principal_first(events: list[Event]) -> list[Event]:
    """The text's principal event first, then the others in text order."""
    top = principal_event(events)
    return [top, *(e for e in events if e is not top)] if top is not None else []


def code_jsonl(
    lines: Iterable[str | bytes | LineTooLong], coder: Coder | None = None, batch_size: int = 64,
    limits: DocumentLimits = DEFAULT_LIMITS,
) -> Iterator[dict[str, Any]]:
    """One output object per input line (text, or UTF-8 bytes), in input order; texts are parsed in batches.

    Each object's ``events`` start with the principal event (``"principal": true``). The per-document
    limits apply to each line; what they leave out is listed under ``warnings`` (E205-E207).
    """
    coder = coder or Coder()
    pending: list[tuple[int, dict[str, Any] | None, tuple[Any, str, str | None] | None]] = []

    def flush() -> Iterator[dict[str, Any]]:
        # each text goes the article path: paragraphs parsed in batches, coded, then resolved
        # (when, how many, according to whom, where) against the line's date
        items = list(pending)
        pending.clear()
        articles, warned = [], []
        for _, _, rec in items:
            if rec is not None:  # the per-document limits hold here too: an endless sentence is left out
                bounded, problems = within_limits(bare_article(rec[1], rec[2]), limits)
                articles.append(bounded if bounded is not None else bare_article("", rec[2]))
                warned.append([{"code": p.code, "message": p.reason} for p in problems])
        try:
            analyses: list | None = list(analyze(coder.nlp, articles, batch_size=batch_size))
        except Exception as exc:  # noqa: BLE001 - parse the batch's lines one by one instead
            if _fatal(exc):
                raise
            analyses = None
        index = 0
        for line_no, err, rec in items:
            if rec is None:
                yield err
                continue
            article, warnings, index = articles[index], warned[index], index + 1
            try:  # a line the stages fail on is one error line (E520); the rest goes on
                analysis = analyses[index - 1] if analyses is not None else next(analyze(coder.nlp, [article]))
                yield _coded(rec[0], analysis, coder, limits, warnings)
            except Exception as exc:  # noqa: BLE001
                if _fatal(exc):
                    raise
                yield _error(line_no, rec[0], Errors.E520, detail=_detail(exc))

    for line_no, line in enumerate(lines, start=1):
        pending.append((line_no, *_record(line_no, line)))
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def _coded(record_id: Any, analysis: Any, coder: Coder, limits: DocumentLimits,
           warnings: list[dict[str, str]]) -> dict[str, Any]:
    resolved = resolve(analysis, coder.code_analysis(analysis))
    events = resolved.events
    if len(events) > limits.max_events:
        warnings.append({"code": Errors.E207, "message": message(Errors.E207, count=len(events), limit=limits.max_events)})
        events = events[: limits.max_events]
    out = [event_to_json(ev) for ev in principal_first(events)]
    if out:
        out[0]["principal"] = True
    result = {"id": record_id, "events": out,
              "figures": [{"sentence_index": i, **asdict(c)} for i, c in resolved.figures]}
    if warnings:  # what the per-document limits left out of this line
        result["warnings"] = warnings
    return result


def explain(text: str, date: str | None = None, coder: Coder | None = None) -> dict[str, Any]:
    """The parse, every candidate trigger and what became of it, for each sentence."""
    from ..analyze import paragraph_texts

    coder = coder or Coder()
    coder.args.new_text()
    context: list = []
    sentences = []
    sents = [sent for doc in coder.parse(paragraph_texts(text)) for sent in doc.sents]
    for index, sent in enumerate(sents):
        result = coder.code_sentence(sent, date=date, sentence_index=index, context=context)
        top = principal_event(result.events)
        sentences.append({
            "sentence": sent.text,
            "tokens": [
                {"i": t.i - sent.start, "text": t.text, "lemma": t.lemma_, "pos": t.pos_, "dep": t.dep_,
                 "head": t.head.i - sent.start, "ent": t.ent_type_ or None}
                for t in sent
            ],
            "entities": [{"text": e.text, "label": e.label_} for e in sent.ents],
            "candidates": [
                {"token": c.token, "start": c.start, "end": c.end, "trigger": c.trigger, "decision": c.decision,
                 "reason": c.reason, "events": [{**event_to_json(ev), "principal": ev is top} for ev in c.events]}
                for c in result.candidates
            ],
        })
    # when and where: the article path (analyze, code, resolve) on the same text, each event's date and
    # place with the rule that gave it
    from ..resolve.when import date_reason
    from ..resolve.where import place_reason

    analysis = next(analyze(coder.nlp, [bare_article(text, date)]))
    resolution = resolve(analysis, coder.code_analysis(analysis))
    resolved = resolution.events
    when_where = [{"sentence_index": ev.evidence[0].sentence_index if ev.evidence else None,
                   "event": ev.event, "trigger": trigger_text(ev), "date": date_reason(ev), "place": place_reason(ev)}
                  for ev in resolved]
    # the ACLED events the text gives (as ``eventwire code`` resolves it) and why each has its type
    acled = [group.explain() for group in resolution.acled]
    return {"text": text, "date": date, "sentences": sentences, "when_where": when_where, "acled": acled}


def trigger_text(ev: Event) -> str:
    evidence = ev.evidence[0] if ev.evidence else None
    return evidence.sentence[slice(*evidence.trigger)] if evidence else ""


def _participant(a: dict[str, Any]) -> str:
    """'He (= Evan Mawarire) [? ]': a pronoun or a description ("the minister") shows whom it stands for."""
    who = a["text"]
    name = a.get("name")
    if name and name.lower() not in who.lower() and (len(who.split()) == 1 or who.lower().startswith("the ")):
        who += f" (= {name})"
    return f"{who} [{a['code'] or '?'} {a['sector'] or ''}]".strip()


def explain_text(report: dict[str, Any]) -> str:
    """A terminal rendering of ``explain``."""
    lines = []
    for s in report["sentences"]:
        lines.append(f"Sentence: {s['sentence']}")
        lines.append("  parse: " + " ".join(f"{t['text']}/{t['pos']}/{t['dep']}<{t['head']}" for t in s["tokens"]))
        if s["entities"]:
            lines.append("  entities: " + ", ".join(f"{e['text']} ({e['label']})" for e in s["entities"]))
        if not s["candidates"]:
            lines.append("  no candidate trigger: no verb or noun of the lexicon in this sentence")
        for c in s["candidates"]:
            mark = "EVENT" if c["decision"] == "event" else "no event"
            lines.append(f"  [{mark}] '{c['token']}' ({c['trigger'] or 'no trigger'}): {c['reason']}")
            for ev in c["events"]:
                actors = ", ".join(_participant(a) for a in ev["actor"])
                recips = ", ".join(_participant(a) for a in ev["recipient"]) or "-"
                mark = "  <- principal event" if ev.get("principal") else ""
                lines.append(f"      {ev['event']} (CAMEO {ev['cameo']}, quad {ev['quad_class']}, Goldstein {ev['goldstein']}, "
                             f"{ev['modality']}): {actors} -> {recips}; confidence {ev['confidence']}, "
                             f"salience {ev['salience']}{mark}")
    if report.get("when_where"):
        lines.append("When and where (resolved over the whole text):")
        for w in report["when_where"]:
            lines.append(f"  {w['event']} '{w['trigger']}' (sentence {w['sentence_index']})")
            lines.append(f"      date: {w['date']}")
            lines.append(f"      place: {w['place']}")
    for a in report.get("acled") or []:
        lines.append(f"ACLED: {a['acled_type'] or 'no ACLED type'} / {a['acled_subtype'] or '-'} "
                     f"(sentences {a['sentences']}; {a['rule']})")
        lines.append(f"  events: {', '.join(a['events'])}; typed on event {a['lead']}")
        lines.append(f"  keys: {', '.join(a['keys']) or '-'}; actor {a['actor']}; target {a['target']}; "
                     f"country {a['country'] or '?'}; inter {a['inter']}; fatalities {a['fatalities']}")
    return "\n".join(lines)

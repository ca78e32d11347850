"""The batch interface (``eventwire code``) and ``explain``.

``code_jsonl`` reads one JSON object per line, ``{"id", "text", "date"?}``,
and yields one object per input line in input order: ``{"id", "events",
"figures"}`` (figures: every count of the text, with its sentence index), or
``{"id", "line", "error", "events": []}`` for a line it cannot use.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from ..analyze import analyze, bare_article
from ..code.coder import Coder
from ..code.salience import principal_event
from ..errors import Errors, message
from ..model import Event
from ..resolve import resolve

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


def _record(line_no: int, line: str) -> tuple[dict[str, Any] | None, tuple[Any, str, str | None] | None]:
    """(error object, None) for a line that cannot be used, else (None, (id, text, date))."""
    if not line.strip():
        return _error(line_no, None, Errors.E503), None
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        return _error(line_no, None, Errors.E500, detail=getattr(exc, "msg", "nested too deeply")), None
    if not isinstance(record, dict):
        return _error(line_no, None, Errors.E500, detail=f"expected an object, got {type(record).__name__}"), None
    record_id = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return _error(line_no, record_id, Errors.E501), None
    date = record.get("date")
    if date is not None and not _valid_date(date):
        return _error(line_no, record_id, Errors.E502, detail=date), None
    return None, (record_id, text[:100_000], date)


def principal_first(events: list[Event]) -> list[Event]:
    """The text's principal event first, then the others in text order."""
    top = principal_event(events)
    return [top, *(e for e in events if e is not top)] if top is not None else []


def code_jsonl(lines: Iterable[str], coder: Coder | None = None, batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """One output object per input line, in input order; texts are parsed in batches.

    Each object's ``events`` start with the principal event (``"principal": true``).
    """
    coder = coder or Coder()
    pending: list[tuple[dict[str, Any] | None, tuple[Any, str, str | None] | None]] = []

    def flush() -> Iterator[dict[str, Any]]:
        # each text goes the article path: paragraphs parsed in batches, coded, then resolved
        # (when, how many, according to whom, where) against the line's date
        articles = [bare_article(rec[1], rec[2]) for err, rec in pending if rec is not None]
        analyses = analyze(coder.nlp, articles, batch_size=batch_size)
        for err, rec in pending:
            if rec is None:
                yield err
                continue
            analysis = next(analyses)
            resolved = resolve(analysis, coder.code_analysis(analysis))
            out = [event_to_json(ev) for ev in principal_first(resolved.events)]
            if out:
                out[0]["principal"] = True
            yield {"id": rec[0], "events": out,
                   "figures": [{"sentence_index": i, **asdict(c)} for i, c in resolved.figures]}
        pending.clear()

    for line_no, line in enumerate(lines, start=1):
        pending.append(_record(line_no, line))
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


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

"""PLOVER JSONL: one event per line with the PLOVER manual's JSON field names.

The manual (Open Event Data Alliance, "JSON Data Fields") names the acting
side ``source`` and the acted-upon side ``recipient``, both lists of actor
objects (code, sector, actor_text, identifier_id, identifier_text, office);
``event``, ``mode`` and ``context`` are lists; ``event_loc`` is a GeoNames
style location object; ``quad_code`` and ``event_scale`` (Goldstein) are
optional numbers; ``dead``/``injured``/``arrested`` follow the manual's size
fields. Fields the manual does not define (modality, attribution, ...) are
added under their eventwire names, which the manual explicitly allows.

DESIGN.md (and PLOVER's later record format) call the acting side ``actor``;
both names carry the same list, so a reader of either finds it.
"""

from __future__ import annotations

import json
from typing import IO, Any

from .. import __version__
from .geo import iso2
from .registry import exporter
from .rows import Row, SourceIndex, evidence_article_ids, outlets, smallest_count, trigger_text, write_records

CODEBOOK = "PLOVER (eventwire ontology tables)"


def _actor(a: dict[str, Any]) -> dict[str, Any]:
    obj = {
        "code": a.get("code"),
        "sector": a.get("sector"),
        "actor_text": a.get("text"),
        "identifier_id": a.get("wikidata"),
        "identifier_text": a.get("name"),
        "office": a.get("role"),
    }
    return {k: v for k, v in obj.items() if v is not None}


def _location(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    if not loc:
        return None
    obj = {
        "geonameid": loc.get("geonameid"),
        "name": loc.get("name"),
        "latitude": loc.get("latitude"),
        "longitude": loc.get("longitude"),
        "feature code": loc.get("feature"),
        "country code": iso2(loc.get("country")),
        "cc3": loc.get("country"),
        "admin1 code": loc.get("admin1"),
    }
    return {k: v for k, v in obj.items() if v is not None}


def plover_record(row: Row, sources: SourceIndex) -> dict[str, Any] | None:
    """One PLOVER record, or None when the event has no date at all (the manual requires one)."""
    data = row["data"]
    day = row.get("day")
    if not day:
        return None
    articles = sources.get(evidence_article_ids(row))
    evidence = data.get("evidence") or []
    first = evidence[0] if evidence else {}
    texts = [t for t in (trigger_text(e) for e in evidence) if t]
    first_article = articles[0] if articles else {}
    actors = [_actor(a) for a in data.get("actor", [])]
    return {
        "id": data.get("id") or row["id"],
        "has_event": True,
        "date": str(day)[:10],
        "source": actors,
        "actor": actors,
        "recipient": [_actor(a) for a in data.get("recipient", [])],
        "event": [data["event"]],
        "mode": [data["mode"]] if data.get("mode") else [],
        "context": list(data.get("context") or []),
        "event_loc": _location(data.get("location")),
        "event_text": list(dict.fromkeys(texts)),
        "quad_code": data.get("quad_class"),
        "event_scale": data.get("goldstein"),
        "text": first.get("sentence"),
        # the title is sentence -1 (coded before the text's sentence 0): PLOVER counts it as the lead
        "text_info": {"sequence": max(first["sentence_index"], 0) if first.get("sentence_index") is not None else None},
        "cite_info": {
            "url": first_article.get("url"),
            "title": first_article.get("title"),
            "language": row.get("article_language"),
            "publication": first_article.get("source"),
            "coder": f"eventwire {__version__}",
            "codebook": CODEBOOK,
        },
        "coder": f"eventwire {__version__}",
        "coded_date": str(row.get("article_ingested_at") or "")[:10] or None,
        "dead": smallest_count(row, "killed"),
        "injured": smallest_count(row, "injured"),
        "arrested": smallest_count(row, "arrested"),
        # eventwire extensions (not in the manual)
        "cameo": data.get("cameo"),
        "modality": data.get("modality"),
        "attribution": data.get("attribution"),
        "date_precision": data.get("date_precision"),
        "date_basis": data.get("date_basis"),
        "num_sources": len(outlets(articles)),
        "num_articles": len(articles),
        "article_ids": [a["id"] for a in articles],
        "confidence": data.get("confidence"),
    }


@exporter("plover", suffix=".jsonl", description="JSONL", title="PLOVER JSONL", asserted_only=True,
          skip_reason="no date", order=10)
def write_plover(rows, out: IO[str], sources: SourceIndex) -> tuple[int, int]:
    """Write JSONL; returns (written, skipped for having no date)."""
    return write_records(rows, sources, plover_record, lambda record: out.write(json.dumps(record, ensure_ascii=False) + "\n"))

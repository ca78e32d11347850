"""PLOVER JSONL: one event per line in the current PLOVER data format (the OEDA PLOVER manual).

The acting side is ``actor`` and the acted-upon side ``recipient``, both lists
of actor objects (``code``, ``sector``, ``entity_text`` as written,
``identifier_id``/``identifier_text`` for the Wikidata entity, ``office``);
``event``, ``mode`` and ``context`` are lists; ``event_loc`` is a GeoNames
style location object with keys written without spaces and a 3-letter ISO
country; ``enddate`` closes an event with an end date; ``quad_code`` comes from
PLOVER's own table of categories (``plover_quad.tsv``), not from CAMEO;
``dead``/``injured``/``arrested`` are the size fields. ``cite_info`` names the
codebook and the version of the coder. Fields PLOVER does not define
(modality, attribution, ...) are added under their eventwire names, which
the manual allows.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import IO, Any

from .. import __version__
from ..dates import last_day
from .geo import admin1_of, table_rows
from .registry import exporter
from .rows import (Row, SourceIndex, evidence_article_ids, outlets, smallest_count, trigger_text, web_url,
                   write_records)

#: what ``cite_info.codebook`` says the events were coded with (the manual's "plover-base-1.3.1" style)
CODEBOOK = f"plover-eventwire-{__version__}"
CODER = f"eventwire {__version__}"


@lru_cache(maxsize=1)
def quad_codes() -> dict[str, int]:
    """PLOVER event type -> its quad class 1-4 (PLOVER's table, ``plover_quad.tsv``)."""
    return {r["event"]: int(r["quad_code"]) for r in table_rows("plover_quad.tsv")}


def _present(obj: dict[str, Any]) -> dict[str, Any]:
    """The keys whose value is known (PLOVER's objects leave unknown keys out)."""
    return {k: v for k, v in obj.items() if v is not None}


def _actor(a: dict[str, Any]) -> dict[str, Any]:
    return _present({
        "code": a.get("code"),
        "sector": a.get("sector"),
        "entity_text": a.get("text"),
        "identifier_id": a.get("wikidata"),
        "identifier_text": a.get("name"),
        "office": a.get("role"),
    })


def _location(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    if not loc:
        return None
    admin1_code, admin1_name = admin1_of(loc.get("country"), loc.get("admin1"))
    return _present({
        "geonameid": loc.get("geonameid"),
        "name": loc.get("name"),
        "latitude": loc.get("latitude"),
        "longitude": loc.get("longitude"),
        "feature_code": loc.get("feature"),
        "country_code": loc.get("country"),
        "admin1_code": admin1_code,
        "admin1_name": admin1_name,
    })


def _enddate(data: dict[str, Any]) -> dict[str, str]:
    """``{"enddate": YYYY-MM-DD}`` for an event with an end date (the last day it covers), else nothing."""
    end = last_day(data.get("date_end"))
    return {"enddate": end.isoformat()} if end else {}


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
    return {
        "id": data.get("id") or row["id"],
        "has_event": True,
        "date": str(day)[:10],
        **_enddate(data),
        "actor": [_actor(a) for a in data.get("actor", [])],
        "recipient": [_actor(a) for a in data.get("recipient", [])],
        "event": [data["event"]],
        "mode": [data["mode"]] if data.get("mode") else [],
        "context": list(data.get("context") or []),
        "event_loc": _location(data.get("location")),
        "event_text": list(dict.fromkeys(texts)),
        "quad_code": quad_codes().get(data["event"]),
        "event_scale": data.get("goldstein"),
        "text": first.get("sentence"),
        # the title is sentence -1 (coded before the text's sentence 0): PLOVER counts it as the lead
        "text_info": {"sequence": max(first["sentence_index"], 0) if first.get("sentence_index") is not None else None},
        "cite_info": {
            "url": web_url(first_article.get("url")),
            "title": first_article.get("title"),
            "language": row.get("article_language"),
            "publication": first_article.get("source"),
            "coder": CODER,
            "codebook": CODEBOOK,
            "version": __version__,
        },
        "coder": CODER,
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

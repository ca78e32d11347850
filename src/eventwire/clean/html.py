"""HTML to text with trafilatura, plus the metadata it finds.

libxml2 checks each new attribute of an element against the ones before it,
so one element with 200,000 attributes takes minutes to parse: the
attributes of a tag longer than ``MAX_TAG_CHARS`` are dropped first (its
name and content stay; no attribute that long carries article text).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import trafilatura

# do not guess dates from the page text: only dates the page declares count
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


#: an HTML page longer than this is not extracted (E209): trafilatura takes seconds per megabyte of markup
MAX_HTML_CHARS = 5_000_000
#: a start tag longer than this keeps only its name (real tags, srcset and inline SVG paths included, are shorter)
MAX_TAG_CHARS = 4000
# possessive quantifiers: no backtracking, so the scan stays linear whatever the markup
_LONG_TAG = re.compile(r"<([A-Za-z][\w:.-]*+)[^<>]{%d,}+>" % MAX_TAG_CHARS)


def tame_tags(html: str) -> str:
    """``html`` with the attributes of over-long start tags dropped."""
    return _LONG_TAG.sub(r"<\1>", html) if len(html) > MAX_TAG_CHARS else html


@dataclass
class Extracted:
    text: str
    meta: dict[str, str] = field(default_factory=dict)


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(
                tame_tags(html),
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                date_extraction_params=_DATE_PARAMS,
            )
        except Exception:  # lxml raises a zoo of errors on hostile markup
            return None
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    if not text.strip():
        return None
    meta = {}
    for key, name in (("title", "title"), ("author", "author"), ("date", "date"), ("url", "url"), ("source", "sitename")):
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    # trafilatura keeps one paragraph per line; make paragraphs explicit
    return Extracted(text="\n\n".join(line for line in text.split("\n") if line.strip()), meta=meta)

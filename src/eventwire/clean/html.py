"""HTML to text with trafilatura, plus the metadata it finds."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import trafilatura

# do not guess dates from the page text: only dates the page declares count
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass
class Extracted:
    text: str
    meta: dict[str, str] = field(default_factory=dict)


def extract_html(html: str, url: str | None = None) -> Extracted | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(
                html,
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

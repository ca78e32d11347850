"""Fetch an article by URL (httpx), with a clear error when there is no network."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import Errors, problem
from ..model import Problem, RawDocument
from .decode import DecodeError, decode_bytes

if TYPE_CHECKING:
    from . import ReadOptions

USER_AGENT = "eventwire/0.1 (+https://pypi.org/project/eventwire/)"


def fetch_url(url: str, options: "ReadOptions") -> Iterator[RawDocument | Problem]:
    import httpx  # here: the package imports this module with every reader, and httpx is slow to load

    try:
        with httpx.Client(follow_redirects=True, timeout=options.fetch_timeout, headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    yield problem(url, Errors.E111, detail=f"HTTP {response.status_code}")
                    return
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > options.max_bytes:
                        yield problem(url, Errors.E103, size=f"more than {options.max_bytes}", limit=options.max_bytes)
                        return
                    chunks.append(chunk)
                ctype = response.headers.get("content-type", "")
                final_url = str(response.url)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        yield problem(url, Errors.E112, url=url, detail=str(exc) or type(exc).__name__)
        return
    except httpx.HTTPError as exc:
        yield problem(url, Errors.E111, detail=str(exc) or type(exc).__name__)
        return
    data = b"".join(chunks)
    charset = ctype.split("charset=", 1)[1].split(";")[0].strip() if "charset=" in ctype else None
    try:
        text = decode_bytes(data, declared=charset)
    except DecodeError as exc:
        yield problem(url, Errors.E102 if exc.binary else Errors.E104, detail=str(exc))
        return
    kind = "html" if "html" in ctype or text.lstrip()[:1] == "<" else "text"
    yield RawDocument(source=url, content=text, content_type=kind, format="url", meta={"url": final_url})

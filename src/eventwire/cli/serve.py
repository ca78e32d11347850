"""``eventwire serve``: the REST API and the web UI from one process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import Errors, EventwireError
from .common import DbOption, app, err, fail, opened, shown

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Only loopback is private; 0.0.0.0 exposes the store to the network.", metavar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    token: Annotated[
        Optional[str],
        typer.Option(help="Require this token for the API and the UI (header, or cookie after opening /?token=...). Default: $EVENTWIRE_TOKEN.", envvar="EVENTWIRE_TOKEN", show_envvar=False),
    ] = None,
    cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Answer repeated requests from memory until the store file changes (DuckDB stores).")
    ] = True,
) -> None:
    """Serve the REST API (/api, schema at /api/openapi.json) and the web UI from one process.

    The store is opened read-only for each request, so `eventwire ingest` can
    keep writing it; while an ingest holds the file, requests get a 503 with
    Retry-After instead of an error. Answers are kept in memory (64 MB at
    most) and dropped as soon as the store file changes. Without --token, only
    requests addressed to a loopback name, an IP address or the --host name are
    answered (no web page can read the server by DNS rebinding). A store of an
    older eventwire is migrated first.
    """
    import uvicorn

    from ..store import DEFAULT_DB
    from ..web.app import create_app

    path = db or os.environ.get("EVENTWIRE_DB") or DEFAULT_DB
    if "://" not in str(path) and not Path(path).exists():
        fail(EventwireError(Errors.E404, detail=f"store {path} (run `eventwire ingest` first)"))
    _ready(path)
    if host not in LOOPBACK_HOSTS:
        err.print(
            f"[bold yellow]warning:[/] listening on {shown(host)}: anyone who can reach this machine can read the store"
            + ("" if token else " (no --token set)"), soft_wrap=True,
        )
    url_host = f"[{host}]" if ":" in host else host
    suffix = f"/?token={token}" if token else "/"
    err.print(f"eventwire serving {shown(path)} at {shown(f'http://{url_host}:{port}{suffix}')}  (Ctrl+C to stop)",
              soft_wrap=True)
    # keep-alive connections stay open 75 s (uvicorn: 5 s): a client that waited out an ingest's batch and
    # reuses its connection would otherwise race the server closing it
    uvicorn.run(create_app(path, token=token, cache=cache, hosts=[host]), host=host, port=port, log_level="warning",
                timeout_keep_alive=75)


def _ready(path: str) -> None:
    """Check that the store opens before serving it; a store of an older eventwire is migrated once."""
    from ..db import Eventwire

    try:
        Eventwire(path, read_only=True).close()
    except EventwireError as exc:
        if exc.code != Errors.E410:
            fail(exc)
        with opened(path):  # opened for writing: migrated
            err.print(f"migrated {shown(path)} to this eventwire's schema", soft_wrap=True)

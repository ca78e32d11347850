"""The ``eventwire`` command: a thin layer over ``eventwire.db.Eventwire``.

One module per concern; each registers its commands on ``app`` (common.py)
when imported, and ``eventwire --help`` lists them in that order.
"""

from __future__ import annotations

import errno
import sys

from ..errors import Errors, EventwireError
from .common import app, err

# importing a module registers its commands; --help lists them in this order
# isort: off
from . import ingest, listings, coding, export, serve  # noqa: F401
# isort: on

#: errors of a full disk (or a file size or quota limit) wherever they happen: the store, a cache, a temp file
DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # e.g. `eventwire articles --csv | head`
        sys.stderr.close()
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        # nothing half-written stays behind: each batch is one transaction
        err.print(f"[bold red]error:[/] {EventwireError(Errors.E402, detail=f'{exc.filename or exc.strerror} ({exc.strerror})')}")
        sys.exit(1)


__all__ = ["app", "main"]

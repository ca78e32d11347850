"""The ``eventwire`` command: a thin layer over ``eventwire.db.Eventwire``.

One module per concern; each registers its commands on ``app`` (common.py)
when imported, and ``eventwire --help`` lists them in that order.
"""

from __future__ import annotations

import errno
import sys

from ..errors import Errors, EventwireError
from .common import GuardedStdout, StdoutFailed, app, err, shown, stdout_error

# importing a module registers its commands; --help lists them in this order
# isort: off
from . import ingest, listings, coding, export, serve  # noqa: F401
# isort: on

#: errors of a full disk (or a file size or quota limit) wherever they happen: the store, a cache, a temp file
DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def main() -> None:
    sys.stdout = GuardedStdout(sys.stdout)  # a failed write to stdout says so (E612), not "disk full in the store"
    status: int | str | None = 0
    try:
        app()
    except SystemExit as exc:  # how click ends every command
        status = exc.code
    except BrokenPipeError:  # e.g. `eventwire articles --csv | head`
        sys.stderr.close()
        return
    except StdoutFailed as exc:
        _error(stdout_error(exc))
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        # a file beside the store (a temporary file, a cache): the store's own errors arrive as E402
        _error(EventwireError(Errors.E613, path=exc.filename or "a file", detail=exc.strerror or str(exc)))
    try:
        sys.stdout.flush()  # what was still buffered when the command ended
    except BrokenPipeError:
        sys.stderr.close()
        return
    except OSError as exc:
        _error(stdout_error(exc))
    sys.exit(status)


def _error(exc: EventwireError) -> None:
    err.print(f"[bold red]error:[/] {shown(exc)}", soft_wrap=True)
    sys.exit(1)


__all__ = ["app", "main"]

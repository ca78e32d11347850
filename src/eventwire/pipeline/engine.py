"""Executors: where the stage functions run, kept apart from the stages.

The same module-level stage functions (picklable, model state cached per
worker process) run in-process, in a local process pool, or on a Dask
cluster. An executor only has to submit ``fn(chunk)`` and hand back results
in submission order; the pipeline decides what a chunk is.

- ``inline``: one process, no pool (1 worker, and small runs).
- ``local``: a process pool on this machine, all cores by default.
- ``dask``: a Dask distributed cluster (a LocalCluster on loopback when no
  scheduler address is given); failed tasks are retried on another worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

from ..errors import Errors, EventwireError

ENGINES = ("local", "dask")


class Pending(Protocol):
    def result(self) -> Any: ...


class Executor(Protocol):
    name: str
    workers: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Pending: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """All cores this process may use (the CPU affinity mask, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class InlineExecutor:
    """Runs each call at once in this process."""

    name = "inline"
    workers = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> Pending:
        return _Done(fn(*args))

    def close(self) -> None:
        pass


#: how much lower a pool worker's CPU priority is than the ingest process's
WORKER_NICENESS = 3


def _worker_setup(parent: int, every: float = 2.0) -> None:
    """Pool initializer. The ingest process runs the serial steps every batch waits for
    (near-duplicates, merge, stories, the store), so workers yield the CPU to it first;
    and a worker ends when the ingest process is gone (killed, crashed) instead of
    waiting forever on a queue nobody feeds."""
    import threading
    import time

    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # pragma: no cover - not allowed here
        pass

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # pragma: no cover - pid reused by another user's process
                os._exit(1)

    threading.Thread(target=watch, name="eventwire-parent-watch", daemon=True).start()


class LocalExecutor:
    """A pool of worker processes; each loads the models once (on first use)."""

    name = "local"

    def __init__(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        # forkserver: workers do not inherit the parent's open store, threads or locks. No
        # preloading: the fork server would hold another copy of eventwire's imports (~100 MB)
        context = multiprocessing.get_context("forkserver")
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_setup, initargs=(os.getpid(),)
        )

    def submit(self, fn: Callable[..., Any], *args: Any) -> Pending:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.pool.submit(fn, *args)
        except BrokenProcessPool as exc:  # a worker died earlier (killed, out of memory)
            raise EventwireError(Errors.E703, task=getattr(fn, "__name__", "a task"), detail=str(exc)) from exc

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask distributed cluster; each failed task is retried up to ``retries`` times."""

    name = "dask"

    def __init__(
        self, scheduler: str | None = None, workers: int | None = None, retries: int = 2, connect_timeout: float = 20.0
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a declared dependency
            raise EventwireError(Errors.E700, detail=f"dask[distributed] is not installed ({exc})") from exc
        self.retries = retries
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=f"{connect_timeout}s")
            except (OSError, TimeoutError) as exc:
                raise EventwireError(Errors.E701, scheduler=scheduler, detail=str(exc).splitlines()[0]) from exc
        else:
            self.cluster = LocalCluster(
                n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address="127.0.0.1:0",
            )
            self.client = Client(self.cluster)
        self.workers = len(self.client.scheduler_info().get("workers", {})) or (workers or 1)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Pending:
        # pure=False: the same chunk submitted twice (a rerun) must run again
        return self.client.submit(fn, *args, pure=False, retries=self.retries)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def check_engine(engine: str, workers: int | None = None, scheduler: str | None = None) -> None:
    """Refuse impossible combinations before any work starts."""
    if engine not in ENGINES:
        raise EventwireError(Errors.E702, engine=engine, known=", ".join(ENGINES))
    if scheduler and engine != "dask":
        raise EventwireError(Errors.E702, engine=f"{engine} with --scheduler", known="dask")
    if workers is not None and workers < 1:
        raise EventwireError(Errors.E704, workers=workers)


def make_executor(engine: str = "local", workers: int | None = None, scheduler: str | None = None) -> Executor:
    """The executor for ``--engine`` / ``--workers`` / ``--scheduler``."""
    check_engine(engine, workers, scheduler)
    if engine == "dask":
        return DaskExecutor(scheduler, workers)
    count = workers or default_workers()
    return InlineExecutor() if count <= 1 else LocalExecutor(count)


__all__ = [
    "DaskExecutor", "ENGINES", "Executor", "InlineExecutor", "LocalExecutor", "Pending", "check_engine",
    "default_workers", "make_executor",
]

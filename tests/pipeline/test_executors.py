"""Executors run the same functions and give results in submission order."""

from __future__ import annotations

import operator

import pytest

from eventwire.errors import EventwireError
from eventwire.pipeline.engine import DaskExecutor, InlineExecutor, LocalExecutor, default_workers, make_executor


def _run(executor, chunks):
    try:
        pending = [executor.submit(operator.mul, a, b) for a, b in chunks]
        return [p.result() for p in pending]
    finally:
        executor.close()


CHUNKS = [(i, i + 1) for i in range(12)]
EXPECTED = [a * b for a, b in CHUNKS]


def test_inline_and_local_pool_agree():
    assert _run(InlineExecutor(), CHUNKS) == EXPECTED
    assert _run(LocalExecutor(2), CHUNKS) == EXPECTED


def test_make_executor_defaults_and_errors():
    one = make_executor("local", workers=1)
    assert one.name == "inline"
    one.close()
    assert default_workers() >= 1
    with pytest.raises(EventwireError, match="E702"):
        make_executor("spark")
    with pytest.raises(EventwireError, match="E702"):
        make_executor("local", scheduler="tcp://127.0.0.1:8786")


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_results():
    pytest.importorskip("distributed")
    executor = make_executor("dask", workers=2)
    assert executor.workers == 2
    assert _run(executor, CHUNKS) == EXPECTED


def test_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("distributed")
    with pytest.raises(EventwireError, match="E701"):
        DaskExecutor("tcp://127.0.0.1:1", connect_timeout=1)


_POOL_SCRIPT = """
import operator, os, sys, time
from eventwire.pipeline.engine import LocalExecutor
if __name__ == "__main__":
    ex = LocalExecutor(2)
    assert [ex.submit(operator.mul, i, 2).result() for i in range(4)] == [0, 2, 4, 6]
    print(" ".join(str(pid) for pid in ex.pool._processes), flush=True)
    time.sleep(60)
"""


def test_workers_end_when_the_ingest_process_is_killed(tmp_path):
    """A killed ingest must not leave worker processes (and their models) behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "pool.py"
    script.write_text(_POOL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert pids  # the pool starts workers as it needs them
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        with open(f"/proc/{pid}/stat") as fh:  # a zombie waiting for its reaper counts as gone
            return fh.read().split(")")[-1].split()[0] != "Z"

    deadline = time.monotonic() + 20
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(p) for p in pids)

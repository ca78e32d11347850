"""The long fuzzing run: the property tests of tests/fuzz with many more examples.

The test suite runs each property with a few hundred examples; this script
runs the same properties with SCALE times as many (hypothesis keeps the
failing examples it finds in .hypothesis/, so a finding replays in the
normal test run until it is fixed). Prints the pytest summary last.

    python tools/fuzz.py [--scale 50] [-k warc]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=50, help="examples per property = scale x the test suite's")
    parser.add_argument("-k", dest="keyword", default=None, help="only properties matching this pytest -k expression")
    args = parser.parse_args()
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics", str(ROOT / "tests" / "fuzz")]
    if args.keyword:
        cmd += ["-k", args.keyword]
    env = {**os.environ, "EVENTWIRE_FUZZ_SCALE": str(args.scale)}
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = proc.stdout.strip().splitlines()
    detail = [ln.strip() for ln in lines if ln.startswith("tests/") or " passing, " in ln or "FAILED" in ln or "Falsifying" in ln]
    print("\n".join(detail))
    if proc.returncode:
        print(proc.stdout[-4000:], proc.stderr[-2000:], sep="\n")
    print(f"fuzz run at scale {args.scale}: {lines[-1] if lines else 'no output'} ({time.perf_counter() - started:.0f} s)")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())

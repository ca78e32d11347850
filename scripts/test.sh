#!/usr/bin/env bash
# Set everything up (with the test extras), then run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/python -m pytest "$@"

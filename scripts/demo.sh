#!/usr/bin/env bash
# Set everything up, then run the main job on the bundled sample articles
# into an embedded DuckDB store (eventwire-demo.duckdb).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB=${EVENTWIRE_DEMO_DB:-eventwire-demo.duckdb}
.venv/bin/eventwire ingest examples/articles --db "$DB" "$@"
# the storylines found (label, span, articles, sources, merged events); `eventwire story ID --db "$DB"` shows one
.venv/bin/eventwire stories --db "$DB"

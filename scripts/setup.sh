#!/usr/bin/env bash
# Everything the tests need on a fresh machine: npm packages (exactly as locked), then the real
# Prometheus, Alertmanager and VictoriaMetrics binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm ci only when node_modules is missing or older than the lock file: fast on a developer's machine,
# exact on a clean clone.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
scripts/install-tools.sh

#!/usr/bin/env bash
# The whole test suite: set up, run every notebook as a test (nbdev_test, `#| slow` cells skipped), then pytest tests/.
# Extra options go to nbdev_test (e.g. --flags slow to include the long cells).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
start=$(date +%s)
echo "test: nbdev_test (every notebook in nbs/)"
.venv/bin/nbdev_test "$@"
echo "test: nbdev_test passed in $(( $(date +%s) - start )) s; now pytest tests/"
exec .venv/bin/python -m pytest tests/ -q

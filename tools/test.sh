#!/usr/bin/env bash
# The whole test suite: set up, run every notebook as a test (nbdev_test, `#| slow` cells skipped), then pytest tests/.
# Extra options go to nbdev_test (e.g. --flags slow to include the long cells).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# The site test opens the pages in headless Chromium; install Debian's when we may (root with apt-get).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing Debian's chromium and chromium-driver for the site test"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "test: no chromium/chromedriver and no way to install them; the browser test will be skipped (and fail under CI=true)"
  fi
fi
start=$(date +%s)
echo "test: nbdev_test (every notebook in nbs/)"
# nbdev_test runs one notebook per core at a time; one PyTorch thread each keeps them from fighting over the cores.
OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" .venv/bin/nbdev_test "$@"
echo "test: nbdev_test passed in $(( $(date +%s) - start )) s; now pytest tests/"
exec .venv/bin/python -m pytest tests/ -q

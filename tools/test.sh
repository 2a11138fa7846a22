#!/usr/bin/env bash
# The whole test suite, in two environments:
#  1. .venv, the course's own (tools/setup.sh, locked versions): every notebook as a test (nbdev_test, `#| slow` cells
#     skipped), then pytest tests/;
#  2. the newest fastai with rnnlm installed from its wheel and no nbdev (tools/test_newest.sh): the library's tests, every
#     lesson of the student edition (tests/test_students.py's `students` test, run there only, so every lesson runs once
#     per environment) and the answer keys. Set RNNLM_SKIP_NEWEST=1 to run only the first (the student edition then runs
#     in .venv).
# Extra options go to nbdev_test (e.g. --flags slow to include the long cells).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# Debian packages the tests need: chromium + chromedriver (the site test opens every page headless) and graphviz (the
# `dot` program behind fastbook's `gv` diagrams). Installed when missing and we may (root with apt-get).
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v dot >/dev/null || need+=(graphviz)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test: installing Debian's ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test: missing ${need[*]} and no way to install them; the tests that need them fail under CI=true"
  fi
fi
start=$(date +%s)
echo "test: nbdev_test (every notebook in nbs/)"
# nbdev_test runs one notebook per core at a time; one PyTorch thread each keeps them from fighting over the cores.
OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" .venv/bin/nbdev_test "$@"
echo "test: nbdev_test passed in $(( $(date +%s) - start )) s; now pytest tests/"
start=$(date +%s)
if [ "${RNNLM_SKIP_NEWEST:-}" = 1 ]; then .venv/bin/python -m pytest tests/ -q
else .venv/bin/python -m pytest tests/ -q -m 'not students'; fi  # the student edition runs in the newest environment
echo "test: pytest passed in $(( $(date +%s) - start )) s"
if [ "${RNNLM_SKIP_NEWEST:-}" != 1 ]; then bash tools/test_newest.sh; fi

#!/usr/bin/env bash
# The course's main job: set up, then run every lesson headless and print a summary. Extra options go to `rnnlm-course run`
# (e.g. --slow to include the long cells, --only 05_ to run one lesson).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
start=$(date +%s)
.venv/bin/rnnlm-course run --record-times "$@"  # saves each lesson's run time for `rnnlm-course stats`
echo "course: finished in $(( $(date +%s) - start )) s"

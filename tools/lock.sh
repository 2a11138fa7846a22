#!/usr/bin/env bash
# Rewrite tools/constraints.txt: install rnnlm[dev] with the course's chosen top-level versions into a throwaway venv and
# freeze what pip resolved. Run after changing settings.ini's requirements or one of the choices below.
set -euo pipefail
cd "$(dirname "$0")/.."
# the course's choices; everything else is whatever pip resolves next to them
TOP="torch==2.14.1 torchvision==0.29.1 fastai==2.8.7"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${PYTHON:-python3}" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet $TOP -e ".[dev]"
{ sed -n '1,/^# index/p' tools/constraints.txt | grep '^#'
  "$tmp/venv/bin/pip" freeze --exclude-editable; } > "$tmp/constraints.txt"
mv "$tmp/constraints.txt" tools/constraints.txt
echo "lock: wrote tools/constraints.txt ($(grep -c '==' tools/constraints.txt) packages)"

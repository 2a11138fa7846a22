#!/usr/bin/env bash
# Create .venv and install rnnlm with the course and dev extras at the locked versions (tools/constraints.txt); skipped
# when nothing changed since last time.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), "rnnlm needs Python 3.11 or newer, not " + sys.version.split()[0]'
  echo "setup: creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.rnnlm-installed
want=$(cat settings.ini setup.py tools/constraints.txt | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing rnnlm[dev] at the locked versions into .venv (about 3.5 minutes and 6.8 GB the first time)"
  # the machine's extra package folders may be absent; pip says so once per package, which is noise
  .venv/bin/python -m pip install --quiet -c tools/constraints.txt -e ".[dev]" \
    2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
  echo "$want" > "$stamp"
fi
.venv/bin/python - <<'PY'
from importlib.metadata import version
import torch
print('setup:', ', '.join(f'{p} {version(p)}' for p in 'torch torchvision fastai fastcore fastbook nbdev'.split()),
      f'(device: {"cuda" if torch.cuda.is_available() else "cpu"})')
PY

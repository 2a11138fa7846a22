#!/usr/bin/env bash
# The library as a fastai user meets it: a separate virtualenv with the newest fastai (and the fastcore and torch pip
# resolves next to it), fastbook and Jupyter, but no nbdev; rnnlm installed into it from a built wheel, not editable.
# Installing the wheel must change none of fastai, fastcore, torch; then the library's tests run there, among them every
# lesson of the student edition (the `students` test of tests/test_students.py), and the answer keys.
set -euo pipefail
cd "$(dirname "$0")/.."
FASTAI=${RNNLM_NEWEST_FASTAI:-2.8.12}
venv="$PWD/.venv-newest"
noise='is ignored: it is neither a file nor a directory'
start=$(date +%s)
if [ ! -f "$venv/.fastai-$FASTAI" ]; then
  rm -rf "$venv"
  "${PYTHON:-python3}" -m venv "$venv"
  echo "newest: creating $venv: fastai $FASTAI, fastbook, Jupyter, pytest (no nbdev), as a fastai user has them"
  "$venv/bin/pip" install --quiet "fastai==$FASTAI" fastbook jupyter pytest 2> >(grep -v "$noise" >&2)
  touch "$venv/.fastai-$FASTAI"
fi
core='^(fastai|fastcore|torch|torchvision)=='
before=$("$venv/bin/pip" freeze | grep -iE "$core")
echo "newest: before installing rnnlm: $(echo $before)"

rm -rf dist
echo "newest: building rnnlm's wheel"
.venv/bin/python -m pip wheel --quiet --no-deps -w dist . 2> >(grep -v "$noise" >&2)
wheel=$(ls dist/rnnlm-*.whl)
"$venv/bin/pip" uninstall --quiet -y rnnlm 2>/dev/null || true
echo "newest: pip install $wheel[course]"
"$venv/bin/pip" install "$wheel[course]" 2> >(grep -v "$noise" >&2) | grep -vE '^Requirement already satisfied' || true
after=$("$venv/bin/pip" freeze | grep -iE "$core")
if [ "$before" != "$after" ]; then
  echo "newest: FAILED: installing the wheel changed the user's stack:"; diff <(echo "$before") <(echo "$after") || true
  exit 1
fi
echo "newest: fastai, fastcore, torch and torchvision unchanged by the install"
# from / so that the checkout's rnnlm/ folder is not on sys.path
(cd / && "$venv/bin/python" - <<'PY'
import importlib.util, rnnlm
assert '/site-packages/' in rnnlm.__file__, f'rnnlm imported from {rnnlm.__file__}, not from the installed wheel'
missing = [m for m in ('nbdev', 'execnb') if importlib.util.find_spec(m) is None]
assert missing == ['nbdev', 'execnb'], f'this environment should have no nbdev/execnb, has {set(["nbdev","execnb"]) - set(missing)}'
print(f'newest: rnnlm from {rnnlm.__file__}; no nbdev or execnb installed')
PY
)
echo "newest: environment ready in $(( $(date +%s) - start )) s"

# the checkout's data copies (a user points RNNLM_DATA_DIR at theirs) and an empty cache of our own
export RNNLM_DATA_DIR=${RNNLM_DATA_DIR:-$(cd .. && pwd)/shared/data}
export RNNLM_CACHE=$(mktemp -d)
trap 'rm -rf "$RNNLM_CACHE"' EXIT
start=$(date +%s)
echo "newest: the library's tests and every lesson of the student edition, two at a time (pytest -m 'not dev')"
# the venv's own pytest, not `python -m pytest`, so that the checkout's rnnlm/ folder is not on sys.path
"$venv/bin/pytest" tests/ -q -m 'not dev'
echo "newest: library tests and student edition passed in $(( $(date +%s) - start )) s; now the answer keys"
start=$(date +%s)
OMP_NUM_THREADS=1 "$venv/bin/rnnlm-course" run --only 80_answers,81_answers --jobs 2
echo "newest: answer keys passed in $(( $(date +%s) - start )) s"

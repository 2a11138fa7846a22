"""The environment as a user meets it: fastbook and `fastai.vision` import, fastbook's `gv` draws, and the library
loads no development package. Runs in the course's .venv and in the newest-fastai environment (tools/test_newest.sh)."""
import json, subprocess, sys

DEV_ONLY = ('nbdev', 'execnb', 'sphinx', 'myst_nb', 'selenium', 'pytest')

def python(code):
    "Run `code` in a fresh interpreter of this environment, outside the checkout (so `rnnlm` is the installed one)."
    res = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd='/')
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1]

def test_fastbook_and_fastai_vision_import():
    out = python('from fastbook import *\nimport fastai.vision.all\nprint(gv.__module__, untar_data.__module__, '
                 'vision_learner.__module__)')
    assert out == 'fastbook fastai.data.external fastai.vision.learner'

def test_gv_renders_a_diagram():
    "fastbook's `gv` is what the lessons draw with; it needs graphviz's `dot` program (tools/test.sh installs it)."
    svg = python('from fastbook import gv\nsvg = gv("x -> h; h -> h [label=recurrent]; h -> y").pipe(format="svg").decode()\n'
                 'print(repr(svg))')
    assert svg.startswith("'<?xml") and '<svg' in svg
    for node in ('x', 'h', 'y'): assert f'<title>{node}</title>' in svg
    assert 'recurrent' in svg

def first_dev_import(modules) -> dict:
    "Import `modules` one after another in a fresh interpreter; the first one after which a dev-only package is loaded."
    return json.loads(python(f'''
import importlib, json, sys
found = {{}}
for m in {list(modules)!r}:
    importlib.import_module(m)
    dev = [d for d in {DEV_ONLY!r} if d in sys.modules]
    if dev: found[m] = dev; break
print(json.dumps(found))'''))

def runtime_modules() -> list:
    import pkgutil, rnnlm
    return ['rnnlm'] + sorted(f'rnnlm.{i.name}' for i in pkgutil.iter_modules(rnnlm.__path__))

def test_library_imports_no_development_package():
    "`import rnnlm` and every `rnnlm.<module>`: none of them loads nbdev, execnb, Sphinx, myst-nb, Selenium or pytest."
    modules = runtime_modules()
    assert len(modules) > 15 and 'rnnlm.core' in modules
    assert first_dev_import(modules) == {}

def test_the_import_check_sees_a_dev_import():
    "The control: the same check, with one module that does load a dev package (pytest, present wherever tests run)."
    assert first_dev_import(['rnnlm.core', 'pytest', 'rnnlm.data']) == {'pytest': ['pytest']}

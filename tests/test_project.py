"The project's shape: ranges and a lock, the library generated from the notebooks, clean notebooks, the README, the data."
import configparser, filecmp, hashlib, re, subprocess, sys
from pathlib import Path
import pytest
from conftest import BIN, ROOT, run

pytestmark = pytest.mark.dev  # nbdev, Sphinx or the student-edition machinery

def settings():
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini'); return cfg['DEFAULT']

def test_library_asks_for_ranges_and_the_lock_holds_the_versions():
    cfg = settings()
    assert (cfg['lib_name'], cfg['nbs_path'], cfg['tst_flags']) == ('rnnlm', 'nbs', 'notest slow')
    reqs, course, dev = (cfg[k].split() for k in ('requirements', 'course_requirements', 'dev_requirements'))
    assert not [r for r in reqs + course if '==' in r], 'the library states ranges; exact versions go in tools/constraints.txt'
    assert 'torch>=2.13' in reqs and 'fastai>=2.8.7,<2.9' in reqs and 'fastbook>=0.0.29' in course
    assert not [r for r in reqs + course if r.startswith('fastcore') and '<' in r], "nbdev 2's fastcore cap is for dev only"
    assert 'nbdev>=2.4.14,<3' in dev and 'fastcore>=1.12,<1.13' in dev and 'execnb>=0.1.6,<0.2' in dev
    lock = locked_versions()
    test = {k: lock[k] for k in ('torch', 'torchvision', 'fastai', 'fastcore', 'fastbook', 'nbdev')}
    assert test == dict(torch='2.14.1', torchvision='0.29.1', fastai='2.8.7', fastcore='1.12.47', fastbook='0.0.29',
                        nbdev='2.4.14')
    assert 'bash tools/lock.sh' in (ROOT/'tools'/'constraints.txt').read_text()
    assert '-c tools/constraints.txt' in (ROOT/'tools'/'setup.sh').read_text()

def _canonical(name): return re.sub(r'[-_.]+', '-', name).lower()

def locked_versions() -> dict:
    "tools/constraints.txt as {package: version}."
    lines = (ROOT/'tools'/'constraints.txt').read_text().splitlines()
    return {_canonical(l.split('==')[0]): l.split('==')[1] for l in lines if l and not l.startswith('#')}

def test_installed_versions_are_the_locked_ones():
    from importlib.metadata import distributions
    installed = {_canonical(d.metadata['Name']): d.version.split('+')[0] for d in distributions()}
    lock = locked_versions()
    # a CPU-only torch (installed first, see the README) has no nvidia-* packages: compare what is installed
    wrong = {k: (installed[k], v) for k, v in lock.items() if k in installed and installed[k] != v}
    assert not wrong, f'installed != locked: {wrong}; run bash tools/setup.sh'
    for key in ('torch', 'torchvision', 'fastai', 'fastcore', 'fastbook', 'nbdev', 'jupyter'): assert key in installed

def _tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(Path(folder).rglob('*.py')) if '__pycache__' not in p.parts}

def test_library_is_what_the_notebooks_export(project_copy):
    res = run(BIN/'nbdev_export', cwd=project_copy)
    assert res.returncode == 0, res.stderr
    exported, committed = _tree(project_copy/'rnnlm'), _tree(ROOT/'rnnlm')
    assert exported.keys() == committed.keys(), 'modules differ: run nbdev_export and commit rnnlm/'
    stale = [str(k) for k in exported if exported[k] != committed[k]]
    assert not stale, f'rnnlm/ is out of date for {stale}: run nbdev_export'

def test_notebooks_are_clean(project_copy):
    res = run(BIN/'nbdev_clean', cwd=project_copy)
    assert res.returncode == 0, res.stderr
    dirty = [p.name for p in sorted((ROOT/'nbs').glob('*.ipynb'))
             if p.read_bytes() != (project_copy/'nbs'/p.name).read_bytes()]
    assert not dirty, f'run nbdev_clean: {dirty}'

def test_readme_is_rendered_from_the_index_notebook():
    from rnnlm.course.site import readme_from_notebook
    assert (ROOT/'README.md').read_text(encoding='utf-8') == readme_from_notebook(ROOT/'nbs'/'index.ipynb')
    readme = (ROOT/'README.md').read_text(encoding='utf-8')
    assert 'bash tools/course.sh' in readme and 'bash tools/test.sh' in readme

def test_ci_runs_the_readme_test_command():
    assert 'bash tools/test.sh' in (ROOT/'.ci'/'run').read_text()

def test_public_api_imports_in_a_plain_interpreter():
    code = 'from rnnlm.data import *; from rnnlm.core import *; print(len(load_human_numbers().nums))'
    res = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd='/')
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == '63095'

@pytest.mark.parametrize('module', ['rnnlm.course.notebooks', 'rnnlm.course.claims', 'rnnlm.course.stats',
                                    'rnnlm.course.site', 'rnnlm.course.students'])
def test_course_checks_import_without_fastcore_torch_or_the_cli(module):
    "The course's checks read notebooks with the standard library: importing one loads no fastcore, torch or command line."
    code = f'import sys, {module}; print(" ".join(sys.modules))'
    res = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd='/')
    assert res.returncode == 0, res.stderr
    loaded = set(res.stdout.split())
    assert module in loaded
    heavy = {'fastcore', 'fastai', 'torch', 'rnnlm.cli', 'rnnlm.course.runner'}
    assert not loaded & heavy, f'import {module} loads {sorted(loaded & heavy)}'

def test_human_numbers_files_match_the_published_hashes(tmp_path):
    from rnnlm.data import human_numbers_path
    path = human_numbers_path(tmp_path)
    assert hashlib.sha256((path/'train.txt').read_bytes()).hexdigest() == '194a5defcc1e77a1697d94422744f1b8552ddf5ad7f31e9c84cc1956014c16bf'
    assert hashlib.sha256((path/'valid.txt').read_bytes()).hexdigest() == '3a3e30cd8eddcd27477ef232bd07bc5d12b34b1ceec6295c607f0faff793ed5e'
    shared = ROOT.parent/'shared'/'data'/'human_numbers'
    if shared.is_dir():
        for name in ('train.txt', 'valid.txt'): assert filecmp.cmp(path/name, shared/name, shallow=False)

def test_license_is_apache2():
    assert 'Apache License' in (ROOT/'LICENSE').read_text() and settings()['license'] == 'apache2'

def test_readme_module_table_matches_the_tree():
    "The README's 'Where things live' table names every module once, with the notebook that exports it (same name)."
    import json, pkgutil, rnnlm
    readme = (ROOT/'README.md').read_text(encoding='utf-8')
    table = readme.split('## Where things live')[1].split('\n## ')[0]
    rows = [l.split('|')[1:3] for l in table.splitlines() if l.startswith('| `rnnlm.')]
    listed = {m.strip(' `'): nb.strip(' `') for m, nb in rows}
    modules = {m.name for m in pkgutil.walk_packages(rnnlm.__path__, 'rnnlm.') if not m.ispkg and m.name != 'rnnlm._modidx'}
    assert set(listed) == modules, f'README lists {sorted(set(listed) - modules)} extra, misses {sorted(modules - set(listed))}'
    for module, nb in listed.items():
        cells = json.loads((ROOT/'nbs'/f'{nb}.ipynb').read_text(encoding='utf-8'))['cells']
        exp = next(''.join(c['source']).split()[-1] for c in cells if ''.join(c['source']).startswith('#| default_exp'))
        assert f'rnnlm.{exp}' == module, f'{nb} exports rnnlm.{exp}, the README says {module}'
        assert nb.split('_', 1)[1] == exp.replace('.', '_'), f'{nb}: the notebook and its module {exp} should share a name'

"The project's shape: pins, the library generated from the notebooks, clean notebooks, the README, the data."
import configparser, filecmp, hashlib, subprocess, sys
from pathlib import Path
from conftest import BIN, ROOT, run

def settings():
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT/'settings.ini'); return cfg['DEFAULT']

def test_settings_are_nbdev2_with_the_pins():
    cfg = settings()
    assert (cfg['lib_name'], cfg['nbs_path'], cfg['tst_flags']) == ('rnnlm', 'nbs', 'notest slow')
    reqs, dev = cfg['requirements'].split(), cfg['dev_requirements'].split()
    for pin in ('torch==2.13.0', 'torchvision==0.28.0', 'fastai==2.8.7'): assert pin in reqs
    assert 'nbdev>=2.4.14,<3' in dev and 'execnb>=0.1.6,<0.2' in dev

def test_installed_versions_match_the_pins():
    import fastai, fastcore, nbdev, torch
    assert torch.__version__.split('+')[0] == '2.13.0'
    assert fastai.__version__ == '2.8.7'
    assert fastcore.__version__.startswith('1.12.')
    assert nbdev.__version__.startswith('2.')

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
    from rnnlm.course import readme_from_notebook
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

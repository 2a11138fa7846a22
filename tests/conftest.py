import shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent

def pytest_configure(config):
    config.addinivalue_line('markers', 'dev: needs the course\'s dev environment (nbdev, Sphinx, Selenium, the checkout), '
                                       'not only the installed library; tools/test_newest.sh runs `-m "not dev"`')
    config.addinivalue_line('markers', 'students: runs every lesson of the student edition (as long as nbdev_test); the README\'s '
                                       'test command runs it once, in the newest-fastai environment (tools/test_newest.sh)')
BIN = Path(sys.executable).parent

@pytest.fixture(scope='session')
def root(): return ROOT

@pytest.fixture(scope='session')
def project_copy(tmp_path_factory):
    "A copy of the project's sources (settings, notebooks, library) to run nbdev's tools on without touching the checkout."
    dest = tmp_path_factory.mktemp('project')
    for name in ('settings.ini', 'setup.py', 'pyproject.toml', 'README.md'): shutil.copy(ROOT/name, dest/name)
    for folder in ('nbs', 'rnnlm'):
        shutil.copytree(ROOT/folder, dest/folder, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
    return dest

def run(*cmd, cwd=ROOT, **kw):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, **kw)

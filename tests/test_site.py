"The course site builds offline from the saved notebooks, one page per notebook, with the index naming the course."
import re
from conftest import ROOT

def test_site_builds_with_a_page_per_notebook(tmp_path):
    from rnnlm.course import build_site, course_notebooks
    site = build_site(tmp_path/'site')
    index = (site/'index.html').read_text(encoding='utf-8')
    assert re.search(r'<title>\s*rnnlm', index), 'the index page is titled after the course'
    for nb in course_notebooks(ROOT/'nbs'):
        assert (site/f'{nb.stem}.html').exists(), f'no page for {nb.name}'
        if nb.stem != 'index': assert f'{nb.stem}.html' in index, f'the index does not link {nb.name}'

"""The course site: built offline from the saved notebooks, a page per notebook, and checked in a real browser.

The browser test drives Debian's headless Chromium (`apt-get install chromium chromium-driver`, which `.ci/run` does).
Where Chromium is absent it is skipped, except in CI (`CI=true`), where a missing browser is a failure."""
import html, os, re, shutil
from html.parser import HTMLParser
from pathlib import Path
import pytest
from conftest import ROOT

pytestmark = pytest.mark.dev  # nbdev, Sphinx or the student-edition machinery

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    from rnnlm.course.site import build_site
    return build_site(tmp_path_factory.mktemp('site')/'html')

@pytest.fixture(scope='module')
def lessons():
    from rnnlm.course.notebooks import course_notebooks
    return list(course_notebooks(ROOT/'nbs'))

def test_pages_show_no_nbdev_directives(site):
    "`#| export`, `#| hide`... steer nbdev; a reader should see the code, not them, and no `#| hide` cell at all."
    assert 'cell_input' in (site/'84_core.html').read_text(encoding='utf-8')  # the marker below exists, so the check can fail
    for page in site.glob('*.html'):
        for cell in page.read_text(encoding='utf-8').split('cell_input')[1:]:  # each code cell's source, as myst-nb renders it
            code = html.unescape(re.sub(r'<[^>]+>', '', cell.split('</pre>')[0]))
            assert not re.search(r'^\s*#\s*\|', code, re.M), f'{page.name} shows an nbdev directive: {code[:200]}'
    assert 'from fastcore.test import' not in (site/'90_cli.html').read_text(encoding='utf-8')  # a `#| hide` cell there

def test_an_api_page_per_module_with_its_docments(site):
    from rnnlm.course.site import library_modules
    for module in library_modules():
        page = site/f'api_{module}.html'
        assert page.exists(), f'no API page for {module}'
        assert 'Built and explained in' in page.read_text(encoding='utf-8')
    cli = (site/'api_rnnlm.cli.html').read_text(encoding='utf-8')
    assert 'numbers_train' in cli and 'a Human Numbers model: LMModel1 to LMModel7' in cli  # a docment, as a parameter's text

def test_a_page_per_notebook_and_an_index_that_names_the_course(site, lessons):
    index = (site/'index.html').read_text(encoding='utf-8')
    assert re.search(r'<title>\s*rnnlm', index), 'the index page is titled after the course'
    for nb in lessons:
        assert (site/f'{nb.stem}.html').exists(), f'no page for {nb.name}'
        if nb.stem != 'index': assert f'href="{nb.stem}.html"' in index, f'the index does not link {nb.name}'

class _Resources(HTMLParser):
    def __init__(self):
        super().__init__(); self.urls = []
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ('img', 'script', 'iframe') and attrs.get('src'): self.urls.append(attrs['src'])
        if tag == 'link' and attrs.get('rel') in ('stylesheet', 'preload') and attrs.get('href'): self.urls.append(attrs['href'])

def test_pages_load_nothing_from_the_internet(site):
    for page in site.glob('*.html'):
        parser = _Resources(); parser.feed(page.read_text(encoding='utf-8'))
        remote = [u for u in parser.urls if re.match(r'(https?:)?//', u)]
        assert not remote, f'{page.name} loads {remote}'
        for url in parser.urls:
            local = (page.parent/url.split('?')[0].split('#')[0])
            assert local.exists(), f'{page.name} refers to a missing file {url}'

def _chromium():
    browser = next(filter(None, map(shutil.which, ('chromium', 'chromium-browser', 'google-chrome'))), None)
    driver = shutil.which('chromedriver')
    if browser and driver: return browser, driver
    if os.environ.get('CI'): pytest.fail('CI must install chromium and chromium-driver (see .ci/run)')
    pytest.skip('Chromium is not installed: apt-get install chromium chromium-driver')

def test_pages_render_in_headless_chromium(site, lessons, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    browser, driver_path = _chromium()
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for flag in ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync',
                 '--window-size=1280,1600', '--proxy-server=127.0.0.1:9', '--proxy-bypass-list=<-loopback>'):
        opts.add_argument(flag)  # the proxy goes nowhere: a page that needed the network would show it
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    try:
        images_seen = 0
        for nb in lessons:
            driver.get((site/f'{nb.stem}.html').as_uri())
            title = driver.title
            assert title and 'rnnlm' in title, f'{nb.name}: page title {title!r}'
            h1 = driver.execute_script("const h = document.querySelector('h1'); return h ? h.textContent : ''")
            assert h1.strip(), f'{nb.name}: no heading rendered'
            sizes = driver.execute_script(
                "return Array.from(document.images).map(i => [i.getAttribute('src'), i.complete, i.naturalWidth, i.naturalHeight])")
            for src, complete, w, h in sizes:
                assert complete and w > 0 and h > 0, f'{nb.name}: image {src} did not load ({w}x{h})'
            images_seen += len(sizes)
        driver.get((site/'index.html').as_uri())
        shot = tmp_path/'index-screenshot.png'  # never into the checkout
        assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
        print(f'{len(lessons)} pages, {images_seen} images checked; screenshot of the index: {shot}')
    finally: driver.quit()

"""The claims check: which numbers of the prose are figures, which printed numbers earn them, the registry of outside
figures, and the check on the course itself. Library only (no nbdev); the checks on the course read the checkout's nbs/."""
import json, shutil
from collections import Counter
import pytest
from conftest import BIN, ROOT, run
from rnnlm.course.claims import (Printed, check_claims, format_problems, is_earned, load_registry, numbers_in,
                                 printed_numbers, quoted_figures)
from rnnlm.course.notebooks import cell_source, course_notebooks

def texts(md): return [f.text for f in quoted_figures(md)]
def earned(md, *printed): return is_earned(quoted_figures(md)[0], [Printed(v, d) for v, d in printed])

# --- which numbers are quoted figures

def test_the_five_kinds_of_figure():
    figures = quoted_figures('acc 0.6478; 29 % and 1.4%; 12,288 targets; about 700 words, ≈27; 36 minutes, 0.7 s')
    assert [(f.text, f.kind, f.approx) for f in figures] == [
        ('0.6478', 'decimal', False), ('29 %', 'percent', False), ('1.4%', 'percent', False),
        ('12,288', 'thousands', False), ('about 700', 'approx', True), ('≈27', 'approx', True),
        ('36 minutes', 'time', False), ('0.7 s', 'time', False)]
    assert (figures[0].value, figures[0].decimals) == (0.6478, 4) and figures[3].value == 12288
    assert texts('29 per cent, ~20, roughly 40, nearly 3, almost 5, around 9, 100 ms, 2 hours, 20 min') == [
        '29 per cent', '~20', 'roughly 40', 'nearly 3', 'almost 5', 'around 9', '100 ms', '2 hours', '20 min']

def test_a_range_is_two_figures_sharing_unit_and_approximation():
    assert [(f.text, f.value, f.kind) for f in quoted_figures('accuracy 0.57–0.68 here')] == [
        ('0.57', 0.57, 'decimal'), ('0.68', 0.68, 'decimal')]
    assert [(f.text, f.kind) for f in quoted_figures('between 20–30 % of them')] == [('20', 'percent'), ('30 %', 'percent')]
    assert [(f.text, f.approx) for f in quoted_figures('about 90–100 perplexity')] == [('about 90', True), ('100', True)]

def test_plain_integers_versions_and_names_are_not_figures():
    assert texts('2 layers of 64 units, 3 epochs, seed 0, LMModel7, WikiText-2, in 2019') == []
    assert texts('fastai 2.8.7 and 2.8.12') == []  # version-like
    assert texts('Table 8.1, listing 8.10, listings 8.1 and 8.7, Figure 8.8, section 8.4, § 2.1, ch. 8.4') == []
    assert texts('Python 3.11, torch 2.14, PyTorch 2.1, fastai 2.8, fastcore 1.8, nbdev 2.4, version 1.5, Apache-2.0') == []
    assert texts('dropout 0.4, weight decay 0.1, threshold 0.5, temperature 0.1, gradient clipping 0.25') == []

def test_code_math_urls_links_and_comments_are_not_prose():
    md = ('`acc = 0.6478` and ``x = 0.12`` in code\n```python\nprint(0.5)\n```\n$p = 0.3$, $$e^{0.2}$$, '
          '<!-- 0.9 --> [a link](https://x.org/v1.5/0.7.html) https://y.org/2.5 <span title="0.1">seen 0.8</span>')
    assert texts(md) == ['0.8']

def test_context_is_the_original_text_around_the_figure():
    (f,) = quoted_figures('The model `LMModel7` reaches 0.8694 after 15 epochs.')
    assert f.context == 'The model `LMModel7` reaches 0.8694 after 15 epochs.'

# --- printed numbers and when they earn a figure

def test_printed_numbers_keep_their_decimals():
    assert numbers_in('acc 0.6000 ppl 144.6') == [Printed(0.6, 4), Printed(144.6, 1)]
    assert Printed(12288, 0) in numbers_in('12,288 tokens')
    assert numbers_in('1.5e-3') == [Printed(0.0015, 4)]
    cells = [{'cell_type': 'markdown', 'source': '0.25'},
             {'cell_type': 'code', 'source': 'x = 0.5', 'outputs': [
                 {'output_type': 'stream', 'name': 'stdout', 'text': 'loss 1.25\n'},
                 {'output_type': 'display_data', 'data': {'text/html': '<td>0.869385</td>', 'text/plain': '<HTML>'}},
                 {'output_type': 'display_data', 'data': {'text/markdown': '**7.31** epochs', 'image/png': 'iVBOR0.3'}}]}]
    assert printed_numbers(cells) == [Printed(1.25, 2), Printed(0.869385, 6), Printed(7.31, 2)]

def test_rounding_as_shown():
    assert earned('0.6478', (0.6478, 4)) and earned('0.65', (0.6478, 4)) and earned('0.6', (0.6478, 4))
    assert not earned('0.64', (0.6, 1))   # a printed 0.6 does not earn 0.64
    assert not earned('0.60', (0.6, 1))   # nor 0.60: a digit nobody saw
    assert not earned('0.6478', (0.6479, 4))
    assert earned('100 s', (99.6, 1)) and not earned('100 s', (98.4, 1))

def test_percentages_match_printed_percent_or_fraction():
    assert earned('29 %', (29.3, 1)) and earned('29 %', (0.2934, 4)) and earned('15.2 %', (0.15165, 5))
    assert not earned('29 %', (0.3, 1)) and not earned('15.2 %', (0.15, 2))

def test_approximate_figures_within_their_rounding():
    assert earned('about 700', (650, 0)) and earned('about 700', (750, 0)) and not earned('about 700', (751, 0))
    assert earned('≈27', (26.5, 1)) and not earned('≈27', (27.6, 1))
    assert earned('about 1,220', (1224.9, 1)) and not earned('about 1,220', (1226, 0))

def test_thousands_must_be_printed_exactly():
    assert earned('12,288', (12288, 0)) and not earned('12,288', (12287.6, 1)) and not earned('12,288', (12289, 0))

# --- the registry

def write_registry(path, *entries):
    path.write_text('\n'.join('[[figure]]\n' + ''.join(f'{k} = {json.dumps(v)}\n' for k, v in e.items()) for e in entries))
    return path

def test_registry_entries_need_a_number_notebooks_and_a_source(tmp_path):
    good = dict(value='0.2934', notebooks=['11_char_rnn'], source='NLP in Action 2e, listing 8.10')
    assert load_registry(write_registry(tmp_path/'r.toml', good)) == [good]
    for bad, message in [(dict(good, value='29 %'), 'value'), (dict(good, notebooks=[]), 'notebooks'),
                         (dict(good, source=' '), 'source')]:
        with pytest.raises(ValueError, match=message): load_registry(write_registry(tmp_path/'r.toml', bad))

def test_the_course_registry_is_valid_and_sourced():
    entries = load_registry(ROOT/'nbs'/'outside_figures.toml')
    stems = {p.stem for p in course_notebooks(ROOT/'nbs')} | {'*'}
    assert entries and all(set(e['notebooks']) <= stems for e in entries), 'every entry names existing notebooks'
    assert all(len(e['source']) > 20 for e in entries)

# --- the check

def notebook(markdown, printed):
    return {'cells': [{'cell_type': 'markdown', 'metadata': {}, 'source': markdown},
                      {'cell_type': 'code', 'metadata': {}, 'source': '...', 'execution_count': None,
                       'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': printed}]}],
            'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}

def test_check_reports_unearned_figures_and_stale_entries(tmp_path):
    nbs = tmp_path/'nbs'; nbs.mkdir()
    (nbs/'01_a.ipynb').write_text(json.dumps(notebook('We reach 0.6478 (the book: 0.4944).', 'acc 0.6478')))
    (nbs/'02_b.ipynb').write_text(json.dumps(notebook('It reached 0.64 in 36 minutes.', 'acc 0.6, 36 min')))
    (nbs/'index.ipynb').write_text(json.dumps(notebook('A course.', '')))
    (tmp_path/'README.md').write_text('A course. It reaches 0.95 accuracy.')
    write_registry(nbs/'outside_figures.toml',
                   dict(value='0.494414', notebooks=['01_a'], source='fastbook ch. 12, LMModel1'),
                   dict(value='0.4704', notebooks=['*'], source='fastbook ch. 12, LMModel2'))
    problems = check_claims(nbs)
    assert [(p.notebook, p.figure) for p in problems] == [('02_b', '0.64'), ('index', '0.95'), ('*', '0.4704')]
    assert 'stale' in problems[-1].reason
    report = format_problems(problems).splitlines()
    assert report[0].startswith('02_b: "0.64" in "…It reached 0.64 in 36 minutes.…": ') and report[-1] == '3 problems'
    assert format_problems([]) == 'every quoted figure is earned'

def _outside(nbs, stem):
    "The registry's values listed for notebook `stem`, as printed numbers."
    entries = load_registry(nbs/'outside_figures.toml')
    return [n for e in entries if stem in e['notebooks'] or '*' in e['notebooks'] for n in numbers_in(e['value'])[:1]]

def _earned_decimal(nbs):
    "A decimal that an output of its notebook earns (and the registry does not), quoted once in its markdown cell."
    for path in course_notebooks(nbs):
        cells = json.loads(path.read_text(encoding='utf-8'))['cells']
        printed, outside = printed_numbers(cells), _outside(nbs, path.stem)
        for i, c in enumerate(cells):
            if c['cell_type'] != 'markdown': continue
            src = cell_source(c)
            for f in quoted_figures(src):
                if (f.kind == 'decimal' and not f.approx and f.decimals >= 2 and src.count(f.text) == 1
                    and is_earned(f, printed) and not is_earned(f, outside)): return path, i, f
    pytest.skip('no decimal of the course is earned by an output')

def test_control_a_changed_figure_is_reported(tmp_path):
    "Change one earned figure in a copy of the course: the check reports exactly that figure, in that notebook."
    nbs = tmp_path/'nbs'; nbs.mkdir()
    for p in [*ROOT.joinpath('nbs').glob('*.ipynb'), ROOT/'nbs'/'outside_figures.toml']: shutil.copy(p, nbs/p.name)
    before = Counter((p.notebook, p.figure) for p in check_claims(nbs))
    path, i, figure = _earned_decimal(nbs)
    nb = json.loads(path.read_text(encoding='utf-8'))
    earners = printed_numbers(nb['cells']) + _outside(nbs, path.stem)
    wrong = next(w for w in (f'{figure.value + k * 0.0371:.{figure.decimals}f}' for k in range(1, 100))
                 if not is_earned(quoted_figures(w)[0], earners))
    nb['cells'][i]['source'] = cell_source(nb['cells'][i]).replace(figure.text, wrong)
    path.write_text(json.dumps(nb), encoding='utf-8')
    after = Counter((p.notebook, p.figure) for p in check_claims(nbs))
    assert after - before == Counter({(path.stem, wrong): 1}), (path.stem, figure.text, wrong, after - before)
    assert not before - after  # and nothing else changed

def test_course_claims_command_prints_the_report_and_fails_on_problems():
    res = run(BIN/'rnnlm-course', 'claims')
    problems = check_claims(ROOT/'nbs')
    assert res.returncode == (1 if problems else 0), res.stderr
    assert res.stdout == format_problems(problems) + '\n'
    res = run(BIN/'rnnlm-course', 'claims', '--only', 'no-such-notebook')
    assert (res.returncode, res.stdout) == (0, 'every quoted figure is earned\n')

def test_course_claims_hold():
    "Every figure the course quotes is printed by its notebook or listed, with its source, in nbs/outside_figures.toml."
    problems = check_claims(ROOT/'nbs')
    assert not problems, '\n' + format_problems(problems)

"""The lessons keep to their budgets and state honest class times (`rnnlm-course stats`), and the README's lesson table
states the same class times as the lessons."""
import json, re
import pytest
from conftest import ROOT

pytestmark = pytest.mark.dev  # reads the checkout's notebooks and README

def test_budgets_and_class_times_hold():
    from rnnlm.course.stats import course_stats, format_stats, run_times, stats_problems
    rows = course_stats(ROOT/'nbs')
    print(format_stats(rows, run_times(ROOT/'nbs')))
    assert not stats_problems(rows), '\n'.join(stats_problems(rows))

def test_every_budgeted_lesson_has_a_going_deeper_part():  # chapter 12 (00-09) and chapter 8 (10-26)
    from rnnlm.course.stats import BUDGETED, course_stats
    missing = [r['lesson'] for r in course_stats(ROOT/'nbs') if BUDGETED.match(r['lesson']) and not r['deeper_words']]
    assert not missing, f'no "Going deeper" part: {missing}'

def test_readme_states_the_lessons_class_times():
    from rnnlm.course.stats import stated_minutes
    rows = re.findall(r'^\| `(\d\d_\w+)` \| [^|]+ \| [^|]+ \| ([^|]+) \|$', (ROOT/'README.md').read_text(encoding='utf-8'), re.M)
    assert len(rows) >= 20, 'the README has a lesson table'
    for stem, minutes in rows:
        nb = json.loads((ROOT/'nbs'/f'{stem}.ipynb').read_text(encoding='utf-8'))
        stated = stated_minutes(nb)
        assert minutes.strip() == (str(stated) if stated else '—'), f'README says {minutes.strip()} min for {stem}, the lesson {stated}'

"""The student edition: valid notebooks, no solution code, questionnaires instead of answer keys, and every lesson of it
runs, each checked exercise saying "not yet solved".

What this file does *not* check: that the solutions pass. The teacher's edition is the course notebooks themselves, and
`nbdev_test` runs them with every solution in place, so each `check_exercise` there must say "solved" (it raises
`ExerciseNotPassed` otherwise). Here we run the student edition, where the solutions are stubs.

`test_student_edition` reads the notebooks (seconds). `test_student_edition_runs` runs every lesson of the student edition
in its own Jupyter kernel (`rnnlm.course.runner.run_notebook`, one thread, two at a time, `#| slow` and `#| notest` cells
skipped), about as long as `nbdev_test`. It needs no nbdev, so the README's test command runs it once, in the environment
with the newest fastai (`tools/test_newest.sh`): there it is also the check that every lesson runs with that fastai.
To run only some notebooks while working on them: `RNNLM_STUDENTS_ONLY=09_saving,12_surnames pytest tests/test_students.py`.
"""
import json, os, re
from pathlib import Path
import nbformat
import pytest
from conftest import ROOT

NOT_YET = 'not yet solved'
CHECKED = re.compile(r'^`([^`]+)`: (solved\.|not yet solved)', re.M)  # the first words `check_exercise` prints

def _source(cell): return ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']

def _code_lines(cell):
    return [l.strip() for l in _source(cell).splitlines() if l.strip() and not l.lstrip().startswith('#') and len(l.strip()) > 8]

def _solution_lines(cell):
    "The lines a student must not see: all of a solution cell's code, or only its marked regions when it has them."
    from rnnlm.course.students import BEGIN, strip_solutions
    src = _source(cell)
    if BEGIN not in src: return _code_lines(cell)
    kept = set(strip_solutions(src).splitlines())
    return [l for l in _code_lines(cell) if not any(l == k.strip() for k in kept)]

def _is_new_style(cell):
    "A checked exercise: a `#| solution` cell with `### BEGIN SOLUTION` regions (not exported)."
    from rnnlm.course.students import BEGIN, is_solution
    return is_solution(cell) and BEGIN in _source(cell)

def _check_calls(cell, names):
    "How many `check_exercise(NAME, ...)` calls in a code cell check one of the student's `names` (not a lesson's version)."
    if cell['cell_type'] != 'code' or not names: return 0
    return len(re.findall(rf'(?<![\w.])check_exercise\(\s*(?:{"|".join(map(re.escape, names))})\b', _source(cell)))

def _in(line, text): return json.dumps(line, ensure_ascii=False)[1:-1] in text  # as the edition writes its JSON

def exercises(lesson):
    "The checked exercises of the course notebook `lesson`: {position of the solution cell: the student's names it defines}."
    from rnnlm.course.students import defined_names, strip_solutions
    cells = json.loads(lesson.read_text())['cells']
    return {i: defined_names(strip_solutions(_source(c))) for i, c in enumerate(cells) if _is_new_style(c)}

def test_student_edition(tmp_path):
    from rnnlm.course.notebooks import course_notebooks, is_lesson, notebook_kind
    from rnnlm.course.students import is_answer_key, is_solution, questionnaire_name, write_student_edition
    written = {p.name: p for p in write_student_edition(tmp_path/'student', ROOT/'nbs')}
    lessons = course_notebooks(ROOT/'nbs')
    keys = [p for p in lessons if notebook_kind(p) == 'questionnaire']  # the one rule, `notebook_kind`, everywhere
    assert keys, 'the course has answer keys'
    assert keys == [p for p in lessons if is_answer_key(p)]
    # what students use: the lessons and the questionnaires, not the library's or the machinery's notebooks
    assert set(written) == {p.name for p in lessons if is_lesson(p)} | {questionnaire_name(p) for p in keys}
    missing, with_exercises = [], 0
    for lesson in lessons:
        if lesson.name not in written: continue
        student = nbformat.read(written[lesson.name], as_version=4)
        nbformat.validate(student)
        assert all(c.get('outputs', []) == [] for c in student.cells), f'{lesson.name} keeps outputs'
        cells = json.loads(lesson.read_text())['cells']
        solutions = [c for c in cells if is_solution(c)]
        with_exercises += bool(solutions)
        # what the lesson shows anyway may stay: its other cells (e.g. `h, c = state`, or a formula the prose gives) and
        # the comment lines of the exercise cells, which say what to write
        public = '\n'.join([_source(c) for c in cells if not is_solution(c)] +
                           [l for c in solutions for l in _source(c).splitlines() if l.lstrip().startswith('#')])
        text = written[lesson.name].read_text()
        for cell in solutions:
            leaked = [l for l in _solution_lines(cell) if l not in public and _in(l, text)]
            assert not leaked, f'{lesson.name}: solution code in the student edition: {leaked[:3]}'
        # each checked exercise has a check cell after it that names one of the student's names
        found = exercises(lesson)
        for i, names in found.items():
            assert any(_check_calls(c, names) for c in cells[i+1:]), \
                f'{lesson.name}: the exercise defining {names} has no `check_exercise` cell after it'
        if is_lesson(lesson) and not found: missing.append(lesson.stem)
    assert with_exercises, 'the course marks at least one solution'
    assert not missing, f'lessons without a checked exercise (`#| solution` with ### BEGIN SOLUTION): {missing}'

@pytest.mark.students
def test_student_edition_runs(tmp_path, monkeypatch):
    """Every lesson of the student edition runs from top to bottom with the stubs in place, and every check of a student's
    answer runs and says "not yet solved" (read from what the check cells print)."""
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    from rnnlm.course.notebooks import course_notebooks
    from rnnlm.course.runner import run_notebook
    from rnnlm.course.students import write_student_edition
    lessons = {p.name: p for p in course_notebooks(ROOT/'nbs', lessons_only=True)}  # an answer key is never a lesson
    to_run = [p for p in write_student_edition(tmp_path/'student', ROOT/'nbs') if p.name in lessons]
    only = os.environ.get('RNNLM_STUDENTS_ONLY')  # e.g. RNNLM_STUDENTS_ONLY=09_saving,12_surnames: run only those notebooks
    to_run = sorted(nb for nb in to_run if not only or any(o and o in nb.name for o in only.split(',')))
    assert to_run, f'no student notebook matches {only!r}'
    monkeypatch.setenv('OMP_NUM_THREADS', '1')  # each kernel one thread, as CI's nbdev_test
    with ProcessPoolExecutor(max(1, min(2, os.cpu_count() or 1))) as pool:  # each notebook in its own kernel anyway
        results = dict(zip(to_run, pool.map(partial(run_notebook, showerr=False), to_run)))  # skips slow cells, as nbdev_test
    failures = []
    for nb, res in results.items():
        if not res['ok']:
            err = res['error'] or ''
            failures.append(f'the student edition of {nb.name} does not run:\n'
                            + (err if len(err) < 3000 else f'{err[:1500]}\n[...]\n{err[-1500:]}')); continue
        lesson = lessons[nb.name]
        names = {n for ns in exercises(lesson).values() for n in ns}
        expected = sum(_check_calls(c, names) for c in json.loads(lesson.read_text())['cells'])
        mine = [(name, said) for name, said in CHECKED.findall(res['printed']) if name in names]
        if len(mine) != expected:
            failures.append(f"{nb.name}: {len(mine)} checks of the student's answers ran, the lesson has {expected}")
        failures += [f'{nb.name}: the check of `{name}` printed {said!r}, not "{NOT_YET}"' for name, said in mine if said != NOT_YET]
    print('\n'.join(f"{r['seconds']:6.1f} s  {nb.name}" for nb, r in results.items()))
    assert not failures, '\n'.join(failures)

def test_questionnaires(tmp_path):
    "Each answer key becomes a questionnaire: every question of the key is there, and no line of its answers."
    from rnnlm.course.notebooks import course_notebooks
    from rnnlm.course.students import answer_lines, is_answer_key, questionnaire_name, write_student_edition
    written = {p.name: p for p in write_student_edition(tmp_path/'student', ROOT/'nbs')}
    for key_path in [p for p in course_notebooks(ROOT/'nbs') if is_answer_key(p)]:
        q = nbformat.read(written[questionnaire_name(key_path)], as_version=4)
        nbformat.validate(q)
        assert {c.cell_type for c in q.cells} == {'markdown'}, f'{key_path.name}: code in the questionnaire'
        key = json.loads(key_path.read_text(encoding='utf-8'))
        markdown = [_source(c) for c in key['cells'] if c['cell_type'] == 'markdown']
        text = written[questionnaire_name(key_path)].read_text(encoding='utf-8')
        # independent of the splitting code: the numbers, and each question's opening line up to its first full stop
        # or question mark (never past the first blank line)
        numbers = sorted(set(re.findall(r'\*\*([QR]\d+)\.?\*\*', '\n'.join(markdown))))
        assert numbers, f'{key_path.name}: no questions found'
        assert sorted(set(re.findall(r'\*\*([QR]\d+)\.\*\*', text))) == numbers, f'{key_path.name}: questions missing'
        for src in markdown:
            m = re.match(r'\*\*[QR]\d+\.\*\*[^\n]*?[.?](?=\s|$)', src)
            if m: assert _in(m.group(), text), f'{key_path.name}: question missing: {m.group()!r}'
        leaked = [l for l in answer_lines(key) if len(l) > 3 and _in(l, text)]
        assert not leaked, f'{key_path.name}: answer text in the questionnaire: {leaked[:3]}'

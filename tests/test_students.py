"""The student edition: valid notebooks, no solution code, questionnaires instead of answer keys, and the lessons with
exercises still run, each checked exercise saying "not yet solved".

What this file does *not* check: that the solutions pass. The teacher's edition is the course notebooks themselves, and
`nbdev_test` runs them with every solution in place, so each `check_exercise` there must say "solved" (it raises
`ExerciseNotPassed` otherwise). Here we run the student edition, where the solutions are stubs.

Running time: every student notebook with an exercise runs once, each in its own Python process with one thread (as CI's
`OMP_NUM_THREADS=1`), two at a time on a two-core machine, skipping `#| slow` and `#| notest` cells: about half the sum
of those lessons' fast `nbdev_test` runs. To run only some notebooks while working on them:
`RNNLM_STUDENTS_ONLY=09_saving,12_surnames pytest tests/test_students.py`.
"""
import json, os, re
from pathlib import Path
import nbformat
import pytest
from conftest import ROOT

pytestmark = pytest.mark.dev  # nbdev, Sphinx or the student-edition machinery

NOT_YET = 'not yet solved'
LESSONS = re.compile(r'(0\d_(?!core|training)|[12]\d_)')  # the lessons 00_data-29 (not the harness modules 00_core, 00_training): each has a checked exercise

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

def recording_checks():
    """Make `check_exercise` record, for each call, the answer's name, what it returned and what it printed (the notebooks
    import it when they run, so they get this one). Read from the calls, not the cells' outputs: a cell that ends in `;`
    keeps no outputs at all under execnb."""
    import contextlib, io
    import rnnlm.course.exercises as ex
    calls, original = [], ex.check_exercise
    def check_exercise(answer, check, hint):
        out = io.StringIO()
        with contextlib.redirect_stdout(out): res = original(answer, check, hint)
        print(out.getvalue(), end='')
        calls.append((getattr(answer, '__name__', repr(answer)), res, out.getvalue()))
        return res
    ex.check_exercise = check_exercise
    return calls

RESULT = '@@student-notebook-result@@'

def run_and_record(path):
    "In a fresh process: run the student notebook at `path` with recording checks; print the error and the calls as JSON."
    calls = recording_checks()
    _, err = run_student_notebook(Path(path))
    print(RESULT + json.dumps([err, calls]))

def run_in_subprocess(nb):
    """Run `run_and_record(nb)` in its own Python process (one thread, as CI's OMP_NUM_THREADS=1): (error or None, calls).
    Separate processes let two notebooks run at once on a two-core machine, and keep each notebook's imports and
    global state away from the others."""
    import subprocess, sys
    code = 'import sys; sys.path.insert(0, sys.argv[1]); from test_students import run_and_record; run_and_record(sys.argv[2])'
    res = subprocess.run([sys.executable, '-c', code, str(Path(__file__).parent), str(nb)], capture_output=True, text=True,
                         env={**os.environ, 'OMP_NUM_THREADS': '1'})
    line = next((l for l in res.stdout.splitlines() if l.startswith(RESULT)), None)
    if line is None: return f'the process running it failed (exit status {res.returncode}):\n{res.stderr[-3000:]}', []
    err, calls = json.loads(line[len(RESULT):])
    return err, [tuple(c) for c in calls]

def run_student_notebook(path):
    """Execute the student notebook at `path` the way `nbdev_test` does (its cwd, `#| notest` and `#| slow` skipped), with
    one thread; return the executed cells (outputs stored in them) and the error, or `None`."""
    import torch
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    from nbdev.frontmatter import FrontmatterProc
    from nbdev.process import NBProcessor
    nb = NBProcessor(path, procs=FrontmatterProc, process=True).nb
    skip = {'notest', 'slow'}
    def no_eval(cell):
        if cell.cell_type != 'code': return True
        direc = getattr(cell, 'directives_', {}) or {}
        if direc.get('eval:', [''])[0].lower() == 'false': return True
        return bool(skip & direc.keys())
    threads = torch.get_num_threads()
    shell = CaptureShell(path)
    torch.set_num_threads(1)
    try:
        with working_directory(path.parent):
            try: shell.run_all(nb, exc_stop=True, preproc=no_eval); err = None
            except BaseException: err = shell.prettytb(fname=path)
    finally: torch.set_num_threads(threads)
    return nb.cells, err

def test_student_edition(tmp_path):
    from rnnlm.course.runner import course_notebooks
    from rnnlm.course.students import defined_names, is_answer_key, is_solution, questionnaire_name, strip_solutions, write_student_edition
    written = {p.name: p for p in write_student_edition(tmp_path/'student', ROOT/'nbs')}
    lessons = course_notebooks(ROOT/'nbs')
    keys = [p for p in lessons if is_answer_key(p)]
    assert keys, 'the course has answer keys'
    assert set(written) == {p.name for p in lessons if not is_answer_key(p)} | {questionnaire_name(p) for p in keys}
    with_exercises, checks, missing, student_names = [], {}, [], {}
    for lesson in lessons:
        if lesson.name not in written: continue
        student = nbformat.read(written[lesson.name], as_version=4)
        nbformat.validate(student)
        assert all(c.get('outputs', []) == [] for c in student.cells), f'{lesson.name} keeps outputs'
        cells = json.loads(lesson.read_text())['cells']
        solutions = [c for c in cells if is_solution(c)]
        # what the lesson shows anyway may stay: its other cells (e.g. `h, c = state`, or a formula the prose gives) and
        # the comment lines of the exercise cells, which say what to write
        public = '\n'.join([_source(c) for c in cells if not is_solution(c)] +
                           [l for c in solutions for l in _source(c).splitlines() if l.lstrip().startswith('#')])
        text = written[lesson.name].read_text()
        for cell in solutions:
            leaked = [l for l in _solution_lines(cell) if l not in public and _in(l, text)]
            assert not leaked, f'{lesson.name}: solution code in the student edition: {leaked[:3]}'
        # each checked exercise has a check cell after it that names one of the student's names
        new_style = [i for i, c in enumerate(cells) if _is_new_style(c)]
        names = {i: defined_names(strip_solutions(_source(cells[i]))) for i in new_style}
        for i in new_style:
            assert any(_check_calls(c, names[i]) for c in cells[i+1:]), \
                f'{lesson.name}: the exercise defining {names[i]} has no `check_exercise` cell after it'
        student_names[lesson.name] = [n for ns in names.values() for n in ns]
        if LESSONS.match(lesson.name) and not new_style: missing.append(lesson.stem)
        if solutions:
            with_exercises.append(written[lesson.name])
            checks[lesson.name] = sum(_check_calls(c, student_names[lesson.name]) for c in cells)
    assert with_exercises, 'the course marks at least one solution'
    # Notebooks without exercises are cell-for-cell the course notebooks, which nbdev_test runs; the ones with exercises
    # must still run from top to bottom with their stubs in place, and every check must say "not yet solved".
    failures = []
    only = os.environ.get('RNNLM_STUDENTS_ONLY')  # e.g. RNNLM_STUDENTS_ONLY=09_saving,12_surnames: run only those notebooks
    to_run = [nb for nb in with_exercises if not only or any(o and o in nb.name for o in only.split(','))]
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:  # each run is its own process
        results = dict(zip(to_run, pool.map(run_in_subprocess, to_run)))
    for nb, (err, recorded) in results.items():
        if err:
            tb = err if len(err) < 3000 else f'{err[:1500]}\n[...]\n{err[-1500:]}'
            failures.append(f'the student edition of {nb.name} does not run:\n{tb}'); continue
        mine = [(name, said) for name, _, said in recorded if name in student_names[nb.name]]
        if len(mine) != checks[nb.name]:
            failures.append(f'{nb.name}: {len(mine)} checks of the student\'s answers ran, the lesson has {checks[nb.name]}')
        failures += [f'{nb.name}: the check of `{name}` printed {said.strip()[:200]!r}, not "{NOT_YET}"'
                     for name, said in mine if NOT_YET not in said]
    assert not failures, '\n'.join(failures)
    assert not missing, f'lessons without a checked exercise (`#| solution` with ### BEGIN SOLUTION): {missing}'

def test_questionnaires(tmp_path):
    "Each answer key becomes a questionnaire: every question of the key is there, and no line of its answers."
    from rnnlm.course.runner import course_notebooks
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

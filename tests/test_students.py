"The student edition: valid notebooks, no solution code, answer keys left out, and the lessons with exercises still run."
import json
import nbformat
import pytest
from conftest import ROOT

pytestmark = pytest.mark.dev  # nbdev, Sphinx or the student-edition machinery

def _code_lines(cell):
    src = ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']
    return [l.strip() for l in src.splitlines() if l.strip() and not l.lstrip().startswith('#') and len(l.strip()) > 8]

def _solution_lines(cell):
    "The lines a student must not see: all of a solution cell's code, or only its marked regions when it has them."
    from rnnlm.course.students import BEGIN, strip_solutions
    src = ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']
    if BEGIN not in src: return _code_lines(cell)
    kept = set(strip_solutions(src).splitlines())
    return [l for l in _code_lines(cell) if not any(l == k.strip() for k in kept)]

def test_student_edition(tmp_path):
    from nbdev.test import test_nb
    from rnnlm.course.runner import course_notebooks
    from rnnlm.course.students import is_answer_key, is_solution, write_student_edition
    written = {p.name: p for p in write_student_edition(tmp_path/'student', ROOT/'nbs')}
    lessons = course_notebooks(ROOT/'nbs')
    assert set(written) == {p.name for p in lessons if not is_answer_key(p)}
    with_exercises = []
    for lesson in lessons:
        if lesson.name not in written: continue
        student = nbformat.read(written[lesson.name], as_version=4)
        nbformat.validate(student)
        assert all(c.get('outputs', []) == [] for c in student.cells), f'{lesson.name} keeps outputs'
        cells = json.loads(lesson.read_text())['cells']
        solutions = [c for c in cells if is_solution(c)]
        shared = {l for c in cells if c['cell_type'] == 'code' and not is_solution(c) for l in _code_lines(c)}
        text = written[lesson.name].read_text()
        for cell in solutions:  # lines that also stand in the lesson's other cells (e.g. `h, c = state`) may stay
            leaked = [l for l in _solution_lines(cell) if l not in shared and json.dumps(l)[1:-1] in text]
            assert not leaked, f'{lesson.name}: solution code in the student edition: {leaked[:3]}'
        if solutions: with_exercises.append(written[lesson.name])
    assert with_exercises, 'the course marks at least one solution'
    # Notebooks without exercises are cell-for-cell the course notebooks, which nbdev_test runs; the ones with exercises
    # must still run from top to bottom with their stubs in place.
    for nb in with_exercises:
        ok, _ = test_nb(nb, skip_flags=['notest', 'slow'])
        assert ok, f'the student edition of {nb.name} does not run'

"The `rnnlm` command as a user meets it in a shell."
from conftest import BIN, run

def test_help_lists_the_commands():
    res = run(BIN/'rnnlm', '--help')
    assert res.returncode == 0
    for cmd in ('course', 'readme', 'site'): assert f'\n  {cmd}' in res.stdout

def test_unknown_command_is_one_line_error():
    res = run(BIN/'rnnlm', 'nope')
    assert res.returncode == 2 and res.stdout == ''
    assert res.stderr.strip().splitlines() == [res.stderr.strip()]
    assert res.stderr.startswith("rnnlm: error: unknown command 'nope'")

def test_readme_check_passes_on_the_checkout():
    res = run(BIN/'rnnlm', 'readme', '--check')
    assert res.returncode == 0, res.stderr

def test_course_runs_a_lesson_and_prints_its_summary():
    res = run(BIN/'rnnlm', 'course', '--only', '00_data')
    assert res.returncode == 0, res.stderr
    assert '1/1 notebooks ran cleanly' in res.stdout
    assert 'Human Numbers tokens = 63095' in res.stdout

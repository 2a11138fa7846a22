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

# --- the Human Numbers commands: train, generate, bench, and their one-line errors

import json, pytest

@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp('weights')/'lm3.pth'
    res = run(BIN/'rnnlm', 'train', 'LMModel3', '--epochs', '2', '--seed', '0', '--out', out)
    assert res.returncode == 0, res.stderr
    return out, res

def test_train_prints_the_epoch_table_and_saves_weights(trained):
    out, res = trained
    assert 'epoch' in res.stdout and 'accuracy' in res.stdout and 'valid_loss' in res.stdout
    assert f'weights in {out}' in res.stdout
    meta = json.loads(out.with_suffix('.json').read_text())
    assert meta['model'] == 'LMModel3' and len(meta['vocab']) == 30 and meta['accuracy'] > 0.3

def test_generate_continues_a_prompt(trained):
    out, _ = trained
    prompt = 'eight thousand one . eight thousand two .'
    res = run(BIN/'rnnlm', 'generate', out, prompt, '--n-words', '8', '--temperature', '0')
    assert res.returncode == 0, res.stderr
    words = res.stdout.split()
    assert ' '.join(words[:len(prompt.split())]) == prompt and len(words) == len(prompt.split()) + 8

@pytest.mark.parametrize('args, message', [
    (['train', 'LMModel8'], "unknown model 'LMModel8'"),
    (['generate', 'missing.pth', 'one'], 'missing.pth: no such weights file'),
    (['bench', '--models', 'nope'], "unknown model 'nope'"),
])
def test_one_line_errors(args, message):
    res = run(BIN/'rnnlm', *args)
    assert res.returncode == 2 and res.stderr.count('\n') == 1, res.stderr
    assert res.stderr.startswith('rnnlm: error: ') and message in res.stderr

def test_generate_rejects_unknown_words_and_corrupt_weights(trained, tmp_path):
    out, _ = trained
    res = run(BIN/'rnnlm', 'generate', out, 'eight thousand and one')
    assert res.returncode == 2 and res.stderr.startswith('rnnlm: error: not in the vocabulary: and')
    bad = tmp_path/'bad.pth'
    bad.write_bytes(b'not a weights file'); bad.with_suffix('.json').write_text(out.with_suffix('.json').read_text())
    res = run(BIN/'rnnlm', 'generate', bad, 'one . two .')
    assert res.returncode == 2 and res.stderr.count('\n') == 1 and 'not a readable weights file' in res.stderr
    bad.with_suffix('.json').write_text('{oops')
    res = run(BIN/'rnnlm', 'generate', bad, 'one . two .')
    assert res.returncode == 2 and 'not valid JSON' in res.stderr

def test_bench_prints_a_table():
    res = run(BIN/'rnnlm', 'bench', '--models', 'LMModel1,LMModel2', '--seeds', '2', '--epochs', '1')
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert lines[0].split()[:6] == ['model', 'book', 'mean', 'min', 'max', 'seeds']
    assert lines[1].split()[:2] == ['LMModel1', '0.4944'] and lines[2].split()[:2] == ['LMModel2', '0.4704']
    assert len({len(l) for l in lines}) == 1  # rows printed as they finish still line up with the header

# --- the WikiText-2 commands: wikitext (train), wikitext-generate, sweep

import os

@pytest.fixture(scope='module')
def wikitext_env(tmp_path_factory):
    "A private model cache, so the tests never touch the user's saved models."
    return {**os.environ, 'RNNLM_CACHE': str(tmp_path_factory.mktemp('cache'))}

TINY = ['--max-tokens', '40000', '--eval-tokens', '4000', '--emb-sz', '32', '--n-hidden', '32', '--bs', '16']

def test_wikitext_trains_saves_and_generates(wikitext_env, tmp_path):
    log = tmp_path/'runs.jsonl'
    res = run(BIN/'rnnlm', 'wikitext', '--epochs', '1', *TINY, '--save', 'tiny', '--log', log, env=wikitext_env)
    assert res.returncode == 0, res.stderr
    rec = json.loads(log.read_text().splitlines()[-1])
    assert rec['cell'] == 'LSTM' and rec['epochs'] == 1 and rec['test_ppl'] > 1
    assert abs(rec['test_ppl'] - 2.718281828 ** rec['test_loss']) < 1e-3 * rec['test_ppl']  # perplexity = exp(loss)
    res = run(BIN/'rnnlm', 'wikitext-generate', '--model', 'tiny', '--prompt', 'The zorblax', '--n-words', '5',
              '--seed', '0', env=wikitext_env)
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.split()) == 2 + 5 and res.stdout.startswith('The zorblax ')
    assert "read as <unk>: ['zorblax']" in res.stderr

def test_wikitext_generate_errors_are_one_line(wikitext_env):
    res = run(BIN/'rnnlm', 'wikitext-generate', '--model', 'never-trained', env=wikitext_env)
    assert res.returncode == 2 and res.stderr.count('\n') == 1 and 'no saved model' in res.stderr

def test_sweep_logs_every_run_and_prints_the_table(wikitext_env, tmp_path):
    log = tmp_path/'sweep.jsonl'
    args = ['sweep', '--log', log, '--cell', 'GRU', 'RNN_TANH', '--n-layers', '1', '--n-hidden', '16', '--emb-sz', '16',
            '--dropout', '0', '--epochs', '1', '--max-tokens', '20000', '--eval-tokens', '3000', '--bs', '16']
    res = run(BIN/'rnnlm', *args, env=wikitext_env)
    assert res.returncode == 0, res.stderr
    lines = log.read_text().splitlines()
    assert len(lines) == 2 and {json.loads(l)['cell'] for l in lines} == {'GRU', 'RNN_TANH'}
    assert res.stdout.split()[:2] == ['cell', 'n_layers'] and 'test_ppl' in res.stdout.splitlines()[0]
    res = run(BIN/'rnnlm', *args, env=wikitext_env)  # logged runs are not trained again
    assert res.returncode == 0 and len(log.read_text().splitlines()) == 2

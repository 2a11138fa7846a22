"""The `rnnlm` and `rnnlm-course` commands as a user meets them in a shell: every subcommand's happy path and one bad
input, `--help` with every option's default, and one-line errors. Everything is written to temporary folders."""
import json, os
import pytest
from conftest import BIN, ROOT, run

def one_line_error(res, message):
    assert res.returncode == 2 and res.stdout == '', (res.returncode, res.stdout, res.stderr)
    assert res.stderr.count('\n') == 1 and res.stderr.startswith('rnnlm: error: '), res.stderr
    assert message in res.stderr, res.stderr

def test_help_lists_every_command():
    res = run(BIN/'rnnlm', '--help')
    assert res.returncode == 0
    for cmd in ('numbers train', 'numbers generate', 'numbers bench', 'surnames train', 'surnames predict',
                'wikitext train', 'wikitext generate', 'wikitext sweep'): assert f'rnnlm {cmd} ' in res.stdout

@pytest.mark.parametrize('cmd', [('numbers', 'train'), ('numbers', 'generate'), ('numbers', 'bench'), ('surnames', 'train'),
                                 ('surnames', 'predict'), ('wikitext', 'train'), ('wikitext', 'generate'), ('wikitext', 'sweep')])
def test_every_option_has_help_and_default(cmd):
    res = run(BIN/'rnnlm', *cmd, '--help')
    assert res.returncode == 0 and res.stdout.startswith(f'usage: rnnlm {" ".join(cmd)}'), res.stderr
    section = res.stdout.split('options:')[1]
    flags = [l.split()[0] for l in section.splitlines() if l.startswith('  --')]  # continuation lines are indented deeper
    assert flags and not [f for f in flags if '_' in f], flags  # --n-words, never --n_words
    assert ' '.join(section.split()).count('(default: ') == len(flags), section  # every option shows its default

def test_unknown_names_are_one_line_errors():
    one_line_error(run(BIN/'rnnlm', 'nope'), "unknown dataset 'nope'")
    one_line_error(run(BIN/'rnnlm', 'numbers', 'fit'), "unknown command 'fit' for numbers")

# --- Human Numbers: train, generate, bench

@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp('weights')/'lm3.pth'
    res = run(BIN/'rnnlm', 'numbers', 'train', 'LMModel3', '--epochs', '2', '--seed', '0', '--out', out)
    assert res.returncode == 0, res.stderr
    return out, res

def test_numbers_train_prints_the_epoch_table_and_saves_weights(trained):
    out, res = trained
    assert 'epoch' in res.stdout and 'accuracy' in res.stdout and 'valid_loss' in res.stdout
    assert f'saved as {out}' in res.stdout
    meta = json.loads(out.with_suffix('.json').read_text())
    assert meta['record']['model'] == 'LMModel3' and len(meta['vocab']) == 30 and meta['record']['accuracy'] > 0.3

def test_numbers_train_rejects_a_bad_epoch_count():
    one_line_error(run(BIN/'rnnlm', 'numbers', 'train', 'LMModel7', '--epochs', '-1'), '--epochs must be at least 1, not -1')
    one_line_error(run(BIN/'rnnlm', 'numbers', 'train', 'LMModel8'), "unknown model 'LMModel8'")

def test_numbers_generate_continues_a_prompt(trained):
    out, _ = trained
    prompt = 'eight thousand one . eight thousand two .'
    res = run(BIN/'rnnlm', 'numbers', 'generate', out, prompt, '--n-words', '8', '--temperature', '0')
    assert res.returncode == 0, res.stderr
    words = res.stdout.split()
    assert ' '.join(words[:len(prompt.split())]) == prompt and len(words) == len(prompt.split()) + 8

def test_numbers_generate_rejects_unknown_words_and_bad_files(trained, tmp_path):
    out, _ = trained
    one_line_error(run(BIN/'rnnlm', 'numbers', 'generate', out, 'eight thousand and one'), 'not in the vocabulary: and')
    one_line_error(run(BIN/'rnnlm', 'numbers', 'generate', tmp_path/'missing.pth', 'one'), 'missing.pth: no such saved run')
    bad = tmp_path/'bad.pth'
    bad.write_bytes(b'not a weights file'); bad.with_suffix('.json').write_text(out.with_suffix('.json').read_text())
    one_line_error(run(BIN/'rnnlm', 'numbers', 'generate', bad, 'one . two .'), 'not a readable weights file')
    bad.with_suffix('.json').write_text('{oops')
    one_line_error(run(BIN/'rnnlm', 'numbers', 'generate', bad, 'one . two .'), 'not valid JSON')

def test_numbers_bench_prints_a_row_per_model():
    res = run(BIN/'rnnlm', 'numbers', 'bench', '--models', 'LMModel1', '--seeds', '1', '--epochs', '1')
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert lines[0].split()[:6] == ['model', 'book', 'mean', 'min', 'max', 'seeds']
    assert lines[1].split()[:2] == ['LMModel1', '0.4944'] and 0.15 < float(lines[1].split()[2]) < 0.6
    one_line_error(run(BIN/'rnnlm', 'numbers', 'bench', '--seeds', '0'), '--seeds must be at least 1, not 0')

# --- surnames: train, predict

def test_surnames_train_then_predict(tmp_path):
    env = {**os.environ, 'RNNLM_CACHE': str(tmp_path/'cache')}
    model = tmp_path/'names.pt'
    res = run(BIN/'rnnlm', 'surnames', 'train', '--epochs', '1', '--hidden', '64', '--layers', '1', '--out', model, env=env)
    assert res.returncode == 0, res.stderr
    assert f'classifier in {model}' in res.stdout and 'accuracy' in res.stdout
    res = run(BIN/'rnnlm', 'surnames', 'predict', 'Nakamura', '--model', model, '--k', '3', env=env)
    assert res.returncode == 0, res.stderr
    rows = res.stdout.strip().splitlines()[1:]
    assert len(rows) == 3 and 'Japanese' in res.stdout
    probs = [float(r.split()[-1]) for r in rows]
    assert probs == sorted(probs, reverse=True) and sum(probs) <= 1.001

def test_surnames_errors_are_one_line(tmp_path):
    one_line_error(run(BIN/'rnnlm', 'surnames', 'train', '--dataset', 'cities'), "unknown dataset 'cities'")
    one_line_error(run(BIN/'rnnlm', 'surnames', 'predict', 'Smith', '--model', tmp_path/'none.pt'), 'no such saved run')

# --- WikiText-2: train, generate, sweep

@pytest.fixture(scope='module')
def wikitext_env(tmp_path_factory):
    "A private model cache, so the tests never touch the user's saved models."
    return {**os.environ, 'RNNLM_CACHE': str(tmp_path_factory.mktemp('cache'))}

TINY = ['--max-tokens', '40000', '--valid-tokens', '4000', '--test-tokens', '4000', '--emb-sz', '32', '--n-hidden', '32', '--bs', '16']

def _test_ppl(model, corpus):
    "Perplexity of `model` on the test slice that TINY evaluates on, measured here, in this process."
    from rnnlm.wikitext import wikitext_dls, wikitext_eval_dl
    from rnnlm.word_lm import evaluate_lm, lm_learner
    from rnnlm.core import get_device
    learn = lm_learner(model.to(get_device()), wikitext_dls(corpus, bs=16, seq_len=70, max_tokens=40_000, valid_tokens=4000))
    return evaluate_lm(learn, wikitext_eval_dl(corpus, 'test', bs=10, seq_len=70, max_tokens=4000))[1]

def test_wikitext_train_saves_logs_and_generates(wikitext_env, tmp_path, monkeypatch):
    log = tmp_path/'runs.jsonl'
    res = run(BIN/'rnnlm', 'wikitext', 'train', '--epochs', '1', *TINY, '--save', 'tiny', '--log', log, env=wikitext_env)
    assert res.returncode == 0, res.stderr
    rec = json.loads(log.read_text().splitlines()[-1])
    assert rec['cell'] == 'LSTM' and rec['epochs'] == 1 and rec['n_hidden'] == 32
    # the logged test perplexity is the saved model's (measured again from its files), and one epoch took it well below
    # the perplexity of the same model untrained
    import torch
    from rnnlm.wikitext import load_wikitext2
    from rnnlm.word_lm import WikiTextConfig, WordLM
    from rnnlm.runs import load_run, run_path
    monkeypatch.setenv('RNNLM_CACHE', wikitext_env['RNNLM_CACHE'])
    corpus = load_wikitext2()
    saved, run_ = load_run(run_path('tiny'), data=corpus.identity())
    assert run_['vocab'] == corpus.vocab and run_['record'] == rec
    assert abs(_test_ppl(saved, corpus) - rec['test_ppl']) < 1e-3 * rec['test_ppl']
    torch.manual_seed(0)
    untrained = WordLM(**WikiTextConfig.from_record(rec).model_args(len(corpus.vocab)))
    assert rec['test_ppl'] < 0.6 * _test_ppl(untrained, corpus), rec['test_ppl']
    res = run(BIN/'rnnlm', 'wikitext', 'generate', 'tiny', '--prompt', 'The zorblax', '--n-words', '5', '--seed', '0',
              env=wikitext_env)
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.split()) == 2 + 5 and res.stdout.startswith('The zorblax ')
    assert "read as <unk>: ['zorblax']" in res.stderr
    res = run(BIN/'rnnlm', 'wikitext', 'generate', 'tiny', '--n-words', '60', '--seed', '0', '--temperature', '1.5',
              '--no-unk', env=wikitext_env)
    assert res.returncode == 0 and len(res.stdout.split()) == 61 and '<unk>' not in res.stdout, (res.stdout, res.stderr)

def test_wikitext_errors_are_one_line(wikitext_env):
    one_line_error(run(BIN/'rnnlm', 'wikitext', 'generate', 'never-trained', env=wikitext_env), 'never-trained.pth: no such saved run')
    one_line_error(run(BIN/'rnnlm', 'wikitext', 'train', '--cell', 'TRANSFORMER'), "--cell must be one of RNN_TANH")

# Data-parallel training (26_data_parallel): 2 CPU processes averaging gradients over gloo, started by Accelerate's launcher
# (torchrun underneath), must train the model that 1 process trains with the same global batch: same steps, up to the
# order of floating-point sums. Measured when written: weights within 3e-7, the same validation and test loss.
DDP_RUN = ['--max-tokens', '20000', '--valid-tokens', '2000', '--test-tokens', '2000', '--emb-sz', '16', '--n-hidden', '32',
           '--bs', '8', '--seq-len', '20', '--dropout', '0', '--threads', '1', '--seed', '0']

def _launch_two(*args, env):
    import socket
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]  # a free port for the process group
    return run(BIN/'accelerate', 'launch', '--multi_gpu', '--num_processes', '2', '--num_machines', '1', '--mixed_precision', 'no',
               '--dynamo_backend', 'no', '--main_process_port', port, BIN/'rnnlm', 'wikitext', 'train', *args, env=env, timeout=900)

@pytest.mark.dev  # the course's .venv only: one run of it in CI is enough
def test_wikitext_train_data_parallel(wikitext_env, tmp_path, monkeypatch):
    import torch
    from rnnlm.core import cache_dir
    one = run(BIN/'rnnlm', 'wikitext', 'train', *DDP_RUN, '--epochs', '2', '--save', 'one', env=wikitext_env)
    assert one.returncode == 0, one.stderr
    two = _launch_two(*DDP_RUN, '--epochs', '2', '--save', 'two', env=wikitext_env)
    assert two.returncode == 0, two.stderr[-3000:]
    records = [json.loads(l) for l in two.stdout.splitlines() if l.startswith('{')]
    assert len(records) == 1 and records[0]['processes'] == 2, two.stdout  # process 0 alone reports
    rec1 = json.loads([l for l in one.stdout.splitlines() if l.startswith('{')][0])
    assert rec1['processes'] == 1 and abs(records[0]['valid_loss'] - rec1['valid_loss']) < 1e-4, (rec1, records[0])
    monkeypatch.setenv('RNNLM_CACHE', wikitext_env['RNNLM_CACHE'])
    w1, w2 = (torch.load(cache_dir('models')/f'{n}.pth', map_location='cpu', weights_only=True) for n in ('one', 'two'))
    assert w1.keys() == w2.keys()
    diff = max((w1[k] - w2[k]).abs().max().item() for k in w1)
    assert diff < 1e-4, f'2 processes and 1 trained different weights: max |difference| {diff}'
    # with a wall-clock budget the processes agree on when to stop (else one would wait for the other forever)
    budget = _launch_two(*DDP_RUN, '--minutes', '0.1', '--no-validate', env=wikitext_env)
    assert budget.returncode == 0, budget.stderr[-3000:]
    rec = json.loads([l for l in budget.stdout.splitlines() if l.startswith('{')][0])
    assert rec['processes'] == 2 and 6 - 1 < rec['train_seconds'] < 6 + 15, rec

def test_wikitext_sweep_logs_every_run_and_prints_the_table(wikitext_env, tmp_path):
    log = tmp_path/'sweep.jsonl'
    args = ['wikitext', 'sweep', '--log', log, '--cell', 'GRU', 'RNN_TANH', '--n-layers', '1', '--n-hidden', '16',
            '--emb-sz', '16', '--dropout', '0', '--epochs', '1', '--max-tokens', '20000', '--valid-tokens', '3000', '--test-tokens', '3000', '--bs', '16']
    res = run(BIN/'rnnlm', *args, env=wikitext_env)
    assert res.returncode == 0, res.stderr
    lines = log.read_text().splitlines()
    assert len(lines) == 2 and {json.loads(l)['cell'] for l in lines} == {'GRU', 'RNN_TANH'}
    assert res.stdout.split()[:2] == ['cell', 'n_layers'] and 'test_ppl' in res.stdout.splitlines()[0]
    res = run(BIN/'rnnlm', *args, env=wikitext_env)  # logged runs are not trained again
    assert res.returncode == 0 and len(log.read_text().splitlines()) == 2
    one_line_error(run(BIN/'rnnlm', 'wikitext', 'sweep', '--n-layers', '0'), '--n-layers must be at least 1, not 0')

def test_wikitext_sweep_over_seeds_and_levers_saves_each_model(wikitext_env, tmp_path, monkeypatch):
    log = tmp_path/'levers.jsonl'
    res = run(BIN/'rnnlm', 'wikitext', 'sweep', '--log', log, '--cell', 'LSTM', '--n-layers', '1', '--n-hidden', '16',
              '--emb-sz', '16', '--dropout', '0', '--embed-p', '0.1', '--weight-p', '0', '0.3', '--seed', '1', '2',
              '--max-tokens', '20000', '--valid-tokens', '3000', '--test-tokens', '3000', '--bs', '16', '--save', 'lever',
              env=wikitext_env)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(l) for l in log.read_text().splitlines()]
    assert sorted((r['weight_p'], r['seed'], r['embed_p']) for r in rows) == [(0, 1, 0.1), (0, 2, 0.1), (0.3, 1, 0.1), (0.3, 2, 0.1)]
    assert len({r['test_ppl'] for r in rows}) == 4  # the seeds and the lever each change the run
    from fastai.text.models.awdlstm import WeightDropout
    from rnnlm.runs import load_run, run_path
    monkeypatch.setenv('RNNLM_CACHE', wikitext_env['RNNLM_CACHE'])
    for r in rows:  # each run saved under the name its log line gives, with its levers in place
        model, saved = load_run(run_path(r['saved_as']))
        assert saved['record'] == {k: v for k, v in r.items() if k not in ('run_key', 'saved_as')}
        assert isinstance(model.rnn, WeightDropout) == (r['weight_p'] > 0) and model.encoder_dp.embed_p == 0.1

# --- the course's own command

def test_course_runs_a_lesson_and_prints_its_summary():
    res = run(BIN/'rnnlm-course', 'run', '--only', '00_data')
    assert res.returncode == 0, res.stderr
    assert '1/1 notebooks ran cleanly' in res.stdout
    assert 'Human Numbers tokens = 63095' in res.stdout

def test_course_readme_check_passes_on_the_checkout():
    res = run(BIN/'rnnlm-course', 'readme', '--check')
    assert res.returncode == 0, res.stderr

"""One saved-run format for every dataset (`rnnlm.runs`): each run loads through `load_run`, and a run is refused, with the
difference named, when the data it is about to be used with is another corpus, numbering or vocabulary than it was
trained on. (That a comment edit leaves a run loadable, and a code edit does not, is tested in `nbs/87_runs.ipynb`.)"""
import dataclasses
import pytest

@pytest.fixture(scope='module')
def cache(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv('RNNLM_CACHE', str(tmp_path_factory.mktemp('cache')))
    yield
    mp.undo()

def refused(path, data, named):
    from rnnlm.runs import RunMismatch, load_run
    with pytest.raises(RunMismatch, match=f'other data: {named} '): load_run(path, data=data)

def test_wikitext_run_refuses_another_corpus_numbering_or_vocabulary(cache):
    from rnnlm.wikitext import load_wikitext2, load_wikitext2_raw
    from rnnlm.word_lm import train_wikitext
    from rnnlm.runs import load_run, run_path
    corpus = load_wikitext2()
    train_wikitext(corpus=corpus, emb_sz=8, n_hidden=8, max_tokens=3000, valid_tokens=1000, eval_test=False, save='tiny')
    path = run_path('tiny')
    model, run = load_run(path, data=corpus.identity(), device='cpu')
    assert run['vocab'] == corpus.vocab and model.encoder.weight.shape[0] == len(corpus.vocab)
    refused(path, load_wikitext2(order='appearance').identity(), 'numbering')
    refused(path, load_wikitext2_raw().identity(), 'corpus')
    renamed = dataclasses.replace(corpus, vocab=[w.upper() if w == 'the' else w for w in corpus.vocab])  # one word differs
    refused(path, renamed.identity(), 'vocab')

def test_human_numbers_run_refuses_another_vocabulary(cache, tmp_path):
    from rnnlm.data import load_human_numbers
    from rnnlm.recipes import human_numbers_identity, train
    from rnnlm.runs import data_identity, load_run
    train('LMModel1', epochs=1, seed=0, out=tmp_path/'lm1.pth', quiet=True)
    model, run = load_run(tmp_path/'lm1.pth', data=human_numbers_identity(), device='cpu')
    assert type(model).__name__ == 'LMModel1' and run['record']['model'] == 'LMModel1'
    hn = load_human_numbers()
    refused(tmp_path/'lm1.pth', data_identity('human-numbers', 'first appearance', sorted(hn.vocab), hn.nums), 'vocab')

def test_surnames_run_refuses_another_dataset(cache):
    from rnnlm.surnames import SurnameClassifier, load_or_train, surnames_identity
    from rnnlm.surnames_data import load_surnames, split_by_surname
    from rnnlm.core import cache_dir
    tiny = dict(epochs=1, lr=1e-2, layers=1, hidden=16, weight_power=0.5)
    clf = load_or_train('names', config=tiny, verbose=False)
    [path] = cache_dir('surnames').glob('names-seed0-*.pt')
    again = load_or_train('names', config=tiny, verbose=False)  # the same settings, data and code: loaded, not trained
    assert again.record == clf.record and SurnameClassifier.load(path).categories == clf.categories
    refused(path, surnames_identity(split_by_surname(load_surnames(), seed=42), 'surnames'), 'corpus')

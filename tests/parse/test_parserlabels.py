"""Labels scored at the chosen heads (attribution/parserlabels.py) against Stanza's full scoring."""
import copy
import types

import pytest
import stanza
import torch
import torch.nn.functional as F
from stanza.models.common.biaffine import DeepBiaffineScorer

from attribution.parse.stanza_patches import parserlabels
from attribution.parse.document import split_paragraphs


@pytest.fixture
def label_scorer():
    torch.manual_seed(3)
    deep = DeepBiaffineScorer(12, 12, 7, 5, pairwise=True).eval()
    torch.nn.init.normal_(deep.scorer.W_bilin.weight)  # Stanza starts them at zero
    torch.nn.init.normal_(deep.scorer.W_bilin.bias)
    return deep


def test_scores_at_chosen_heads_and_rows_are_the_full_tensors(label_scorer):
    lengths = [6, 4, 1]  # root included; padded to 6; a sentence of the root alone has no words
    inputs = torch.randn(len(lengths), max(lengths), 12)
    with torch.no_grad():
        full = label_scorer(inputs, inputs)  # (batch, dependent, head, labels), as Stanza scores them
        words = [(b, j) for b, n in enumerate(lengths) for j in range(1, n)]
        scorer = parserlabels.ArcLabelScorer(label_scorer, inputs, inputs, words)
        heads = [(b, (j * 3) % lengths[b]) for b, j in words]
        at = scorer.at(heads)
        assert at.shape == (len(words), 5)
        for k, ((b, j), (_, h)) in enumerate(zip(words, heads)):
            torch.testing.assert_close(at[k], full[b, j, h])
            torch.testing.assert_close(scorer.row(b, j, lengths[b]), full[b, j, :lengths[b]])


def test_log_probs_answer_like_stanzas_array(label_scorer):
    inputs = torch.randn(1, 5, 12)
    with torch.no_grad():
        expected = F.log_softmax(label_scorer(inputs, inputs), 3)[0].numpy()
        words = [(0, j) for j in range(1, 5)]
        scorer = parserlabels.ArcLabelScorer(label_scorer, inputs, inputs, words)
        tree = [0, 2, 0, 2, 3]
        chosen_scores = F.log_softmax(scorer.at([(0, tree[j]) for _, j in words]), 1).numpy()
        chosen = {j: (tree[j], chosen_scores[j - 1]) for j in range(1, 5)}
        probs = parserlabels.LabelLogProbs(scorer, 0, 5, chosen)
        assert probs.shape == (5, 5, 5)
        for dep in range(1, 5):
            for head in range(5):
                assert probs[dep, head] == pytest.approx(expected[dep, head], abs=1e-5)
                assert probs[dep, head, 2] == pytest.approx(expected[dep, head, 2], abs=1e-5)
    assert set(probs.rows) == {1, 2, 3, 4}  # each word's row computed once, when another arc was asked


@pytest.fixture(scope="module")
def tagged_seed(nlp, seed_text):
    """The seed article tokenized, tagged and lemmatised, ready for the parser."""
    paragraphs = [p.text for p in split_paragraphs(seed_text)]
    return nlp.bulk_process([stanza.Document([], text=p) for p in paragraphs], processors="tokenize,pos,lemma")


def _parse_twice(nlp, tagged, monkeypatch, resolve):
    """The trees from Stanza's predict and from ours, on the same tagged input."""
    processor = nlp.processors["depparse"]
    monkeypatch.setitem(processor.config, "resolve_head_constraints", resolve)
    model = processor.trainer.model

    def trees(predict):
        monkeypatch.setattr(model, "predict", predict)
        docs = processor.bulk_process(copy.deepcopy(tagged))
        return [(w.id, w.head, w.deprel) for d in docs for s in d.sentences for w in s.words]

    return trees(parserlabels.stanza_predict(model)), trees(types.MethodType(parserlabels.predict, model))


@pytest.mark.parametrize("resolve", [False, True])
def test_the_bundled_parser_gives_stanzas_trees(nlp, tagged_seed, monkeypatch, resolve):
    rows = []
    original_row = parserlabels.LabelLogProbs._row
    monkeypatch.setattr(parserlabels.LabelLogProbs, "_row",
                        lambda self, dep: rows.append(dep) or original_row(self, dep))
    expected, ours = _parse_twice(nlp, tagged_seed, monkeypatch, resolve)
    assert len(expected) > 500
    assert ours == expected
    if resolve:
        assert rows  # the seed has head-constraint violations, so the repair asked for other arcs


def test_install_only_on_a_plain_graph_parser(nlp):
    model = nlp.processors["depparse"].trainer.model
    assert parserlabels.supports(model)
    assert model.predict.__func__ is parserlabels.predict  # load_pipeline installed it
    assert not parserlabels.supports(types.SimpleNamespace(args={}))
    no_parser = types.SimpleNamespace(processors={"tokenize": object()})
    assert parserlabels.install(no_parser) is False

"""The parser's relation labels scored for the chosen heads only, with Stanza's results.

Stanza's graph parser (``GraphParser.forward``) scores every relation label for every pair of
words of a batch, an ``n x n x labels`` tensor per sentence (41 labels for the bundled model),
takes its argmax and its log-softmax, and only then decodes the tree, after which it reads the
label of each word at its chosen head and nothing else (Stanza's head-constraint repair, when a
model asks for it, reads a few more rows).  On 40 articles, single-threaded, that pairwise
scoring, its bias, argmax and log-softmax took ~1.2 of 14 s, and its size, quadratic in the
sentence length, made the parser's costliest calls (long sentences) the costliest of a run.

:func:`predict` decodes the tree first, from Stanza's own arc scores (``forward_scores``, whose
label scorer is only asked for its inputs), and then scores labels for each word at its chosen
head: the same bilinear form on the same inputs, ``labels`` numbers a word instead of
``n x labels``.  A repair that asks for another arc's labels gets that word's row, computed then.
The labels are the argmax of the same numbers summed in another order; on 300 articles they were
the same for every word (see ``benchmarks/RESULTS.md``), and tests compare both predictions.

:func:`install` puts it on a pipeline's parser when the model is a plain graph parser (the
bundled one, Stanza's official Arabic one); any other parser keeps Stanza's own ``predict``.
"""
from __future__ import annotations

import types

import numpy as np
import torch
import torch.nn.functional as F


class ArcLabelScorer:
    """Stanza's ``PairwiseBiaffineScorer`` for relation labels, evaluated on chosen arcs.

    ``dependents`` and ``heads`` are what ``DeepBiaffineScorer`` receives (batch x words x
    features), ``words`` the (batch, position) of each word to score, position 0 being the root.
    """

    def __init__(self, deep_scorer, dependents, heads, words: list[tuple[int, int]]):
        def hidden(linear, inputs):
            out = deep_scorer.dropout(deep_scorer.hidden_func(linear(inputs)))
            return torch.cat([out, out.new_ones(*out.shape[:-1], 1)], -1)  # the biaffine's bias column

        bilinear = deep_scorer.scorer.W_bilin
        self.weight, self.bias = bilinear.weight, bilinear.bias  # (I, J, labels), (labels,)
        self.head_hidden = hidden(deep_scorer.W2, heads)  # (batch, n, J)
        dep_hidden = hidden(deep_scorer.W1, dependents)
        self.row_of = {word: k for k, word in enumerate(words)}
        batch_index = torch.tensor([b for b, _ in words], dtype=torch.long)
        position = torch.tensor([j for _, j in words], dtype=torch.long)
        chosen = dep_hidden[batch_index, position]  # (words, I)
        inside, across, labels = self.weight.shape
        # the same first product as Stanza's einsum("NLI,IJO->NLJO"), for real words only
        self.partial = (chosen @ self.weight.reshape(inside, across * labels)).view(-1, across, labels)

    def at(self, heads: list[tuple[int, int]]) -> torch.Tensor:
        """Label scores (words x labels) of each word, in ``words`` order, at the (batch, head)
        given for it."""
        batch_index = torch.tensor([b for b, _ in heads], dtype=torch.long)
        position = torch.tensor([h for _, h in heads], dtype=torch.long)
        head_rows = self.head_hidden[batch_index, position]  # (words, J)
        return torch.bmm(head_rows.unsqueeze(1), self.partial).squeeze(1) + self.bias

    def row(self, batch: int, position: int, length: int) -> torch.Tensor:
        """Label scores (length x labels) of one word at every head of its sentence."""
        partial = self.partial[self.row_of[(batch, position)]]  # (J, labels)
        return self.head_hidden[batch, :length] @ partial + self.bias


class LabelLogProbs:
    """What Stanza's head-constraint repair reads as ``label_log_probs`` (``[dep, head]`` a
    row of log-probabilities over labels, ``[dep, head, label]`` one of them, ``shape``), for
    one sentence: the chosen arcs are known in advance, any other arc costs its word's row."""

    def __init__(self, scorer: ArcLabelScorer, batch: int, length: int, chosen: dict[int, np.ndarray]):
        self.scorer, self.batch, self.length = scorer, batch, length
        self.chosen = chosen  # {dep: (head, log-probs at that head)}
        self.rows: dict[int, np.ndarray] = {}
        self.shape = (length, length, scorer.bias.shape[0])

    def _row(self, dep: int) -> np.ndarray:
        if dep not in self.rows:
            scores = self.scorer.row(self.batch, dep, self.length)
            self.rows[dep] = F.log_softmax(scores, 1).numpy()
        return self.rows[dep]

    def __getitem__(self, index):
        dep, head, *label = index
        dep, head = int(dep), int(head)
        if dep in self.rows or self.chosen[dep][0] != head:
            values = self._row(dep)[head]
        else:
            values = self.chosen[dep][1]
        return values[label[0]] if label else values


def predict(model, word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats, pretrained, lemma,
            head, deprel, word_orig_idx, sentlens, wordlens, text, resolve_head_constraints=False):
    """``GraphParser.predict`` (same arguments, same result) with labels scored at the chosen
    heads only."""
    from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root
    from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
    from stanza.models.depparse.head_constraints import resolve_head_constraint_violations

    label_inputs = []

    def keep_inputs(dependents, heads):
        label_inputs.append((dependents, heads))
        return dependents.new_zeros(())  # stands for the label scores, which forward_scores only returns

    model.deprel.forward = keep_inputs  # the instance's, for this call only
    try:
        arc_scores = model.forward_scores(word, word_mask, wordchars, wordchars_mask, upos, xpos, ufeats,
                                          pretrained, lemma, head, deprel, word_orig_idx, sentlens, wordlens,
                                          text)[0]
    finally:
        del model.deprel.forward
    arc_log_probs = F.log_softmax(arc_scores, 2).detach().cpu().numpy()  # as Stanza: over padded heads too

    trees = [chuliu_edmonds_one_root(arc_log_probs[b][:length, :length]) for b, length in enumerate(sentlens)]
    words = [(b, j) for b, length in enumerate(sentlens) for j in range(1, length)]
    scorer = ArcLabelScorer(model.deprel, *label_inputs[0], words)
    at_heads = scorer.at([(b, int(trees[b][j])) for b, j in words])

    vocab = model.vocab['deprel']
    first = np.cumsum([0, *(length - 1 for length in sentlens)])  # sentence b's words: first[b]:first[b + 1]
    head_seqs, deprel_seqs = [], []
    if resolve_head_constraints:
        log_probs = F.log_softmax(at_heads, 1).numpy()
        for b, length in enumerate(sentlens):
            tree = trees[b]
            chosen = {j: (int(tree[j]), log_probs[first[b] + j - 1]) for j in range(1, length)}
            labels = LabelLogProbs(scorer, b, length, chosen)
            tree, raw_ids = resolve_head_constraint_violations(arc_log_probs[b][:length, :length], labels,
                                                               tree, vocab)
            head_seqs.append(tree[1:])
            deprel_seqs.append(vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw_ids]))
    else:
        label_ids = (at_heads.argmax(1) + VOCAB_PREFIX_SIZE).tolist()
        for b in range(len(sentlens)):
            head_seqs.append(trees[b][1:])
            deprel_seqs.append(vocab.unmap(label_ids[first[b]:first[b + 1]]))
    return [[[head_seqs[i][j], deprel_seqs[i][j]] for j in range(sentlens[i] - 1)] for i in range(len(sentlens))]


def supports(model) -> bool:
    """A plain Stanza graph parser whose label scorer is the pairwise biaffine :func:`predict`
    knows (no arc embeddings, no ensemble, no transition parser)."""
    from stanza.models.common.biaffine import DeepBiaffineScorer, PairwiseBiaffineScorer, PairwiseBilinear
    from stanza.models.depparse.model import GraphParser

    deep = getattr(model, "deprel", None)
    return (type(model) is GraphParser and not model.args.get("use_arc_embedding")
            and type(deep) is DeepBiaffineScorer and type(deep.scorer) is PairwiseBiaffineScorer
            and type(deep.scorer.W_bilin) is PairwiseBilinear)


def install(nlp) -> bool:
    """Give the pipeline's parser :func:`predict`; True when it has it (False: no parser, or one
    :func:`supports` does not cover, which keeps Stanza's)."""
    processor = nlp.processors.get("depparse")
    model = getattr(getattr(processor, "trainer", None), "model", None)
    if model is None or not supports(model):
        return False
    model.predict = types.MethodType(predict, model)
    return True


def stanza_predict(model):
    """The parser's prediction as Stanza wrote it (for comparisons)."""
    return types.MethodType(type(model).predict, model)

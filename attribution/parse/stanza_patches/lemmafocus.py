"""Lemmas from the lemmatizer's sequence model only for the words whose lemmas are read.

Stanza's lemmatizer looks each (word, tag) up in the dictionary it learnt and runs its
character sequence-to-sequence model on the rest: on 60 raw news articles 22% of the words went
to that model, 2.0 of the 2.8 s the stage took (11% of the whole parse, one thread).  The
extraction reads the lemmas of verbs alone (a cue verb's lemma, كان), so while
:func:`lemmas_for` is active the model runs on words with the given tags only; any other word
the dictionary lacks keeps its own form as lemma.  The dictionary is used as before.  The
parser also reads lemmas (an embedding of its 1,004 most frequent ones), so trees can differ
where a word's model lemma was one of those; on the dev articles, the seed and 300 raw
articles the claims were the same (``benchmarks/RESULTS.md``).  ``attribution parse`` keeps
every lemma.
"""
from __future__ import annotations

import contextlib
from collections.abc import Collection


def _trainer(nlp):
    proc = getattr(nlp, "processors", {}).get("lemma")
    if proc is None or not proc.config.get("ensemble_dict", False):
        return None  # only the dictionary-first path asks which words to skip
    return getattr(proc, "trainer", None)


def install(nlp) -> None:
    trainer = _trainer(nlp)
    if trainer is None or hasattr(trainer, "lemma_tags"):
        return
    trainer.lemma_tags = None  # None: every word, as Stanza does
    skip_seq2seq, ensemble = trainer.skip_seq2seq, trainer.ensemble

    def focused_skip(pairs):
        skip = skip_seq2seq(pairs)
        tags = trainer.lemma_tags
        return skip if tags is None else [s or pos not in tags for s, (_, pos) in zip(skip, pairs)]

    def focused_ensemble(pairs, other_preds):
        lemmas = ensemble(pairs, other_preds)
        if trainer.lemma_tags is None:
            return lemmas
        # a word neither in the dictionary nor sent to the model comes back empty: its own form
        return [lemma or (word.lower() if trainer.caseless else word) for lemma, (word, _) in zip(lemmas, pairs)]

    trainer.skip_seq2seq, trainer.ensemble = focused_skip, focused_ensemble


@contextlib.contextmanager
def lemmas_for(nlp, tags: Collection[str] | None):
    """Within the block, the sequence model lemmatizes only words tagged ``tags`` (UPOS);
    ``None``, or a pipeline :func:`install` did not patch, leaves every word to it."""
    trainer = _trainer(nlp)
    if tags is None or trainer is None or not hasattr(trainer, "lemma_tags"):
        yield
        return
    before, trainer.lemma_tags = trainer.lemma_tags, frozenset(tags)
    try:
        yield
    finally:
        trainer.lemma_tags = before

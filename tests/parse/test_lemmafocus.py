"""The lemmatizer's sequence model only for the tags the rules read (stanza_patches/lemmafocus.py)."""
from __future__ import annotations

import types

from attribution.parse.document import parse_paragraphs
from attribution.parse.stanza_patches import lemmafocus
from attribution.rules.extract import LEMMA_TAGS

TEXT = "وقال الوزراء المغاربة إن اللوحة رسمت بالدهان، وأكدوا أن المعرض سيفتتح غدا."


class FakeTrainer:
    """Stanza's dictionary-first lemmatizer reduced to its two hooks: ``known`` is the dictionary."""
    caseless = False

    def __init__(self, known):
        self.known = known

    def skip_seq2seq(self, pairs):
        return [(w, pos) in self.known for w, pos in pairs]

    def ensemble(self, pairs, other_preds):
        return [self.known.get((w, pos), pred) for (w, pos), pred in zip(pairs, other_preds)]


def fake_pipeline(known, ensemble_dict=True):
    proc = types.SimpleNamespace(config={"ensemble_dict": ensemble_dict}, trainer=FakeTrainer(known))
    return types.SimpleNamespace(processors={"lemma": proc}), proc.trainer


def test_only_the_given_tags_go_to_the_model():
    nlp, trainer = fake_pipeline({("قال", "VERB"): "قال"})
    lemmafocus.install(nlp)
    pairs = [("قال", "VERB"), ("أكدوا", "VERB"), ("الوزراء", "NOUN"), ("إن", "SCONJ")]
    assert trainer.skip_seq2seq(pairs) == [True, False, False, False]  # as Stanza, outside the block
    with lemmafocus.lemmas_for(nlp, {"VERB"}):
        assert trainer.skip_seq2seq(pairs) == [True, False, True, True]
        # the model's lemma for أكدوا; the others keep their form, not an empty lemma
        assert trainer.ensemble(pairs, ["", "أكد", "", ""]) == ["قال", "أكد", "الوزراء", "إن"]
    assert trainer.lemma_tags is None
    assert trainer.ensemble(pairs, ["", "أكد", "وزير", "إن"]) == ["قال", "أكد", "وزير", "إن"]


def test_a_pipeline_without_the_dictionary_path_is_left_alone():
    nlp, trainer = fake_pipeline({}, ensemble_dict=False)
    lemmafocus.install(nlp)
    assert not hasattr(trainer, "lemma_tags")
    with lemmafocus.lemmas_for(nlp, {"VERB"}):  # a no-op, not an error
        assert trainer.skip_seq2seq([("قال", "VERB")]) == [False]


def test_bundled_pipeline_keeps_verb_lemmas_and_trees(nlp):
    full = parse_paragraphs(nlp, TEXT)
    focused = parse_paragraphs(nlp, TEXT, lemmas_for=LEMMA_TAGS)
    again = parse_paragraphs(nlp, TEXT)
    pairs = list(zip((w for s in full.sentences for w in s.words), (w for s in focused.sentences for w in s.words)))
    assert len(pairs) == sum(len(s.words) for s in focused.sentences)
    for a, b in pairs:
        assert (a.text, a.upos, a.head, a.deprel) == (b.text, b.upos, b.head, b.deprel)
        if a.upos in LEMMA_TAGS:
            assert a.lemma == b.lemma
        else:
            assert b.lemma in (a.lemma, a.text)
    # the dictionary lacks اللوحة: the model lemmatizes it in a full parse only
    assert ("اللوحة", "لَوحَة", "اللوحة") in [(a.text, a.lemma, b.lemma) for a, b in pairs]
    assert [w.lemma for s in again.sentences for w in s.words] == [a.lemma for a, _ in pairs]  # switched back

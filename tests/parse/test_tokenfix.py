"""Merging clitic splits the bundled tokenizer gets wrong (وكالة → و + كالة)."""
from __future__ import annotations

import pytest

from attribution.parse.document import parse_paragraphs
from attribution.parse.tokenfix import CliticMerger

VOCAB = {"وكالة", "وزيرة", "وفقا", "قال", "وقال", "كالة_not", "التحالف", "والتحالف", "للحظر"}


@pytest.mark.parametrize("tokens, expected", [
    (["و", "كالة", "الأنباء"], ["وكالة", "الأنباء"]),           # the remainder is no word: merge
    (["و", "قال", "الوزير"], ["و", "قال", "الوزير"]),           # قال is a word: a real clitic
    (["و", "التحالف"], ["و", "التحالف"]),
    (["ل", "لحظر"], ["ل", "لحظر"]),                             # ل + article: the treebank convention
    (["و", "زيرة", "الخارجية"], ["وزيرة", "الخارجية"]),
    (["و"], ["و"]),
    ([("و", True), "كالة"], [("و", True), "كالة"]),              # multi-word tokens are left alone
])
def test_merger(tokens, expected):
    assert CliticMerger(VOCAB)([tokens]) == [expected]


def test_disabled_merger_changes_nothing():
    merger = CliticMerger(VOCAB)
    merger.enabled = False
    assert merger([["و", "كالة"]]) == [["و", "كالة"]]


def test_bundled_pipeline_keeps_whole_words(nlp):
    text = "وأعلنت وزيرة الخارجية أن الوفد وصل، وفقا لوكالة رويترز."
    words = [w.text for s in parse_paragraphs(nlp, text).sentences for w in s.words]
    assert "وزيرة" in words and "وفقا" in words and "أعلنت" in words
    for s in parse_paragraphs(nlp, text).sentences:
        for w in s.words:
            assert text[w.start:w.end] == w.text

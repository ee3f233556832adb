"""Trees left for later: the parse may give a tree only to the sentences the rules read
(``parse_texts(trees_for=...)``); any other sentence is parsed alone when a rule first reads its
tree, and gets the tree it gets when the whole text is parsed."""
from __future__ import annotations

import pytest

from attribution.parse.document import (Sentence, TreeNotParsed, parse_paragraphs, parse_texts, split_paragraphs)
from treebuilder import build

ROWS = """
قال VERB 0 root
الوزير NOUN 1 nsubj
إن SCONJ 4 mark
الاتفاق NOUN 1 ccomp
"""


def _tree_less(rows: str, parse) -> Sentence:
    sentence = build(rows).sentences[0]
    sentence.leave_tree(parse)
    return sentence


def test_a_sentence_left_without_its_tree_is_parsed_once_when_first_read():
    calls = []

    def parse(sentence):
        calls.append(sentence.index)
        return [0, 1, 4, 1], ["root", "nsubj", "mark", "ccomp"]

    sentence = _tree_less(ROWS, parse)
    assert not sentence.has_tree and calls == []
    assert [w.upos for w in sentence.words] == ["VERB", "NOUN", "SCONJ", "NOUN"] and calls == []  # tags need no tree
    assert sentence.words[1].deprel == "nsubj" and calls == [0]
    assert sentence.words[3].head_index == 0 and sentence.children[0] == [1, 3] and sentence.subtree(3) == [2, 3]
    assert calls == [0] and sentence.has_tree


@pytest.mark.parametrize("read", [
    lambda s: s.words[0].head,
    lambda s: s.words[2].deprel,
    lambda s: s.children,
    lambda s: list(s.ancestors(2)),
], ids=["head", "deprel", "children", "ancestors"])
def test_every_way_of_reading_the_tree_asks_for_it(read):
    def refuse(sentence):
        raise TreeNotParsed()

    sentence = _tree_less(ROWS, refuse)
    with pytest.raises(TreeNotParsed):
        read(sentence)
    assert not sentence.has_tree  # a refused read leaves the sentence waiting for its tree


def test_a_missing_attribute_is_still_an_attribute_error():
    sentence = build(ROWS).sentences[0]
    with pytest.raises(AttributeError):
        sentence.words[0].no_such_field  # noqa: B018
    with pytest.raises(AttributeError):
        sentence.no_such_field  # noqa: B018


SELECTIVE_TEXT = ("وقال الرئيس الأمريكي دونالد ترامب إن الأمم المتحدة فشلت في مهمتها.\n\n"
                  "وزار إيمانويل ماكرون العاصمة الألمانية برلين أمس.\n\n"
                  "وأعلنت وزارة الخارجية الفرنسية في باريس أن الاجتماع تأجل.")


def _trees(parsed):
    return [[(w.head, w.deprel) for w in s.words] for s in parsed.sentences]


def test_trees_parsed_with_the_call_or_later_are_the_same(nlp):
    """With ``trees_for``, the chosen sentences get their trees in one parser batch with the call,
    the others when first read; either way each gets the tree the whole text's parse gives it,
    and the tags and lemmas are the same."""
    full = parse_paragraphs(nlp, SELECTIVE_TEXT)
    asked = []

    def chosen(sentence, text):
        asked.append((sentence.paragraph, sentence.has_tree))
        return sentence.paragraph != 1

    selective = parse_texts(nlp, [(SELECTIVE_TEXT, split_paragraphs(SELECTIVE_TEXT))], trees_for=chosen)[0]
    assert sorted(asked) == [(0, False), (1, False), (2, False)]  # each asked once, before its tree
    assert [s.has_tree for s in selective.sentences] == [True, False, True]
    assert _trees(selective) == _trees(full)
    assert all(s.has_tree for s in selective.sentences)  # reading them parsed the one left
    assert [[(w.text, w.upos, w.lemma, w.start, w.end) for w in s.words] for s in selective.sentences] == \
        [[(w.text, w.upos, w.lemma, w.start, w.end) for w in s.words] for s in full.sentences]


def test_a_selector_that_reads_the_tree_chooses_the_sentence(nlp):
    """The selector is asked before the sentence has a tree: where it reads one, the answer is yes."""
    selective = parse_texts(nlp, [(SELECTIVE_TEXT, split_paragraphs(SELECTIVE_TEXT))],
                            trees_for=lambda s, text: s.paragraph == 2 and s.words[0].head >= 0)[0]
    assert [s.has_tree for s in selective.sentences] == [False, False, True]

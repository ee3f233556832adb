"""find_cues on one sentence: which words are cues, with which lemma and category."""
from __future__ import annotations

import pytest

from attribution.rules.cues import find_cues
from attribution.rules.lexicon import load_lexicon
from treebuilder import build


def cues_of(rows: str, lemmas: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    parsed = build(rows, lemmas)
    lexicon = load_lexicon()
    return [(parsed.text[c.start:c.end], c.lemma, c.category)
            for s in parsed.sentences for c in find_cues(s, lexicon, parsed.text)]


@pytest.mark.parametrize("rows, expected", [
    ("وقال VERB 0 root\nالوزير NOUN 1 nsubj\nإن SCONJ 4 mark\nالوضع NOUN 1 ccomp",
     [("وقال", "قال", "verb")]),
    ("أكد VERB 0 root\nالوزير NOUN 1 nsubj\nأن SCONJ 4 mark\nالوضع NOUN 1 ccomp",
     [("أكد", "اكد", "verb")]),
    ("لم PART 2 advmod\nيقل VERB 0 root Aspect=Imp\nالوزير NOUN 2 nsubj\nإن SCONJ 5 mark\nالوضع NOUN 2 ccomp", []),
    ("سوف PART 2 advmod\nيعلن VERB 0 root Aspect=Imp\nالوزير NOUN 2 nsubj\nأن SCONJ 5 mark\nالوضع NOUN 2 ccomp",
     []),
    ("بحسب ADP 2 case\nالوزارة NOUN 0 root", [("بحسب", "بحسب", "according_to")]),
], ids=["fused-wa", "akkada", "negated", "future", "according-to"])
def test_find_cues(rows, expected):
    assert cues_of(rows) == expected


# a form the conjugation tables do not generate (قلنا) is a cue through its lemma only
FIRST_PERSON = "قلنا VERB 0 root\nإن SCONJ 3 mark\nالوضع NOUN 1 ccomp"


@pytest.mark.parametrize("lemmas, expected", [
    (None, []),
    ({"قلنا": "قال"}, [("قلنا", "قال", "verb")]),
], ids=["lemma-is-form", "real-lemma"])
def test_a_cue_is_found_by_its_lemma(lemmas, expected):
    assert cues_of(FIRST_PERSON, lemmas) == expected

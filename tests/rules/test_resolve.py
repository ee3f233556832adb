"""pick_antecedent: the most recent candidate before the cue that agrees and is not inside content."""
from __future__ import annotations

import pytest

from attribution.rules.resolve import mention_from_span, pick_antecedent
from treebuilder import build

ROWS = ("التقى VERB 0 root\nالوزير NOUN 1 nsubj Gender=Masc|Number=Sing\n"
        "وزارة NOUN 1 obj Gender=Fem|Number=Sing\nالدفاع NOUN 3 nmod\n. PUNCT 1 punct")


def candidates():
    parsed = build(ROWS)
    sentence = parsed.sentences[0]
    return parsed, [mention_from_span(sentence, 1, 1, parsed.text), mention_from_span(sentence, 2, 3, parsed.text)]


@pytest.mark.parametrize("gender, number, excluded, expected", [
    (None, None, [], "الوزير"),                 # a cue without features reads as masculine: not وزارة
    ("Masc", "Sing", [], "الوزير"),             # وقال: the masculine one
    ("Fem", "Sing", [], "وزارة الدفاع"),        # وقالت
    (None, None, "second", "الوزير"),           # the recent one is inside reported content
    ("Fem", "Plur", [], None),                  # nobody agrees
])
def test_pick_antecedent(gender, number, excluded, expected):
    parsed, mentions = candidates()
    if excluded == "second":
        excluded = [(mentions[1].start, mentions[1].end)]
    got = pick_antecedent(mentions, len(parsed.text), gender, number, excluded)
    assert (None if got is None else got.text) == expected

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
    (None, None, "first", "وزارة الدفاع"),      # no features (a noun cue, بالقول): any gender fits
    ("Masc", "Sing", [], "الوزير"),             # وقال: the masculine one
    ("Fem", "Sing", [], "وزارة الدفاع"),        # وقالت
    (None, None, "second", "الوزير"),           # the recent one is inside reported content
    ("Masc", None, [], "الوزير"),               # a verb without the feature: masculine (cue_agreement)
    ("Fem", "Plur", [], None),                  # nobody agrees
])
def test_pick_antecedent(gender, number, excluded, expected):
    parsed, mentions = candidates()
    if excluded in ("first", "second"):
        m = mentions[0 if excluded == "first" else 1]
        excluded = [(m.start, m.end)]
    got = pick_antecedent(mentions, len(parsed.text), gender, number, excluded)
    assert (None if got is None else got.text) == expected


@pytest.mark.parametrize("rows, index, expected", [
    ("قال VERB 0 root", 0, ("Masc", None)),                                     # no feature: the unmarked form
    ("قالت VERB 0 root Gender=Fem", 0, ("Fem", None)),
    ("اكتفت VERB 0 root\nب+ ADP 3 case\nالقول NOUN 1 obl Gender=Masc|Number=Sing", 2, (None, None)),
    ("قول+ NOUN 0 root Gender=Masc|Number=Sing\nها PRON 1 nmod", 0, ("Fem", "Sing")),   # قولها
], ids=["verb-unmarked", "verb-feminine", "noun-says-nothing", "noun-with-her-pronoun"])
def test_cue_agreement(rows, index, expected):
    from attribution.rules.resolve import cue_agreement
    category = "noun" if build(rows).sentences[0].words[index].upos == "NOUN" else "verb"
    assert cue_agreement(build(rows).sentences[0], index, category) == expected


@pytest.mark.parametrize("row, expected", [
    ("الوزارة NOUN 0 root", ("Fem", None)),                                      # ة: feminine
    ("المسؤولون NOUN 0 root Gender=Masc|Number=Plur", ("Masc", "Plur")),
    # a person's name is one person: the plural the tagger guessed for الزرقوني is dropped
    ("الزرقوني NOUN 0 root Gender=Masc|Number=Plur ner=S-PER", ("Masc", None)),
], ids=["ta-marbuta", "plural-noun", "plural-guessed-for-a-name"])
def test_noun_agreement(row, expected):
    from attribution.rules.resolve import noun_agreement
    assert noun_agreement(build(row).sentences[0].words[0]) == expected

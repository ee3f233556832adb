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


@pytest.mark.parametrize("noun, verb, expected", [
    (("Fem", "Sing"), ("Masc", "Sing"), "Masc"),    # وأضاف الأسطورة: a man, whatever ة says
    (("Fem", None), ("Masc", None), "Masc"),        # an unmarked verb (قال) and no number known
    ((None, None), ("Fem", "Sing"), "Fem"),         # قالت جاي مكدوجل: a name's gender, told
    (("Masc", "Plur"), ("Fem", "Sing"), "Masc"),    # قالت المصادر: a plural keeps its own
    (("Masc", "Sing"), ("Masc", "Plur"), "Masc"),   # a plural verb says nothing of a singular's gender
    (("Fem", "Sing"), (None, None), "Fem"),         # a noun cue tells nothing
], ids=["masculine-verb-feminine-form", "unmarked-verb", "name", "plural-noun", "plural-verb", "no-verb-gender"])
def test_gender_told_by_verb(noun, verb, expected):
    from attribution.rules.resolve import gender_told_by_verb
    assert gender_told_by_verb(*noun, *verb) == expected


@pytest.mark.parametrize("rows, expected", [
    ("أصدر VERB 0 root\nالاتحاد NOUN 1 nsubj\nبيانا NOUN 1 obj\n. PUNCT 1 punct", ["الاتحاد"]),
    # وأصدر بيانا: the tree's subject is written accusative, the object; no subject is offered
    ("و+ CCONJ 2 cc\nأصدر VERB 0 root\nبيانا NOUN 2 nsubj lemma=بيان\n. PUNCT 2 punct", []),
    # a noun whose lemma ends in ا, and a name, are not read as accusatives
    ("قال VERB 0 root\nروسيا PROPN 1 nsubj\n. PUNCT 1 punct", ["روسيا"]),
    ("حضر VERB 0 root\nالمصطفى NOUN 1 nsubj lemma=مصطفى\n. PUNCT 1 punct", ["المصطفى"]),
    # a preverbal subject with a name apposed between commas, the name included; a fronted adverbial is none
    ("لكن CCONJ 8 cc\nوزير NOUN 8 nsubj\nالدفاع+ NOUN 2 nmod\n، PUNCT 3 punct\nأفيغدور PROPN 2 nmod\n"
     "ليبرمان+ PROPN 5 flat\n، PUNCT 6 punct\nرفض VERB 0 root\nالاعتذار NOUN 8 obj", ["وزير الدفاع، أفيغدور ليبرمان"]),
    ("ميدانيا+ NOUN 3 nsubj\n، PUNCT 1 punct\nتقدم VERB 0 root\nالجيش NOUN 3 obj", []),
], ids=["post-verbal-subject", "accusative-object-read-as-subject", "name-in-alif", "definite-noun",
        "preverbal-subject-with-apposed-name", "fronted-adverbial"])
def test_main_clause_subjects(rows, expected):
    from attribution.rules.resolve import main_clause_subjects
    parsed = build(rows)
    assert [m.text for m in main_clause_subjects(parsed.sentences[0], parsed.text)] == expected


def _mention_in(sentence_index: int, text: str = "الوزير", gender: str = "Masc"):
    from attribution.rules.resolve import Mention
    start = 10 * sentence_index
    return Mention(start=start, end=start + 1, text=text, sentence=sentence_index, gender=gender, number=None)


def test_subjects_given_later_are_read_only_as_far_back_as_a_look_up_goes():
    """A sentence's clause subjects are read (which needs its tree) only when a look-up reaches
    that sentence: the most recent agreeing one stops the reading."""
    from attribution.rules.resolve import Candidates
    read = []
    candidates = Candidates()
    for k, (text, gender) in enumerate([("الوزير", "Masc"), ("الوزارة", "Fem"), ("المتحدث", "Masc")]):
        candidates.add_later(k, lambda k=k, text=text, gender=gender: read.append(k) or [_mention_in(k, text, gender)])
    assert pick_antecedent(candidates, 1000, "Masc", None, sentence=3).text == "المتحدث" and read == [2]
    assert pick_antecedent(candidates, 1000, "Fem", None, sentence=3).text == "الوزارة" and read == [2, 1]
    assert pick_antecedent(candidates, 1000, "Masc", None, sentence=1).text == "الوزير" and read == [2, 1, 0]
    assert pick_antecedent(candidates, 1000, "Masc", None, sentence=3).text == "المتحدث" and read == [2, 1, 0]


def test_subjects_given_later_rank_as_subjects_given_at_once():
    """The same look-ups give the same antecedents whether the subjects came at once or later,
    with sources added between (which rank after the sentence's subjects, as if added later),
    and sentences without subjects do not count against the look-back."""
    from attribution.rules.resolve import MAX_LOOKBACK, Candidates, re_mention
    n = 3 * MAX_LOOKBACK
    subjects = {k: [_mention_in(k)] if k % 2 == 0 else [] for k in range(n)}
    eager, lazy = Candidates(m for k in sorted(subjects) for m in subjects[k]), Candidates()
    for k, ms in subjects.items():
        lazy.add_later(k, lambda ms=ms: list(ms))
    source = _mention_in(30, "الرئيس")
    for c in (eager, lazy):
        c.add(re_mention(source, 305, 32))
    for sentence in (0, 3, 32, 33, 50, n - 1):
        assert [(m.text, m.sentence) for m in lazy.by_salience(10 ** 6, sentence)] == \
            [(m.text, m.sentence) for m in eager.by_salience(10 ** 6, sentence)], sentence
    # the look-back counts sentences that hold candidates: from the last, the 40 even ones back to 40
    read_back = [m.sentence for m in lazy.by_salience(10 ** 6, n - 1)]
    assert len(read_back) == MAX_LOOKBACK and min(read_back) == n - 2 * MAX_LOOKBACK

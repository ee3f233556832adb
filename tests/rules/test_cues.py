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
    # a three-letter verb with a fused و: ورد = و + رد (replied)
    ("ورد VERB 0 root\nالوزير NOUN 1 nsubj\nب+ ADP 5 mark\nأن SCONJ 5 mark\nالقضية NOUN 1 ccomp",
     [("ورد", "رد", "verb")]),
    # ... but a three-letter noun keeps its first letter (وعد = a promise)
    ("وعد NOUN 0 root\nالوزير NOUN 1 nmod", []),
    # new speech verbs as data: وصف … بأن، نقل … عن، تعهد بأن
    ("ووصفت VERB 0 root\nالوزارة NOUN 2 nsubj\nب+ ADP 6 mark\nأن+ SCONJ 6 mark\nها PRON 6 nsubj\nعادلة ADJ 2 ccomp",
     [("ووصفت", "وصف", "verb")]),
    ("ونقلت VERB 0 root\nالوكالة NOUN 1 nsubj\nعن ADP 4 case\nالوزير NOUN 1 obl\nأن SCONJ 6 mark\nالوضع NOUN 1 ccomp",
     [("ونقلت", "نقل", "verb")]),
    # نقل without عن or a clause after it moves things, it does not relay
    ("ونقلت VERB 0 root\nالسفينة NOUN 1 nsubj\nالمهاجرين NOUN 1 obj", []),
    # the verbal noun after a preposition is not the verb (إلى توقع أنه)
    ("أدى VERB 0 root\nإلى ADP 3 case\nتوقع NOUN 1 obl\nأن SCONJ 5 mark\nالوضع NOUN 3 acl", []),
    # واصفة إياها بأنها: the object pronoun and the preposition stand before the complementizer
    ("دانت VERB 0 root\nالرابطة NOUN 1 nsubj\nالمحاكمة+ NOUN 1 obj\n، PUNCT 5 punct\nواصفة ADJ 1 xcomp\n"
     "إيا+ NOUN 5 obj\nها PRON 6 nmod\nب+ ADP 11 case\nأن+ SCONJ 11 mark\nها PRON 11 nsubj\nهزلية ADJ 5 obj",
     [("واصفة", "وصف", "participle")]),
    # مضيفة is a hostess unless a comma and a quotation stand around it
    ('قالت VERB 0 root\nالمضيفة NOUN 1 nsubj\n"+ PUNCT 4 punct\nأهلا+ NOUN 1 ccomp\n" PUNCT 4 punct',
     [("قالت", "قال", "verb")]),
    ('ابتسمت VERB 0 root\nمضيفة NOUN 1 nsubj\n"+ PUNCT 4 punct\nأهلا+ NOUN 1 obj\n" PUNCT 4 punct', []),
    # معلقا says how the verb before it spoke: one event, the verb's, until the verb's content opens
    ('وقال VERB 0 root\nترامب PROPN 1 nsubj\n، PUNCT 4 punct\nمعلقا ADJ 1 advcl\nعلى ADP 6 case\n'
     'إيران PROPN 4 obl\n: PUNCT 9 punct\n"+ PUNCT 9 punct\nسنرى+ VERB 1 parataxis\n" PUNCT 9 punct',
     [("وقال", "قال", "verb")]),
    ("وقال VERB 0 root\nلي PROPN 1 nsubj\nإن SCONJ 4 mark\nأحدا NOUN 1 ccomp\nمعلقا ADJ 1 advcl\n"
     "ب+ ADP 8 mark\nأن SCONJ 8 mark\nالحرب NOUN 5 ccomp",
     [("وقال", "قال", "verb"), ("معلقا", "علق", "participle")]),
    ('ونشر VERB 0 root\nاللاعب NOUN 1 nsubj\nصورة NOUN 1 obj\n، PUNCT 5 punct\nمعلقا ADJ 1 advcl\n'
     ': PUNCT 8 punct\n"+ PUNCT 8 punct\nرائع+ ADJ 5 obj\n" PUNCT 8 punct', [("معلقا", "علق", "participle")]),
    # ... and with its adjective it is the noun, a commentator
    ("سمعت VERB 0 root\nمعلقا NOUN 1 obj\nأجنبيا ADJ 2 amod\nيقول VERB 2 acl\nإن SCONJ 6 mark\n"
     "الفريق NOUN 4 ccomp", [("يقول", "قال", "verb")]),
    # اقرأ أيضا: a news site's link to another story, not أقرّا (the two of them admitted)
    ("اقرأ VERB 0 root\nأيضا ADV 1 advmod\n: PUNCT 5 punct\nأن SCONJ 5 mark\nالوضع NOUN 1 ccomp", []),
    # تبلغ is also بلغ's (amounts to, reaches): the present forms count with their clause close by
    ("تبلغ VERB 0 root\nتركيا PROPN 1 nsubj\nأمريكا PROPN 1 obj\nأن SCONJ 5 mark\nالتسجيلات NOUN 1 ccomp",
     [("تبلغ", "ابلغ", "verb")]),
    ("يبلغ VERB 0 root\nالرجل NOUN 1 nsubj\n35 NUM 1 obj\nعاما NOUN 3 nmod\nو CCONJ 6 cc\nسبق VERB 1 conj\n"
     "أن SCONJ 8 mark\nتوفي VERB 6 ccomp", []),
    ("أبلغ VERB 0 root\nالرئيس NOUN 1 nsubj\nالأمريكي ADJ 2 amod\nدونالد PROPN 2 flat\nترامب PROPN 4 flat\n"
     "نظيره NOUN 1 obj\nالروسي ADJ 6 amod\nأن SCONJ 9 mark\nالقمة NOUN 1 ccomp", [("أبلغ", "ابلغ", "verb")]),
], ids=["fused-wa", "akkada", "negated", "future", "according-to", "wa-radda", "wa3d-noun", "wasafa-bianna",
        "naqala-an", "naqala-moved", "masdar-after-preposition", "wasifa-iyyaha-bi-anna", "hostess-noun",
        "hostess-before-quote", "commenting-joins-its-verb", "commenting-after-the-verbs-content",
        "commenting-without-a-speech-verb", "commentator-noun", "read-also-link", "informs-present",
        "amounts-to-a-number", "informed-past-far-clause"])
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

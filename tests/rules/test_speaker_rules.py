"""Speaker and detection rules added for real news (dev set), each stated as grammar or news style,
on hand-written trees: one row per rule, (cue, written speaker, entity) of every claim."""
from __future__ import annotations

import pytest

from stagehelp import who

PARTICIPLE_SPLIT_AS_PRONOUN = """
قال VERB 0 root
الوزير NOUN 1 nsubj
إن SCONJ 5 mark
الاتفاق NOUN 5 nsubj
جاهز+ ADJ 1 ccomp
، PUNCT 7 punct
معل+ NOUN 1 advcl
نا PRON 7 nmod
أن SCONJ 11 mark
التوقيع NOUN 11 nsubj
قريب+ ADJ 7 ccomp
. PUNCT 1 punct
"""

EVENT_INSIDE_INDIRECT_SPEECH = """
قال VERB 0 root
المتحدث NOUN 1 nsubj
إن SCONJ 5 mark
واشنطن X 5 nsubj
ترفض VERB 1 ccomp
الاتهام+ NOUN 5 obj
، PUNCT 9 punct
بعد ADP 9 mark
أن SCONJ 10 mark
قال VERB 5 advcl
الرئيس NOUN 10 nsubj
إن SCONJ 15 mark
الاتهام NOUN 15 nsubj
ثابت+ ADJ 10 ccomp
. PUNCT 1 punct
"""

PLUPERFECT_KANA_QAD = """
و+ CCONJ 2 cc
كان AUX 0 root
وزير NOUN 2 nsubj
الداخلية NOUN 3 nmod
قد PART 7 aux
قال VERB 2 ccomp
إن SCONJ 10 mark
المهاجم NOUN 10 nsubj
معروف+ ADJ 7 ccomp
. PUNCT 2 punct
"""

RELATIVE_WITH_ITS_OWN_SUBJECT = """
رفضوا VERB 0 root
الشحنات+ NOUN 1 obj
، PUNCT 4 punct
التي PRON 5 nsubj
قالوا VERB 2 acl
إن+ SCONJ 8 mark
ها PRON 8 nsubj
عديمة+ ADJ 5 ccomp
. PUNCT 1 punct
"""

INDEFINITE_NOUN_DESCRIBED_BY_VERB = """
أشار VERB 0 root
الخبير NOUN 1 nsubj
إلى ADP 4 case
تقديرات NOUN 1 obl
تقول VERB 4 acl Aspect=Imp|Gender=Fem
إن SCONJ 8 mark
الأسعار NOUN 8 nsubj
سترتفع+ VERB 5 ccomp
. PUNCT 1 punct
"""

# … with its indefinite adjectives (بعد تقارير صحفية قالت إن …); a noun the verb speaks in is a
# document, not the source (أصدر بيانا مطولا قال فيه إنه …)
INDEFINITE_NOUN_AND_ADJECTIVE_DESCRIBED = """
نفى VERB 0 root
النادي NOUN 1 nsubj
ذلك PRON 1 obj
بعد ADP 5 case
تقارير NOUN 1 obl Number=Plur
صحفية ADJ 5 amod
قالت VERB 5 acl Aspect=Perf|Gender=Fem
إن SCONJ 10 mark
اللاعب NOUN 10 nsubj
سيرحل+ VERB 7 ccomp
. PUNCT 1 punct
"""
DOCUMENT_DESCRIBED = """
اللاعب NOUN 2 nsubj
أصدر VERB 0 root
بيانا NOUN 2 obj
مطولا ADJ 3 amod
قال VERB 3 acl Aspect=Perf|Gender=Masc
في+ ADP 7 case
ه PRON 5 obl
إن+ SCONJ 10 mark
ه PRON 10 nsubj
تلقى+ VERB 5 ccomp
. PUNCT 2 punct
"""

# a speech verb the tagger took for a name (واستطرد, PROPN) opens the sentence: the participle after
# its subject is its event's, not a headline naming "واستطرد غوارديولا"
VERB_READ_AS_NAME_BEFORE_PARTICIPLE = """
واستطرد PROPN 0 root
غوارديولا X 1 flat
قائلا PROPN 2 nmod
: PUNCT 6 punct
"+ PUNCT 6 punct
رائع+ ADJ 3 ccomp
" PUNCT 6 punct
"""

COORDINATED_VERB_SHARES_SUBJECT = """
و+ CCONJ 2 cc
أعلن VERB 0 root
التنظيم NOUN 2 nsubj
مسؤوليت+ NOUN 2 obj
ه PRON 4 nmod
و+ CCONJ 7 cc
وصف VERB 2 conj
عامري NOUN 7 nsubj
ب+ ADP 12 mark
أن+ SCONJ 12 mark
ه PRON 12 nsubj
جندي+ NOUN 7 ccomp
. PUNCT 2 punct
"""


SUB_HEADLINE = """
مدير NOUN 0 root
المخابرات NOUN 1 nmod
الأمريكية+ ADJ 2 amod
: PUNCT 1 punct
لا PART 6 advmod
تهديد NOUN 1 appos
بحرب NOUN 6 nmod
نووية ADJ 7 amod
"""

DATELINE_IS_NOT_A_HEADLINE = """
لندن+ X 3 obl
: PUNCT 1 punct
قال VERB 0 root
الوزير NOUN 3 nsubj
إن SCONJ 7 mark
الوضع NOUN 7 nsubj
مستقر+ ADJ 3 ccomp
. PUNCT 3 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (PARTICIPLE_SPLIT_AS_PRONOUN, [("قال", "الوزير", "الوزير"), ("معلنا", None, "الوزير")]),
    (EVENT_INSIDE_INDIRECT_SPEECH, [("قال", "المتحدث", "المتحدث"), ("قال", "الرئيس", "الرئيس")]),
    (PLUPERFECT_KANA_QAD, [("قال", "وزير الداخلية", "وزير الداخلية")]),
    (RELATIVE_WITH_ITS_OWN_SUBJECT, [("قالوا", None, None)]),
    (INDEFINITE_NOUN_DESCRIBED_BY_VERB, [("تقول", "تقديرات", "تقديرات")]),
    (INDEFINITE_NOUN_AND_ADJECTIVE_DESCRIBED, [("قالت", "تقارير صحفية", "تقارير صحفية")]),
    (DOCUMENT_DESCRIBED, [("قال", None, "اللاعب")]),
    (VERB_READ_AS_NAME_BEFORE_PARTICIPLE, [("قائلا", None, "غوارديولا")]),
    (COORDINATED_VERB_SHARES_SUBJECT, [("ووصف", None, "التنظيم")]),
    (SUB_HEADLINE, [(":", "مدير المخابرات الأمريكية", "مدير المخابرات الأمريكية")]),
    (DATELINE_IS_NOT_A_HEADLINE, [("قال", "الوزير", "الوزير")]),
], ids=["participle-split-as-pronoun", "event-inside-indirect-speech", "pluperfect-kana-qad",
        "relative-with-its-own-subject", "indefinite-noun-described", "indefinite-noun-and-adjective-described",
        "document-described", "verb-read-as-name-before-participle", "coordinated-verb-shares-subject",
        "sub-headline", "dateline"])
def test_speaker_rules(rows, expected):
    assert who(rows) == expected

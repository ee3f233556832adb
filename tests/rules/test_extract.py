"""Attribution rules on hand-written UD trees: one row per pattern, no model needed."""
from __future__ import annotations

import pytest

from attribution.rules.extract import extract_parsed, to_claims
from treebuilder import build


def claims_of(rows: str):
    parsed = build(rows)
    return parsed, to_claims(extract_parsed(parsed), parsed.text)


def summary(rows: str) -> list[tuple]:
    parsed, claims = claims_of(rows)
    for c in claims:  # offsets always index the text
        for span in (c.cue, c.content, c.speaker.resolved):
            if span is not None:
                assert parsed.text[span.start:span.end] == span.text
        if c.speaker.text is not None:
            assert parsed.text[c.speaker.start:c.speaker.end] == c.speaker.text
    return [(c.cue.text, c.speaker.text, c.speaker.entity, c.content.text, c.type, c.speaker.implicit) for c in claims]


POST_VERBAL_SUBJECT = """
قال VERB 0 root Gender=Masc|Number=Sing
الجنرال NOUN 1 nsubj
جون PROPN 2 flat
الن PROPN 3 flat
في ADP 6 case
تصريحات NOUN 1 obl
صحافية+ ADJ 6 amod
، PUNCT 10 punct
إن SCONJ 10 mark
الزيارة NOUN 11 nsubj
ناجحة+ ADJ 1 ccomp
. PUNCT 1 punct
"""

TITLE_AND_NAME = """
و+ CCONJ 2 cc
قال VERB 0 root
المتحدث NOUN 2 nsubj
ب+ ADP 5 case
اسم NOUN 3 nmod
الخارجية NOUN 5 nmod
رومان PROPN 2 obl
ندال PROPN 7 flat
إن SCONJ 11 mark
الاجتماع NOUN 11 nsubj
مهم+ ADJ 2 ccomp
. PUNCT 2 punct
"""

PRE_VERBAL_SUBJECT = """
الوزير NOUN 2 nsubj
قال VERB 0 root
إن SCONJ 5 mark
الحكومة NOUN 5 nsubj
مستقيلة+ ADJ 2 ccomp
. PUNCT 2 punct
"""

RECIPIENT_AND_TIME = """
و+ CCONJ 2 cc
قال VERB 0 root
ل+ ADP 5 case
"+ PUNCT 5 punct
الحياة+ PROPN 2 obl
" PUNCT 5 punct
أمس ADV 2 advmod
مسؤول NOUN 2 nsubj
أمني ADJ 8 amod
إن SCONJ 12 mark
الوضع NOUN 12 nsubj
مستقر+ ADJ 2 ccomp
. PUNCT 2 punct
"""

QUOTED_NAME_IN_SOURCE = """
أكد VERB 0 root
التحالف NOUN 1 nsubj
ضد ADP 4 case
تنظيم NOUN 2 nmod
"+ PUNCT 6 punct
داعش+ PROPN 4 nmod
" PUNCT 6 punct
أن SCONJ 10 mark
السيطرة NOUN 10 nsubj
شكلت VERB 1 ccomp
إحباطا+ NOUN 10 obj
. PUNCT 1 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (POST_VERBAL_SUBJECT, [("قال", "الجنرال جون الن", "الجنرال جون الن", "الزيارة ناجحة", "indirect", False)]),
    (TITLE_AND_NAME, [("وقال", "المتحدث باسم الخارجية رومان ندال", "رومان ندال", "الاجتماع مهم", "indirect", False)]),
    (PRE_VERBAL_SUBJECT, [("قال", "الوزير", "الوزير", "الحكومة مستقيلة", "indirect", False)]),
    (RECIPIENT_AND_TIME, [("وقال", "مسؤول أمني", "مسؤول أمني", "الوضع مستقر", "indirect", False)]),
    (QUOTED_NAME_IN_SOURCE, [("أكد", 'التحالف ضد تنظيم "داعش"', 'التحالف ضد تنظيم "داعش"', "السيطرة شكلت إحباطا",
                              "indirect", False)]),
], ids=["post-verbal", "title-and-name", "pre-verbal", "recipient-and-time", "quoted-name-in-source"])
def test_written_speaker(rows, expected):
    assert summary(rows) == expected


DROPPED_SUBJECT = """
قال VERB 0 root Gender=Masc|Number=Sing
الوزير NOUN 1 nsubj Gender=Masc|Number=Sing
إن SCONJ 5 mark
الوضع NOUN 5 nsubj
صعب+ ADJ 1 ccomp
. PUNCT 1 punct
¶
و+ CCONJ 2 cc
أكد VERB 0 root Gender=Masc|Number=Sing
أنّ SCONJ 5 mark
الحل NOUN 5 nsubj
قريب+ ADJ 2 ccomp
. PUNCT 2 punct
"""

FEMININE_ANTECEDENT = """
و+ CCONJ 2 cc
أعلنت VERB 0 root Aspect=Perf|Gender=Fem|Number=Sing
وزارة NOUN 2 nsubj Gender=Fem|Number=Sing
الدفاع NOUN 3 nmod
عن ADP 6 case
هروب NOUN 2 obl
، PUNCT 9 punct
و+ CCONJ 9 cc
قالت VERB 2 conj Aspect=Perf|Gender=Fem|Number=Sing
إن SCONJ 12 mark
القوات NOUN 12 nsubj
تقدمت+ VERB 9 ccomp
. PUNCT 2 punct
"""

PARTICIPLE = """
و+ CCONJ 2 cc
أشار VERB 0 root
العبادي PROPN 2 nsubj
إلى ADP 5 case
أهمية NOUN 2 obl
الدعم+ NOUN 5 nmod
.. PUNCT 2 punct
مضيفا VERB 2 advcl
أن SCONJ 11 mark
العراق PROPN 11 nsubj
يخوض VERB 8 ccomp
الحرب+ NOUN 11 obj
. PUNCT 2 punct
"""

# a participle after a verb that reports nothing speaks for that verb's subject, not for the
# speaker of the sentence before
PARTICIPLE_OF_A_CLAUSE = """
قال VERB 0 root Gender=Masc|Number=Sing
المدرب NOUN 1 nsubj Gender=Masc|Number=Sing
إن SCONJ 5 mark
الفريق NOUN 5 nsubj
جاهز+ ADJ 1 ccomp
. PUNCT 1 punct

و+ CCONJ 2 cc
نشر VERB 0 root Gender=Masc|Number=Sing
زميل+ NOUN 2 nsubj Gender=Masc|Number=Sing
ه PRON 3 nmod
دي PROPN 3 appos
ماريا PROPN 5 flat
صورة NOUN 2 obj
، PUNCT 9 punct
معلقا ADJ 2 advcl
: PUNCT 12 punct
"+ PUNCT 12 punct
رائع+ ADJ 9 ccomp
"+ PUNCT 12 punct
. PUNCT 2 punct
"""

COORDINATED_DROPPED = """
أكد VERB 0 root
الوزير NOUN 1 nsubj
أن SCONJ 5 mark
الأمن NOUN 5 nsubj
مستتب+ ADJ 1 ccomp
، PUNCT 8 punct
و+ CCONJ 8 cc
شدد VERB 1 conj
على ADP 11 case
أنه+ SCONJ 11 mark
لن AUX 12 aux
يتراجع+ VERB 8 ccomp
. PUNCT 1 punct
"""

# قالوا after التي: its subject is the clause's above (المسؤولين), inside كشفت's content, which the
# usual search never takes
RELATIVE_CLAUSE_OWN_SUBJECT = """
و+ CCONJ 2 cc
كشفت VERB 0 root Gender=Fem|Number=Sing
مصادر NOUN 2 nsubj Number=Plur
أن SCONJ 6 mark
المسؤولين NOUN 6 nsubj Gender=Masc|Number=Plur
يشترطون VERB 2 ccomp Gender=Masc|Number=Plur
الشحنات+ NOUN 6 obj Number=Plur
، PUNCT 7 punct
التي PRON 7 cc
قالوا VERB 7 acl Gender=Masc|Number=Plur
إن+ SCONJ 13 mark
ها PRON 13 nsubj
مفيدة+ ADJ 10 ccomp
. PUNCT 2 punct
"""

# وأضاف الأسطورة … وتابع: a feminine form for a man; the masculine verb that took it as source
# tells its gender, so the next masculine dropped subject resolves to it
MASCULINE_VERB_FEMININE_NOUN = """
و+ CCONJ 2 cc
أضاف VERB 0 root
الأسطورة NOUN 2 nsubj Number=Sing
إن SCONJ 6 mark
اللاعب NOUN 6 nsubj
موهوب+ ADJ 2 ccomp
. PUNCT 2 punct
¶
و+ CCONJ 2 cc
تابع VERB 0 root Aspect=Perf|Gender=Masc|Number=Sing
إن SCONJ 5 mark
الفريق NOUN 5 nsubj
قوي+ ADJ 2 ccomp
. PUNCT 2 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (DROPPED_SUBJECT, [("قال", "الوزير", "الوزير", "الوضع صعب", "indirect", False),
                       ("وأكد", None, "الوزير", "الحل قريب", "indirect", True)]),
    (FEMININE_ANTECEDENT, [("وقالت", None, "وزارة الدفاع", "القوات تقدمت", "indirect", True)]),
    (PARTICIPLE, [("مضيفا", None, "العبادي", "العراق يخوض الحرب", "indirect", True)]),
    (PARTICIPLE_OF_A_CLAUSE, [("قال", "المدرب", "المدرب", "الفريق جاهز", "indirect", False),
                              ("معلقا", None, "زميله", "رائع", "direct", True)]),
    (COORDINATED_DROPPED, [("أكد", "الوزير", "الوزير", "الأمن مستتب", "indirect", False),
                           ("وشدد", None, "الوزير", "لن يتراجع", "indirect", True)]),
    (RELATIVE_CLAUSE_OWN_SUBJECT, [("وكشفت", "مصادر", "مصادر", "المسؤولين يشترطون الشحنات، التي قالوا إنها مفيدة",
                                    "indirect", False),
                                   ("قالوا", None, "المسؤولين", "مفيدة", "indirect", True)]),
    (MASCULINE_VERB_FEMININE_NOUN, [("وأضاف", "الأسطورة", "الأسطورة", "اللاعب موهوب", "indirect", False),
                                    ("وتابع", None, "الأسطورة", "الفريق قوي", "indirect", True)]),
], ids=["dropped-subject", "feminine-antecedent", "participle", "participle-of-a-clause", "coordinated",
        "relative-clause-own-subject", "masculine-verb-feminine-noun"])
def test_implicit_speaker(rows, expected):
    assert summary(rows) == expected


def test_feminine_cue_skips_masculine_antecedent():
    rows = """
قال VERB 0 root
الوزير NOUN 1 nsubj Gender=Masc|Number=Sing
إن SCONJ 5 mark
الوضع NOUN 5 nsubj
صعب+ ADJ 1 ccomp
. PUNCT 1 punct
¶
و+ CCONJ 2 cc
أعلنت VERB 0 root Gender=Fem|Number=Sing
الوزارة NOUN 2 nsubj Gender=Fem|Number=Sing
عن ADP 5 case
إجراءات+ NOUN 2 obl
. PUNCT 2 punct
¶
قال VERB 0 root
رئيس NOUN 1 nsubj Gender=Masc|Number=Sing
الحكومة NOUN 2 nmod
إن SCONJ 6 mark
الوضع NOUN 6 nsubj
مستقر+ ADJ 1 ccomp
. PUNCT 1 punct
¶
و+ CCONJ 2 cc
قالت VERB 0 root Aspect=Perf|Gender=Fem|Number=Sing
إن SCONJ 5 mark
الخطة NOUN 5 nsubj
جاهزة+ ADJ 2 ccomp
. PUNCT 2 punct
"""
    result = summary(rows)
    assert result[-1][:3] == ("وقالت", None, "الوزارة")


COLON_QUOTE = """
و+ CCONJ 2 cc
قال+ VERB 0 root
: PUNCT 2 punct
"+ PUNCT 5 punct
نحن PRON 6 nsubj
مستمرون+ ADJ 2 parataxis
" PUNCT 5 punct
. PUNCT 2 punct
"""

MULTI_SENTENCE_QUOTE = """
قال VERB 0 root
الوزير NOUN 1 nsubj
"+ PUNCT 4 punct
الوضع NOUN 5 nsubj
صعب+ ADJ 1 parataxis
. PUNCT 1 punct

لكننا CCONJ 2 cc
سننتصر+ VERB 0 root
" PUNCT 2 punct
. PUNCT 2 punct
"""

STRAY_MARKS = """
و+ CCONJ 2 cc
أضاف VERB 0 root
أن+ SCONJ 6 mark
" PUNCT 6 punct
" PUNCT 6 punct
هدف NOUN 7 nsubj
الاجتماع NOUN 6 nmod
واضح+ ADJ 2 ccomp
. PUNCT 2 punct
"""

QUOTE_BEFORE_COMPLEMENTIZER = """
و+ CCONJ 2 cc
أكد VERB 0 root
الوزير NOUN 2 nsubj
العبيدي PROPN 3 flat
"+ PUNCT 8 punct
أن SCONJ 8 mark
المعركة NOUN 8 nsubj
تجري+ VERB 2 ccomp
" PUNCT 8 punct
. PUNCT 2 punct
"""

PRECEDING_QUOTE = """
"+ PUNCT 3 punct
الوضع NOUN 3 nsubj
صعب+ ADJ 6 parataxis
" PUNCT 3 punct
، PUNCT 6 punct
قال VERB 0 root
الوزير+ NOUN 6 nsubj
. PUNCT 6 punct
"""

AS_HE_SAID = """
أشاد VERB 0 root
الوزير NOUN 1 nsubj
"+ PUNCT 4 punct
بالنجاحات NOUN 1 obl
الكبيرة+ ADJ 4 amod
" PUNCT 4 punct
، PUNCT 9 punct
كما ADP 9 mark
قال+ VERB 1 advcl
. PUNCT 1 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (COLON_QUOTE, [("وقال", None, None, "نحن مستمرون", "direct", True)]),
    (MULTI_SENTENCE_QUOTE, [("قال", "الوزير", "الوزير", "الوضع صعب. لكننا سننتصر", "direct", False)]),
    (STRAY_MARKS, [("وأضاف", None, None, "هدف الاجتماع واضح", "mixed", True)]),
    (QUOTE_BEFORE_COMPLEMENTIZER, [("وأكد", "الوزير العبيدي", "العبيدي", "المعركة تجري", "mixed", False)]),
    (PRECEDING_QUOTE, [("قال", "الوزير", "الوزير", "الوضع صعب", "direct", False)]),
    (AS_HE_SAID, [("كما قال", None, "الوزير", "بالنجاحات الكبيرة", "direct", True)]),
], ids=["colon-quote", "multi-sentence-quote", "stray-marks", "quote-before-complementizer", "preceding-quote",
        "as-he-said"])
def test_quotations(rows, expected):
    assert summary(rows) == expected


ACCORDING_TO_END = """
قتل VERB 0 root Voice=Pass
عشرة NUM 1 nsubj:pass
أشخاص+ NOUN 2 nmod
، PUNCT 5 punct
بحسب ADP 6 case
مصادر NOUN 1 obl
أمنية+ ADJ 6 amod
. PUNCT 1 punct
"""

ACCORDING_TO_START = """
و+ CCONJ 2 cc
بحسب ADP 3 case
المصدر+ NOUN 7 obl
، PUNCT 3 punct
فإن SCONJ 7 mark
القوات NOUN 7 nsubj
انسحبت+ VERB 0 root
. PUNCT 7 punct
"""

SPEECH_NOUN = """
و+ CCONJ 2 cc
نقلت VERB 0 root
الوكالة NOUN 2 nsubj
عن ADP 5 case
الوزير NOUN 2 obl
قوله NOUN 2 obj
إن SCONJ 9 mark
الاتفاق NOUN 9 nsubj
قريب+ ADJ 6 ccomp
. PUNCT 2 punct
"""

# the relative clause's verb owns the أن clause; the marker reports the clause before it
ACCORDING_TO_THEN_RELATIVE_VERB = ACCORDING_TO_END.replace("مصادر NOUN 1 obl\nأمنية+ ADJ 6 amod\n. PUNCT 1 punct", (
    "المنظمة NOUN 1 obl\nالتي PRON 8 nsubj\nأضافت VERB 6 acl\nأن SCONJ 11 mark\nالوضع NOUN 11 nsubj\n"
    "صعب+ ADJ 8 ccomp\n. PUNCT 1 punct"))

# "…"، مضيفة "…": a participle between a comma and a quotation, though it also spells a noun
PARTICIPLE_BEFORE_QUOTE = """
و+ CCONJ 2 cc
قالت VERB 0 root
الوزيرة NOUN 2 nsubj
"+ PUNCT 5 punct
الوضع NOUN 6 nsubj
صعب ADJ 2 ccomp
في ADP 9 case
كل DET 9 det
البلاد+ NOUN 6 obl
"+ PUNCT 6 punct
، PUNCT 12 punct
مضيفة ADJ 2 xcomp
"+ PUNCT 14 punct
الحل NOUN 15 nsubj
قريب+ ADJ 12 ccomp
" PUNCT 15 punct
. PUNCT 2 punct
"""

# a phrase after a comma that hangs on the cue (its time) is not what was said
CUE_MODIFIER_AFTER_COMMA = """
أعلنت VERB 0 root
الشركة NOUN 1 nsubj
أن+ SCONJ 5 mark
ها PRON 5 nsubj
ستبني VERB 1 ccomp
مصنعا+ NOUN 5 obj
، PUNCT 9 punct
بعد ADP 9 case
الانسحاب+ NOUN 1 obl
. PUNCT 1 punct
"""

# … but one that hangs inside the clause is
CLAUSE_MODIFIER_AFTER_COMMA = CUE_MODIFIER_AFTER_COMMA.replace("الانسحاب+ NOUN 1 obl", "الانسحاب+ NOUN 5 obl")

# the verb of the reported clause is a cue of its own: the clause runs on through it, and a
# masculine verb after it goes on with its source, not with the (feminine) reporter
REPORTED_CLAUSE_VERB = """
و+ CCONJ 2 cc
لفتت VERB 0 root Gender=Fem
خديجة NOUN 2 nsubj
إلى ADP 11 case
أن SCONJ 11 mark
خاشقجي+ NOUN 11 nsubj
، PUNCT 9 punct
الذي PRON 9 nsubj
غادر+ VERB 6 acl
، PUNCT 9 punct
قال VERB 2 ccomp Gender=Masc
إن+ SCONJ 15 mark
ه PRON 15 nsubj
"+ PUNCT 15 punct
سيكون VERB 11 ccomp
انتهاكا NOUN 15 xcomp
للقانون+ NOUN 16 nmod
"+ PUNCT 15 punct
، PUNCT 21 punct
كما CCONJ 21 cc
أوضح VERB 2 conj Gender=Masc
أن SCONJ 26 mark
"+ PUNCT 26 punct
شيئا NOUN 26 nsubj
لم PART 26 advmod
يحدث+ VERB 21 ccomp
"+ PUNCT 26 punct
. PUNCT 2 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (CUE_MODIFIER_AFTER_COMMA, [("أعلنت", "الشركة", "الشركة", "ستبني مصنعا", "indirect", False)]),
    (CLAUSE_MODIFIER_AFTER_COMMA, [("أعلنت", "الشركة", "الشركة", "ستبني مصنعا، بعد الانسحاب", "indirect", False)]),
    (REPORTED_CLAUSE_VERB, [
        ("ولفتت", "خديجة", "خديجة", 'خاشقجي، الذي غادر، قال إنه "سيكون انتهاكا للقانون', "mixed", False),
        ("قال", "خاشقجي", "خاشقجي", "سيكون انتهاكا للقانون", "mixed", False),
        ("أوضح", None, "خاشقجي", "شيئا لم يحدث", "mixed", True)]),
], ids=["cue-modifier-after-comma", "clause-modifier-after-comma", "reported-clause-verb"])
def test_where_a_complement_ends(rows, expected):
    assert summary(rows) == expected


@pytest.mark.parametrize("rows, expected", [
    (ACCORDING_TO_THEN_RELATIVE_VERB, [
        ("بحسب", "المنظمة", "المنظمة", "قتل عشرة أشخاص", "according_to", False),
        ("أضافت", "المنظمة", "المنظمة", "الوضع صعب", "indirect", False)]),
    (PARTICIPLE_BEFORE_QUOTE, [
        ("وقالت", "الوزيرة", "الوزيرة", "الوضع صعب في كل البلاد", "direct", False),
        ("مضيفة", None, "الوزيرة", "الحل قريب", "direct", True)]),
], ids=["according-to-then-relative-verb", "participle-before-quote"])
def test_a_cue_beside_another(rows, expected):
    assert summary(rows) == expected

# the marker and its source between a clause's subject and its verb: the content is both pieces
ACCORDING_TO_INSIDE_CLAUSE = """
هذه DET 2 det
الانقسامات+ NOUN 6 nsubj
، PUNCT 2 punct
بحسب ADP 5 case
ليبراسيون PROPN 6 obl ner=S-ORG
زادت VERB 0 root
حدتها+ NOUN 6 obj
. PUNCT 6 punct
"""

# … but a clause with its own verb before the marker is the content alone
ACCORDING_TO_AFTER_WHOLE_CLAUSE = """
زادت VERB 0 root
الانقسامات+ NOUN 1 nsubj
، PUNCT 4 punct
بحسب ADP 4 case
ليبراسيون PROPN 1 obl ner=S-ORG
التي PRON 6 nsubj
نشرت+ VERB 4 acl
. PUNCT 1 punct
"""


@pytest.mark.parametrize("rows, expected, parts", [
    (ACCORDING_TO_INSIDE_CLAUSE, ("بحسب", "ليبراسيون", "ليبراسيون", "هذه الانقسامات، بحسب ليبراسيون زادت حدتها",
                                  "according_to", False), ["هذه الانقسامات", "زادت حدتها"]),
    (ACCORDING_TO_AFTER_WHOLE_CLAUSE, ("بحسب", "ليبراسيون", "ليبراسيون", "زادت الانقسامات", "according_to", False),
     []),
], ids=["inside-clause", "after-whole-clause"])
def test_according_to_inside_a_clause(rows, expected, parts):
    assert summary(rows) == [expected]
    _parsed, claims = claims_of(rows)
    assert [p.text for p in claims[0].content.parts] == parts


# the AFP formula: "…، على ما أفادت الشرطة" reports the clause before, as بحسب does
ALA_MA_AFADAT = ACCORDING_TO_END.replace("بحسب ADP 6 case\nمصادر NOUN 1 obl\nأمنية+ ADJ 6 amod",
                                         "على ADP 6 case\nما PRON 1 obl\nأفادت VERB 6 acl\nالشرطة+ NOUN 7 nsubj")
# … على ما أفاد به مصدران عن أن …: the pronoun takes up ما, so this is no marker but "what two
# sources reported", the verb's object; the sources' verb reports the clause
ALA_MA_RESUMED = """
علق VERB 0 root
ترامب+ PROPN 1 nsubj
، PUNCT 5 punct
على ADP 5 case
ما PRON 1 obl
أفاد VERB 5 acl
ب+ ADP 8 case
ه PRON 6 obl
مصدران NOUN 6 nsubj
عن ADP 12 case
أن SCONJ 12 mark
السعوديين NOUN 12 nsubj
يعدون VERB 1 ccomp
تقريرا+ NOUN 13 obj
. PUNCT 1 punct
"""
# a participle between the marker's source and a complementizer owns the clause (… على ما أعلنت
# الشركة مؤكدة أنها تتعاون): the marker reports the clause before
ALA_MA_PARTICIPLE = """
تسببت VERB 0 root Gender=Fem|Number=Sing
سيارة NOUN 1 nsubj
بمقتل NOUN 1 obl
امرأة NOUN 3 nmod
على ADP 6 case
ما PRON 1 obl
أعلنت VERB 6 acl Gender=Fem|Number=Sing
الشركة NOUN 7 nsubj Gender=Fem|Number=Sing
مؤكدة ADJ 7 advcl Gender=Fem|Number=Sing
أن+ SCONJ 12 mark
ها PRON 12 nsubj
تتعاون+ VERB 9 ccomp
. PUNCT 1 punct
"""
# a complementizer inside the source's quoted name (شبكة "سي إن بي سي") opens no clause
QUOTED_NAME_WITH_IN = """
نشرت VERB 0 root
بكين PROPN 1 nsubj
صواريخ+ NOUN 1 obj
، PUNCT 5 punct
بحسب ADP 6 case
شبكة NOUN 1 obl
"+ PUNCT 8 punct
سي X 6 nmod
إن SCONJ 10 mark
بي+ X 8 flat
" PUNCT 8 punct
الأميركية+ ADJ 6 amod
. PUNCT 1 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (ACCORDING_TO_END, [("بحسب", "مصادر أمنية", "مصادر أمنية", "قتل عشرة أشخاص", "according_to", False)]),
    (ALA_MA_AFADAT, [("على ما أفادت", "الشرطة", "الشرطة", "قتل عشرة أشخاص", "according_to", False)]),
    (ALA_MA_RESUMED, [("أفاد", "مصدران", "مصدران", "السعوديين يعدون تقريرا", "indirect", False)]),
    (ALA_MA_PARTICIPLE, [("على ما أعلنت", "الشركة", "الشركة", "تسببت سيارة بمقتل امرأة", "according_to", False),
                         ("مؤكدة", None, "الشركة", "تتعاون", "indirect", True)]),
    (QUOTED_NAME_WITH_IN, [("بحسب", 'شبكة "سي إن بي" الأميركية', 'شبكة "سي إن بي" الأميركية', "نشرت بكين صواريخ", "according_to", False)]),
    (ACCORDING_TO_START, [("وبحسب", "المصدر", "المصدر", "القوات انسحبت", "according_to", False)]),
    (SPEECH_NOUN, [("قوله", "الوزير", "الوزير", "الاتفاق قريب", "indirect", False)]),
], ids=["according-to-end", "ala-ma-afadat", "ala-ma-resumed", "ala-ma-participle", "quoted-name-with-in", "according-to-start",
        "speech-noun"])
def test_according_to_and_nouns(rows, expected):
    assert summary(rows) == expected


NOT_EVENTS = {
    "made-sure": """
قد PART 2 aux
تأكد VERB 0 root
أن SCONJ 5 mark
الجميع NOUN 5 nsubj
حاضرون+ ADJ 2 ccomp
. PUNCT 2 punct
""",
    "negated": """
لم PART 2 advmod
يقل VERB 0 root Polarity=Neg
الوزير NOUN 2 nsubj
إن SCONJ 6 mark
الوضع NOUN 6 nsubj
صعب+ ADJ 2 ccomp
. PUNCT 2 punct
""",
    "pointed-at": """
أشار VERB 0 root
الطفل NOUN 1 nsubj
إلى ADP 4 case
الخريطة+ NOUN 1 obl
. PUNCT 1 punct
""",
    "in-accordance-with-decision": """
تم VERB 0 root
الإغلاق NOUN 1 nsubj
وفقا ADV 5 case
ل+ ADP 5 case
لقرار+ NOUN 1 obl
. PUNCT 1 punct
""",
    "narrator-formula": """
يذكر VERB 0 root Voice=Pass
أن SCONJ 5 mark
الوزير NOUN 5 nsubj
زار VERB 1 ccomp
بغداد+ PROPN 4 obj
. PUNCT 1 punct
""",
    "watched": """
تابع VERB 0 root
الجمهور NOUN 1 nsubj
المباراة+ NOUN 1 obj
. PUNCT 1 punct
""",
    "future": """
س+ AUX 2 aux
يعلن VERB 0 root Aspect=Imp
الوزير NOUN 2 nsubj
أن SCONJ 6 mark
الخطة NOUN 6 nsubj
جاهزة+ ADJ 2 ccomp
. PUNCT 2 punct
""",
}


@pytest.mark.parametrize("rows", list(NOT_EVENTS.values()), ids=list(NOT_EVENTS))
def test_not_events(rows):
    assert summary(rows) == []


def test_name_variants_group_into_one_entity():
    rows = """
قال VERB 0 root
الجنرال NOUN 1 nsubj
جون PROPN 2 flat
الن PROPN 3 flat
إن SCONJ 7 mark
الوضع NOUN 7 nsubj
صعب+ ADJ 1 ccomp
. PUNCT 1 punct
¶
و+ CCONJ 2 cc
شدد VERB 0 root
جون PROPN 2 nsubj
آلن PROPN 3 flat
على ADP 8 case
أن SCONJ 8 mark
الدعم NOUN 8 nsubj
مستمر+ ADJ 2 ccomp
. PUNCT 2 punct
¶
بدوره+ ADV 2 advmod
، PUNCT 2 punct
قال VERB 0 root
آلن PROPN 3 nsubj
إن SCONJ 7 mark
الخطة NOUN 7 nsubj
جاهزة+ ADJ 3 ccomp
. PUNCT 3 punct
"""
    result = summary(rows)
    assert [r[1] for r in result] == ["الجنرال جون الن", "جون آلن", "آلن"]
    assert len({r[2] for r in result}) == 1


RELATIVE_CLAUSE = """
التقى VERB 0 root
الرئيس NOUN 1 nsubj
ب+ ADP 4 case
الوزير NOUN 1 obl
الفرنسي ADJ 4 amod
الذي PRON 7 nsubj
أكد VERB 4 acl:relcl
أن SCONJ 10 mark
الوضع NOUN 10 nsubj
مستقر+ ADJ 7 ccomp
. PUNCT 1 punct
"""

NOUN_PHRASE_CONTENT = """
و+ CCONJ 2 cc
أكد VERB 0 root
الوزير NOUN 2 nsubj
أهمية NOUN 2 obj
أن SCONJ 7 mark
يكون AUX 7 cop
الإعلام+ NOUN 4 acl
. PUNCT 2 punct
"""

DATELINE = """
لندن+ PROPN 3 nsubj
: PUNCT 1 punct
قال VERB 0 root
الوزير NOUN 3 nsubj
إن SCONJ 7 mark
الوضع NOUN 7 nsubj
صعب+ ADJ 3 ccomp
. PUNCT 3 punct
¶
و+ CCONJ 2 cc
أضاف VERB 0 root
أن SCONJ 5 mark
الحل NOUN 5 nsubj
قريب+ ADJ 2 ccomp
. PUNCT 2 punct
"""

SHADDA_SPLIT = """
و+ CCONJ 2 cc
أشار VERB 0 root
إلى ADP 4 case
أن+ SCONJ 6 mark
ّ PUNCT 4 punct
التطورات NOUN 7 nsubj
مهمة+ ADJ 2 ccomp
. PUNCT 2 punct
"""

SOURCE_FORMULA_AFTER_CONTENT = """
مضيفا VERB 0 root
أن SCONJ 4 mark
العراق PROPN 4 nsubj
يخوض VERB 1 ccomp
الحرب NOUN 4 obj
كما ADP 7 mark
نقل VERB 1 advcl
عنه ADP 7 obl
بيان+ NOUN 7 nsubj
. PUNCT 1 punct
"""

AMBIGUOUS_FORM_BEFORE_COMPLEMENTIZER = """
و+ CCONJ 2 cc
بين ADP 0 root
أن SCONJ 5 mark
المشروع NOUN 5 nsubj
اكتمل+ VERB 2 ccomp
. PUNCT 2 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (RELATIVE_CLAUSE, [("أكد", "الوزير الفرنسي", "الوزير الفرنسي", "الوضع مستقر", "indirect", False)]),
    (NOUN_PHRASE_CONTENT, []),
    (DATELINE, [("قال", "الوزير", "الوزير", "الوضع صعب", "indirect", False),
                ("وأضاف", None, "الوزير", "الحل قريب", "indirect", True)]),
    (SHADDA_SPLIT, [("وأشار", None, None, "التطورات مهمة", "indirect", True)]),
    (SOURCE_FORMULA_AFTER_CONTENT, [("مضيفا", None, None, "العراق يخوض الحرب", "indirect", True)]),
    (AMBIGUOUS_FORM_BEFORE_COMPLEMENTIZER, [("وبين", None, None, "المشروع اكتمل", "indirect", True)]),
], ids=["relative-clause", "noun-phrase-content", "dateline", "shadda-split", "source-formula", "ambiguous-form"])
def test_guards_and_edges(rows, expected):
    assert summary(rows) == expected


MISTAGGED_NAME = """
قال VERB 0 root
الجنرال NOUN 1 nsubj
جون VERB 1 ccomp
الن PROPN 3 nsubj
إن SCONJ 7 mark
الزيارة NOUN 7 nsubj
ناجحة+ ADJ 1 ccomp
. PUNCT 1 punct
"""

QUOTED_RECIPIENT_AFTER_SOURCE = """
و+ CCONJ 2 cc
قال VERB 0 root
مصدر NOUN 2 nsubj
مطلع NOUN 3 amod
ل+ ADP 7 case
ـ+ PUNCT 7 punct
"+ PUNCT 7 punct
الحياة+ PROPN 3 nmod
" PUNCT 7 punct
إن SCONJ 12 mark
الاتفاق NOUN 12 nsubj
قريب+ ADJ 2 ccomp
. PUNCT 2 punct
"""

AGENCY_ABBREVIATION = """
ذكرت VERB 0 root
وكالة NOUN 1 nsubj
الأنباء NOUN 2 nmod
السعودية ADJ 2 amod
(+ PUNCT 6 punct
واس+ PROPN 2 appos
) PUNCT 6 punct
أن SCONJ 10 mark
الأمطار NOUN 10 nsubj
هطلت+ VERB 1 ccomp
. PUNCT 1 punct
"""

TITLE_OF_ORGANISATION = """
و+ CCONJ 2 cc
أوضح VERB 0 root
المتحدث NOUN 2 nsubj
الرسمي ADJ 3 amod
ل+ ADP 6 case
شرطة NOUN 3 nmod
منطقة NOUN 6 nmod
الرياض PROPN 7 nmod
العقيد NOUN 3 appos
فواز PROPN 9 flat
الميمان PROPN 10 flat
أن SCONJ 14 mark
الجاني NOUN 14 nsubj
قبض+ VERB 2 ccomp
. PUNCT 2 punct
"""


@pytest.mark.parametrize("rows, speaker", [
    (MISTAGGED_NAME, "الجنرال جون الن"),
    (QUOTED_RECIPIENT_AFTER_SOURCE, "مصدر مطلع"),
    (AGENCY_ABBREVIATION, "وكالة الأنباء السعودية (واس)"),
    (TITLE_OF_ORGANISATION, "المتحدث الرسمي لشرطة منطقة الرياض العقيد فواز الميمان"),
], ids=["mistagged-name", "quoted-recipient", "agency-abbreviation", "title-of-organisation"])
def test_source_spans(rows, speaker):
    assert [r[1] for r in summary(rows)] == [speaker]


VIA_SOURCE = """
و+ CCONJ 2 cc
قالت VERB 0 root
وكالة NOUN 2 nsubj
تاس PROPN 3 flat
نقلا NOUN 2 obl
عن ADP 7 case
اللجنة NOUN 5 nmod
إن SCONJ 10 mark
المنفذ NOUN 10 nsubj
اعتقل+ VERB 2 ccomp
. PUNCT 2 punct
"""

PARENTHETICAL_AS_HE_SAID = """
يروي VERB 0 root
الحادثة NOUN 1 obj
، PUNCT 4 punct
كما ADP 4 mark
قال+ VERB 1 advcl
، PUNCT 4 punct
بالتفصيل+ NOUN 1 obl
. PUNCT 1 punct
"""

HOSTESS_NOT_PARTICIPLE = """
ابتسمت VERB 0 root
مضيفة NOUN 1 nsubj
الطيران+ NOUN 2 nmod
. PUNCT 1 punct
"""

FUSED_MARKER_SOURCE = """
تحسن VERB 0 root
الوضع+ NOUN 1 nsubj
، PUNCT 5 punct
وفقا ADV 5 case
لوكالة NOUN 1 obl
"+ PUNCT 7 punct
فرانس+ PROPN 5 nmod
" PUNCT 7 punct
. PUNCT 1 punct
"""

CLITIC_AT_NAME_END = """
قال VERB 0 root
ميشال PROPN 1 nsubj
بارنيي+ PROPN 2 flat
ه PRON 3 nmod
إن SCONJ 7 mark
الخطة NOUN 7 nsubj
جيدة+ ADJ 1 ccomp
. PUNCT 1 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (VIA_SOURCE, [("وقالت", "وكالة تاس", "وكالة تاس", "المنفذ اعتقل", "indirect", False)]),
    (PARENTHETICAL_AS_HE_SAID, []),
    (HOSTESS_NOT_PARTICIPLE, []),
    (FUSED_MARKER_SOURCE, [("وفقا ل", 'وكالة "فرانس"', 'وكالة "فرانس"', "تحسن الوضع", "according_to", False)]),
    (CLITIC_AT_NAME_END, [("قال", "ميشال بارنييه", "ميشال بارنييه", "الخطة جيدة", "indirect", False)]),
], ids=["via-source", "parenthetical-as-he-said", "hostess", "fused-marker-source", "clitic-at-name-end"])
def test_wire_patterns(rows, expected):
    assert summary(rows) == expected


SPLIT_MARKER = """
ينوي VERB 0 root
الرئيس NOUN 1 nsubj
فرض NOUN 1 obj
رسوم+ NOUN 3 nmod
، PUNCT 6 punct
و+ CCONJ 6 cc
فقا NOUN 1 conj
ل+ ADP 8 case
وكالة NOUN 6 nmod
رويترز+ PROPN 8 flat
. PUNCT 1 punct
"""

HASABAMA_WITH_VERB = """
و+ CCONJ 2 cc
حسبما ADP 3 mark
علمت VERB 9 advcl
بي X 3 nsubj
بي X 4 flat
سي+ X 4 flat
، PUNCT 3 punct
فإن SCONJ 9 mark
ماي PROPN 9 nsubj
متحفظة+ ADJ 0 root
. PUNCT 9 punct
"""

ACCORDING_TO_WITHOUT_COMMA = """
و+ CCONJ 2 cc
بحسب ADP 3 case
أوراق NOUN 7 obl
القضية NOUN 3 nmod
ف+ CCONJ 7 cc
قد PART 7 aux
أجرى VERB 0 root
أيوب PROPN 7 nsubj
تحويلات+ NOUN 7 obj
. PUNCT 7 punct
"""

FRONTED_ADVERBIAL = """
ميدانيا+ NOUN 3 nsubj
، PUNCT 1 punct
أعلنت VERB 0 root Aspect=Perf|Gender=Fem|Number=Sing
رئاسة NOUN 3 obj
الأركان+ NOUN 4 nmod
. PUNCT 3 punct
¶
و+ CCONJ 2 cc
أضافت VERB 0 root Aspect=Perf|Gender=Fem|Number=Sing
أن SCONJ 5 mark
العملية NOUN 5 nsubj
ناجحة+ ADJ 2 ccomp
. PUNCT 2 punct
"""

DUAL_VERB = """
التقى VERB 0 root
الرئيس NOUN 1 nsubj Number=Sing
الوفد+ NOUN 1 obj
. PUNCT 1 punct
¶
قال VERB 0 root
الوزيران NOUN 1 nsubj Number=Dual
إن SCONJ 5 mark
الحل NOUN 5 nsubj
قريب+ ADJ 1 ccomp
. PUNCT 1 punct
¶
و+ CCONJ 2 cc
اعتبرا VERB 0 root Aspect=Perf|Number=Dual
أن SCONJ 5 mark
الوضع NOUN 5 nsubj
صعب+ ADJ 2 ccomp
. PUNCT 2 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (SPLIT_MARKER, [("وفقا ل", "وكالة رويترز", "وكالة رويترز", "ينوي الرئيس فرض رسوم", "according_to", False)]),
    (HASABAMA_WITH_VERB, [("وحسبما", "بي بي سي", "بي بي سي", "ماي متحفظة", "according_to", False)]),
    (ACCORDING_TO_WITHOUT_COMMA, [("وبحسب", "أوراق القضية", "أوراق القضية", "فقد أجرى أيوب تحويلات",
                                   "according_to", False)]),
    (FRONTED_ADVERBIAL, [("وأضافت", None, None, "العملية ناجحة", "indirect", True)]),
    (DUAL_VERB, [("قال", "الوزيران", "الوزيران", "الحل قريب", "indirect", False),
                 ("واعتبرا", None, "الوزيران", "الوضع صعب", "indirect", True)]),
], ids=["split-marker", "hasabama-verb", "according-to-no-comma", "fronted-adverbial", "dual-verb"])
def test_according_to_and_agreement_edges(rows, expected):
    assert summary(rows) == expected


SPEECH_NOUN_QUOTE = """
و+ CCONJ 2 cc
نقلت VERB 0 root
المجلة NOUN 2 nsubj
عن ADP 5 case
الممثلة NOUN 2 obl
قول+ PART 9 compound:prt Polarity=Neg
ها PRON 9 nsubj
"+ PUNCT 9 punct
أشعر VERB 2 ccomp
بارتباك NOUN 9 obl
عندما SCONJ 12 mark
يقول VERB 9 advcl
أحد+ NOUN 12 nsubj
هم+ PRON 13 nmod
" PUNCT 9 punct
. PUNCT 2 punct
"""


def test_speech_noun_with_quotation_covers_the_speech_inside():
    assert summary(SPEECH_NOUN_QUOTE) == [("قولها", "الممثلة", "الممثلة", "أشعر بارتباك عندما يقول أحدهم", "direct",
                                           False)]


RADIO_NAME_WITH_DOTS = """
و+ CCONJ 2 cc
أوضح VERB 0 root
الرئيس NOUN 2 nsubj
في ADP 5 case
مقابلة NOUN 2 obl
مع ADP 7 case
إذاعة NOUN 5 nmod
"+ PUNCT 9 punct
كرال PROPN 7 nmod
إف+ X 9 flat
.+ PUNCT 9 punct
إم+ X 9 flat
" PUNCT 9 punct
أجريت+ VERB 7 acl
: PUNCT 2 punct
"+ PUNCT 17 punct
سنسعى VERB 2 parataxis
لائتلاف+ NOUN 17 obl
" PUNCT 17 punct
. PUNCT 2 punct
"""


def test_quoted_name_with_inner_punctuation_is_not_the_speech():
    assert summary(RADIO_NAME_WITH_DOTS) == [("وأوضح", "الرئيس", "الرئيس", "سنسعى لائتلاف", "direct", False)]


def test_complementizer_without_clause_is_no_claim():
    rows = """
و+ CCONJ 2 cc
قال VERB 0 root
إن SCONJ 2 mark
"""
    assert summary(rows) == []


@pytest.mark.parametrize("rows, entities, trees", [
    (POST_VERBAL_SUBJECT, True, True),                                   # a cue: its names, its checks read the tree
    ("""
     وصل VERB 0 root
     الرئيس NOUN 1 nsubj
     ماكرون PROPN 2 flat
     """, True, True),                                                 # a person's title: a named mention
    ("""
     افتتحت VERB 0 root
     وزارة NOUN 1 nsubj
     الصحة NOUN 2 nmod
     """, False, True),                                                # a body's name: its noun phrase
    ("""
     وصل VERB 0 root
     ماكرون PROPN 1 nsubj
     إلى ADP 4 case
     برلين PROPN 1 obl
     """, False, False),                                               # neither: tagged and parsed only if read
])
def test_the_parse_selectors_pick_the_sentences_the_rules_read(rows, entities, trees):
    """reads_entities: whose names the parse tags with the others; reads_trees: whose trees it
    parses with the others, asked before the sentence has one (a read of the tree is a yes)."""
    from attribution.parse.document import TreeNotParsed
    from attribution.rules.extract import reads_entities, reads_trees

    def refuse(sentence):
        raise TreeNotParsed()

    parsed = build(rows)
    assert reads_entities(parsed.sentences[0], parsed.text) is entities
    untreed = build(rows)
    untreed.sentences[0].leave_tree(refuse)  # as the parse asks: before the sentence has its tree
    assert reads_trees(untreed.sentences[0], untreed.text) is trees


def test_a_sentence_the_parse_left_untagged_is_tagged_when_a_rule_reads_it():
    """The speaker stage reads a cue sentence's entities even when the parse left them for later."""
    parsed = build("""
        قال VERB 0 root Gender=Masc|Number=Sing
        الرئيس NOUN 1 nsubj
        ماكرون PROPN 2 flat
        إن SCONJ 5 mark
        الزيارة NOUN 6 nsubj
        ناجحة+ ADJ 1 ccomp
    """)
    sentence = parsed.sentences[0]
    reads = []
    sentence.tagged_entities, sentence.tag_later = None, lambda s: reads.append(s.index) or []
    assert summary_of(parsed)[0][1] == "الرئيس ماكرون" and reads == [0]


def summary_of(parsed):
    return [(c.cue.text, c.speaker.text) for c in to_claims(extract_parsed(parsed), parsed.text)]


# a كما قال marker that closes the sentence reports the clause before it, back to the quotation's
# closing mark; followed by more of the clause it is a parenthetical remark, no event
CLOSING_MARKER = """
و+ CCONJ 2 cc
قالت VERB 0 root Gender=Fem|Number=Sing
المنظمة NOUN 2 nsubj Gender=Fem|Number=Sing
إن SCONJ 6 mark
"+ PUNCT 6 punct
فلسطين+ PROPN 2 ccomp
" PUNCT 6 punct
و+ CCONJ 9 cc
تصبح VERB 2 conj
عضوا NOUN 9 obj
كما SCONJ 12 mark
قال VERB 9 advcl
متحدث NOUN 12 nsubj
. PUNCT 2 punct
"""
PARENTHETICAL_MARKER = """
أرغمته+ VERB 0 root
، PUNCT 4 punct
كما SCONJ 4 mark
قال VERB 1 advcl
، PUNCT 4 punct
على ADP 7 case
الرحيل NOUN 1 obl
. PUNCT 1 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (CLOSING_MARKER, [("وقالت", "المنظمة", "المنظمة", "فلسطين", "mixed", False),
                      ("كما قال", "متحدث", "متحدث", "وتصبح عضوا", "according_to", False)]),
    (PARENTHETICAL_MARKER, []),
    (CLOSING_MARKER.replace("متحدث NOUN 12 nsubj", "الخميس NOUN 12 obl"),
     [("وقالت", "المنظمة", "المنظمة", "فلسطين", "mixed", False)]),
], ids=["closing-marker", "parenthetical-marker", "no-source-after-marker"])
def test_marker_closing_the_sentence(rows, expected):
    assert summary(rows) == expected


# the news formula "…، هذا ما كتبته صحيفة العرب" / "…، وهو ما أكده المندوب": ما after a
# demonstrative or هو is the relative "what", and the verb reports the clause it points back at
POINTED_CLAUSE = """
النتائج NOUN 2 nsubj
تضع VERB 0 root Gender=Fem|Number=Sing
تركيا PROPN 2 obj
في ADP 5 case
مرحلة+ NOUN 2 obl
، PUNCT 8 punct
هذا DET 8 det
ما PRON 2 obl
كتبت+ VERB 8 acl Gender=Fem|Number=Sing
ه PRON 9 obj
صحيفة NOUN 9 nsubj
العرب NOUN 11 nmod
. PUNCT 2 punct
"""
# a source that takes up the clause another source reported: both report it
CONFIRMED_CLAUSE = """
و+ CCONJ 2 cc
تقول VERB 0 root Gender=Fem|Number=Sing
الأمم NOUN 2 nsubj
إن SCONJ 6 mark
اليمن PROPN 6 nsubj
يشهد VERB 2 ccomp
أزمة+ NOUN 6 obj
، PUNCT 11 punct
و+ CCONJ 11 cc
هو PRON 11 nsubj
ما PRON 2 conj
أكد+ VERB 11 acl Gender=Masc|Number=Sing
ه PRON 12 obj
المندوب NOUN 12 nsubj
. PUNCT 2 punct
"""
# the earlier event's content, not its frame, cue and source, is what the second source confirms
CONFIRMED_CONTENT = """
و+ CCONJ 3 cc
فيما ADP 3 mark
يتعلق VERB 6 advcl
بالدراسة+ NOUN 3 obl
، PUNCT 3 punct
شدد VERB 0 root Gender=Masc|Number=Sing
حمزة PROPN 6 nsubj
على ADP 11 case
أن SCONJ 11 mark
العمل NOUN 11 nsubj
يؤخره+ VERB 6 ccomp
، PUNCT 15 punct
و+ CCONJ 15 cc
هو PRON 15 nsubj
ما PRON 6 conj
شدد VERB 15 acl Gender=Masc|Number=Sing
علي+ ADP 18 case
ه PRON 16 obl
مدربه+ NOUN 16 nsubj
. PUNCT 6 punct
"""
# the clause before: انسحب الوفد، and the formula with one word changed
WITHDREW = """
انسحب VERB 0 root
الوفد+ NOUN 1 nsubj
، PUNCT 6 punct
و+ CCONJ 6 cc
هو PRON 6 nsubj
ما PRON 1 conj
{verb}
. PUNCT 1 punct
"""
# ما as the subject ("which confirms that"): nobody is reported
WHAT_AS_SUBJECT = WITHDREW.format(verb="""يؤكد VERB 6 acl Gender=Masc|Number=Sing
أن SCONJ 10 mark
التقرير NOUN 10 nsubj
سياسي ADJ 7 ccomp""")
# a sub-headline that opens with the formula points at nothing in its sentence; the quotation
# after it is a topic, not speech
HEADLINE_FORMULA = """
هذا DET 2 det
ما PRON 0 root
قال+ VERB 2 acl Gender=Masc|Number=Sing
ه PRON 3 obj
بومبيو PROPN 3 nsubj
بشأن ADP 8 case
"+ PUNCT 8 punct
القس+ NOUN 3 obl
" PUNCT 8 punct
"""
# inside a quotation the formula is the quoted speaker's own words
QUOTED_FORMULA = """
قال VERB 0 root Gender=Masc|Number=Sing
عباس PROPN 1 nsubj
إن SCONJ 6 mark
"+ PUNCT 6 punct
الاستيطان NOUN 6 nsubj
شرعي ADJ 1 ccomp
و+ CCONJ 9 cc
هذا DET 9 det
ما PRON 6 conj
قال+ VERB 9 acl Gender=Masc|Number=Sing
ه PRON 10 obj
مسؤول+ NOUN 10 nsubj
" PUNCT 6 punct
. PUNCT 1 punct
"""
# its own complement clause, with no comma before it, is what the source said
OWN_CLAUSE = """
تحتضنهم VERB 0 root Gender=Fem|Number=Sing
ليلا+ NOUN 1 obl
، PUNCT 6 punct
و+ CCONJ 6 cc
هو PRON 6 nsubj
ما PRON 1 conj
قال VERB 6 acl Gender=Masc|Number=Sing
ألكسندر PROPN 7 nsubj
إن+ SCONJ 11 mark
ه PRON 11 nsubj
يدفئ VERB 7 ccomp
الصغار+ NOUN 11 obj
. PUNCT 1 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (POINTED_CLAUSE, [("كتبته", "صحيفة العرب", "صحيفة العرب", "النتائج تضع تركيا في مرحلة", "indirect", False)]),
    (CONFIRMED_CLAUSE, [("وتقول", "الأمم", "الأمم", "اليمن يشهد أزمة", "indirect", False),
                        ("أكده", "المندوب", "المندوب", "اليمن يشهد أزمة", "indirect", False)]),
    (CONFIRMED_CONTENT, [("شدد", "حمزة", "حمزة", "العمل يؤخره", "indirect", False),
                         ("شدد", "مدربه", "مدربه", "العمل يؤخره", "indirect", False)]),
    (WITHDREW.format(verb="أكد+ VERB 6 acl\nه PRON 7 obj\nالمسؤول NOUN 7 nsubj"),
     [("أكده", "المسؤول", "المسؤول", "انسحب الوفد", "indirect", False)]),
    (WHAT_AS_SUBJECT, []),
    (HEADLINE_FORMULA, []),
    (QUOTED_FORMULA, [("قال", "عباس", "عباس", "الاستيطان شرعي وهذا ما قاله مسؤول", "mixed", False)]),
    (OWN_CLAUSE, [("قال", "ألكسندر", "ألكسندر", "يدفئ الصغار", "indirect", False)]),
    # after a negation ما is as before, and so is a verb whose object takes a predicate: no event
    (WITHDREW.format(verb="لم PART 8 advmod\nيؤكد+ VERB 6 acl\nه PRON 8 obj\nالمسؤول NOUN 8 nsubj"), []),
    (WITHDREW.format(verb="اعتبر+ VERB 6 acl\nه PRON 7 obj\nالمسؤول NOUN 7 nsubj\nخطأ NOUN 7 xcomp"), []),
    # after a preposition ما is "what" with no clause to point at (وتأكد بذلك ما ذكرته تقارير …، حول
    # أن …: "what reports said was confirmed by that"): the verb reports its own clause
    ("و+ CCONJ 2 cc\nتأكد VERB 0 root\nب+ ADP 4 case\nذلك DET 2 obl\nما PRON 2 nsubj\nذكرت+ VERB 5 acl\n"
     "ه PRON 6 obj\nتقارير+ NOUN 6 nsubj\n، PUNCT 13 punct\nحول ADP 13 case\nأن SCONJ 13 mark\nبايرن PROPN 13 nsubj\n"
     "بطل+ NOUN 6 obl\n. PUNCT 2 punct", [("ذكرته", "تقارير", "تقارير", "بايرن بطل", "indirect", False)]),
    # after a sub-headline's colon the formula points at nothing in its clause
    ("آل PROPN 0 root\nجابر+ PROPN 1 flat\n: PUNCT 1 punct\nهذا DET 5 det\nما PRON 1 parataxis\n"
     "يؤكد+ VERB 5 acl\nه PRON 6 obj\nقبول NOUN 6 nsubj\nالتحالف NOUN 8 nmod", []),
], ids=["pointed-clause", "confirmed-clause", "confirmed-content", "after-a-clause", "what-as-subject", "headline-formula",
        "inside-quotation", "own-clause", "negated", "object-and-predicate", "after-a-preposition", "after-a-colon"])
def test_clause_pointed_back(rows, expected):
    assert summary(rows) == expected


# ما after a preposition or a noun, before a verb with its own complementizer, is "what" (ردا على
# ما قالت إنه هجوم: "what it said was an attack"): the verb reports the clause, its unsaid subject
# is the subject of the clause above
WHAT_SHE_SAID = """
شنت VERB 0 root Gender=Fem|Number=Sing
إسرائيل PROPN 1 nsubj Gender=Fem|Number=Sing
غارات NOUN 1 obj
ردا NOUN 1 obl
على ADP 6 case
ما PRON 4 nmod
{verb} VERB 6 acl Gender=Fem|Number=Sing
إن+ SCONJ 10 mark
ه PRON 10 nsubj
هجوم+ NOUN 7 ccomp
. PUNCT 1 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (WHAT_SHE_SAID.format(verb="قالت"), [("قالت", None, "إسرائيل", "هجوم", "indirect", True)]),
    # a verb whose object takes a predicate stays out (ما وصفته بأنه …: a naming act)
    (WHAT_SHE_SAID.format(verb="وصفت+").replace("إن+ SCONJ 10 mark\nه PRON 10 nsubj",
                                                  "ه PRON 7 obj\nبأنه SCONJ 10 mark"), []),
], ids=["what-she-said", "what-she-called"])
def test_what_with_its_own_clause(rows, expected):
    assert summary(rows) == expected


def test_what_after_a_marker_is_the_markers():
    """بحسب ما قال المسؤول إن …: ما belongs to the marker, which reads the verb as its own; the
    verb is no cue of its own (one event, not two)."""
    from attribution.rules.cues import find_cues
    from attribution.rules.lexicon import load_lexicon
    parsed = build("بحسب ADP 3 case\nما PRON 3 nmod\nقال VERB 0 root\nالمسؤول NOUN 3 nsubj\n"
                   "إن SCONJ 7 mark\nالقوات NOUN 7 nsubj\nانسحبت+ VERB 3 ccomp\n. PUNCT 3 punct")
    assert [c.category for c in find_cues(parsed.sentences[0], load_lexicon(), parsed.text)] == ["according_to"]


# كما before a speech verb is also "also": with its own clause, colon or quotation after the
# source the verb reports it (كما قال الوزير إن …); a كما قال between commas is an aside the host
# verb reaches past (وأكد الوزير، كما قال مصدر، أن …)
ALSO_SAID = """
كما SCONJ 2 mark
قال VERB 0 root Gender=Masc|Number=Sing
الوزير NOUN 2 nsubj
إن SCONJ 6 mark
الحكومة NOUN 6 nsubj
ستستقيل+ VERB 2 ccomp
. PUNCT 2 punct
"""
ASIDE_MARKER = """
و+ CCONJ 2 cc
أكد VERB 0 root Gender=Masc|Number=Sing
الوزير+ NOUN 2 nsubj
، PUNCT 6 punct
كما SCONJ 6 mark
قال VERB 2 advcl
مصدر+ NOUN 6 nsubj
، PUNCT 6 punct
أن SCONJ 11 mark
الحكومة NOUN 11 nsubj
ستستقيل+ VERB 2 ccomp
. PUNCT 2 punct
"""


@pytest.mark.parametrize("rows, expected", [
    (ALSO_SAID, [("قال", "الوزير", "الوزير", "الحكومة ستستقيل", "indirect", False)]),
    (ASIDE_MARKER, [("وأكد", "الوزير", "الوزير", "الحكومة ستستقيل", "indirect", False)]),
], ids=["also-said", "aside-marker"])
def test_kama_qala_with_its_own_report(rows, expected):
    assert summary(rows) == expected


ANTECEDENT_LEFT_UNPARSED = """
كان AUX 0 root
الطقس NOUN 1 nsubj
باردا ADJ 1 xcomp
. PUNCT 1 punct

وصل VERB 0 root Gender=Masc|Number=Sing
ماكرون PROPN 1 nsubj
إلى ADP 4 case
برلين PROPN 1 obl
. PUNCT 1 punct

و+ CCONJ 2 cc
أضاف VERB 0 root Gender=Masc|Number=Sing
أن SCONJ 5 mark
الزيارة NOUN 5 nsubj
ناجحة ADJ 2 ccomp
. PUNCT 2 punct
"""


def test_rules_parse_only_the_trees_they_read():
    """Sentences whose parse left their tree for later: the cue's sentence is parsed, and so is the
    one whose subject the dropped subject resolves to; the look-back stops there, so the sentence
    before it is never parsed.  The claims are those of the fully parsed text."""
    def resolved(parsed):
        return [(c.cue.text, c.speaker.text, c.speaker.resolved.text, c.content.text)
                for c in to_claims(extract_parsed(parsed), parsed.text)]

    full = resolved(build(ANTECEDENT_LEFT_UNPARSED))
    parsed = build(ANTECEDENT_LEFT_UNPARSED)
    reads = []
    for sentence in parsed.sentences:
        tree = ([w.head for w in sentence.words], [w.deprel for w in sentence.words])
        sentence.leave_tree(lambda s, tree=tree: reads.append(s.index) or tree)
    assert resolved(parsed) == full == [("وأضاف", None, "ماكرون", "الزيارة ناجحة")]
    assert reads == [2, 1] and not parsed.sentences[0].has_tree

"""find_content for one cue: the span and kind of what was said."""
from __future__ import annotations

import pytest

from attribution.rules.content import closing_quote
from stagehelp import cue_and_content

INDIRECT = "قال VERB 0 root\nالوزير NOUN 1 nsubj\nإن SCONJ 5 mark\nالوضع NOUN 5 nsubj\nصعب ADJ 1 ccomp\n. PUNCT 1 punct"
QUOTE = 'قال VERB 0 root\nالوزير NOUN 1 nsubj\n: PUNCT 1 punct\n"+ PUNCT 5 punct\nالوضع+ NOUN 1 ccomp\n" PUNCT 5 punct'
ACCORDING_TO = "وذلك PRON 0 root\nبحسب ADP 3 case\nالوزارة NOUN 1 nmod"
NOTHING = "قال VERB 0 root\nالوزير NOUN 1 nsubj\n. PUNCT 1 punct"
# a reversed guillemet opens the quotation and the same mark closes it: the rest of the sentence
# (و+ أضاف …) is not swallowed
REVERSED_GUILLEMETS = ("قال VERB 0 root\nالوزير NOUN 1 nsubj\nإن SCONJ 6 mark\n»+ PUNCT 6 punct\nالوضع NOUN 6 nsubj\n"
                       "صعب+ ADJ 1 ccomp\n» PUNCT 6 punct\nو+ CCONJ 9 cc\nمضى VERB 1 conj\nفي ADP 11 case\n"
                       "حديثه+ NOUN 9 obl\n. PUNCT 1 punct")

# بألا (أن + لا) split by the tokenizer, after a relative clause on the source: still the
# complementizer, and the content keeps it, negation and all
NEGATED_SPLIT = ("ووعد VERB 0 root\nالرئيس NOUN 1 nsubj\n، PUNCT 2 punct\nالذي PRON 2 cc\nتسلم VERB 2 acl\n"
                 "من ADP 7 case\nالجنرال NOUN 5 obl\nكيم X 7 flat\nيونغ X 8 flat\nشول X 9 flat\nرسالة NOUN 5 obj\n"
                 "من ADP 13 case\nكيم X 11 nmod\nجونغ X 13 flat\nأون X 14 flat\n، PUNCT 15 punct\n"
                 "ب+ ADP 19 mark\nألا SCONJ 19 mark\nتفرض VERB 1 advcl\nالولايات NOUN 19 nsubj\nعقوبات NOUN 19 obj\n"
                 ". PUNCT 1 punct")
NEGATED_WHOLE = ("تعهد VERB 0 root\nالوزير NOUN 1 nsubj\nبألا SCONJ 4 mark\nتتكرر VERB 1 ccomp\n"
                 "الحادثة NOUN 4 nsubj\n. PUNCT 1 punct")
# ب before إلا (except) is no complementizer
EXCEPT = ("وعد VERB 0 root\nالوزير NOUN 1 nsubj\nب+ ADP 4 case\nالإصلاح NOUN 1 obl\nإلا ADP 6 case\n"
          "قليلا NOUN 1 obl\n. PUNCT 1 punct")

# a quotation, "..", then a phrase pointing back at it before the cue
POINTED_QUOTE = ('"+ PUNCT 2 punct\nلأسباب NOUN 9 obl\nشخصية+ ADJ 2 amod\n"+ PUNCT 2 punct\n.. PUNCT 9 punct\n'
                 "ب+ ADP 7 case\nهذه DET 9 obl\nالكلمات NOUN 7 nmod\nأعلن VERB 0 root\nالوزير NOUN 9 nsubj\n"
                 "تنحيه NOUN 9 obj\n. PUNCT 9 punct")

# نقلت الصحيفة عن "دون بالون" أن …: a short quotation after عن, a complementizer still to come, is
# the relayed source's name, not what was said; without the clause after it, it is the speech
QUOTED_SOURCE_AFTER_AN = ('ونقلت VERB 0 root\nالصحيفة NOUN 1 nsubj\nعن ADP 5 case\n"+ PUNCT 5 punct\n'
                          'دون+ ADP 1 obl\n" PUNCT 5 punct\nأن SCONJ 9 mark\nالنادي NOUN 9 nsubj\n'
                          'تقدم VERB 1 ccomp\n. PUNCT 1 punct')
# a quoted negated quality after the verb is its predicate, what was said, not a quoted name
QUOTED_NEGATED_QUALITY = ('اعتبرت+ VERB 0 root Gender=Fem\nها PRON 1 obj\n"+ PUNCT 4 punct\nغير NOUN 1 xcomp\n'
                          'مقبولة+ ADJ 4 amod\n" PUNCT 4 punct\nو+ CCONJ 8 cc\nتحتوي VERB 1 conj\nعلى ADP 11 case\n'
                          '"+ PUNCT 11 punct\nإهانات+ NOUN 8 obl\n" PUNCT 11 punct')
# a quoted name that spells the letter N is not a mixed quotation opening with إن (نقلت قناة "إن
# بي سي" عن مسؤولين أن …); after a verb, "إن … is one
LETTER_N_IN_QUOTED_NAME = ('نقلت VERB 0 root\nقناة NOUN 1 nsubj\n"+ PUNCT 4 punct\nإن X 2 nmod\nبي X 4 flat\n'
                           'سي+ X 4 flat\n" PUNCT 4 punct\nأن SCONJ 10 mark\nالرئيس NOUN 10 nsubj\nقال VERB 1 ccomp\n'
                           '. PUNCT 1 punct')
QUOTE_AFTER_AN = ('ونقلت VERB 0 root\nالصحيفة NOUN 1 nsubj\nعن ADP 5 case\n"+ PUNCT 5 punct\n'
                  'دون+ ADP 1 obl\n" PUNCT 5 punct\n. PUNCT 1 punct')


@pytest.mark.parametrize("rows, expected", [
    (INDIRECT, ("الوضع صعب", "complement")),
    (QUOTE, ("الوضع", "colon")),
    (NOTHING, None),
    (REVERSED_GUILLEMETS, ("الوضع صعب", "complement")),
    (POINTED_QUOTE, ("لأسباب شخصية", "preceding_quote")),
    (POINTED_QUOTE.replace("الكلمات NOUN", "الطريقة NOUN"), None),  # بهذه الطريقة points at no words
    (POINTED_QUOTE.replace("هذه DET", "ها PRON"), None),  # بها الكلمات: no demonstrative
    (NEGATED_SPLIT, ("بألا تفرض الولايات عقوبات", "complement")),
    (NEGATED_WHOLE, ("بألا تتكرر الحادثة", "complement")),
    (EXCEPT, None),
    (QUOTED_SOURCE_AFTER_AN, ("النادي تقدم", "complement")),
    (QUOTE_AFTER_AN, ("دون", "quote")),
    (QUOTED_NEGATED_QUALITY, ("غير مقبولة", "quote")),
    (LETTER_N_IN_QUOTED_NAME, ("الرئيس قال", "complement")),
], ids=["complement", "quote-after-colon", "none", "reversed-guillemets", "pointer-phrase", "pointer-other-noun",
        "pointer-no-demonstrative", "negated-split-complementizer", "negated-complementizer",
        "illa-is-no-complementizer", "quoted-source-after-an", "quote-after-an", "quoted-negated-quality",
        "letter-n-in-quoted-name"])
def test_find_content(rows, expected):
    parsed, _lexicon, _cue, content = cue_and_content(rows)
    got = None if content is None else (parsed.text[content.start:content.end], content.kind)
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ('قال "الوضع صعب" ثم مضى', 'الوضع صعب'),
    # a straight mark after a space and before a letter opens a quotation inside the quotation
    ('قال "لم يحاكم أحد في ما يسمى "مجزرة رابعة" بعد" ثم مضى', 'لم يحاكم أحد في ما يسمى "مجزرة رابعة" بعد'),
    # … and one mark may close both
    ('قال "لم يحاكم أحد في ما يسمى "مجزرة رابعة".', 'لم يحاكم أحد في ما يسمى "مجزرة رابعة'),
    ('قال "لم يحاكم أحد', None),
], ids=["plain", "nested", "nested-one-mark-closes-both", "unclosed"])
def test_closing_quote(text, expected):
    begin = text.index('"') + 1
    close = closing_quote(text, '"', begin, len(text))
    assert (None if close is None else text[begin:close]) == expected

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


@pytest.mark.parametrize("rows, expected", [
    (INDIRECT, ("الوضع صعب", "complement")),
    (QUOTE, ("الوضع", "colon")),
    (NOTHING, None),
    (REVERSED_GUILLEMETS, ("الوضع صعب", "complement")),
], ids=["complement", "quote-after-colon", "none", "reversed-guillemets"])
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

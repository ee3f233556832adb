"""link_speaker for one cue: the written source, or None when it is dropped."""
from __future__ import annotations

import pytest

from attribution.rules.speaker import link_speaker
from stagehelp import cue_and_content

POST_VERBAL = ("قال VERB 0 root\nالجنرال NOUN 1 nsubj\nجون PROPN 2 flat\nالن PROPN 3 flat\n"
               "إن SCONJ 7 mark\nالزيارة NOUN 7 nsubj\nناجحة ADJ 1 ccomp")
PRE_VERBAL = "الوزير NOUN 2 nsubj\nقال VERB 0 root\nإن SCONJ 5 mark\nالحكومة NOUN 5 nsubj\nمستقيلة ADJ 2 ccomp"
TIME_FIRST = ("وقال VERB 0 root\nأمس NOUN 1 obl\nمسؤول NOUN 1 nsubj\nأمني ADJ 3 amod\n"
              "إن SCONJ 7 mark\nالوضع NOUN 7 nsubj\nمستقر ADJ 1 ccomp")
DROPPED = "وقالت VERB 0 root Gender=Fem\nإن SCONJ 4 mark\nالوضع NOUN 4 nsubj\nمستقر ADJ 1 ccomp"


@pytest.mark.parametrize("rows, expected", [
    (POST_VERBAL, "الجنرال جون الن"),
    (PRE_VERBAL, "الوزير"),
    (TIME_FIRST, "مسؤول أمني"),
    (DROPPED, None),
], ids=["post-verbal", "pre-verbal", "time-word-skipped", "dropped"])
def test_link_speaker(rows, expected):
    parsed, lexicon, cue, content = cue_and_content(rows)
    speaker = link_speaker(cue, content, lexicon)
    assert (None if speaker is None else parsed.text[speaker.start:speaker.end]) == expected

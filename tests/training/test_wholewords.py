"""The whole-word list: forms hand-segmented FANE keeps whole (attribution/training/wholewords.py)."""
from __future__ import annotations

from collections import Counter

import pytest

from attribution.training.wholewords import count_forms, is_candidate, whole_words


def fane(*words: str) -> list[tuple[str, str]]:
    """A FANE sentence: segments separated by spaces inside a word, e.g. ``"و قال"``."""
    return [(segment, "O") for word in words for segment in word.split()]


def test_counts_whole_and_segmented_forms():
    whole, split = Counter(), Counter()
    count_forms([fane("و قال", "فيصل", "إن", "حصة ها"), fane("فيصل", "و قال")], whole, split)
    assert whole["فيصل"] == 2 and split["وقال"] == 2
    assert split["حصتها"] == 1  # re-joined as written: ة → ت before the pronoun
    assert whole["ان"] == 1     # kept in FANE's hamza-less spelling


@pytest.mark.parametrize("form, expected", [
    ("فيصل", True),      # begins with ف
    ("وجود", True),
    ("عبدالله", True),   # ends with ه
    ("نتنياهو", True),   # ends with و
    ("واضاف", False),    # و before an alif: FANE's missing hamzas blur the split
    ("بسبب", False),     # ب: FANE leaves it attached, so no evidence either way
    ("وه", False),       # too short to hold a host
    ("كتاب", False),
])
def test_candidates(form, expected):
    assert is_candidate(form) is expected


def test_listed_only_when_mostly_whole():
    whole = Counter({"فيصل": 65, "وقال": 1, "عبدالله": 60, "وجود": 1, "فان": 54})
    split = Counter({"فيصل": 1, "وقال": 357, "فان": 253})
    assert whole_words(whole, split) == ["عبدالله", "فيصل"]  # وجود: once is not enough

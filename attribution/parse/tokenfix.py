"""Undo clitic splits the bundled tokenizer gets wrong, using two word lists.

The tokenizer learnt from 47k words to split clitics and sometimes splits a word that merely
starts with a proclitic letter or ends with a pronoun's letters: وكالة → و + كالة، وزيرة → و + زيرة،
فيصل → ف + يصل، عبدالله → عبدالل + ه، نتنياهو → نتنياه + و.  Two lists tell such words apart:

* the vocabulary of the bundled word vectors (50,000 most frequent forms of 9.4M words of news,
  as written): when the whole form after a proclitic is a known word and the remainder is not,
  the split was wrong.  ل + لـ… (للحظر = ل + لحظر, the article assimilated) is the treebanks'
  own convention and is left alone;
* ``data/whole_words.txt``: written forms that the hand-segmented FANE corpora keep whole
  (built by ``python -m attribution.training.wholewords``, which documents the counts).  FANE
  segments the conjunctions و/ف and pronoun suffixes the way the treebanks do, so a form it
  keeps whole is one word: فيصل، وجود، عبدالله، يواجه.  It is not consulted for ب/ل/ك/س, which
  FANE leaves attached (بأن، لها), nor for و/ف before an alif, where FANE's dropped hamzas blur
  وأضاف into one form.
"""
from __future__ import annotations

from pathlib import Path

# س, the future prefix, too: ستيوارت → س + تيوارت، سيطرت → س + يطرت، سيتي (City) → س + يتي, while
# سيكون، ستقام keep their split (يكون، تقام are words)
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "س")
# the clitics FANE segments as the treebanks do (see the module docstring)
WHOLE_PROCLITICS = ("و", "ف")
WHOLE_ENCLITICS = ("ه", "ها", "هم", "هما", "هن", "نا", "كم", "كن", "ني", "و")
ALIFS = "اأإآ"
WHOLE_WORDS_FILE = Path(__file__).parent / "data" / "whole_words.txt"
# FANE writes hamza-less alifs and final ي for ى; the list is kept in that form
_KEY = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})


def whole_key(word: str) -> str:
    return word.translate(_KEY)


class CliticMerger:
    """A Stanza ``tokenize_postprocessor``: lists of sentences of token strings in, the same out."""

    def __init__(self, vocabulary: set[str], whole_words: frozenset[str] | set[str] = frozenset()):
        self.vocabulary = vocabulary
        self.whole_words = whole_words
        self.enabled = True
        # the text being tokenized, while Stanza calls this (stanza_patches/tokentext.py); without
        # it every pair counts as touching, and a merge across a space makes Stanza raise
        # (document.bulk_parse then parses that batch again without merges)
        self.text: str | None = None

    def should_merge(self, clitic: str, rest: str) -> bool:
        if clitic == "ل" and rest.startswith("ل"):
            return False
        return (clitic + rest) in self.vocabulary and rest not in self.vocabulary and len(rest) >= 2

    def is_whole_word(self, left: str, right: str) -> bool:
        """``left + right`` is a form FANE keeps whole, split at a clitic FANE would segment."""
        if left in WHOLE_PROCLITICS:
            if len(right) < 2 or right[0] in ALIFS:
                return False
        elif right not in WHOLE_ENCLITICS or len(left) < 2 or left in PROCLITICS:
            return False
        return whole_key(left + right) in self.whole_words

    def merges(self, left, right) -> bool:
        if not (isinstance(left, str) and isinstance(right, str)):
            return False  # multi-word tokens are left alone
        return (left in PROCLITICS and self.should_merge(left, right)) or self.is_whole_word(left, right)

    def __call__(self, sentences: list[list]) -> list[list]:
        if not self.enabled:
            return sentences
        fixed = []
        ends = _token_ends(self.text)
        for sentence in sentences:
            spans = [ends(token) for token in sentence]
            out, i = [], 0
            while i < len(sentence):
                token = sentence[i]
                nxt = sentence[i + 1] if i + 1 < len(sentence) else None
                if nxt is not None and _touch(spans[i], spans[i + 1]) and self.merges(token, nxt):
                    out.append(token + nxt)
                    i += 2
                    continue
                out.append(token)
                i += 1
            fixed.append(out)
        return fixed


def _token_ends(text: str | None):
    """A function giving each next token's (start, end) in ``text``, found as Stanza finds it
    (the next occurrence from the end of the previous token); ``None`` for every token when
    there is no text or a token cannot be found."""
    pos = 0

    def ends(token):
        nonlocal pos
        if text is None or pos < 0:
            return None
        form = token if isinstance(token, str) else token[0]
        start = text.find(form, pos)
        if start < 0:
            pos = -1
            return None
        pos = start + len(form)
        return start, pos

    return ends


def _touch(left, right) -> bool:
    return left is None or right is None or left[1] == right[0]


def load_vocabulary(pretrain_path: str) -> set[str]:
    import torch

    data = torch.load(pretrain_path, map_location="cpu", weights_only=False)
    return set(data["vocab"]["_unit2id"])  # Stanza's pretrain vocabulary: word -> row


def load_whole_words(path: Path = WHOLE_WORDS_FILE) -> frozenset[str]:
    """The packaged list (one form a line, ``#`` comments); empty if the file is absent."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))

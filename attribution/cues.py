"""Stage 1: find reporting cues in a parsed sentence.

A cue is a speech verb, a circumstantial participle (مضيفًا), a speech noun (قوله) or an
according-to marker (بحسب، وفقا لـ، نقلا عن، كما قال).  Words are matched after clitic splitting
on normalised lemmas and forms; guards drop negated, hypothetical and non-speech uses.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .document import Sentence
from .lexicon import Lexicon
from .normalize import ARABIC_LETTER_RE

FUTURE_OR_INFINITIVE = {"س", "سوف", "ان", "لكي", "كي", "ل"}


@dataclass
class CueMatch:
    sentence: Sentence
    first: int          # first word of the cue (inclusive)
    last: int           # last word of the cue (inclusive)
    head: int           # the word the rules hang on: the verb, participle, noun or marker
    lemma: str          # normalised lemma (قال، اكد، بحسب)
    category: str       # verb | participle | noun | according_to
    kind: str           # speech | expressive
    preps: tuple[str, ...]
    start: int          # offsets of the cue as written, fused clitics included (وقال)
    end: int
    implicit_ok: bool = False
    text_before: str = ""  # a few characters of the input before the cue, for conjunction checks

    def text(self, full_text: str) -> str:
        return full_text[self.start:self.end]


def written_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a word's span to the whole written word: و+قال → وقال, مضيف+ًا → مضيفًا."""
    while start > 0 and _is_word_char(text[start - 1]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]):
        end += 1
    return start, end


def _is_word_char(ch: str) -> bool:
    return bool(ARABIC_LETTER_RE.match(ch)) or "\u064B" <= ch <= "\u065F" or ch in "\u0670\u0640"


def _previous_word(sentence: Sentence, index: int) -> str | None:
    """The normalised word before ``index``, skipping a conjunction و/ف."""
    j = index - 1
    while j >= 0 and sentence.words[j].norm in ("و", "ف"):
        j -= 1
    return sentence.words[j].norm if j >= 0 else None


def _is_guarded(sentence: Sentence, index: int, lexicon: Lexicon) -> bool:
    word = sentence.words[index]
    prev = _previous_word(sentence, index)
    if prev in lexicon.negators or prev in lexicon.hypothetical:
        return True
    if word.feats.get("Polarity") == "Neg":
        return True
    # سيقول / أن يعلن / ليؤكد: future or infinitive, not a reported event
    if prev in FUTURE_OR_INFINITIVE and word.feats.get("Aspect") == "Imp":
        return True
    nxt = sentence.words[index + 1].norm if index + 1 < len(sentence.words) else ""
    for formula in lexicon.narrator_formulas:
        if word.norm == formula[0] and nxt == formula[1]:
            return True
    return False


def _match_according_to(sentence: Sentence, index: int, lexicon: Lexicon):
    words = sentence.words
    for marker in lexicon.according_to:
        n = len(marker.marker)
        if index + n > len(words):
            continue
        ok = True
        for k, part in enumerate(marker.marker):
            norm = words[index + k].norm
            if k == 0 and len(norm) > len(part) and norm[0] in "وف" and norm[1:] == part:
                continue  # وبحسب، وحسب
            if norm == part:
                continue
            # a final one-letter preposition the tokenizer left fused: وفقا لمصادر
            if k == n - 1 and len(part) == 1 and norm.startswith(part) and len(norm) > 2:
                continue
            ok = False
            break
        if ok:
            return marker, n
    return None, 0


def find_cues(sentence: Sentence, lexicon: Lexicon, text: str) -> Iterator[CueMatch]:
    words = sentence.words
    i = 0
    while i < len(words):
        word = words[i]
        marker, n = _match_according_to(sentence, i, lexicon)
        if marker is not None:
            last = i + n - 1
            start, end = written_span(text, words[i].start, words[last].end)
            if words[last].norm != marker.marker[-1]:  # fused preposition: the cue ends before the noun
                end = words[last].start + len(marker.marker[-1])
            yield CueMatch(sentence, i, last, i, marker.lemma, "according_to", "speech", (), start, end,
                           marker.implicit_ok, text[max(0, start - 4):start])
            i += n
            continue
        nxt = words[i + 1].norm if i + 1 < len(words) else ""
        entry = lexicon.match_word(word.norm, word.norm_lemma, word.upos,
                                   lexicon.is_complementizer(nxt) or nxt == ":")
        if entry is not None and not _is_guarded(sentence, i, lexicon):
            start, end = written_span(text, word.start, word.end)
            yield CueMatch(sentence, i, i, i, entry.lemma, entry.category, entry.kind, entry.preps, start, end,
                           text_before=text[max(0, start - 4):start])
        i += 1

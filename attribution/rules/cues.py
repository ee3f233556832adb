"""Stage 1: find reporting cues in a parsed sentence.

A cue is a speech verb, a circumstantial participle (مضيفًا), a speech noun (قوله) or an
according-to marker (بحسب، وفقا لـ، نقلا عن، كما قال).  Words are matched after clitic splitting
on normalised lemmas and forms; guards drop negated, hypothetical and non-speech uses.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator

from attribution.parse.document import Sentence
from attribution.rules.lexicon import CueCategory, CueEntry, CueKind, Lexicon
from attribution.parse.normalize import ARABIC_LETTER_RE, QUOTE_CHARS, normalize, quote_state
from attribution.rules.wordlists import load_words

FUTURE_OR_INFINITIVE = load_words("future_or_infinitive")
CLAUSE_PREPOSITIONS = load_words("clause_prepositions")
CLAUSE_POINTERS = load_words("clause_pointers")
TIME_WORDS = load_words("time_words")


@dataclass
class CueMatch:
    sentence: Sentence
    first: int          # first word of the cue (inclusive)
    last: int           # last word of the cue (inclusive)
    head: int           # the word the rules hang on: the verb, participle, noun or marker
    lemma: str          # normalised lemma (قال، اكد، بحسب)
    category: CueCategory
    kind: CueKind
    preps: tuple[str, ...]
    start: int          # offsets of the cue as written, fused clitics included (وقال)
    end: int
    parenthetical: bool = False
    text_before: str = ""  # a few characters of the input before the cue, for conjunction checks
    pointer_start: int | None = None  # "…، وهو ما أكده": where the words pointing back at the clause start
    joins_verb: bool = False  # a participle that only says how a verb before it spoke (معلقا)


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


def _relative_what(sentence: Sentence, index: int) -> int | None:
    """"هذا ما كتبته" / "وهو ما أكده": ما right before the cue, after a demonstrative or هو/هي
    (rules/data/clause_pointers.txt), is the relative "what" pointing back at a clause, not the
    negation.  The index of the pointing word (هذا، هو), else None."""
    words = sentence.words
    j = index - 1
    if j < 1 or words[j].norm != "ما":
        return None
    pointer = words[j - 1]
    written = pointer.norm[1:] if pointer.norm[:1] in ("و", "ف") else pointer.norm
    if written not in CLAUSE_POINTERS and pointer.norm not in CLAUSE_POINTERS:
        return None
    return j - 1


def _pointing_back(sentence: Sentence, index: int, entry: CueEntry, lexicon: Lexicon,
                   text: str) -> tuple[bool, int | None]:
    """Whether ما before the cue is the relative "what" of a verb that reports with it
    (``points_back`` in the lexicon), and where the pointing words start when they stand after a
    comma, a colon or a conjunction, or open the sentence ("…، هذا ما قاله X" / "…، وهو ما أكده
    X"): the cue then reports the clause before.  Right after a word ("ومن الانتقادات … هو ما ذكره
    الخبير، بأن …") or a preposition (وتأكد ب+ذلك ما ذكرته تقارير …، حول أن …: "what reports said
    was confirmed by that") the cue reports its own clause, as any verb: no start.  The verb must have a
    source of its own: a pronoun that takes up ما (قاله، أكد عليه) or a subject before any
    complementizer; without either ما is the subject (وهو ما يؤكد أن …: "which confirms that") and
    nobody is reported.  Inside a quotation the words are the quoted speaker's own: not a cue."""
    pointer = _relative_what(sentence, index) if entry.points_back else None
    if pointer is None:
        return False, None
    words = sentence.words
    depth, straight = quote_state(text, sentence.start, words[pointer].start)
    if depth > 0 or straight % 2 == 1:
        return False, None
    k = index + 1
    if k < len(words) and words[k].upos == "ADP" and words[k].norm in entry.preps:
        k += 1  # أكد علي+ه، أشار إلي+ه
    resumed = k < len(words) and words[k].upos == "PRON" and words[k].start == words[k - 1].end
    if not resumed:
        clause = next((m for m in range(index + 1, len(words)) if lexicon.complementizer_at(words, m)), len(words))
        if not any(w.head_index == index and w.deprel.startswith("nsubj") for w in words[index + 1:clause]):
            return False, None
    first = pointer - 1 if pointer > 0 and words[pointer - 1].norm in ("و", "ف") else pointer
    conjunction = first < pointer or words[pointer].norm not in CLAUSE_POINTERS  # و هو / وهو
    after_mark = first > 0 and words[first - 1].text in ("،", ",", ":")
    opens = all(w.upos == "PUNCT" or w.norm in ("و", "ف") for w in words[:first])
    return True, (words[first].start if conjunction or after_mark or opens else None)


RELATIVE_WHAT_GAP = 6  # ما قالت وزارة الدفاع الأميركية إنها …: the source fits between verb and clause


def _what_with_clause(sentence: Sentence, index: int, lexicon: Lexicon, covered: set[int]) -> bool:
    """ردا على ما قالت إنه إطلاق صواريخ / بسبب ما قال إنها مخالفات: ما after a preposition or a
    noun, before a verb with its own complementizer, is the relative "what" ("what she said was"),
    not the negation.  Not after an according-to marker (بحسب ما ذكرت), which reads it itself."""
    words = sentence.words
    j = index - 1
    if j < 1 or words[j].norm != "ما" or j - 1 in covered or words[j - 1].upos not in ("ADP", "NOUN"):
        return False
    for k in range(index + 1, min(len(words), index + 1 + RELATIVE_WHAT_GAP)):
        if words[k].text in ("،", ",") or words[k].text in QUOTE_CHARS:
            return False
        if lexicon.complementizer_at(words, k):
            return True
    return False


def _is_guarded(sentence: Sentence, index: int, lexicon: Lexicon, entry: CueEntry, text: str,
                covered: set[int] = frozenset()) -> bool:
    word = sentence.words[index]
    prev = _previous_word(sentence, index)
    if prev in lexicon.negators and not _pointing_back(sentence, index, entry, lexicon, text)[0] \
            and not (entry.points_back and _what_with_clause(sentence, index, lexicon, covered)) \
            or prev in lexicon.hypothetical:
        return True
    if word.feats.get("Polarity") == "Neg" and word.upos in ("VERB", "AUX"):
        return True  # only a verb's own negation; mis-tagged particles carry Polarity=Neg too
    # سيقول / أن يعلن / ليؤكد: future or infinitive, not a reported event
    if prev in FUTURE_OR_INFINITIVE and word.feats.get("Aspect") == "Imp":
        return True
    nxt = sentence.words[index + 1].norm if index + 1 < len(sentence.words) else ""
    for formula in lexicon.narrator_formulas:
        if word.norm == formula[0] and nxt == formula[1]:
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _normalized_char(ch: str) -> str:
    return normalize(ch)


def _normalized_with_map(raw: str) -> tuple[str, list[int]]:
    """``normalize(raw)`` character by character, with the raw index of each kept character.
    Each character's form is cached: a sentence's text has few distinct characters, and this
    ran ``normalize`` ~4 times per word (a quarter of the time spent outside the parser)."""
    out, back = [], []
    for i, ch in enumerate(raw):
        n = _normalized_char(ch)
        if n:
            out.append(n)
            back.append(i)
    return "".join(out), back


def _according_to_matches(sentence: Sentence, lexicon: Lexicon, text: str) -> list[CueMatch]:
    """According-to markers are found in the sentence's text, not its tokens: the tokenizer may
    split وفقا as و + فقا or glue لـ to the source (لوكالة), and the marker is the same words."""
    words = sentence.words
    raw = text[sentence.start:sentence.end]
    norm, back = _normalized_with_map(raw)
    found: list[CueMatch] = []
    taken: list[tuple[int, int]] = []
    for marker in lexicon.according_to:
        for m in marker.pattern.finditer(norm):
            a = sentence.start + back[m.start()]
            b = sentence.start + back[m.end() - 1] + 1
            if any(a < y and x < b for x, y in taken):
                continue
            first = next(w.index for w in words if w.end > a)
            last = next(w.index for w in reversed(words) if w.start < b)
            if _resumed_after(words, last):
                continue  # علق ترامب على ما أفاد به مصدران …: "what sources reported", an object
            if marker.parenthetical and _opens_own_report(words, last, lexicon):
                continue  # كما قال الوزير إن …: "the minister also said that", the verb's own report
            taken.append((a, b))
            found.append(CueMatch(sentence, first, last, first, marker.lemma, "according_to", "speech", (), a, b,
                                  marker.parenthetical, text[max(0, a - 4):a]))
    return found


OWN_REPORT_GAP = 8  # كما قال وزير الخارجية الفرنسي جان إيف لودريان إن …


def _opens_own_report(words, last: int, lexicon: Lexicon) -> bool:
    """كما قال X إن … / كما قال: "…": كما is "also" and the verb reports what follows, not a source
    formula (… كما قال متحدث.): a complementizer, a colon or an opening quotation mark comes after
    the source, before any comma."""
    for k in range(last + 1, min(len(words), last + 1 + OWN_REPORT_GAP)):
        w = words[k]
        if lexicon.complementizer_at(words, k) or w.text == ":" or w.text[:1] in "«“" or w.text == '"':
            return True
        if w.text in ("،", ",", ".", "؟", "!"):
            return False
    return False


def _resumed_after(words, last: int) -> bool:
    """A marker ending in a verb (على ما أفاد) followed by a preposition with a pronoun written
    onto it (به، عنه) is a relative clause whose pronoun takes up ما, not a source formula."""
    k = last + 1
    return k + 1 < len(words) and words[last].upos != "ADP" and words[k].upos == "ADP" \
        and words[k + 1].upos == "PRON" and words[k + 1].start == words[k].end


def _after_preposition(words, i: int) -> bool:
    k = i - 1
    while k >= 0 and words[k].text in QUOTE_CHARS:
        k -= 1
    return k >= 0 and words[k].upos == "ADP" and words[k].norm not in ("ل",)


def _clause_close_by(words, i: int, within: int, lexicon: Lexicon) -> bool:
    """A complementizer among the ``within`` words after word i, with no number, digit or
    punctuation mark before it (the addressee and little else stand between)."""
    for k in range(i + 1, min(len(words), i + 1 + within)):
        w = words[k]
        if lexicon.complementizer_at(words, k):
            return True
        if w.upos in ("NUM", "PUNCT") or any(ch.isdigit() for ch in w.text):
            return False
    return False


def _noun_with_adjective(words, i: int) -> bool:
    """Word i is followed by an indefinite relational adjective in the accusative (أجنبيا، سياسيا):
    a participle's form (معلقا، مضيفا) before one is the noun it also spells, with its adjective;
    a manner adverb of that shape listed with the time words (رسميا) does not count."""
    if i + 1 >= len(words):
        return False
    nxt = words[i + 1]
    return nxt.upos == "ADJ" and nxt.norm.endswith("يا") and nxt.norm not in TIME_WORDS


def _object_pronoun(words, k: int) -> bool:
    """إيا+ها or ل+هم: a pronoun object or addressee written as its own word."""
    return words[k].norm in ("ايا", "ل") and k + 1 < len(words) and words[k + 1].upos == "PRON" \
        and words[k + 1].start == words[k].end


HEADLINE_SOURCE_WORDS = 8   # a sub-headline's source is a short noun phrase
HEADLINE_UPOS = {"NOUN", "PROPN", "X", "ADJ"}


def headline_cue(sentence: Sentence, lexicon: Lexicon, text: str) -> CueMatch | None:
    """An in-text sub-headline ``Name: claim`` (مدير المخابرات الأمريكية: لا تهديد بحرب نووية): a
    sentence that opens its paragraph with a short noun phrase headed by a title or a name, a
    colon, and at least three words with no reporting cue of their own (the caller asks only for a
    sentence that opens its paragraph and has no other cue).  A one-word dateline
    (لندن: قال …) is not one: it has no title, and the story after it has its cue."""
    words = sentence.words
    colon = next((k for k, w in enumerate(words[:HEADLINE_SOURCE_WORDS + 1]) if w.text == ":"), None)
    if colon is None or colon == 0 or len(words) - colon - 1 < 3:
        return None
    source = words[:colon]
    head = source[0]
    titled = (head.norm[2:] if head.norm.startswith("ال") else head.norm) in load_words("titles")
    if not all(w.upos in HEADLINE_UPOS for w in source) or not (titled or len(source) >= 2 and head.upos in ("PROPN", "X")):
        return None
    if any(lexicon.match_word(w.norm, w.norm_lemma, w.upos) is not None for w in words[colon + 1:]):
        return None
    mark = words[colon]
    return CueMatch(sentence, colon, colon, colon, ":", "headline", "speech", (), mark.start, mark.end,
                    text_before=text[max(0, mark.start - 4):mark.start])


def find_cues(sentence: Sentence, lexicon: Lexicon, text: str) -> Iterator[CueMatch]:
    words = sentence.words
    markers = _according_to_matches(sentence, lexicon, text)
    covered = {k for c in markers for k in range(c.first, c.last + 1)}
    cues = list(markers)
    for i, word in enumerate(words):
        if i in covered:
            continue
        nxt = words[i + 1].norm if i + 1 < len(words) else ""
        nxt2 = words[i + 2].norm if i + 2 < len(words) else ""
        # مشيرة إلى أن: a preposition may stand between the cue and its complementizer
        clause_follows = lexicon.is_complementizer(nxt) or nxt == ":" or (
            nxt in CLAUSE_PREPOSITIONS and lexicon.is_complementizer(nxt2))
        if not clause_follows and i + 3 < len(words) and _object_pronoun(words, i + 1):
            # واصفة إياها بأنها، موضحين لهم أن: the addressee or object pronoun before the clause
            a = i + 3 if words[i + 2].start == words[i + 1].end else i + 2
            if words[a].norm in CLAUSE_PREPOSITIONS and a + 1 < len(words):
                a += 1  # واصفة إياها ب+أنها
            clause_follows = lexicon.is_complementizer(words[a].norm)
        if word.norm in lexicon.definite_nouns and nxt[:1] in QUOTE_CHARS:
            clause_follows = True  # بالقول "نريد اتفاقا"
        possessive = i + 1 < len(words) and words[i + 1].upos == "PRON" and words[i + 1].start == word.end
        entry = lexicon.match_word(word.norm, word.norm_lemma, word.upos, clause_follows, possessive)
        if entry is None and not clause_follows and nxt[:1] in QUOTE_CHARS and i > 0 \
                and words[i - 1].text in ("،", ","):
            # …"، مضيفة "رغم …": a participle between a comma and a quotation is the speaker's
            # circumstance, not the noun (مضيفة) or adjective (مؤكدة) it also spells
            quoted = lexicon.match_word(word.norm, word.norm_lemma, word.upos, True, possessive)
            entry = quoted if quoted is not None and quoted.category == "participle" else None
        glued = None
        if entry is None and possessive:
            # معل+نا: the tokenizer took the participle's ending for a pronoun; match the word as written
            after = words[i + 2].norm if i + 2 < len(words) else ""
            written = word.norm + words[i + 1].norm
            glued = lexicon.match_word(written, written, "NOUN", lexicon.is_complementizer(after) or after == ":")
            if glued is not None and glued.category == "participle":
                entry = glued
            else:
                glued = None
        if entry is not None and entry.category == "participle" and _noun_with_adjective(words, i):
            entry = None  # سمعت معلقا أجنبيا، معلقا سياسيا: the noun (a commentator) with its adjective
        if entry is not None and entry.ambiguous and entry.category == "verb" and _after_preposition(words, i):
            entry = None  # إلى توقع أنه، في "كشف من …": after a preposition the form is the verbal noun
        if entry is not None and entry.requires_after and not any(
                w.norm in entry.requires_after or lexicon.is_complementizer(w.norm) for w in words[i + 1:i + 8]):
            entry = None  # ونقلت السفينة "ديتشوتي" المهاجرين: moved, not relayed
        if entry is not None and entry.clause_within and not _clause_close_by(words, i, entry.clause_within, lexicon):
            entry = None  # يبلغ 35 عاما وسبق أن …، التي تبلغ 58%: amounts to, reaches; تبلغ أمريكا أن …: informs
        if entry is not None and not _is_guarded(sentence, i, lexicon, entry, text, covered):
            start, end = written_span(text, word.start, word.end)
            last = i + 1 if (entry.category == "noun" and possessive) or glued else i  # قول+ه: the pronoun is its source
            cues.append(CueMatch(sentence, i, last, i, entry.lemma, entry.category, entry.kind, entry.preps, start,
                                 end, text_before=text[max(0, start - 4):start],
                                 pointer_start=_pointing_back(sentence, i, entry, lexicon, text)[1],
                                 joins_verb=entry.joins_verb))
    yield from sorted((c for c in cues if not _joins_its_verb(c, cues, lexicon)), key=lambda c: c.start)


def _joins_its_verb(cue: CueMatch, cues: list[CueMatch], lexicon: Lexicon) -> bool:
    """وقال ترامب، معلقا على إيران، في مستهل لقاء …: "…": a participle that only says how a speech
    verb earlier in the sentence spoke belongs to that verb's event while nothing between them
    (a quotation mark, a colon, a complementizer) has opened the verb's content; after one it
    reports a second content (وقال لي إن … معلقا على ذلك بأن …)."""
    if not cue.joins_verb:
        return False
    words = cue.sentence.words
    return any(verb.category == "verb" and verb.last < cue.first and not any(
        w.text[:1] in QUOTE_CHARS or w.text == ":" or lexicon.is_complementizer(w.norm)
        for w in words[verb.last + 1:cue.first]) for verb in cues)

"""Stage 7: what a fact-checker needs of a claim besides who said what, read off the parse.

* :func:`stance`: ``denial`` for a cue that denies (نفى، نفت، ينفي، نافيا; ``data/denial_cues.txt``);
* :func:`find_setting`: the cue's phrase naming the occasion or channel (في بيان، خلال مؤتمر صحفي،
  عبر تويتر، في مقابلة مع صحيفة "…"): a preposition of ``data/setting_prepositions.txt`` hanging on
  the cue (tree) or standing between the cue and its content, or opening the sentence before it,
  whose noun is an event, venue or channel noun;
* :func:`title_and_name`: a person's title and name inside the resolved mention (نائب وزير العدل /
  رود روزنستاين، حسن الزروقوني / مدير عام سيغما كونساي، رئيس الوزراء الإسرائيلي، بنيامين نتنياهو);
* :func:`is_anonymous`: an anonymous entity (مصدر مطلع، مصادر) or a source followed by طلب عدم
  الكشف عن هويته;
* :func:`sentence_span`: the sentences that hold the cue, the written source and the content.
"""
from __future__ import annotations

from attribution.parse.document import ParsedText, Sentence, Word
from attribution.parse.normalize import QUOTE_CHARS
from attribution.rules.content import Content, quoted_name_end
from attribution.rules.cues import CueMatch
from attribution.rules.lexicon import Lexicon
from attribution.rules.resolve import bare_name_word, coordination_at, is_definite, is_person_title
from attribution.rules.speaker import written_last
from attribution.rules.wordlists import load_words

DENIAL_CUES = load_words("denial_cues")
TIME_WORDS = load_words("time_words")
SETTING_PREPOSITIONS = load_words("setting_prepositions")
SETTING_NOUNS = load_words("event_nouns") | load_words("venue_nouns") | load_words("channel_nouns")
CHANNEL_NOUNS = load_words("channel_nouns")
ISSUED_BY = load_words("issued_by")
RELATIONAL_NOUNS = load_words("relational_nouns")
COMPOUND_NAME_PARTS = load_words("compound_name_parts")
DISCLOSURE_NOUNS = load_words("disclosure_nouns")
IDENTITY_NOUNS = load_words("identity_nouns")
SETTING_WORDS = 12          # the longest setting phrase, in words
# inside a setting: في مقابلة مع …، في تصريح لـ…، في تغريدة على تويتر، على حسابه في تويتر
SETTING_LINKERS = {"مع", "ل", "علي", "عبر"}
NOMINAL = {"NOUN", "PROPN", "X", "ADJ", "NUM", "DET"}
ANONYMITY_WINDOW = 8        # words after the source where طلب عدم الكشف عن هويته may stand


def _bare(norm: str) -> str:
    return norm[2:] if norm.startswith("ال") and len(norm) > 3 else norm


def _glued(words: list[Word], k: int) -> bool:
    """Word k is a clitic written on the word before it (حساب+ه)."""
    return k > 0 and words[k].start == words[k - 1].end and words[k].upos != "PUNCT"


def stance(cue: CueMatch) -> str:
    return "denial" if cue.lemma in DENIAL_CUES else "assertion"


# --- setting ------------------------------------------------------------------------------------

def _setting_noun(sentence: Sentence, k: int) -> bool:
    """Word k names a speech event, a venue or a channel (بيان، مؤتمر، تويتر، حساب+ه)."""
    words = sentence.words
    w = words[k]
    if w.upos not in ("NOUN", "PROPN", "X"):
        return False
    written = w.norm + "".join(words[j].norm for j in range(k + 1, written_last(sentence, k) + 1))
    return bool({w.norm, _bare(w.norm), written, _bare(written)} & SETTING_NOUNS)


def _setting_at(sentence: Sentence, k: int, blocked: set[int], lexicon: Lexicon) -> int | None:
    """The last word of a setting phrase opened by the preposition at word k, or None."""
    words = sentence.words
    if words[k].upos != "ADP" or words[k].norm not in SETTING_PREPOSITIONS or k + 1 >= len(words) \
            or k + 1 in blocked or not _setting_noun(sentence, k + 1):
        return None
    channel = _bare(words[k + 1].norm) in CHANNEL_NOUNS or words[k + 1].norm in ("حساب", "صفحه")
    last = written_last(sentence, k + 1)
    j = last + 1
    while j < len(words) and j - k < SETTING_WORDS and j not in blocked:
        w = words[j]
        if lexicon.is_complementizer(w.norm) or w.norm in TIME_WORDS or w.upos == "PUNCT" and w.text not in QUOTE_CHARS:
            break
        if w.text[:1] in QUOTE_CHARS:  # في مقابلة مع صحيفة "واشنطن بوست"
            close = quoted_name_end(sentence, j, require_more=False)
            if close is None or any(x in blocked for x in range(j, close + 1)):
                break
            last = j = close
            j += 1
            continue
        if w.upos in NOMINAL and not (w.upos == "DET" and j + 1 >= len(words)):
            last = j = written_last(sentence, j)
            j += 1
            continue
        linker = w.norm in SETTING_LINKERS or w.norm == "في" and channel or w.norm == "عن" \
            and words[last].norm in ISSUED_BY
        if w.upos == "ADP" and linker and j + 1 < len(words) and j + 1 not in blocked \
                and (words[j + 1].upos in NOMINAL or words[j + 1].text[:1] in QUOTE_CHARS):
            channel = channel or _bare(words[j + 1].norm) in CHANNEL_NOUNS
            last = written_last(sentence, j + 1) if words[j + 1].text[:1] not in QUOTE_CHARS else j
            j = last + 1
            continue
        break
    return last


def find_setting(cue: CueMatch, content: Content | None, speaker: tuple[int, int] | None,
                 lexicon: Lexicon) -> tuple[int, int] | None:
    """Character span of the claim's setting, or None: a setting preposition hanging on the cue
    in the tree, else the first one after the cue before the content, else one that opens the
    sentence before the cue (وفي بيان، قالت الوزارة …).  Never inside the content or the source."""
    sentence = cue.sentence
    words = sentence.words
    blocked = {w.index for w in words if content is not None and content.start <= w.start < content.end
               or speaker is not None and speaker[0] <= w.start < speaker[1]
               or cue.start <= w.start < cue.end}
    candidates: list[int] = []
    for child in sentence.children[cue.head]:  # the tree: obl → case
        if words[child].deprel.startswith(("obl", "nmod")):
            candidates += [c for c in sentence.children[child] if words[c].deprel == "case" and c == child - 1]
    content_first = next((w.index for w in words if content is not None and w.start >= content.start), len(words))
    stop = content_first if content_first > cue.last else len(words)
    candidates += [k for k in range(cue.last + 1, min(stop, cue.last + 1 + SETTING_WORDS))]
    opening = next((w.index for w in words if w.norm not in ("و", "ف") and w.upos != "CCONJ"), None)
    if opening is not None and opening < cue.first:
        candidates.append(opening)
    for k in candidates:
        if k in blocked:
            continue
        last = _setting_at(sentence, k, blocked, lexicon)
        if last is None:
            continue
        if k < cue.first and not all(w.text in ("،", ",") or w.index in blocked
                                     for w in words[last + 1:cue.first]):
            continue  # before the cue only as the sentence's opening phrase: وفي بيان، قالت …
        return words[k].start, words[last].end
    return None


# --- title and name -----------------------------------------------------------------------------

def _titled(w: Word) -> bool:
    return is_person_title(w.norm)


def _name_word(w: Word, names: frozenset[str] = frozenset()) -> bool:
    """A proper-name word: tagged so, a part of a compound name (عبد), or one of the entity's
    name words (العبادي of حيدر العبادي, whatever its tag)."""
    return (w.upos in ("PROPN", "X") or w.norm in COMPOUND_NAME_PARTS or bare_name_word(w.norm) in names) \
        and not _titled(w)


def _family_name(words: list[Word], k: int) -> bool:
    """حسن الزروقوني: a definite nisba (ال…ي) right after a name word is the family name, whatever its tag."""
    w = words[k]
    return w.upos in ("NOUN", "ADJ") and w.norm.startswith("ال") and w.norm.endswith("ي") and not _titled(w) \
        and k > 0 and _name_word(words[k - 1])


def is_coordination(words: list[Word]) -> bool:
    """Two or more sources in one mention (:func:`attribution.rules.resolve.coordination_at`)."""
    return coordination_at(words) is not None


def title_and_name(words: list[Word], person: bool, names: frozenset[str] = frozenset()
                   ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(title, name) as word ranges (first, last) of ``words``, the words of one mention; None
    where it has none.  ``person``: the mention names a person; ``names``: its entity's proper-name
    words.  A title opens the mention (a title word or honorific, or any common noun of a person)
    and runs over its genitives and modifiers; the name starts at the first name word after it, or
    after a comma; a mention that opens with a name has its title, if any, after it."""
    if not words or is_coordination(words):
        return None, None
    n = len(words)
    first = words[0]
    # خديجة جنكيز: a first name the tagger reads as a noun, right before a name word
    first_name = person and first.upos == "NOUN" and not _titled(first) and not is_definite(first) and n > 1 \
        and _bare(first.norm) not in RELATIONAL_NOUNS and _name_word(words[1], names) and not _glued(words, 1)
    if first_name or _name_word(first, names) and (first.upos != "NOUN" or bare_name_word(first.norm) in names):
        k = 1
        while k < n and (_name_word(words[k], names) or _glued(words, k) or words[k].text == "-" and k + 1 < n
                         or _family_name(words, k)):
            k += 1
        name = (0, k - 1)
        while k < n and words[k].text in ("،", ","):
            k += 1
        title = (k, n - 1) if k < n and _titled(words[k]) else None
        return title, name
    if not (_titled(first) or person and first.upos == "NOUN"):
        return None, None
    relational = _bare(first.norm) in RELATIONAL_NOUNS  # خطيبة الصحفي جمال خاشقجي: his name, not hers
    last_title = 0
    governs = not is_definite(first)   # an indefinite noun in construct takes the next word as genitive
    definite = not governs
    k = 1
    while k < n:
        w, prev = words[k], words[k - 1]
        if w.upos == "PRON" and w.start == prev.end:
            last_title, governs = k, False
        elif w.text in ("،", ","):
            rest = [j for j in range(k + 1, n) if words[j].text not in ("،", ",")]
            if rest and any(_name_word(words[j], names) for j in rest) \
                    and not any(words[j].text in ("،", ",") for j in range(rest[0], rest[-1] + 1)):
                return (0, last_title), (rest[0], rest[-1])
            break
        elif w.text == "(":  # وزارة الدفاع الأمريكية (البنتاغون): a gloss inside the title
            k = last_title = next((j for j in range(k + 1, n) if words[j].text == ")"), n - 1)
        elif w.text[:1] in QUOTE_CHARS:
            last_title = k
        elif governs or relational:
            last_title = k
            governs = w.upos in ("NOUN", "ADP") and not is_definite(w, prev) and not _name_word(w)
            definite = is_definite(w, prev) or w.upos in ("PROPN", "X")
        elif bare_name_word(w.norm) in names and not _titled(w):
            break  # the entity's own name starts here (not in a genitive: متحدث باسم القوات في أفغانستان)
        elif w.upos in ("ADP", "CCONJ"):
            last_title, governs = k, True
        elif _titled(w) or w.upos in ("NOUN", "ADJ", "NUM", "DET") and not _name_word(w) \
                and (is_definite(w) or not definite):
            last_title = k
            governs = w.upos == "NOUN" and not is_definite(w)
            definite = definite or is_definite(w)
        else:
            break  # a name word, or an indefinite word after a closed definite title
        k += 1
    if relational or k >= n:
        return (0, last_title), None
    return (0, last_title), (k, n - 1)


def mention_words(parsed: ParsedText, sentence_index: int, start: int, end: int) -> list[Word]:
    """The words of the mention start:end (in sentence ``sentence_index``, else wherever it lies)."""
    sentence = next((s for s in parsed.sentences if s.index == sentence_index and s.start <= start < s.end), None) \
        or next((s for s in parsed.sentences if s.start <= start < s.end), None)
    return [w for w in sentence.words if w.start < end and w.end > start] if sentence else []


def title_and_name_spans(parsed: ParsedText, sentence_index: int, start: int, end: int, person: bool,
                         names: frozenset[str] = frozenset()):
    """The title and name of the mention start:end as character spans inside it."""
    words = mention_words(parsed, sentence_index, start, end)
    title, name = title_and_name(words, person, names)

    def chars(r):
        if r is None:
            return None
        a, b = max(start, words[r[0]].start), min(end, words[r[1]].end)
        return (a, b) if a < b else None
    return chars(title), chars(name)


# --- anonymity ----------------------------------------------------------------------------------

def withholds_name(sentence: Sentence, last: int) -> bool:
    """مصدر مطلع طلب عدم الكشف عن هويته، مسؤول رفض ذكر اسمه: a disclosure noun and a withheld
    identity in the few words after the source."""
    disclosed = False
    for w in sentence.words[last + 1:last + 1 + ANONYMITY_WINDOW]:
        if w.text in (".", ":", "؟", "!") or w.text[:1] in QUOTE_CHARS:
            break
        if w.norm in DISCLOSURE_NOUNS:
            disclosed = True
        elif disclosed and w.norm in IDENTITY_NOUNS:
            return True
    return False


def is_anonymous(entity_kind: str | None, entity_name: str | None, sentence: Sentence | None,
                 speaker_last: int | None) -> bool:
    """An unnamed source: an anonymous entity whose fullest mention is indefinite (مصدر مطلع،
    مصادر، مسؤولون بريطانيون; not المتحدث، المسؤولة الأممية, who were named or described before), or
    a written source that withholds its name (طلب عدم الكشف عن هويته)."""
    if entity_kind == "anonymous" and entity_name and not entity_name.split()[0].startswith("ال"):
        return True
    return sentence is not None and speaker_last is not None and withholds_name(sentence, speaker_last)


# --- sentence span ------------------------------------------------------------------------------

def sentence_span(parsed: ParsedText, paragraph: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """From the start of the first sentence to the end of the last one that the spans touch."""
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    sentences = parsed.sentences_in(paragraph)
    first = next((s for s in reversed(sentences) if s.start <= lo), sentences[0])
    last = next((s for s in sentences if s.end >= hi), sentences[-1])
    return min(first.start, lo), max(last.end, hi)

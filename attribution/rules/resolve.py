"""Stage 4: resolve implicit speakers.

A cue without a written source (وأضاف، وقالت، مضيفًا، كما قال) takes the most salient source
before it whose gender and number agree with the cue's morphology (:func:`salience`: the most
recent sentence first, in it the source of a reporting event before a clause subject): sources of
earlier events (also of events we do not emit, such as أعلنت وزارة الدفاع عن …) and subjects of
main clauses, never a subject inside reported content.  Which entity each mention names is the
next stage's work (:mod:`attribution.rules.entities`).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Callable

from attribution.parse.document import Sentence
from attribution.parse.normalize import normalize
from attribution.rules.wordlists import load_words

MAIN_CLAUSE_RELS = {"root", "conj", "parataxis"}
NOT_SOURCES = load_words("not_sources")
STOP_WORDS = load_words("name_stop_words")
# titles (titles.txt, the speaker stage's list, written without the article) are never name words
TITLES = load_words("titles")


# words that name what a source says or where, never who: حسب قوله، وفق تعبيره، في مؤتمر صحفي
SPEECH_NOUNS = load_words("speech_nouns")
VENUE_NOUNS = load_words("venue_nouns")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    sentence: int
    gender: str | None          # Masc | Fem | None (unknown)
    number: str | None          # Sing | Dual | Plur | None
    name_words: tuple[str, ...] = ()   # normalised proper-name words
    words: tuple[str, ...] = ()        # normalised content words
    entity: int | None = None
    position: int = -1                 # where it was last referred to (an implicit cue re-mentions it)
    name: str | None = None            # the person's name inside it, when it has one (entities stage)
    is_event_source: bool = False      # the source of a reporting event (not only a clause subject)
    recent_sentence: int = -1          # the sentence it was last referred to in
    coordinated: bool = False          # two or more sources (الرئيس الفرنسي ونظيره الألماني): one entity of its own

    @property
    def recency(self) -> int:
        return max(self.position, self.start)


def mention_from_span(sentence: Sentence, first: int, last: int, text: str,
                      start: int | None = None, end: int | None = None) -> Mention:
    """A mention over words first..last; ``start``/``end`` override the character span where the
    written source does not begin or end on a word boundary (وفقا لـ|وكالة)."""
    words = sentence.words[first:last + 1]
    head = next((w for w in words if w.upos in ("NOUN", "PROPN", "X", "PRON")), words[0])
    gender, number = noun_agreement(head)
    names = tuple(bare_name_word(w.norm) for w in words if w.upos in ("PROPN", "X") and not is_title(w.norm))
    content = tuple(bare_name_word(w.norm) for w in words if w.upos != "PUNCT" and w.norm not in STOP_WORDS)
    start = words[0].start if start is None else start
    end = words[-1].end if end is None else end
    return Mention(start, end, text[start:end], sentence.index, gender, number, names, content,
                   coordinated=coordination_at(words) is not None)


def noun_agreement(head) -> tuple[str | None, str | None]:
    """Gender and number of a noun phrase's head word: its features, or ة (normalised ه) for a
    feminine noun (وزارة، الحكومة).  A name's gender stays unknown (جاي مكدوجل قالت): the verbs
    that take it as source tell; a plural guessed for a person's name is dropped."""
    gender, number = head.feats.get("Gender"), head.feats.get("Number")
    if gender is None and head.upos == "NOUN" and head.norm.endswith("ه") and not head.norm.endswith("اه"):
        gender = "Fem"
    if number == "Plur" and head.ner.endswith("-PER"):
        number = None  # الزرقوني (Number=Plur): a person's name is one person, whatever the tagger guessed
    return gender, number


def is_title(norm: str) -> bool:
    """A title with or without its article (الجنرال، جنرال): not a name, whatever its tag."""
    return norm in TITLES or (norm.startswith("ال") and norm[2:] in TITLES)


HONORIFICS = load_words("honorifics")   # الجنرال، الكابتن: ranks that stay with a name


def is_person_title(norm: str) -> bool:
    """A title, its feminine (الوزيرة), or a rank or honorific: a word that describes a person."""
    return is_title(norm) or is_title(norm.rstrip("ه")) or norm in HONORIFICS


def is_definite(w, prev=None) -> bool:
    """ال…, or لل… / ل + ل… where ل swallowed the article's alif (للشغل, split ل + لشغل);
    ``prev``: the word before ``w``."""
    return w.norm.startswith(("ال", "لل")) or prev is not None and prev.norm == "ل" and prev.end == w.start \
        and w.norm.startswith("ل")


COMPOUND_NAME_PARTS = load_words("compound_name_parts")


def _name_word(w) -> bool:
    return (w.upos in ("PROPN", "X") or w.norm in COMPOUND_NAME_PARTS) and not is_title(w.norm)


def coordination_at(words) -> int | None:
    """Where a mention's words coordinate two or more sources (الرئيس الفرنسي ونظيره الألماني، ترامب
    وماكرون): the index of the conjunction و after a name, or before a possessed noun or a name;
    None for one source, also one with two titles (الناشط الحقوقي وعضو الهيئة صلاح عبد العاطي)."""
    for k in range(1, len(words) - 1):
        w, nxt = words[k], words[k + 1]
        if w.upos != "CCONJ" or w.norm != "و":
            continue
        possessed = k + 2 < len(words) and words[k + 2].upos == "PRON" and words[k + 2].start == nxt.end
        if possessed or _name_word(nxt) or any(_name_word(x) for x in words[:k]):
            return k
    return None


def bare_name_word(norm: str) -> str:
    """A name or content word without its article, when more than four letters remain of it."""
    return norm[2:] if norm.startswith("ال") and len(norm) > 4 else norm


# gender and number a pronoun written onto a word gives its referent (قول+ها → Fem Sing)
PRONOUN_AGREEMENT = {"ه": ("Masc", "Sing"), "ها": ("Fem", "Sing"), "هم": (None, "Plur"), "هن": ("Fem", "Plur"),
                     "هما": (None, "Dual")}


def cue_agreement(sentence: Sentence, index: int, category: str = "verb") -> tuple[str | None, str | None]:
    """Gender and number the cue demands of its source, from the written form first (وقالت، قالوا،
    واعتبرا، مضيفة) since it is more reliable than predicted features."""
    word = sentence.words[index]
    form = word.norm
    if category == "noun":
        # بالقول، تصريحات: the noun's own gender and number say nothing of its source; a pronoun
        # written onto it does (قولها)
        nxt = sentence.words[index + 1] if index + 1 < len(sentence.words) else None
        if nxt is not None and nxt.upos == "PRON" and nxt.start == word.end:
            return PRONOUN_AGREEMENT.get(nxt.norm, (None, None))
        return None, None
    if category == "participle":  # مضيفا / مضيفه (ة) / مضيفين
        if form.endswith("ين"):
            return None, "Plur"
        return ("Fem", "Sing") if form.endswith("ه") else ("Masc", "Sing")
    gender, number = word.feats.get("Gender"), word.feats.get("Number")
    if form.endswith(("وا", "ون")):
        number = "Plur"
    elif word.feats.get("Aspect") == "Perf" and form.endswith("ا") and not word.norm_lemma.endswith("ا"):
        number = "Dual"  # واعتبرا
    elif word.upos == "VERB" and word.feats.get("Aspect") == "Perf" and form.endswith("ت") \
            and not word.norm_lemma.endswith("ت"):
        gender, number = "Fem", "Sing"
    elif word.upos == "VERB" and word.feats.get("Aspect") == "Imp" and form[:1] == "ت":
        gender = "Fem"
    if gender is None and word.upos in ("VERB", "AUX") and not form.endswith("ت") and form[:1] != "ت":
        gender = "Masc"  # the unmarked third person (قال، يقول): such a verb without the feature is masculine
    return gender, number


def agrees(gender: str | None, number: str | None, source_gender: str | None, source_number: str | None) -> bool:
    """Whether a cue's gender and number fit a source's.  Unknown features never block: only a
    known clash (قالت ↔ masculine, قال ↔ feminine, قالوا ↔ singular) does."""
    if number in ("Plur", "Dual"):
        return source_number != "Sing"
    if gender == "Fem":
        return source_gender in ("Fem", None) or source_number == "Plur"
    if gender is None:  # unknown (a noun cue, بالقول, or a marker): only a known number may clash
        return number is None or source_number != "Plur"
    return source_gender != "Fem" and source_number != "Plur"


def gender_told_by_verb(gender: str | None, number: str | None, verb_gender: str | None,
                        verb_number: str | None) -> str | None:
    """A source's gender as the verb that takes it tells: a singular verb agrees with the person
    or thing the noun names, so its gender wins over the noun's form (وأضاف الأسطورة، انتقد
    أسطورة كرة القدم مارادونا: a man, whatever ة says); a plural noun keeps its own, since a verb
    before it may be singular whatever its gender (قالت المصادر، قال المسؤولون)."""
    if verb_gender is None or number in ("Plur", "Dual") or verb_number in ("Plur", "Dual"):
        return gender
    return verb_gender


def apposed_between(sentence: Sentence, subject: int, commas: list[int], verb: int) -> bool:
    """Whether a preverbal subject and its verb are parted by a name apposed to it between two
    commas (لكن طبيب منتخب مصر، محمد أبو العلا، قال إن …): two commas (``commas``, the ones between
    them), the second right before the verb, a noun as the subject's head, and between them only
    proper names of the subject's subtree."""
    words = sentence.words
    if len(commas) != 2 or commas[1] != verb - 1 or words[subject].upos != "NOUN":
        return False
    inside = set(sentence.subtree(subject))
    between = range(commas[0] + 1, commas[1])
    return len(between) > 0 and all(k in inside and words[k].upos in ("PROPN", "X") for k in between)


def written_accusative(w, upos=("NOUN",)) -> bool:
    """An indefinite common noun (or, with ``upos``, adjective) written with the accusative's alif
    (بيانا، تصريحا، قرارا؛ سريعا، ردا): never a post-verbal subject or a word of its phrase, which
    are nominative or genitive, whatever the tree says.  A word whose lemma ends in ا (عصا، دنيا)
    and names (روسيا) are not read so."""
    return w.upos in upos and len(w.norm) > 2 and w.norm.endswith("ا") and not w.norm.endswith(("اا", "وا")) \
        and not w.norm.startswith("ال") and not w.norm_lemma.endswith("ا")


def main_clause_subjects(sentence: Sentence, text: str, chunk=None) -> list[Mention]:
    """Subjects of the sentence's main clauses: candidate antecedents for dropped subjects.
    ``chunk(sentence, begin, limit)``, the speaker stage's noun-phrase reader, gives a post-verbal
    subject its whole name chain (رئيسة الوزراء البريطانية تيريزا ماي)."""
    out = []
    for w in sentence.words:
        if not w.deprel.startswith("nsubj") or w.head_index is None:
            continue
        head = sentence.words[w.head_index]
        if head.deprel not in MAIN_CLAUSE_RELS or head.upos not in ("VERB", "AUX"):
            continue
        commas = [k for k in range(w.index + 1, head.index) if sentence.words[k].text in ("،", ",")]
        apposed = bool(commas) and apposed_between(sentence, w.index, commas, head.index)
        if commas and not apposed:
            continue  # ميدانيا، أعلنت …: a fronted adverbial the parser took for the subject
        if w.index > head.index and written_accusative(w):
            continue  # وأصدر بيانا قال فيه: the object the parser took for the subject
        span = sentence.subtree(w.index)
        # the subject's own noun phrase: stop at the first clause-level word after it
        first, last = w.index, w.index
        for k in span:
            if k < w.index:
                continue
            if k != last + 1 or sentence.words[k].upos in ("VERB", "SCONJ", "CCONJ") or sentence.words[k].text in "،,:\"":
                break
            last = k
        if chunk is not None and w.index > head.index:
            # the reader's name chain, within the subject's own subtree (not the object after it)
            span = chunk(sentence, w.index, len(sentence.words))
            inside = set(sentence.subtree(w.index))
            if span is not None and span[0] == w.index:
                while span[1] > last and span[1] not in inside:
                    span = (span[0], span[1] - 1)
                last = max(last, span[1])
        if apposed:
            last = commas[-1] - 1  # لكن وزير الدفاع، أفيغدور ليبرمان، رفض …: the name is the subject's
        if is_plausible_source(sentence, first):
            out.append(mention_from_span(sentence, first, last, text))
    return out


# ل + an attached pronoun (لنا، له، لهم …) that the tokenizer left whole; not لي, also the name Li
RECIPIENT_PRONOUNS = load_words("enclitic_pronouns") - {normalize("ي"), normalize("ني")}


def is_glued_recipient(w) -> bool:
    """لنا، له، لهم: the recipient of the speech as one word, never its source."""
    return len(w.norm) > 1 and w.norm[0] == "ل" and w.norm[1:] in RECIPIENT_PRONOUNS


def is_plausible_source(sentence: Sentence, index: int) -> bool:
    """A noun or name that can say something: not a complementizer mis-tagged as a noun (أنّ),
    not a discourse adverb (بدوره), not a dateline (لندن: قال …)."""
    word = sentence.words[index]
    if word.upos not in ("NOUN", "PROPN", "X") or word.norm in NOT_SOURCES or is_glued_recipient(word):
        return False
    if bare_name_word(word.norm) in SPEECH_NOUNS or bare_name_word(word.norm) in VENUE_NOUNS:
        return False
    if index > 0 and sentence.words[index - 1].end == word.start and len(word.norm) <= 2:
        return False  # تواصل+نا: a pronoun suffix the tagger took for a noun
    nxt = sentence.words[index + 1] if index + 1 < len(sentence.words) else None
    return not (nxt is not None and nxt.text == ":" and index <= 1)


def salience(m: Mention) -> tuple:
    """Most recent sentence first; inside a sentence, the source of a reporting event before a
    clause subject, and the leftmost (main clause) subject before later ones."""
    return (-max(m.recent_sentence, m.sentence), not m.is_event_source, m.start)


class Spans:
    """Character spans (reported contents) merged into sorted intervals: is an offset inside one?"""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def __contains__(self, offset: int) -> bool:
        k = bisect.bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self._ends[k]


# a dropped subject refers to someone mentioned within the last few paragraphs; news re-mentions
# a speaker (وأضاف، وتابع) long before this many sentences have passed
MAX_LOOKBACK = 40


class Candidates:
    """Antecedent candidates bucketed by the sentence they were last referred to in, so a look-up
    reads back only as many sentences as it needs.  A sentence's subjects may be given as a
    function (:meth:`add_later`), called only when a look-up reads back that far: most dropped
    subjects resolve within a sentence or two, and reading a sentence's subjects needs its parse
    tree, which the parse may have left for later (``attribution.parse.document``)."""

    def __init__(self, mentions=()):
        self._by_sentence: dict[int, list[Mention]] = {}
        self._later: dict[int, Callable[[], list[Mention]]] = {}
        self._sentences: list[int] = []  # every key with a bucket or a function, in order
        for m in mentions:
            self.add(m)

    def add(self, m: Mention) -> None:
        key = max(m.recent_sentence, m.sentence)
        if key not in self._by_sentence:
            if key not in self._later:
                bisect.insort(self._sentences, key)
            self._by_sentence[key] = []
        self._by_sentence[key].append(m)

    def add_later(self, sentence: int, mentions: Callable[[], list[Mention]]) -> None:
        """The mentions of sentence ``sentence`` (its clause subjects), read when first needed; they
        come before any mention :meth:`add` gave that sentence, as if added first."""
        if sentence not in self._by_sentence and sentence not in self._later:
            bisect.insort(self._sentences, sentence)
        self._later[sentence] = mentions

    def _bucket(self, key: int) -> list[Mention]:
        if key in self._later:
            self._by_sentence[key] = self._later.pop(key)() + self._by_sentence.get(key, [])
        return self._by_sentence.get(key, [])

    def by_salience(self, before: int, sentence: int | None = None):
        """Mentions ending before offset ``before`` (in sentence ``sentence`` or earlier), most
        salient first (see :func:`salience`), reading back at most MAX_LOOKBACK sentences that
        hold candidates."""
        stop = len(self._sentences) if sentence is None else bisect.bisect_right(self._sentences, sentence)
        read = 0
        for pos in range(stop - 1, -1, -1):  # not a copy of the keys: a long article has thousands
            bucket = self._bucket(self._sentences[pos])
            if not bucket:
                continue  # a sentence without subjects does not count against the look-back
            yield from sorted((m for m in bucket if m.end <= before), key=salience)
            read += 1
            if read == MAX_LOOKBACK:
                return


def pick_antecedent(candidates, before: int, gender: str | None, number: str | None, excluded=(),
                    sentence: int | None = None) -> Mention | None:
    """The most salient candidate before ``before`` that agrees with the cue and is not inside
    reported content; ``candidates`` is a :class:`Candidates` or a list of mentions."""
    if not isinstance(candidates, Candidates):
        candidates = Candidates(candidates)
    if not isinstance(excluded, Spans):
        excluded = Spans(excluded)
    for mention in candidates.by_salience(before, sentence):
        if mention.start in excluded:
            continue
        if agrees(gender, number, mention.gender, mention.number):
            return mention
    return None


def re_mention(mention: Mention, position: int, sentence: int) -> Mention:
    """The same antecedent, made recent again by an implicit cue at ``position`` in ``sentence``:
    it is now the source of that event."""
    return replace(mention, position=position, recent_sentence=sentence, is_event_source=True)

"""Stage 5: who the speakers are. Entity-centric coreference as ordered passes, most precise first.

After speaker linking, every event has a *mention*: its written source, or the antecedent of a
dropped one.  A fact-checker needs the entity behind it: ``رئيس الوزراء الإسرائيلي`` is بنيامين
نتنياهو when the article names him, ``الوزارة`` is the ministry the article named before.  In the
manner of the multi-pass sieve of Lee et al. (2013), each pass is a small function that links
mentions to entities and never undoes a link an earlier, surer pass made:

1. :func:`link_by_name`: mentions that share proper-name words (a surname alone, a hashtag
   ``#عبدالملك_المخلافي``, a long vowel written or not: ``الزرقوني``/``الزروقوني``), never across
   different head nouns; :func:`link_by_spelling` does the same for a one-word mention the tagger
   did not read as a name, or a title followed by such a word (``الوزير العبيدي``);
2. :func:`link_by_title`: a description that is the title of a person the article names with it
   (``وزير الدفاع الياباني، إيتسونوري أونوديرا`` makes a later ``وزير الدفاع الياباني`` his), and a
   kin noun with the relative's name (``خطيبة خاشقجي`` → خديجة جنكيز);
3. :func:`link_by_head_noun`: a body named by its definite head (``الوزارة``، ``المنظمة الحقوقية``)
   to the nearest body with that head noun, before it or, failing that, after it;
   :func:`link_by_epithet`: a person's definite description without a name (``المسؤولة الأممية``)
   to the one named person of its gender and office a few sentences before it;
4. :func:`link_same_description`: what is left joins an entity whose description contains it, or
   is its own (anonymous and generic sources such as ``مصادر`` included: they are never merged with
   a named one, since every earlier pass needs a name or a title).

The article itself is read for *named mentions* first (:func:`find_named_mentions`): every title
or organisation noun phrase with the name it carries, so that a title used at a speaker can find
the name given anywhere in the article, also later (cataphora).
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

from attribution.parse.document import ParsedText, Sentence
from attribution.parse.normalize import QUOTE_CHARS, normalize
from attribution.rules.resolve import (HONORIFICS, STOP_WORDS, Mention, bare_name_word, coordination_at, is_definite,
                                       is_person_title, is_title, mention_from_span)
from attribution.rules.speaker import ANONYMOUS_HEADS, DOCUMENT_NOUNS, ORG_HEADS, TITLES, written_last
from attribution.rules.wordlists import load_words

PERSON_TITLES = TITLES                          # the speaker stage's titles (titles.txt): one list
RELATIONAL_NOUNS = load_words("relational_nouns")   # خطيبة، شقيق، محامي: a person named by someone else
PRONOUNS = load_words("enclitic_pronouns")
# sources without a name (مصدر مطلع، مصادر، مسؤول أمريكي) and documents (بيان، تقرير) as entity kinds
ANONYMOUS = {w[:-1] if w.endswith("ه") else w for w in ANONYMOUS_HEADS}
DOCUMENT_HEADS = set(DOCUMENT_NOUNS)
HEAD_NOUNS = RELATIONAL_NOUNS | PERSON_TITLES | ORG_HEADS


@dataclass
class Entity:
    id: int
    mentions: list[Mention] = field(default_factory=list)
    names: set[str] = field(default_factory=set)          # proper-name words, normalised
    heads: set[str] = field(default_factory=set)         # head nouns (وزاره، رئيس)
    name: str = ""                                        # canonical: the fullest name in the article
    name_score: tuple = ()
    person: bool = False                                  # named with a person's title or apposition

    def add(self, mention: Mention, name_text: str | None = None) -> None:
        mention.entity = self.id
        self.mentions.append(mention)
        # a phrase with a kin noun names someone else too (خطيبة خاشقجي; جنكيز، خطيبة الصحفي …
        # جمال خاشقجي): only a name found as such is this entity's (offer_name)
        if not relational(mention) and not _names_a_relative(mention):
            self.names |= _names(mention)
        head = head_noun(mention)
        if head:
            self.heads.add(head)
        self.offer_name(mention, name_text or mention.name)

    @property
    def kind(self) -> str:
        """person | organisation | anonymous | document | unknown, from its head nouns and names."""
        heads = {h + "ه" if h + "ه" in ORG_HEADS | DOCUMENT_HEADS else h for h in self.heads}
        if not self.names and heads & ANONYMOUS:
            return "anonymous"
        if self.person or heads & (PERSON_TITLES | RELATIONAL_NOUNS):
            return "person"
        if heads & ORG_HEADS:
            return "organisation"
        if heads & DOCUMENT_HEADS:
            return "document"
        return "unknown"

    def offer_name(self, mention: Mention, name_text: str | None) -> None:
        text = display_name(name_text or mention.text)
        # a name found as such beats a mention that holds names, which beats a description
        score = (2 if name_text else 1 if mention.name_words else 0, len(text.split()), -mention.start)
        if not self.name_score or score > self.name_score:
            self.name, self.name_score = text, score
        if name_text:
            self.names |= {w for w in (bare_name_word(normalize(x)) for x in name_key(name_text).split())
                           if w not in STOP_WORDS}


def bare(word: str) -> str:
    """A normalised word without the article, or the ل that swallowed it (للوزارة، لوزارة)."""
    if word.startswith("ال") and len(word) > 3:
        return word[2:]
    if word.startswith("لل") and len(word) > 4:
        return word[2:]
    return word


def display_name(text: str) -> str:
    """A hashtag name reads as the name it tags (#عبدالملك_المخلافي → عبدالملك المخلافي)."""
    return " ".join(w.lstrip("#").replace("_", " ") if w.startswith("#") else w for w in text.split())


def name_key(word: str) -> str:
    """Hashtags and underscores are the same words (#عبدالملك_المخلافي)."""
    return word.lstrip("#").replace("_", " ")


def head_noun(m: Mention) -> str | None:
    """The first content word, feminine ending and article aside (الوزارة → وزار، المتحدثة → متحدث,
    لوزارة → وزار)."""
    for w in m.words:
        if w in m.name_words:
            return None
        b = w[2:] if w.startswith("لل") and len(w) > 4 else w
        if b.startswith("ل") and (b[1:] in ORG_HEADS or b[1:] in PERSON_TITLES):
            b = b[1:]
        if b.endswith("ت") and b[:-1] + "ه" in HEAD_NOUNS:
            b = b[:-1] + "ه"  # خطيبت+ه is خطيبة with a pronoun
        return b[:-1] if b.endswith("ه") and len(b) > 3 else b
    return None


LONG_VOWELS = "اوي"


def _similar(a: str, b: str) -> bool:
    """A long vowel written or not in a transliterated name (الزرقوني / الزروقوني، بينتيز / بينيتيز)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) != 1:
        return False  # a changed letter is another name (العبادي / العبيدي)
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[k] in LONG_VOWELS and long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _names(m: Mention) -> set[str]:
    out: set[str] = set()
    for w in m.name_words:
        out |= set(name_key(w).split())
    return {w for w in out if w not in STOP_WORDS}


def _names_match(a: set[str], b: set[str]) -> bool:
    """Every name word of the shorter name is in the longer one (a surname alone: نتنياهو)."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return all(any(_similar(x, y) for y in long_) for x in short)


def title_words(m: Mention) -> frozenset[str]:
    """A mention's words are already without the article (resolve.bare_name_word); ت before a pronoun is ة."""
    return frozenset(w[:-1] + "ه" if w.endswith("ت") and w[:-1] + "ه" in RELATIONAL_NOUNS else w
                     for w in m.words if w not in m.name_words and w not in STOP_WORDS and w not in PRONOUNS)


@dataclass
class NamedMention:
    """A title or organisation noun phrase found anywhere in the article, with the name it carries."""
    mention: Mention
    name_text: str | None      # the name part (بنيامين نتنياهو), None when there is none
    title: frozenset[str]      # the title's content words (رئيس، وزراء، اسرائيلي)
    person: bool
    last: int = -1             # the phrase's last word in its sentence
    title_head: str | None = None   # head noun of the title when it follows the name

    @property
    def head(self) -> str | None:
        return self.title_head or head_noun(self.mention)


def _is_person_word(norm: str) -> bool:
    b = bare(norm)
    return b in PERSON_TITLES or (b[:-1] if b.endswith("ه") else b) in PERSON_TITLES


def has_person_title(sentence: Sentence) -> bool:
    """Whether a word of the sentence is a person's title, where :func:`find_named_mentions` looks."""
    return any(_is_person_word(w.norm) for w in sentence.words)


def _mention_head(w) -> tuple[bool, bool, bool] | None:
    """(person, body, kin) when a named mention may start at word ``w`` (a title, the head of a
    body's name, a relational noun), else None."""
    b = bare(w.norm)
    person = _is_person_word(w.norm)
    # a body's name is an indefinite head with its genitive (وزارة البيئة، منظمة هيومن رايتس);
    # a definite one alone (الوزارة، المنظمة الحقوقية) is a description that refers back
    org = b in ORG_HEADS and b == w.norm
    kin = b in RELATIONAL_NOUNS
    if w.upos not in ("NOUN", "PROPN", "X", "ADJ") or not (person or org or kin):
        return None
    return person, org, kin


def may_hold_named_mention(sentence: Sentence) -> bool:
    """Whether :func:`find_named_mentions` reads this sentence's noun phrases (and so its tree)."""
    words = sentence.words
    for i, w in enumerate(words):
        kind = _mention_head(w)
        if kind is not None and (kind[0] or kind[1] or _after_name_and_comma(words, i)):
            return True
    return False


def _after_name_and_comma(words, i: int) -> bool:
    """ترامب، شقيق …: where a relational noun or a title is an apposition to the name before."""
    return i >= 2 and words[i - 1].text in ("،", ",") and words[i - 2].upos in ("PROPN", "X")


def find_named_mentions(parsed: ParsedText, chunk) -> list[NamedMention]:
    """Title + name and organisation noun phrases of the whole article.  ``chunk(sentence, begin,
    limit)`` reads a noun phrase from ``begin`` (the speaker stage's reader, with its name growth)."""
    out: list[NamedMention] = []
    for sentence in parsed.sentences:
        words = sentence.words
        i = 0
        while i < len(words):
            kind = _mention_head(words[i])
            if kind is None:
                i += 1
                continue
            person, org, kin = kind
            if (person or kin) and _after_name_and_comma(words, i):
                appo = _apposition(sentence, i, parsed.text, chunk)
                if appo is not None:
                    out.append(appo)
                    i = appo.last + 1
                    continue
            if not (person or org):
                i += 1
                continue
            span = chunk(sentence, i, len(words))
            if span is None or span[1] <= i:
                i += 1
                continue
            first, last = span
            conj = coordination_at(words[first:last + 1])
            if conj is not None:  # الرئيس الفرنسي ونظيره الألماني: the first conjunct is the named one
                last = first + conj - 1
            mention = mention_from_span(sentence, first, last, parsed.text)
            name_text = name_part(sentence, first, last, parsed.text) if person else None
            if person and name_text is None:
                after = _name_after_place(sentence, last, parsed.text)
                if after is not None:
                    name_text, last = after
                    title = title_words(mention)
                    mention = mention_from_span(sentence, first, last, parsed.text)
                    out.append(NamedMention(mention, name_text, title, True, last))
                i = last + 1
                continue
            out.append(NamedMention(mention, name_text if person else mention.text, title_words(mention), person))
            i = last + 1
    return out


PLACE_PREPOSITIONS = load_words("place_prepositions")
DEMONSTRATIVES = load_words("demonstratives")


def _name_after_place(sentence: Sentence, last: int, text: str) -> tuple[str, int] | None:
    """زعيم الحركة الاحتجاجية في أرمينيا نيكول باشينيان، كبير المفاوضين في هذا الملف ميشال بارنييه:
    a title may carry where it holds (في + one noun, or a demonstrative and a noun) before the
    name, a run of at least two proper names."""
    words = sentence.words
    k = last + 1
    if k >= len(words) or words[k].norm not in PLACE_PREPOSITIONS:
        return None
    k += 2 if k + 2 < len(words) and words[k + 1].norm in DEMONSTRATIVES else 1
    if k < len(words) and words[k].upos == "NOUN" and not words[k].norm.startswith("ال"):
        k += 1  # في ملف بريكسيت: a noun in construct state takes its genitive
    k += 1  # the place itself
    end = k
    while end < len(words) and words[end].upos in ("PROPN", "X") and end - k < 4:
        end += 1
    if end - k < 2:
        return None
    return text[words[k].start:sentence.words[written_last(sentence, end - 1)].end], end - 1


def _apposition(sentence: Sentence, i: int, text: str, chunk) -> "NamedMention | None":
    """خديجة جنكيز، خطيبة الصحفي … جمال خاشقجي: a name, a comma, and a title phrase set off after
    it make the title a description of the name."""
    words = sentence.words
    span = chunk(sentence, i, len(words))
    if span is None:
        return None
    k = i - 2
    while k - 1 >= 0 and words[k - 1].upos in ("PROPN", "X") and words[k - 1].end < words[k].start:
        k -= 1
    name = text[words[k].start:words[i - 2].end]
    mention = mention_from_span(sentence, k, span[1], text)
    title_mention = mention_from_span(sentence, i, span[1], text)
    appo = NamedMention(mention, name, title_words(title_mention) | frozenset(title_mention.name_words), True)
    appo.last = span[1]
    appo.title_head = head_noun(title_mention)
    return appo


def _is_title_word(norm: str) -> bool:
    b = bare(norm)
    return b in PERSON_TITLES or b.rstrip("ه") in PERSON_TITLES or b in ORG_HEADS or is_title(norm)


def name_part(sentence: Sentence, first: int, last: int, text: str) -> str | None:
    """The person's name inside a noun phrase: a leading run of proper names before the title
    (حسن الزروقوني مدير عام سيغما كونساي) or the run that ends a title phrase (المدعي العام الفرنسي
    فرانسوا مولان).  A run right after an indefinite noun is that noun's genitive (مدير عام سيغما
    كونساي: the company), not the person.  Where the tagger saw no name, a person's name the
    entity stage found there is taken (رئيس الوزراء العراقي حيدر العبادي, حيدر read as a noun);
    the stage errs more often than the tags, so it never overrides them."""
    found = _tagged_name_part(sentence, first, last, text)
    if found is not None:
        return found
    named = _person_entity(sentence, first, last)
    words = sentence.words
    if named is None or named[0] != first and not is_person_title(words[first].norm):
        return None  # تقرير "شبيغل"، منافس بومبيو: a name after a word that is not a person's title is not theirs
    k, end = named
    if k > first and words[k - 1].norm in HONORIFICS:
        k -= 1  # الجنرال جون الن: the rank is part of how the name is given
    return text[words[k].start:words[written_last(sentence, end)].end]


def _tagged_name_part(sentence: Sentence, first: int, last: int, text: str) -> str | None:
    """:func:`name_part` from the tagger's proper names alone."""
    words = sentence.words
    if words[first].upos in ("PROPN", "X") and not _is_title_word(words[first].norm):
        # a name before a title runs on to the title (حسن الزروقوني مدير عام …: the tagger took
        # الزروقوني for a noun); without a title after it, only proper names count
        title_at = next((j for j in range(first + 1, last + 1) if _is_title_word(words[j].norm)), None)
        k = first
        while k + 1 <= last and not _is_title_word(words[k + 1].norm) and (
                words[k + 1].upos in ("PROPN", "X")
                or title_at is not None and k + 1 < title_at and words[k + 1].upos in ("NOUN", "ADJ")):
            k += 1
        return text[words[first].start:sentence.words[written_last(sentence, k)].end]
    k = last
    while k > first and words[k].upos == "PUNCT":
        k -= 1
    end = k
    if words[end].upos not in ("PROPN", "X"):
        return None
    while k - 1 > first and words[k - 1].upos in ("PROPN", "X") and words[k - 1].text not in ("،", ","):
        k -= 1
    before = words[k - 1]
    if before.text not in ("،", ",") and not before.norm.startswith("ال") and not _is_title_word(before.norm):
        return None
    if before.norm in HONORIFICS:
        k -= 1  # الجنرال جون الن، الكابتن دي كيه شارما: a rank or honorific is part of how the name is given
    return text[words[k].start:sentence.words[written_last(sentence, end)].end]


def _person_entity(sentence: Sentence, first: int, last: int) -> tuple[int, int] | None:
    """A person's name the entity stage found that opens or closes the phrase first..last (its
    words, title words left out): the surest name chain when the tagger misread the name."""
    words = sentence.words
    for e in sentence.entities:
        if e.type != "PER" or e.first < first or e.last > last:
            continue
        k, end = e.first, e.last
        while k <= end and _is_title_word(words[k].norm):
            k += 1
        if k > end:
            continue
        while k - 2 >= first and words[k - 1].text == "-" and words[k - 1].start == words[k - 2].end \
                and words[k].start == words[k - 1].end:
            k -= 2  # تايي-بروك زيريهون: a hyphenated name is one name
        if k > first and not _may_precede_name(words, k):
            continue
        if k == first or written_last(sentence, end) >= last or all(
                words[j].upos == "PUNCT" for j in range(written_last(sentence, end) + 1, last + 1)):
            return k, end
    return None


def _may_precede_name(words, k: int) -> bool:
    """Whether the person named from word k on is the one the phrase before describes: after a
    comma, a definite word (الرئيس المصري عبدالفتاح السيسي) or a rank.  After a preposition
    (المؤيد لباشينيان) or an indefinite noun (مستشار خامنئي، متحدث باسم باريمور) the name is a
    genitive: someone else."""
    j = k - 1
    while j > 0 and words[j].text in QUOTE_CHARS:
        j -= 1  # رئيس الوزراء الهندي "ناريندرا مودي"
    before = words[j]
    if before.text in ("،", ","):
        return True
    # الأمين العام للاتحاد … للشغل نور الدين الطبوبي: للشغل (split ل|لشغل) is definite too
    return before.upos != "ADP" and (is_definite(before, words[j - 1] if j > 0 else None) or before.norm in HONORIFICS)


def first_word(m: Mention) -> str:
    """The mention's first written word, normalised ("" for an empty one)."""
    words = m.text.split()
    return normalize(words[0]) if words else ""


def _names_a_relative(m: Mention) -> bool:
    return any(w in RELATIONAL_NOUNS or w + "ه" in RELATIONAL_NOUNS for w in m.words if w not in m.name_words)


def relational(m: Mention) -> bool:
    """خطيبة خاشقجي، شقيق الرئيس، محامي ترامب: the name is the relative's, not the speaker's."""
    head = head_noun(m)
    return head is not None and (head in RELATIONAL_NOUNS or head + "ه" in RELATIONAL_NOUNS)


def link_by_name(mentions: list[Mention], table: "EntityTable") -> None:
    """Pass 1: proper-name words shared with an entity, full names before surnames; a name that
    matches none starts an entity of its own."""
    for m in sorted(mentions, key=lambda m: -len(_names(m))):
        if m.entity is not None or not _names(m) or relational(m):
            continue
        target = table.named(_names(m), head_noun(m)) or table.new()  # a new one, for the surnames that follow
        table.add(target, m)


def link_by_spelling(mentions: list[Mention], table: "EntityTable") -> None:
    """Pass 1b: a one-word mention the tagger did not see as a name (الزرقوني) that is a spelling of a
    name word of an entity (حسن الزروقوني), or a title with such a word after it (الوزير العبيدي,
    the name read as an adjective) when the entity is a person of that title."""
    for m in mentions:
        if m.entity is not None or _names(m) or not m.words:
            continue
        if len(m.words) == 1:
            target = table.named({m.words[0]}) if len(m.words[0]) >= 5 else None
        else:
            target = _titled_person_named(m, table)
        if target is not None:
            table.add(target, m)


def _titled_person_named(m: Mention, table: "EntityTable") -> Entity | None:
    if relational(m) or m.coordinated or not _is_person_word(first_word(m)):
        return None
    head = head_noun(m)
    for w in m.words[1:]:
        e = table.named({w}) if len(w) >= 5 else None
        if e is not None and (e.person or e.heads & PERSON_TITLES) and head in e.heads:
            return e
    return None


def link_by_title(mentions: list[Mention], named: "NamedIndex", table: "EntityTable") -> None:
    """Pass 2: a description without a name whose words are a named person's title (رئيس الوزراء
    الإسرائيلي → بنيامين نتنياهو), or a kin noun with the relative's name (خطيبة خاشقجي)."""
    for m in mentions:
        if m.entity is not None or (_names(m) and not relational(m)):
            continue
        head = head_noun(m)
        if relational(m):
            words = frozenset({head + "ه"} if head + "ه" in RELATIONAL_NOUNS else {head}) | frozenset(m.name_words)
        else:
            words = title_words(m) | frozenset(m.name_words)
        if not words:
            continue
        target = named.nearest(head, m, lambda n: n.person and n.name_text is not None and words <= n.title)
        if target is not None:
            table.add(table.of(target), m)


def link_by_head_noun(mentions: list[Mention], named: "NamedIndex", table: "EntityTable") -> None:
    """Pass 3: a body named by its bare definite head (الوزارة، الصحيفة، المنظمة الحقوقية) refers to
    the nearest organisation of the article with that head noun."""
    for m in mentions:
        if m.entity is not None or _names(m) or not m.words:
            continue
        first = first_word(m)
        if not first.startswith(("ال", "ل")):  # ال… or ل… (للوزارة، لوزارة): definite
            continue
        b = bare(first)
        if b not in ORG_HEADS and b[1:] not in ORG_HEADS:
            continue
        modifiers = title_words(m) - {m.words[0]}

        def longer(n: NamedMention) -> bool:
            return not n.person and len(n.mention.words) > len(m.words)

        # back, a shortened reference (المنظمة الحقوقية → منظمة هيومن رايتس واتش); forward, the name
        # given later must hold the description's words (الرابطة → رابطة أمهات المختطفين، but not
        # الهيئة الوطنية العليا → هيئة الإغاثة الإنسانية التركية)
        target = named.nearest(head_noun(m), m, longer, lambda n: longer(n) and modifiers <= n.title)
        if target is not None:
            table.add(table.of(target), m)


# how far back (in sentences) a bare epithet may find the person it names
EPITHET_WINDOW = 6


def _epithet_head(m: Mention) -> str | None:
    """The head of a definite singular description of a person with nothing but its title and
    modifiers (المسؤولة الأممية، الوزير الفرنسي، الممثل الراحل), or None."""
    first = first_word(m)
    if not first or m.coordinated or _names(m) or relational(m) or m.number in ("Plur", "Dual"):
        return None
    if not first.startswith("ال") or not _is_person_word(first):
        return None
    return head_noun(m)


def _gender_of(entity: Entity) -> str | None:
    """An entity's gender: what the verbs of its reporting events say first (ووصفت ميشيل باشيليت،
    المفوض السامي …: the verb, not the title), else its nouns', else the form of its titles (مرشد
    masculine, الوزيرة feminine: the tagger leaves most nouns without a gender)."""
    for pick in (lambda x: x.is_event_source, lambda x: True):
        genders = {x.gender for x in entity.mentions if pick(x) and x.gender is not None}
        if len(genders) == 1:
            return genders.pop()
    titles = [w for w in map(first_word, entity.mentions) if w and _is_person_word(w)]
    forms = {"Fem" if w.endswith("ه") else "Masc" for w in titles}
    return forms.pop() if len(forms) == 1 else None


def link_by_epithet(mentions: list[Mention], table: "EntityTable") -> None:
    """Pass 3b: a definite description of a person without a name (المسؤولة الأممية، الوزير
    الفرنسي) is the named person before it, a few sentences back at most, as news writing uses
    it, when exactly one fits: of its gender, and not titled otherwise (وزير الخارجية X does not
    fit الرئيس: the title names another office; a generic head, المسؤول, fits any title).  Two
    that fit leave it as it is."""
    people = []
    for e in table.entities:
        if e.names and (e.person or e.heads & PERSON_TITLES):
            people += [(x.start, x.sentence, e) for x in e.mentions]
    people.sort(key=lambda t: t[0])
    starts = [t[0] for t in people]
    for m in sorted(mentions, key=lambda m: m.start):
        if m.entity is not None:
            continue
        head = _epithet_head(m)
        if head is None:
            continue
        k = bisect.bisect_left(starts, m.start)
        fitting = []
        for start, sentence, e in reversed(people[:k]):
            if m.sentence - sentence > EPITHET_WINDOW:
                break
            titles = e.heads & PERSON_TITLES
            if e in fitting or titles and head not in titles and head not in ANONYMOUS:
                continue
            gender = _gender_of(e)
            if m.gender is not None and gender is not None and gender != m.gender:
                continue
            fitting.append(e)
        if len(fitting) == 1:  # two actresses named before الممثلة الإيطالية: which one, only the reader knows
            table.add(fitting[0], m)


def link_same_description(mentions: list[Mention], table: "EntityTable") -> None:
    """Pass 4, for what is left: a description that contains another one with the same head noun
    (وزارة الدفاع / الوزارة) is that entity; anything else is an entity of its own.  Anonymous and
    generic sources (مصادر، مسؤول) have no name or title, so no earlier pass merges them."""
    for m in mentions:
        if m.entity is not None:
            continue
        target = next((e for e in table.with_head(head_noun(m)) if any(_same_description(m, x) for x in e.mentions)),
                      None) if not _names(m) else None
        table.add(target or table.new(), m)


def _vowelless(word: str) -> str:
    """A name word without its long vowels: two spellings that :func:`_similar` accepts share it."""
    return "".join(ch for ch in word if ch not in LONG_VOWELS) or word


class EntityTable:
    """The entities of one article, indexed by name word and head noun so that every pass costs
    about one look-up per mention (an article with thousands of mentions stays linear)."""

    def __init__(self):
        self.entities: list[Entity] = []
        self._by_name: dict[str, list[int]] = defaultdict(list)
        self._by_head: dict[str, list[int]] = defaultdict(list)
        self._of_named: dict[int, Entity] = {}

    def new(self) -> Entity:
        entity = Entity(len(self.entities))
        self.entities.append(entity)
        return entity

    def add(self, entity: Entity, mention: Mention, name_text: str | None = None) -> None:
        names, heads = set(entity.names), set(entity.heads)
        entity.add(mention, name_text)
        for word in entity.names - names:
            self._by_name[_vowelless(word)].append(entity.id)
        for head in entity.heads - heads:
            self._by_head[head].append(entity.id)

    def named(self, names: set[str], head: str | None = None) -> Entity | None:
        """The first entity whose name matches these name words (surname, spelling variant) and,
        when both have one, whose head noun is the mention's: التحالف ضد تنظيم "داعش" is not تنظيم
        "داعش", مستشار ترامب is not ترامب."""
        ids = sorted({i for w in names for i in self._by_name.get(_vowelless(w), ())})
        return next((self.entities[i] for i in ids if _names_match(names, self.entities[i].names)
                     and (head is None or not self.entities[i].heads or head in self.entities[i].heads)), None)

    def with_head(self, head: str | None) -> list[Entity]:
        return [self.entities[i] for i in dict.fromkeys(self._by_head.get(head, ()))] if head else []

    def seat(self, named: NamedMention, entity: Entity) -> None:
        self._of_named[id(named)] = entity

    def of(self, named: NamedMention) -> Entity:
        return self._of_named[id(named)]


class NamedIndex:
    """The article's named mentions grouped by head noun, in text order, for nearest look-ups."""

    def __init__(self, named: list[NamedMention]):
        self._by_head: dict[str | None, list[NamedMention]] = defaultdict(list)
        for n in sorted(named, key=lambda n: n.mention.start):
            self._by_head[n.head].append(n)
        self._starts = {h: [n.mention.start for n in group] for h, group in self._by_head.items()}

    def nearest(self, head: str | None, m: Mention, accept, accept_after=None) -> NamedMention | None:
        """The closest accepted named mention with this head before ``m``; failing that, after it
        (cataphora: the article may name the body later), where ``accept_after`` may ask more."""
        group = self._by_head.get(head, [])
        k = bisect.bisect_left(self._starts.get(head, []), m.start)
        before = next((n for n in reversed(group[:k]) if accept(n)), None)
        if before is not None:
            return before
        later = accept_after or accept
        return next((n for n in group[k:] if n.mention.start > m.start and later(n)), None)


def resolve_entities(mentions: list[Mention], parsed: ParsedText, chunk) -> list[Entity]:
    """Link every speaker mention to an entity (``mention.entity``) and return the entities, each
    with its canonical name and kind, in order of first mention."""
    sentences = {s.index: s for s in parsed.sentences}
    for m in mentions:
        m.name = _speaker_name(m, sentences.get(m.sentence), parsed.text)
    named = find_named_mentions(parsed, chunk)
    table = EntityTable()
    for n in named:  # every named mention seeds an entity, merged with one that shares its name
        names = _names(n.mention) if n.person else set()
        target = table.named(names, n.head) if names else None
        if target is None and not n.person:
            target = next((e for e in table.with_head(n.head) if n.mention.text in {x.text for x in e.mentions}), None)
        target = target or table.new()
        table.add(target, n.mention, n.name_text)
        target.person = target.person or n.person
        table.seat(n, target)
    spans = {(n.mention.start, n.mention.end): table.of(n) for n in named}
    for m in mentions:  # a speaker mention that is a named mention belongs to its entity
        e = spans.get((m.start, m.end))
        if e is not None:
            table.add(e, m)
    for m in mentions:  # a coordination is an entity of its own, never merged with one of its conjuncts
        if m.coordinated and m.entity is None:
            table.add(table.new(), m)
    index = NamedIndex(named)
    link_by_name(mentions, table)
    link_by_spelling(mentions, table)
    link_by_title(mentions, index, table)
    link_by_head_noun(mentions, index, table)
    link_by_epithet(mentions, table)
    link_same_description(mentions, table)
    return table.entities


def _speaker_name(m: Mention, sentence: Sentence | None, text: str) -> str | None:
    """The person's name inside a speaker mention (حسن الزروقوني مدير عام سيغما كونساي → حسن الزروقوني)."""
    if not m.name_words or sentence is None or m.coordinated:
        return None
    inside = [w.index for w in sentence.words if w.start >= m.start and w.end <= m.end]
    return name_part(sentence, inside[0], inside[-1], text) if inside else None


def _same_description(a: Mention, b: Mention) -> bool:
    """One description contains the other (وزارة الدفاع / الوزارة الدفاع), with the same head noun."""
    if _names(a) or _names(b):
        return False
    wa, wb = set(a.words), set(b.words)
    if not wa or not wb or head_noun(a) != head_noun(b):
        return False
    return wa <= wb or wb <= wa

"""Stage 3: link a cue to its written source.

The tree gives the subject (``nsubj`` of the cue, before or after it); the span is grown over the
noun-phrase chain that follows it (flat/appos/nmod/amod names and titles: المتحدث باسم الخارجية
الفرنسية رومان ندال).  Because the parser is weakest exactly on long name chains, the span is
read off the words in order, with the tree choosing where it starts.  Recipients (لـ…), time
adverbs and the verb's own prepositional phrases (في تصريحات …) are never part of the source.
Where the pipeline found named entities, a source never stops inside a person's or body's name
and runs on over a name that follows it (:func:`grow_over_names`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from attribution.rules.content import QUOTE_CHARS, Content, quoted_name_end
from attribution.rules.cues import CueMatch
from attribution.parse.document import Sentence
from attribution.rules.lexicon import Lexicon
from attribution.parse.normalize import normalize
from attribution.rules.wordlists import load_words, read_entries
from attribution.rules.resolve import (SPEECH_NOUNS, TITLES, VENUE_NOUNS, agrees, apposed_between, cue_agreement,
                                       gender_told_by_verb, is_definite, is_glued_recipient, is_person_title,
                                       is_plausible_source, is_title, noun_agreement, written_accusative)

NP_UPOS = {"NOUN", "PROPN", "ADJ", "X", "NUM", "DET"}
SUBJECT_START_UPOS = {"NOUN", "PROPN", "X", "ADJ", "PRON", "NUM"}
TIME_WORDS = load_words("time_words")
CONNECTIVES = load_words("connectives")   # إضافة إلى، فضلا عن: a second item, not the source's name
# nouns that name the speech event itself: في تصريحات / خلال مؤتمر are the verb's, not the source's
EVENT_NOUNS = load_words("event_nouns")
# لـ"الحياة"، للصحافيين: a recipient after ل, not part of the source's name
RECIPIENT_NOUNS = load_words("recipient_nouns")
QUANTIFIERS = {normalize("كل"), normalize("جميع")}  # كل التعاون، جميع الدول: a phrase of their own
ORG_HEADS = load_words("org_heads")  # وزارة، نقابة …: the head of a body's name, which may hold its members (نقابة الصحفيين)
MEDIA_NAMES = sorted((tuple(normalize(name).split()) for name in read_entries("media_names")), key=len, reverse=True)
# titles that are participles taking ب: المكلف بـ، المختص بـ، المعني بـ
CHARGED_WITH = load_words("charged_with_titles")
RELATIVE_PRONOUNS = load_words("relative_pronouns")
ANONYMOUS_HEADS = load_words("anonymous_heads")


@dataclass
class SpeakerMention:
    first: int      # word indices in the cue's sentence, inclusive
    last: int
    start: int      # character offsets
    end: int
    via_tree: bool
    issuer: tuple[int, int] | None = None   # بيان صادر عن X: the words of X, who is speaking
    rules: list[str] = field(default_factory=list)  # the rules that found it (a claim's evidence)


def _strip_article(norm: str) -> str:
    return norm[2:] if norm.startswith("ال") and len(norm) > 3 else norm


def _noun_phrase(sentence: Sentence, begin: int, limit: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """A noun-phrase source read left to right from ``begin`` (exclusive ``limit``): the lead-in
    skipped (:func:`_skip_lead_in`), then the phrase grown over its name chain."""
    return _grow_noun_phrase(sentence, _skip_lead_in(sentence, begin, limit, lexicon), limit, lexicon)


def media_recipient_end(words, i: int) -> int | None:
    """The last word of "ل + a news organisation" starting at word i (لرويترز as ل|رويترز, or
    لبي بي سي with ل glued to the name's first word), else None: the source talks to it."""
    w = words[i]
    if w.norm == "ل" and w.upos == "ADP":
        first, head = i + 1, None
    elif w.norm.startswith("ل") and len(w.norm) > 1:
        first, head = i, w.norm[1:]
    else:
        return None
    for name in MEDIA_NAMES:
        end = first + len(name)
        if end > len(words):
            continue
        forms = [words[k].norm for k in range(first, end)]
        if head is not None:
            forms[0] = head
        if tuple(forms) == name:
            return end - 1
    return None


def _skip_lead_in(sentence: Sentence, begin: int, limit: int, lexicon: Lexicon) -> int:
    """Where a post-verbal subject starts: past recipients (قال لـ"الحياة"، قال للصحافيين), time
    adverbs, commas and من جهته."""
    words = sentence.words
    i = begin
    while i < limit:
        w = words[i]
        if (media := media_recipient_end(words, i)) is not None:
            i = media + 1  # قال لبي بي سي متحدث …
            continue
        if is_glued_recipient(w):
            i += 1  # قال لنا أحد المسؤولين: ل with its pronoun, left as one word
            continue
        if w.norm == "ل" and w.upos == "ADP":
            i += 1
            while i < limit and (words[i].upos in NP_UPOS or words[i].text in QUOTE_CHARS) \
                    and not lexicon.is_complementizer(words[i].norm):
                i += 1
            continue
        if w.text in ("،", ","):
            i += 1
            continue
        if (n := _time_word_length(words, i, limit)):
            i += n  # وقال أمس، وقال وقت+ها: a time word, also one the tokenizer split at its pronoun
            continue
        if w.norm == "من" and i + 1 < limit and words[i + 1].norm in ("جهت", "جهه", "جانب"):
            i += 2  # وأعلنت من جهتها، وزيرة الخارجية …
            while i < limit and words[i].upos == "PRON":
                i += 1
            continue
        break
    return i


def _time_word_length(words, i: int, limit: int) -> int:
    """How many words the time word at word i spans: 1 (أمس، وقتها), 2 where the tokenizer split
    it at its pronoun (وقت+ها، حين+ها), 0 where none starts there."""
    if words[i].norm in TIME_WORDS:
        return 1
    split = i + 1 < limit and words[i + 1].upos == "PRON" and words[i + 1].start == words[i].end \
        and words[i].norm + words[i + 1].norm in TIME_WORDS
    return 2 if split else 0


def _grow_noun_phrase(sentence: Sentence, i: int, limit: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The noun phrase that starts at word ``i``: a quoted name, or a head grown over titles, names,
    modifiers, linkers (المتحدث باسم …) and an apposed name; None when no source starts there."""
    words = sentence.words
    if i < limit and words[i].text[:1] in QUOTE_CHARS:
        # وكتب "جوانثان مكارثي" على الفيديو: a quoted name opens the source
        close = quoted_name_end(sentence, i, require_more=False)
        if close is not None and close < limit:
            return i, close
    if i >= limit or words[i].upos not in SUBJECT_START_UPOS and not _quantifier_before_noun(words, i, limit) \
            and not _kunya(words, i, limit) or lexicon.is_complementizer(words[i].norm):
        return None
    if words[i].norm in TIME_WORDS or _circumstantial_participle(words, i, lexicon):
        return None  # وقال معلقا: "…": the participle says how; the subject is dropped
    if written_accusative(words[i]):
        return None  # كتب تعليقا: "…": the object; a subject is nominative
    first = last = i
    head_norm = _strip_article(words[i].norm)
    has_name = words[i].upos in ("PROPN", "X")
    i += 1
    while i < limit:
        w = words[i]
        if lexicon.is_complementizer(w.norm) or _is_time_word(words, i) or w.norm in lexicon.marker_starts:
            break  # … نقلا عن: an according-to marker ends the source
        if w.norm in CONNECTIVES and i + 1 < limit and words[i + 1].upos == "ADP":
            break  # … المصنع إضافة إلى مرافق الإنتاج: a second item joins, the source has ended
        if media_recipient_end(words, i) is not None:
            break  # وقال متحدث باسم الاتحاد لبي بي سي …: the source talks to a news organisation
        if _participle_before_clause(words, i, lexicon) or _circumstantial_participle(words, i, lexicon):
            break  # على ما أعلنت الشركة مؤكدة أنها …، وقال ترامب معلقا: the participle opens the source's next event
        if written_accusative(w, ("NOUN", "ADJ")) and words[i - 1].upos != "NUM":
            break  # وقال مورينيو ردا: an adverbial accusative ends the source (صاحب الـ57 عاما: a count's noun)
        if w.upos == "NOUN" and w.norm in EVENT_NOUNS and words[last].upos == "ADJ":
            break  # وكتب الرئيس الأميركي تغريدة: an indefinite noun cannot follow a closed noun phrase
        if w.text and w.text[0] in QUOTE_CHARS:
            # a quoted name inside the source: تنظيم "داعش"
            close = quoted_name_end(sentence, i, require_more=False)
            if close is not None and close < limit:
                last = close
                i = close + 1
                continue
            break
        if _second_definite_noun(words, i, last):
            break  # ووصفت الشركة المصنع …: a definite noun cannot take a definite genitive, so a new phrase starts
        if w.upos == "DET" and w.norm in QUANTIFIERS and is_definite(words[last]) and i + 1 < limit \
                and words[i + 1].upos == "NOUN" and is_definite(words[i + 1]):
            break  # علق الحلف كل التعاون: a quantifier with its definite noun after a closed phrase is the object
        if _demonstrative_after_closed_phrase(words, i, last):
            break  # ووصف بيان للخارجية هذه الخطوة بأنها …: the object starts (رئيس هذه الدولة goes on)
        if _verb_object_after_name(sentence, i, first, last):
            break  # كما نفى باريس سان جيرمان ارتكاب أي مخالفة: the object starts after the name
        if words[last].upos in ("PROPN", "X") and is_definite(w) and _strip_article(w.norm) in RECIPIENT_NOUNS:
            break  # وأبلغ فينغر الصحفيين: no name takes a definite genitive; they are the addressees
        if w.upos in ("PROPN", "X") and last == first and _definite_plural_noun(words[first]):
            break  # ويتهم الديمقراطيون بومبيو بأنه …: a name after a plural is the object, not apposed to it
        if w.upos in NP_UPOS and w.upos != "DET" or (w.upos == "DET" and i + 1 < limit):
            has_name = has_name or w.upos in ("PROPN", "X")
            last = i
            i += 1
            continue
        if _name_continues(words, i, limit, head_norm, last):
            last = i
            i += 1
            continue
        if w.upos == "CCONJ" and w.norm == "و" and i + 1 < limit and _conjunct(words, i + 1, first, last):
            # الكاتب والمحلل السياسي: one source with two titles; الرئيس الفرنسي ونظيره الألماني،
            # ترامب وماكرون: two sources, one speaker (the whole coordination)
            last = i + 1
            i += 2
            while i < limit and words[i].upos == "PRON" and words[i].start == words[i - 1].end:
                last = i  # ونظير+ه: the possessive pronoun, then the conjunct's modifiers
                i += 1
            continue
        if w.text == "(":
            # ذكرت وكالة الأنباء السعودية (واس): a parenthesised abbreviation inside the name
            close = next((k for k in range(i + 1, min(limit, i + 4)) if words[k].text == ")"), None)
            if close is not None:
                last = close
                i = close + 1
                continue
            break
        if w.upos == "ADP" and i + 1 < limit and words[i + 1].upos in NP_UPOS:
            nxt = words[i + 1]
            linker = (w.norm == "ب" and nxt.norm == "اسم") or w.norm == "ضد"
            linker = linker or (w.norm == "ب" and head_norm in CHARGED_WITH)  # المكلف العام بنزاعات الدولة
            # قال سالفيني للصحافيين: the recipient, unless an organisation's name holds them
            # (النقابة الوطنية للصحفيين التونسيين)
            bare = _bare_after_lam(nxt.norm)
            linker = linker or (w.norm == "ل" and nxt.start == w.end and "ـ" not in w.text and not bare & EVENT_NOUNS
                                and (head_norm in ORG_HEADS or not bare & RECIPIENT_NOUNS))
            linker = linker or (w.norm in ("في", "من", "ب") and head_norm in ANONYMOUS_HEADS and not has_name
                                and _strip_article(nxt.norm) not in EVENT_NOUNS)
            if linker:
                last = i + 1
                i += 2
                continue
        break
    return first, _apposed_name_end(sentence, first, last, limit, lexicon)


def _bare_after_lam(norm: str) -> set[str]:
    """The bare noun a word after ل may be: without its article, or without the ل left of an
    article whose alif ل swallowed (للصحفيين, split ل + لصحفيين)."""
    bare = {_strip_article(norm)}
    if norm.startswith("ل") and not norm.startswith("ال"):
        bare.add(norm[1:])
    return bare


def _definite_plural_noun(w) -> bool:
    """الديمقراطيون، المسؤولون: a definite plural common noun, which no one person's name is apposed to."""
    return w.upos == "NOUN" and is_definite(w) and w.feats.get("Number") == "Plur" and not is_person_title(w.norm)


def _kunya(words, i: int, limit: int) -> bool:
    """وقالت أم صالح إن …: أم before a name is a mother's name by her child (a kunya), which the
    tagger reads as the conjunction أم (or)."""
    return words[i].norm == "ام" and i + 1 < limit and words[i + 1].upos in ("PROPN", "X")


def _quantifier_before_noun(words, i: int, limit: int) -> bool:
    """أحد المسؤولين، بعض المسؤولين: a determiner the tagger reads as DET opens the phrase of the
    noun after it; a demonstrative does not (ووصف هذه الخطوة: the object, the subject is dropped)."""
    return words[i].upos == "DET" and words[i].norm not in DEMONSTRATIVES and i + 1 < limit \
        and words[i + 1].upos in ("NOUN", "PROPN")


def _participle_before_clause(words, i: int, lexicon: Lexicon) -> bool:
    """Word i is a participle cue (مؤكدة، مضيفا) with its complementizer right after it, also
    past a preposition (مشيرة إلى أن)."""
    k = i + 1
    if k < len(words) and words[k].upos == "ADP" and k + 1 < len(words):
        k += 1
    if k >= len(words) or not lexicon.complementizer_at(words, k):
        return False
    entry = lexicon.match_word(words[i].norm, words[i].norm_lemma, words[i].upos, True)
    return entry is not None and entry.category == "participle"


def _circumstantial_participle(words, i: int, lexicon: Lexicon) -> bool:
    """معلقا، مضيفا، قائلا: a participle cue written with its accusative ending is a circumstance
    of the speaking (a ḥāl), which a subject's noun phrase never holds; so is one whose ending
    does not show the case (قائلة، مضيفين) right before what is said or the preposition it takes
    (وأضافت قائلة: …، بحسب قناة العربية مشيرة إلى …), where the noun it also spells (مضيفة
    الطيران) cannot stand."""
    w = words[i]
    if w.norm not in lexicon.participles:
        return False
    if w.norm.endswith("ا"):
        return True
    nxt = words[i + 1] if i + 1 < len(words) else None
    return nxt is not None and (nxt.text == ":" or nxt.text[:1] in QUOTE_CHARS or lexicon.is_complementizer(nxt.norm)
                                or nxt.norm in lexicon.participles[w.norm].preps)  # قناة العربية مشيرة إلى مقتل


def _conjunct(words, k: int, first: int, last: int) -> bool:
    """Word k, right after و, is a conjunct of the noun phrase first..last: a noun or adjective
    written on the و (والمحلل، ونظيره), or a name or noun the tree makes a ``conj`` of a word of
    the phrase (ترامب وماكرون، بريطانيا وفرنسا)."""
    w = words[k]
    if w.upos in ("NOUN", "ADJ") and w.start == words[k - 1].end:
        return True
    return w.upos in ("NOUN", "PROPN", "X") and w.deprel == "conj" and w.head_index is not None \
        and first <= w.head_index <= last


NAME_RUN_UPOS = {"PROPN", "X", "NOUN", "ADJ"}
RUN_ENDS = ("،", ",", ".", ":", "؛")


def _apposed_name_end(sentence: Sentence, first: int, last: int, limit: int, lexicon: Lexicon) -> int:
    """رئيس الوزراء الإسرائيلي، بنيامين نتنياهو، إنه …: a bare title followed by a comma and the
    person's name keeps the name (news style sets the name off by commas).  The run after the
    comma must hold a proper name, or follow a title, and end at a comma, a full stop, a colon or
    the content; otherwise the comma ends the source."""
    words = sentence.words
    span = words[first:last + 1]
    if any(w.upos in ("PROPN", "X") for w in span) or last + 2 >= limit or words[last + 1].text not in ("،", ","):
        return last
    k = last + 2
    run: list = []
    while k < limit and len(run) <= 6:
        w = words[k]
        if w.text in RUN_ENDS or lexicon.is_complementizer(w.norm):
            break
        hyphen = w.text == "-" and k + 1 < limit and w.start == words[k - 1].end and words[k + 1].start == w.end
        if not hyphen and (w.upos not in NAME_RUN_UPOS or _is_time_word(words, k) or w.norm in RELATIVE_PRONOUNS
                           or w.text[:1] in QUOTE_CHARS):
            return last
        run.append(w)
        k += 1
    if not run or len(run) > 6:
        return last
    if k < limit and not (words[k].text in RUN_ENDS or lexicon.is_complementizer(words[k].norm)):
        return last
    head = _strip_article(span[0].norm)
    titled = head in TITLES or head.rstrip("ه") in TITLES
    if not (titled or any(w.upos in ("PROPN", "X") for w in run)):
        return last
    return run[-1].index


COMPOUND_NAME_PARTS = load_words("compound_name_parts")


def _second_definite_noun(words, i: int, last: int) -> bool:
    """A definite or possessed common noun right after a definite common noun or adjective starts a
    new noun phrase (the object: ووصفت الشركة المصنع …، وأعلن التنظيم مسؤوليته), since a definite noun
    takes no genitive; except a second title after a title, in apposition (الرئيس الكابتن …); a family name
    after a first name is a name (حسن الزروقوني)."""
    w, prev = words[i], words[last]
    possessed = i + 1 < len(words) and words[i + 1].upos == "PRON" and words[i + 1].start == w.end
    if w.upos != "NOUN" or not (w.norm.startswith("ال") or possessed) or last != i - 1 \
            or w.norm in COMPOUND_NAME_PARTS:
        return False
    if prev.upos == "ADJ" and prev.norm.startswith("ال"):
        # ووصفت صحيفة "لو سوار" الفرنسية المباراة …: a definite adjective closes the phrase; only a
        # title stands in apposition after it (الرئيس الفرنسي الأسبق الجنرال …)
        return _strip_article(w.norm) not in TITLES
    if prev.upos != "NOUN" or not prev.norm.startswith("ال"):
        return False
    # after a title, only a second title stands in apposition (الرئيس الكابتن …)
    return _strip_article(prev.norm) not in TITLES or _strip_article(w.norm) not in TITLES


DEMONSTRATIVES = load_words("demonstratives")


def _demonstrative_after_closed_phrase(words, i: int, last: int) -> bool:
    """A demonstrative with its definite noun (هذه الخطوة) right after a phrase that can take no
    genitive (a definite noun, a name, an adjective, a pronoun) opens a new noun phrase, the
    object: ووصف ترامب هذا القرار بأنه …؛ after an indefinite noun it is the genitive of a
    construct (رئيس هذه الدولة) and the source goes on."""
    if words[i].norm not in DEMONSTRATIVES or last != i - 1 or i + 1 >= len(words):
        return False
    nxt, prev = words[i + 1], words[last]
    if nxt.upos != "NOUN" or not is_definite(nxt, words[i]):
        return False
    before = words[last - 1] if last > 0 else None
    return prev.upos in ("PROPN", "X", "ADJ", "PRON") or prev.upos == "NOUN" and is_definite(prev, before)


# العام is "the year" (a time word), except right after a noun or adjective, where it is "general"
# (الأمين العام، المدعي العام، المكلف العام) unless الماضي/المقبل … follow it (الوزير العام الماضي)
YEAR_MODIFIERS = load_words("year_modifiers")


def _verb_object_after_name(sentence: Sentence, i: int, first: int, last: int) -> bool:
    """Whether word i, after a name, opens the verb's object: a common noun that the tree makes
    the object of a verb outside the phrase, either indefinite and not nominative (ارتكاب،
    تصريحات) or a definite plural (وأوضح بوفون الأسباب), which no name ends in, or a definite
    singular where the entity tagger ended the name before it (ووصف ترامب الاتفاق); elsewhere a
    definite singular may be the family name (بشار الأسد).  A title after a name (ماكرون رئيس
    فرنسا، غوارديولا مدرب مانشستر سيتي) is apposed to it, whatever the tree says."""
    words = sentence.words
    w, prev = words[i], words[last]
    if w.upos != "NOUN" or w.deprel != "obj" or is_person_title(w.norm) or prev.upos not in ("PROPN", "X"):
        return False
    if is_definite(w) and w.feats.get("Number") != "Plur" and not (prev.ner != "O" and w.ner == "O") \
            or not is_definite(w) and w.feats.get("Case") == "Nom":
        return False
    head = w.head_index
    return head is not None and not first <= head <= last and words[head].upos == "VERB"


def _is_time_word(words, i: int) -> bool:
    w = words[i]
    if w.norm not in TIME_WORDS:
        return False
    if w.norm == normalize("العام") and i > 0 and words[i - 1].upos in ("NOUN", "PROPN", "X", "ADJ") \
            and not (i + 1 < len(words) and words[i + 1].norm in YEAR_MODIFIERS):
        return False
    return True


def _name_continues(words, i: int, limit: int, head_norm: str, last: int) -> bool:
    """قال الجنرال جون الن / وقال المسؤول يون يونغ تشان: foreign names are where the tagger errs
    (جون read as a verb); after a title or a name, a whole word that is not a function word still
    belongs to the name, up to the first preposition, comma or complementizer."""
    w, prev = words[i], words[last]
    if w.upos not in ("VERB", "ADV") or w.start == prev.end:  # whole words only, not clitics
        return False
    if i + 1 < len(words) and words[i + 1].start == w.end and words[i + 1].upos != "PUNCT":
        return False  # أصدرت+ه: a verb with its object pronoun, not a name
    if prev.ner != "O" and w.ner == "O":
        return False  # بحسب ليبراسيون زادت …: the entity tagger ended the name before the verb
    after_title = _strip_article(prev.norm) in TITLES or prev.upos in ("PROPN", "X") or head_norm in TITLES \
        or w.ner.endswith("-PER")  # وقال المدرب يورغن كلوب: the entity tagger starts a name at the "verb"
    nxt = words[i + 1] if i + 1 < limit else None
    return after_title and (nxt is None or nxt.upos not in ("NOUN",) or nxt.upos in ("PROPN", "X"))


# what the source says through: speech nouns (حسب قوله، وفق تعبيره: the possessor speaks),
# venues (في مؤتمر صحفي: never a speaker) and documents (بيان صادر عن X: X speaks)
DOCUMENT_NOUNS = load_words("document_nouns")
ISSUED_BY = load_words("issued_by")
PUBLISHED = load_words("published")


def link_speaker(cue: CueMatch, content: Content | None, lexicon: Lexicon) -> SpeakerMention | None:
    mention = _link_written_source(cue, content, lexicon)
    if mention is None:
        return None
    grow_over_names(cue, mention, content, lexicon)
    mention = _through_conduit(cue.sentence, mention, content, lexicon)
    if mention is not None:
        mention.rules.append(speaker_shape(cue.sentence, *(mention.issuer or (mention.first, mention.last))))
    return mention


NAME_TYPES = ("PER", "ORG")
# function words and marks, which a name never holds whatever the entity stage says; the tagger
# reads transliterated names as nouns, adjectives, even verbs (إيتسونوري، جون), so those may
NOT_NAME_UPOS = frozenset({"ADP", "CCONJ", "SCONJ", "PUNCT", "PRON", "AUX", "PART", "DET", "SYM", "NUM"})


def grow_over_names(cue: CueMatch, mention: SpeakerMention, content: Content | None, lexicon: Lexicon) -> None:
    """A person's or body's name found by the entity stage is never cut: a source that stops
    inside one runs on to its end (or starts at its beginning), and one that ends on a title runs
    on over the name right after it (وزير الدفاع الياباني إيتسونوري أونوديرا، مستشار خامنئي
    الدكتور علي أكبر ولايتي).  Nothing grows over the cue, into the content, or over a word a
    name cannot hold; the rules stay as they were where the stage found nothing."""
    sentence = cue.sentence
    if not sentence.entities or mention.issuer is not None:
        return
    words = sentence.words
    after_cue = mention.first > cue.last
    low = cue.last + 1 if after_cue else 0
    high = cue.first - 1 if not after_cue else len(words) - 1
    if content is not None and after_cue and content.start >= words[mention.last].end:
        high = min(high, _first_word_at(sentence, content.start) - 1)

    def may_hold(entity, k: int) -> bool:
        w = words[k]
        if lexicon.is_complementizer(w.norm) or lexicon.match_word(w.norm, w.norm_lemma, w.upos) is not None \
                or media_recipient_end(words, k) is not None or k > mention.last and _is_time_word(words, k):
            # الاتحاد لبي بي سي، قال مستشفى الخميس: the stage may run a name on over its recipient or
            # the day after it (a name it opens may look like one: آلان بدرو)
            return False
        # علي أكبر ولايتي: a whole word read as a preposition (على) may open a name the stage found
        misread = w.upos == "ADP" and k < entity.last and words[k + 1].start > w.end \
            and (k == 0 or w.start > words[k - 1].end)
        return w.upos not in NOT_NAME_UPOS or misread

    def usable(entity) -> bool:
        return entity.type in NAME_TYPES and low <= entity.first and entity.last <= high and all(
            may_hold(entity, k) for k in range(entity.first, entity.last + 1) if k < mention.first or k > mention.last)

    first, last = mention.first, mention.last
    inside = sentence.entity_at(last)
    if inside is not None and inside.last > last and usable(inside):
        last = inside.last
    nxt = sentence.entity_at(last + 1) if last + 1 <= high else None
    if nxt is not None and nxt.first == last + 1 and usable(nxt) and _takes_name_after(cue, words, first, last, nxt,
                                                                                        lexicon):
        last = nxt.last
    elif (past := _name_past_title_phrase(sentence, first, last, high)) is not None and usable(past):
        last = past.last
    opening = sentence.entity_at(first)
    if opening is not None and opening.first < first and usable(opening):
        first = opening.first
    if (first, last) == (mention.first, mention.last):
        return
    last = written_last(sentence, last)
    if first != mention.first:
        mention.start = words[first].start
    mention.first, mention.last, mention.end = first, last, words[last].end
    mention.rules.append("named-entity")


def _titled(words, first: int, last: int) -> bool:
    return any(is_title(w.norm) or is_title(w.norm.rstrip("ه")) for w in words[first:last + 1])


def _takes_name_after(cue: CueMatch, words, first: int, last: int, name, lexicon: Lexicon) -> bool:
    """Whether the name right after a source is part of it: a person's name after a title phrase
    (الرئيس الأمريكي دونالد ترامب), also one whose title ends in a body's name (كبير مفاوضي
    الاتحاد الأوروبي ميشال بارنييه), or a name after an indefinite noun, its genitive (مستشار
    خامنئي).  After a complete noun phrase a name is something else (اتهمت الحكومة حزب الله: the
    object), and a verb that takes its object first (اتهم، وصف) never lends it to the source."""
    if words[last].upos not in ("NOUN", "ADJ"):
        return False
    entry = lexicon.by_lemma.get(cue.lemma)
    if entry is not None and entry.object_first:
        return False
    if words[last].ner != "O":  # the source ends in a name: only a person's, after a title, follows
        return name.type == "PER" and _titled(words, first, last)
    if words[last].upos == "NOUN" and not words[last].norm.startswith("ال") \
            and not (last + 1 < len(words) and words[last + 1].start == words[last].end):
        return True  # construct state: the name is the genitive
    return name.type == "PER" and _titled(words, first, last)


# a title's own prepositional phrase before the person's name: كبير مفاوضي الاتحاد الأوروبي في
# ملف بريكسيت ميشال بارنييه، المبعوث الأممي إلى ليبيا غسان سلامة (at most this many words)
TITLE_PHRASE_WORDS = 4


def _name_past_title_phrase(sentence: Sentence, first: int, last: int, high: int):
    """The person's name (a PER entity) after a source that holds a title and a short phrase
    ``ADP + noun phrase`` completing that title, or None.  A phrase that sets the speech (في بيان،
    خلال مؤتمر صحفي، أمس) or names its hearer (للصحافيين) is the verb's, never the title's."""
    words = sentence.words
    k = last + 1
    if k >= high or words[k].upos != "ADP" or not _titled(words, first, last):
        return None
    for j in range(k + 1, min(high, k + TITLE_PHRASE_WORDS) + 1):
        w = words[j]
        entity = sentence.entity_at(j)
        if entity is not None and entity.type == "PER":
            return entity if entity.first == j and j > k + 1 else None
        if w.upos not in NP_UPOS:
            return None
        bare = _strip_article(w.norm)
        if bare in EVENT_NOUNS or bare in SPEECH_NOUNS or bare in VENUE_NOUNS or bare in RECIPIENT_NOUNS \
                or w.norm in TIME_WORDS or bare in TIME_WORDS:
            return None
    return None


def speaker_shape(sentence: Sentence, first: int, last: int) -> str:
    """What the written source looks like, as evidence: ``title+name`` (وزير الخارجية سيرغي لافروف),
    ``name``, ``title`` (الوزير), ``quoted-name`` ("شينخوا"), ``pronoun`` or a plain ``noun-phrase``
    (الوزارة، مصدر مطلع، الإجراءات التنموية: a common noun phrase without a title or a name)."""
    words = sentence.words[first:last + 1]
    if words[0].text[:1] in QUOTE_CHARS:
        return "quoted-name"
    named = any(w.upos in ("PROPN", "X") and not is_title(w.norm) for w in words)
    titled = any(is_title(w.norm) or is_title(w.norm.rstrip("ه")) for w in words if w.upos != "PUNCT")
    if named:
        return "title+name" if titled else "name"
    if titled:
        return "title"
    return "pronoun" if words[0].upos == "PRON" else "noun-phrase"


def _through_conduit(sentence: Sentence, mention: SpeakerMention, content: Content | None,
                     lexicon: Lexicon) -> SpeakerMention | None:
    """A speech noun or a participle in the source slot (وفق تعبيره، كما تابع قائلا) leaves the
    source unwritten; a venue (مؤتمر صحفي) is never a speaker; a document names its issuer after
    صادر عن / نشر في or as its genitive (تصريحات خطيبته، بيان الوزارة)."""
    words = sentence.words
    head = words[mention.first]
    bare = _strip_article(head.norm)
    only_clitics = all(words[k].start == words[k - 1].end for k in range(mention.first + 1, mention.last + 1))
    if (bare in SPEECH_NOUNS or head.norm in lexicon.nouns or bare in lexicon.bare_nouns) and only_clitics:
        return None
    if lexicon.match_word(head.norm, head.norm_lemma, head.upos) is not None and only_clitics:
        return None
    if bare in VENUE_NOUNS:
        return None
    if bare not in DOCUMENT_NOUNS:
        return mention
    stop = _first_word_at(sentence, content.start) if content and content.start > words[mention.last].end \
        else len(words)
    for k in range(mention.first + 1, min(stop, mention.last + 6)):
        w = words[k]
        if w.norm == "عن" and words[k - 1].norm in ISSUED_BY or w.norm == "في" and words[k - 1].norm in PUBLISHED:
            span = _noun_phrase(sentence, k + 1, stop, lexicon)
            if span:
                mention.issuer = span
                mention.rules.append("issuer-after-issued-by")  # بيان صادر عن X
            return mention
    nxt = mention.first + 1
    if not head.norm.startswith("ال") and nxt <= mention.last and words[nxt].upos in ("NOUN", "PROPN", "X") \
            and words[nxt].start > head.end:
        mention.issuer = (nxt, mention.last)
        mention.rules.append("issuer-genitive")  # بيان الوزارة
    return mention


def _link_written_source(cue: CueMatch, content: Content | None, lexicon: Lexicon) -> SpeakerMention | None:
    """The written source of a cue, by the cue's category; None when it is not written."""
    if cue.category == "participle":
        return _name_before_participle(cue, lexicon)  # else مضيفًا: the subject of the clause it hangs on
    limit = _source_limit(cue, content)
    if cue.category == "according_to":
        return _speaker_of_marker(cue, content, limit, lexicon)
    if cue.category == "noun":
        return _speaker_of_noun(cue, lexicon)
    if cue.category == "headline":  # مدير المخابرات الأمريكية: …: the noun phrase before the colon
        span = _noun_phrase(cue.sentence, 0, cue.first, lexicon)
        return _mention(cue.sentence, span, False, "headline-before-colon") if span else None
    return _speaker_of_verb(cue, content, limit, lexicon)


def _name_before_participle(cue: CueMatch, lexicon: Lexicon) -> SpeakerMention | None:
    """The news headline ``X معلقا على Y: …`` (الأمير تشارلز معلقا على ولادة حفيده: …): a sentence
    that opens with a noun phrase running up to the participle, with no verb for the participle
    to hang on, names its source there."""
    span = _grow_noun_phrase(cue.sentence, 0, cue.first, lexicon) if cue.first > 0 else None
    if span is None or span[1] != cue.first - 1:
        return None
    first = cue.sentence.words[span[0]]
    entry = lexicon.match_word(first.norm, first.norm_lemma, first.upos)
    if entry is not None and entry.category == "verb":
        return None  # واستطرد غوارديولا قائلا: a speech verb the tagger took for a name opens the sentence
    return _mention(cue.sentence, span, False, "np-before-participle")


def _source_limit(cue: CueMatch, content: Content | None) -> int:
    """The word where the search for a source after the cue stops: the content, or the mark or
    complementizer that opens it."""
    sentence = cue.sentence
    words = sentence.words
    content_first = _first_word_at(sentence, content.start) if content else len(words)
    if content_first <= cue.last:  # the content came before the cue: "…"، قال الوزير
        content_first = len(words)
    limit = content.gap_end if content and content.gap_end is not None else content_first
    return min(limit, content_first)


def _speaker_of_marker(cue: CueMatch, content: Content | None, limit: int, lexicon: Lexicon) -> SpeakerMention | None:
    """بحسب X، وفقا لـX، بحسب ما ذكرت X: the noun phrase after the marker (after the verb when ما follows)."""
    sentence = cue.sentence
    words = sentence.words
    fused = cue.end < words[cue.last].end  # وفقا لوكالة: the source starts inside the last word
    begin = cue.last if fused else cue.last + 1
    after_ma = begin < len(words) and words[begin].norm == "ما"
    if after_ma or cue.lemma.endswith("ما"):
        # بحسب ما ذكرت وكالة الأنباء / وفق ما أكده مصدر / حسبما علمت بي بي سي / بحسب ما كشفت
        # عنه أخيرا هيئة …: the source is the subject of the verb after ما, past the verb, its
        # split-off pronoun, a resumptive preposition (عنه، به) and time words
        begin += 2 if after_ma else 1
        while begin < len(words) and (words[begin].start == words[begin - 1].end
                                      or words[begin].norm in TIME_WORDS
                                      or words[begin].upos == "ADP" and begin + 1 < len(words)
                                      and words[begin + 1].upos == "PRON"
                                      and words[begin + 1].start == words[begin].end):
            begin += 1
    stop = limit if limit > begin else len(words)
    if content and content.start >= words[min(begin, len(words) - 1)].end and not fused:
        stop = min(stop, _first_word_at(sentence, content.start))
    elif content:
        stop = len(words)
    span = _noun_phrase(sentence, begin, stop, lexicon)
    rule = "after-marker-verb" if after_ma or cue.lemma.endswith("ما") else "after-marker"
    if not span:
        span = _gap_source(sentence, begin, stop, lexicon)
        rule = "gap-source"
    if not span:
        return None
    mention = _mention(sentence, span, False, rule)
    if fused and span[0] == cue.last:
        mention.start = cue.end
    return mention


def _speaker_of_noun(cue: CueMatch, lexicon: Lexicon) -> SpeakerMention | None:
    """نقلت الوكالة عن الوزير قوله: the source follows the nearest عن before the speech noun."""
    sentence = cue.sentence
    words = sentence.words
    for j in range(cue.first - 1, -1, -1):
        if words[j].norm == "عن":
            span = _noun_phrase(sentence, j + 1, cue.first, lexicon)
            rule = "source-after-an"
            if not span:
                span, rule = _gap_source(sentence, j + 1, cue.first, lexicon), "gap-source"
            return _mention(sentence, span, False, rule) if span else None
    return None


def _speaker_of_verb(cue: CueMatch, content: Content | None, limit: int, lexicon: Lexicon) -> SpeakerMention | None:
    """A speech verb's source, surest rule first: a relative clause's antecedent, the subject of
    كان … قد, an indefinite noun the verb describes, a subject shared with a coordinated verb (none
    written), the tree's nsubj before or after the verb, then the noun phrase after it."""
    sentence = cue.sentence
    words = sentence.words
    relative = _relative_antecedent(sentence, cue.first)
    if relative is not None and _agrees_with_relative(cue, words[cue.first - 1].norm) \
            and not _own_subject_after(sentence, cue, content):
        return _mention(sentence, relative, False, "relative-antecedent")
    topic = _topic_after_amma(sentence, cue, lexicon)
    if topic is not None:
        return _mention(sentence, topic, False, "topic-after-amma")
    pluperfect = _kana_subject(sentence, cue, lexicon)
    if pluperfect is not None:
        return _mention(sentence, pluperfect, False, "kana-subject")
    author = _document_author(sentence, cue, lexicon)
    if author is not None:
        return _mention(sentence, author, True, "document-author")
    described = _described_noun(sentence, cue)
    if described is not None:
        return _mention(sentence, described, False, "described-noun")
    if _shares_subject(sentence, cue, lexicon):
        return None
    # وهذا ما أكده مجددا رئيس الوزراء: the tagger may read an adverb as a second subject; the first
    # one that can speak is the source
    subject = next((c for c in sentence.children[cue.head] if words[c].deprel.startswith("nsubj")
                    and words[c].deprel != "nsubj:pass" and is_plausible_source(sentence, c)
                    and not _object_suffix(words, cue.last, c)), None)
    if subject is not None and subject < cue.first:
        span = _preverbal(sentence, subject, cue.first)
        if span:
            return _mention(sentence, span, True, "nsubj-pre-verbal")
    if subject is not None and cue.last < subject < limit:
        sub = [k for k in sentence.subtree(subject) if cue.last < k < limit]
        span = _noun_phrase(sentence, min(sub), limit, lexicon)
        if span and _masculine_after_feminine_verb(sentence, cue, span):
            return None  # وسألت الوفد الصيني "…": the noun phrase is her object, the subject is dropped
        if span:
            return _mention(sentence, span, True, "nsubj-post-verbal")
    span = _noun_phrase(sentence, cue.last + 1, limit, lexicon)
    if span and (words[span[0]].deprel == "obj" and words[span[0]].head_index == cue.head
                 or _object_suffix(words, cue.last, span[0]) or _masculine_after_feminine_verb(sentence, cue, span)):
        span = None  # ووصف عامري بأنه …: the tree reads the noun phrase as the verb's object
    if span and _plausible_postverbal_subject(sentence, span[0], content):
        return _mention(sentence, span, False, "np-post-verbal")
    if content is not None and content.gap_end is not None:
        span = _gap_source(sentence, cue.last + 1, content.gap_end, lexicon)
        if span:
            return _mention(sentence, span, False, "gap-source")
    return None


def _object_suffix(words, verb: int, k: int) -> bool:
    """Whether word k is a pronoun written onto the verb (ووصفت|ه، أبلغ|هم): that is its object,
    whatever the tree says, since Arabic writes a verb's subject in its ending, never as a clitic."""
    return k == verb + 1 and words[k].upos == "PRON" and words[k].start == words[verb].end


GAP_BOUNDARY_UPOS = {"ADP", "PUNCT", "SCONJ", "CCONJ", "PART", "AUX", "DET", "PRON"}


def _gap_source(sentence: Sentence, begin: int, end: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """وقال غوتيريش: … / وأكدت بي بي سي أن …: when the tagger misreads a foreign name, the words
    between the cue and its content are still the source, up to the first preposition, comma or
    bracket (في تصريح، لوكالة …)."""
    words = sentence.words
    i = begin
    while i < end and (words[i].text in ("،", ",") or is_glued_recipient(words[i]) or _time_word_length(words, i, end)):
        i += _time_word_length(words, i, end) or 1
    if i >= end or words[i].upos in GAP_BOUNDARY_UPOS or lexicon.is_complementizer(words[i].norm) \
            or media_recipient_end(words, i) is not None or _circumstantial_participle(words, i, lexicon) \
            or written_accusative(words[i]):
        return None  # (وقال لبي بي سي إن …: the recipient; وأضافت قائلة: how; كتب تعليقا: the object)
    first = last = i
    while last + 1 < end and last - first < 5:
        nxt = words[last + 1]
        if nxt.upos in GAP_BOUNDARY_UPOS or nxt.norm in TIME_WORDS or lexicon.is_complementizer(nxt.norm) \
                or media_recipient_end(words, last + 1) is not None \
                or nxt.text[:1] in QUOTE_CHARS or nxt.text in "():،,":
            break
        last += 1
    return first, last


def _relative_antecedent(sentence: Sentence, cue_first: int) -> tuple[int, int] | None:
    """الوزير الذي أكد أن …: the source of a cue inside a relative clause is the noun phrase the
    relative pronoun follows (a few noun/adjective words back, within the sentence)."""
    words = sentence.words
    j = cue_first - 1
    if j < 1 or words[j].norm not in RELATIVE_PRONOUNS:
        return None
    last = j - 1
    if last > 0 and words[last].text == ")":
        opening = next((k for k in range(last - 1, max(-1, last - 6), -1) if words[k].text == "("), None)
        if opening is not None:
            last = opening - 1  # الطالب إيفان (18 عاما) الذي أوضح: the age in brackets is not the antecedent
    while last > 0 and words[last].upos == "PUNCT":
        last -= 1  # محاميه، الذي أخبر …
    while last > 0 and words[last].upos == "PRON" and words[last].start == words[last - 1].end:
        last -= 1  # محامي+ه: the clitic is added back by _mention
    first = last
    # walk back over modifiers and construct heads (وزير الخارجية الفرنسي), stopping after a
    # definite noun: the noun phrase before it is another one (التقى الرئيس الوزير…)
    while first - 1 >= 0 and last - first < 6:
        prev, cur = words[first - 1], words[first]
        if prev.upos in ("ADJ", "PROPN", "X") or prev.upos == "NOUN" and not prev.norm.startswith("ال"):
            first -= 1
        elif prev.upos == "NOUN" and cur.upos in ("ADJ", "PROPN", "X"):
            first -= 1
            break
        else:
            break
    while first <= last and words[first].upos not in SUBJECT_START_UPOS:
        first += 1
    if first > last or words[last].upos not in NP_UPOS or not is_plausible_source(sentence, first):
        return None
    return first, last


def _own_subject_after(sentence: Sentence, cue: CueMatch, content: Content | None) -> bool:
    """الواقعة التي تقول مايورغا إنها حدثت، الإجراءات التي قال الوزير إنها …: a relative clause's
    verb with a subject of its own right after it (a name or a noun the tree makes its nsubj,
    before the content) speaks of the antecedent, which its content takes up as a pronoun."""
    words = sentence.words
    k = cue.last + 1
    if k + 1 < len(words) and words[k].upos == "ADP" and words[k + 1].upos == "PRON" \
            and words[k + 1].start == words[k].end:
        k += 2  # في الوقت الذي كشف فيه طبيب الفريق: past the pronoun that takes up the antecedent
    if k >= len(words) or content is not None and words[k].start >= content.start:
        return False
    w = words[k]
    return w.deprel == "nsubj" and w.head_index == cue.head and w.upos in ("NOUN", "PROPN", "X") \
        and is_plausible_source(sentence, k) and not _object_suffix(words, cue.last, k)


# the number a relative pronoun gives its clause's verb (الذين قالوا، التي قالت؛ التي قالوا: its object)
RELATIVE_NUMBER = {normalize("الذي"): "Sing", normalize("التي"): "Sing", normalize("الذين"): "Plur",
                   normalize("اللذين"): "Dual", normalize("اللتين"): "Dual", normalize("اللذان"): "Dual",
                   normalize("اللتان"): "Dual", normalize("اللواتي"): "Plur"}


# the gender a singular relative pronoun gives its clause's verb (الذي قال، التي قالت)
RELATIVE_GENDER = {normalize("الذي"): "Masc", normalize("التي"): "Fem"}


def _agrees_with_relative(cue: CueMatch, pronoun: str) -> bool:
    """شحنات التطعيم، التي قالوا إنها …: a plural verb after a singular relative pronoun has its own
    subject (they said of the shipments), so the antecedent is what is spoken of, not the speaker;
    so has a singular verb of the other gender (المرة الأولى التي يعلن فيها الفلسطينيون، البيان
    الذي قالت الوزيرة إنه …)."""
    _gender, number = cue_agreement(cue.sentence, cue.head, cue.category)  # the gender as written, below
    wanted = RELATIVE_NUMBER.get(pronoun)
    if wanted == "Sing" and number in ("Plur", "Dual") or wanted in ("Plur", "Dual") and number == "Sing":
        return False
    wanted_gender = RELATIVE_GENDER.get(pronoun)
    written = _written_gender(cue.sentence.words[cue.head])
    return not (wanted_gender and number in ("Sing", None) and written and written != wanted_gender)


def _written_gender(verb) -> str | None:
    """A singular verb's gender as its written form shows it (يعلن، قال: masculine; تقول، قالت:
    feminine), None where the form leaves it open: a perfect in ت whose lemma ends in ت
    (أثبت، or a tagger's lemma اضافت), other persons and numbers.  The tagger's feature is not
    read: it guesses wrong on unvocalised forms (اضافت Gender=Masc)."""
    form, aspect = verb.norm, verb.feats.get("Aspect")
    if verb.upos != "VERB":
        return None
    if aspect == "Imp":
        return {"ت": "Fem", "ي": "Masc"}.get(form[:1])
    if aspect != "Perf" or form.endswith(("ا", "ن", "تم")):
        return None
    if form.endswith("ت"):
        return None if verb.norm_lemma.endswith("ت") else "Fem"
    return "Masc"


def governing_subject(cue: CueMatch, lexicon: Lexicon) -> tuple[int, int] | None:
    """أن المسؤولين الحوثيين يشترطون … شحنات التطعيم، التي قالوا إنها …: a verb in a relative
    clause that disagrees with its relative pronoun (they said, of the shipments), or one after a
    relative ما (ردا على ما قالت إنه …), has its own subject, left unsaid; it is the subject of the nearest clause above that agrees with the verb
    (the officials), read up the tree.  The resolution stage takes it as the antecedent
    (``antecedent:governing-subject``); the span is the subject's noun phrase, or None where the
    cue is no such verb or the clause above has a subject the verb cannot take."""
    if cue.category == "participle":
        return _host_clause_subject(cue, lexicon)
    sentence, words = cue.sentence, cue.sentence.words
    # ردّ السويدان على ما قال إنها إشاعة: after a relative ما the verb's subject is left unsaid too
    after_what = cue.first >= 2 and words[cue.first - 1].norm == "ما" and words[cue.first - 2].upos in ("ADP", "NOUN")
    if cue.category != "verb" or not after_what and (_relative_antecedent(sentence, cue.first) is None
                                                      or _agrees_with_relative(cue, words[cue.first - 1].norm)):
        return None
    gender, number = cue_agreement(sentence, cue.head, cue.category)
    below = cue.head
    for up in sentence.ancestors(cue.head):
        if words[up].upos == "VERB":
            subject = next((c for c in sentence.children[up] if words[c].deprel == "nsubj" and c != below), None)
            if subject is not None:
                if not (is_plausible_source(sentence, subject)
                        and agrees(gender, number, *noun_agreement(words[subject]))):
                    return None  # a subject the verb cannot take: leave the search to the usual candidates
                return _subject_span(sentence, subject, up, max(sentence.subtree(subject)) + 1, lexicon)
        below = up
    return None


def _subject_span(sentence: Sentence, subject: int, verb: int, limit: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """The noun phrase of ``verb``'s subject (word ``subject``): read back from the verb when it
    stands before it, else forward up to ``limit``; its last word as written."""
    span = _preverbal(sentence, subject, verb) if subject < verb else _noun_phrase(sentence, subject, limit, lexicon)
    return None if span is None else (span[0], written_last(sentence, span[1]))


def _host_clause_subject(cue: CueMatch, lexicon: Lexicon) -> tuple[int, int] | None:
    """ونشر زميله دي ماريا صورة له، معلقا "…"؛ وتمهل البعض في الحكم، معلقين أن …: a participle
    speaks for the subject of the clause it hangs on, the nearest verb above it in the tree, when
    that subject can speak and agrees with the participle's ending.  The resolution stage takes
    it only when no reporting event before it in the sentence gives the participle its source."""
    sentence, words = cue.sentence, cue.sentence.words
    verb = next((up for up in sentence.ancestors(cue.head) if words[up].upos == "VERB"), None)
    if verb is None or verb > cue.first:
        return None  # a verb after it is the quotation's own (معلقا "الجميع يريد …")
    subject = next((c for c in sentence.children[verb] if words[c].deprel == "nsubj"), None)
    if subject is None or subject > cue.first or not is_plausible_source(sentence, subject):
        return None
    gender, number = noun_agreement(words[subject])
    gender = gender_told_by_verb(gender, number, *cue_agreement(sentence, verb))
    if not agrees(*cue_agreement(sentence, cue.head, cue.category), gender, number):
        return None
    return _subject_span(sentence, subject, verb, min(max(sentence.subtree(subject)) + 1, cue.first), lexicon)


AMMA_REACH = 8  # words from أما to the ف of its comment


def _topic_after_amma(sentence: Sentence, cue: CueMatch, lexicon: Lexicon) -> tuple[int, int] | None:
    """أما جولييت فقالت: "…"، أما وزير الخارجية فقال إن …: the topic that أما sets before the verb
    (which carries ف, fused or as its own word) is the verb's subject: the noun phrase that fills
    the words between أما and ف, unless the verb has a subject of its own after it (then the
    topic is a setting: أما داخليا).  It is tried before the tree's subject, since the parse often
    reads such a topic as the verb's object or an apposition."""
    words = sentence.words
    fa = cue.first - 1 if cue.first > 0 and words[cue.first - 1].norm == "ف" else None
    if fa is None and not _cue_written_with_fa(sentence, cue):
        return None
    if any(words[c].deprel == "nsubj" and c > cue.last and is_plausible_source(sentence, c)
           for c in sentence.children[cue.head]):
        return None  # أما داخليا، فيقول كمال كليتشدار أوغلو …: a subject of its own after the verb
    end = fa if fa is not None else cue.first  # the topic ends before this word
    for k in range(end - 1, max(-1, end - 1 - AMMA_REACH), -1):
        if words[k].norm == "اما":
            span = _grow_noun_phrase(sentence, k + 1, end, lexicon)
            return span if span is not None and span[1] == end - 1 else None
        if words[k].text in ("،", ",", ".", ":") or words[k].upos == "VERB":
            return None
    return None


def _cue_written_with_fa(sentence: Sentence, cue: CueMatch) -> bool:
    """The cue is written with a fused ف (فقالت) that the tokenizer left on the word."""
    word = sentence.words[cue.first]
    return word.norm.startswith("ف") and bool(cue.lemma) and not cue.lemma.startswith("ف")


def _shares_subject(sentence: Sentence, cue: CueMatch, lexicon: Lexicon) -> bool:
    """وأعلن التنظيم مسؤوليته ووصف عامري بأنه …: a verb that takes its object before the clause
    (وصف، اتهم، أبلغ), coordinated with an earlier verb that has a subject, shares that subject;
    the noun phrase after it is what is described."""
    entry = lexicon.by_lemma.get(cue.lemma)
    word = sentence.words[cue.head]
    if entry is None or not entry.object_first or word.deprel != "conj" or word.head_index is None:
        return False
    first = word.head_index
    if first > cue.head:
        return False
    gender, number = cue_agreement(sentence, cue.head, cue.category)
    # وتلقت المعلقة … الانتقادات، ووصف زملاؤها …: a subject the verb cannot agree with is not shared
    return any(sentence.words[c].deprel.startswith("nsubj") and agrees(gender, number, *noun_agreement(sentence.words[c]))
               for c in sentence.children[first])


DOCUMENT_REACH = 4  # words from a document noun (رسالة أخرى، تغريدة على تويتر) to the cue that describes it


def _document_author(sentence: Sentence, cue: CueMatch, lexicon: Lexicon) -> tuple[int, int] | None:
    """أرسل تومي رسالة إلى المنظمين قال فيها إنه … / إن تومي بعث برسالة أخرى قال فيها "…": a cue
    followed by في and a pronoun describes the document just before it, and whoever sent or wrote
    that document (the subject of the verb governing it) is the speaker."""
    words = sentence.words
    k = cue.last + 1
    if cue.category != "verb" or k + 1 >= len(words) or words[k].norm != "في" or words[k + 1].upos != "PRON" \
            or words[k + 1].start != words[k].end:
        return None
    doc = next((d for d in range(cue.first - 1, max(-1, cue.first - 1 - DOCUMENT_REACH), -1)
                if _strip_article(words[d].norm) in DOCUMENT_NOUNS), None)
    if doc is None or any(w.upos == "VERB" or w.text in ("،", ",", ".") for w in words[doc + 1:cue.first]):
        return None
    verb = next((v for v in range(doc - 1, max(-1, doc - 1 - DOCUMENT_REACH), -1) if words[v].upos == "VERB"), None)
    if verb is None:
        return None
    subject = next((c for c in sentence.children[verb] if words[c].deprel == "nsubj"), None)
    if subject is None or not is_plausible_source(sentence, subject):
        return None
    span = _preverbal(sentence, subject, verb) if subject < verb else _noun_phrase(sentence, verb + 1, doc, lexicon)
    if span is None:
        return None
    gender, number = cue_agreement(sentence, cue.head, cue.category)
    source_gender, source_number = noun_agreement(words[span[0]])
    return span if agrees(gender, number, source_gender, source_number) else None


def _described_noun(sentence: Sentence, cue: CueMatch) -> tuple[int, int] | None:
    """إلى تقديرات تقول إن …، بعد تقارير صحفية قالت إن …: a verb right after an indefinite noun (and
    its adjectives) is a clause describing it (an indefinite noun takes its relative clause without
    الذي), and the noun is its subject when the verb agrees with it and does not speak in it
    (رسالة قال فيها، بيانا قال فيه: the letter is not the one speaking)."""
    words = sentence.words
    last = k = cue.first - 1
    if cue.category != "verb" or k < 1 or words[cue.head].upos != "VERB":
        return None
    while k > 1 and last - k < 2 and words[k].upos == "ADJ" and not words[k].norm.startswith("ال"):
        k -= 1  # بعد تقارير صحفية قالت إن …: the noun's indefinite adjectives are its phrase
    noun = words[k]
    if noun.upos != "NOUN" or noun.norm.startswith("ال") or noun.start == words[k - 1].end \
            or words[k - 1].upos not in ("ADP", "VERB") or not is_plausible_source(sentence, k):
        return None
    if any(words[c].deprel.startswith("nsubj") and c > cue.last for c in sentence.children[cue.head]):
        return None
    if cue.last + 2 < len(words) and words[cue.last + 1].norm == "في" and words[cue.last + 2].upos == "PRON":
        return None  # أصدر بيانا مطولا قال فيه إنه …: said in it, the statement is not the one speaking
    gender, number = cue_agreement(sentence, cue.head, cue.category)
    noun_gender, noun_number = noun_agreement(noun)
    if number == "Plur" or not agrees(gender, number, noun_gender, noun_number):
        return None
    return k, last


def _kana_subject(sentence: Sentence, cue: CueMatch, lexicon: Lexicon) -> tuple[int, int] | None:
    """وكان وزير الداخلية، جيرار كولوم، قد قال …: in the pluperfect (كان … قد + past) the source
    is the subject of كان, between it and قد."""
    words = sentence.words
    if cue.first < 3 or words[cue.first - 1].norm != "قد":
        return None
    for k in range(cue.first - 2, max(-1, cue.first - 14), -1):
        if words[k].norm_lemma == "كان" or words[k].norm in ("كان", "كانت"):
            span = _noun_phrase(sentence, k + 1, cue.first - 1, lexicon)
            return span
        if words[k].upos == "VERB" or words[k].text in (".", "؟", "!"):
            return None
    return None


def _masculine_after_feminine_verb(sentence: Sentence, cue: CueMatch, span: tuple[int, int]) -> bool:
    """A feminine singular verb (وسألت) cannot have a masculine singular noun right after it as its
    subject: the noun is its object.  Masculine is read off the phrase's own form, not the tagger's
    guess: a head noun without ة, no name in the phrase, and a masculine singular adjective on
    the head that has no ة either (الوفد الصيني); a broken plural (المصادر) has no such adjective."""
    words = sentence.words
    if cue_agreement(sentence, cue.head, cue.category) != ("Fem", "Sing"):
        return False
    first, last = span
    head = words[first]
    if head.upos != "NOUN" or head.norm.endswith("ه") or head.feats.get("Number", "Sing") != "Sing" \
            or any(w.upos in ("PROPN", "X") or w.ner != "O" for w in words[first:last + 1]):
        return False
    return any(w.upos == "ADJ" and w.head_index == first and w.feats.get("Gender") == "Masc"
               and w.feats.get("Number") == "Sing" and not w.norm.endswith("ه") for w in words[first + 1:last + 1])


def _plausible_postverbal_subject(sentence: Sentence, first: int, content: Content | None) -> bool:
    """Without tree support, accept a post-verbal noun phrase only where Arabic puts the subject:
    directly before the content (complement, quote or colon), or marked nominative/proper."""
    w = sentence.words[first]
    if w.upos in ("PROPN", "X") or w.feats.get("Case") == "Nom":
        return True
    return content is not None and content.kind in ("complement", "quote", "colon")


def _preverbal(sentence: Sentence, subject: int, cue_first: int) -> tuple[int, int] | None:
    words = sentence.words
    span = [k for k in sentence.subtree(subject) if k < cue_first]
    if not span:
        return None
    first, last = min(span), max(span)
    commas = [k for k in range(subject + 1, cue_first) if words[k].text in ("،", ",")]
    if commas:
        if apposed_between(sentence, subject, commas, cue_first):
            last = commas[-1] - 1  # لكن طبيب المنتخب، محمد أبو العلا، قال: the name is the source's own
        elif not _relative_between(sentence, subject, commas[0], cue_first):
            return None  # ميدانيا، أعلنت …: a fronted adverbial, not the subject
        else:
            last = commas[0] - 1  # خاشقجي، الذي غادر السعودية، قال: the relative clause is not the source
    stops = [k for k in range(first, subject) if words[k].text in (".", "؟", "!")]
    if stops:
        first = stops[-1] + 1  # … فوزه. الصحيفة قالت: the tokenizer missed a sentence end
    while first <= last and (words[first].upos in ("CCONJ", "PUNCT", "ADP", "SCONJ") or words[first].norm in ("و", "ف")):
        first += 1
    while last >= first and words[last].upos == "PUNCT" and words[last].text not in QUOTE_CHARS:
        last -= 1
    return (first, last) if first <= last else None


def _relative_between(sentence: Sentence, subject: int, comma: int, cue_first: int) -> bool:
    """Whether a preverbal subject and its verb are parted by a relative clause on the subject,
    set off by commas (أن خاشقجي، الذي غادر السعودية في 2017، قال إنه …): a relative pronoun right
    after the first comma, and every word up to the verb in the subject's subtree or a comma."""
    words = sentence.words
    if comma + 1 >= cue_first or words[comma + 1].norm not in RELATIVE_PRONOUNS:
        return False
    inside = set(sentence.subtree(subject))
    return all(k in inside or words[k].text in ("،", ",") for k in range(comma + 1, cue_first))


def _first_word_at(sentence: Sentence, offset: int) -> int:
    for w in sentence.words:
        if w.end > offset:
            return w.index
    return len(sentence.words)


def _mention(sentence: Sentence, span: tuple[int, int], via_tree: bool, rule: str) -> SpeakerMention:
    """The span of words first..last, its end grown over clitics the tokenizer split off the last
    word (بارنيي+ه is written بارنييه; a source never ends inside a written word); ``rule`` names
    the rule that found it."""
    first, last = span[0], written_last(sentence, span[1])
    words = sentence.words
    return SpeakerMention(first, last, words[first].start, words[last].end, via_tree, rules=[rule])


def written_last(sentence: Sentence, last: int) -> int:
    """Word ``last`` grown over the clitics the tokenizer split off it (بارنيي+ه is written بارنييه)."""
    words = sentence.words
    while last + 1 < len(words) and words[last + 1].start == words[last].end and words[last + 1].upos != "PUNCT":
        last += 1
    return last

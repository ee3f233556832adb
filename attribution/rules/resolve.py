"""Stage 4: resolve implicit speakers and group mentions into entities.

A cue without a written source (وأضاف، وقالت، مضيفًا، كما قال) takes the most recent salient
source before it whose gender and number agree with the cue's morphology: sources of earlier
events (also of events we do not emit, such as أعلنت وزارة الدفاع عن …) and subjects of main
clauses, never a subject inside reported content.  Mentions of one entity (الجنرال جون الن /
جون آلن / الن) are grouped under one canonical name.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from attribution.parse.document import ParsedText, Sentence
from attribution.parse.normalize import normalize
from attribution.rules.wordlists import load_words

MAIN_CLAUSE_RELS = {"root", "conj", "parataxis"}
NOT_SOURCES = load_words("not_sources")
STOP_WORDS = load_words("name_stop_words")
NAME_TITLES = load_words("name_titles")


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

    @property
    def recency(self) -> int:
        return max(self.position, self.start)


def mention_from_span(sentence: Sentence, first: int, last: int, text: str,
                      start: int | None = None, end: int | None = None) -> Mention:
    """A mention over words first..last; ``start``/``end`` override the character span where the
    written source does not begin or end on a word boundary (وفقا لـ|وكالة)."""
    words = sentence.words[first:last + 1]
    head = next((w for w in words if w.upos in ("NOUN", "PROPN", "X", "PRON")), words[0])
    gender = head.feats.get("Gender")
    number = head.feats.get("Number")
    if gender is None:
        if head.upos == "NOUN" and head.norm.endswith("ه") and not head.norm.endswith("اه"):
            gender = "Fem"  # ة normalised to ه: وزارة، الحكومة
        elif head.upos in ("PROPN", "X"):
            gender = "Masc"
    names = tuple(_bare(w.norm) for w in words if w.upos in ("PROPN", "X") and _bare(w.norm) not in NAME_TITLES)
    content = tuple(_bare(w.norm) for w in words if w.upos != "PUNCT" and w.norm not in STOP_WORDS)
    start = words[0].start if start is None else start
    end = words[-1].end if end is None else end
    return Mention(start, end, text[start:end], sentence.index, gender, number, names, content)


def _bare(norm: str) -> str:
    return norm[2:] if norm.startswith("ال") and len(norm) > 4 else norm


def cue_agreement(sentence: Sentence, index: int, category: str = "verb") -> tuple[str | None, str | None]:
    """Gender and number the cue demands of its source, from the written form first (وقالت، قالوا،
    واعتبرا، مضيفة) since it is more reliable than predicted features."""
    word = sentence.words[index]
    form = word.norm
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
    return gender, number


def agrees(gender: str | None, number: str | None, mention: Mention) -> bool:
    """Unknown features never block: only a known clash (قالت ↔ masculine, قالوا ↔ singular) does."""
    if number in ("Plur", "Dual"):
        return mention.number != "Sing"
    if gender == "Fem":
        return mention.gender in ("Fem", None) or mention.number == "Plur"
    return mention.gender != "Fem" and mention.number != "Plur"


def main_clause_subjects(sentence: Sentence, text: str) -> list[Mention]:
    """Subjects of the sentence's main clauses: candidate antecedents for dropped subjects."""
    out = []
    for w in sentence.words:
        if not w.deprel.startswith("nsubj") or w.head_index is None:
            continue
        head = sentence.words[w.head_index]
        if head.deprel not in MAIN_CLAUSE_RELS or head.upos not in ("VERB", "AUX"):
            continue
        if w.index < head.index and any(x.text in ("،", ",") for x in sentence.words[w.index + 1:head.index]):
            continue  # ميدانيا، أعلنت …: a fronted adverbial the parser took for the subject
        span = sentence.subtree(w.index)
        # the subject's own noun phrase: stop at the first clause-level word after it
        first, last = w.index, w.index
        for k in span:
            if k < w.index:
                continue
            if k != last + 1 or sentence.words[k].upos in ("VERB", "SCONJ", "CCONJ") or sentence.words[k].text in "،,:\"":
                break
            last = k
        if is_plausible_source(sentence, first):
            out.append(mention_from_span(sentence, first, last, text))
    return out


def is_plausible_source(sentence: Sentence, index: int) -> bool:
    """A noun or name that can say something: not a complementizer mis-tagged as a noun (أنّ),
    not a discourse adverb (بدوره), not a dateline (لندن: قال …)."""
    word = sentence.words[index]
    if word.upos not in ("NOUN", "PROPN", "X") or word.norm in NOT_SOURCES:
        return False
    if index > 0 and sentence.words[index - 1].end == word.start and len(word.norm) <= 2:
        return False  # تواصل+نا: a pronoun suffix the tagger took for a noun
    nxt = sentence.words[index + 1] if index + 1 < len(sentence.words) else None
    return not (nxt is not None and nxt.text == ":" and index <= 1)


def pick_antecedent(candidates: list[Mention], before: int, gender: str | None, number: str | None,
                    excluded: list[tuple[int, int]]) -> Mention | None:
    for mention in sorted((m for m in candidates if m.end <= before), key=lambda m: -m.recency):
        if any(s <= mention.start < e for s, e in excluded):
            continue
        if agrees(gender, number, mention):
            return mention
    return None


def re_mention(mention: Mention, position: int) -> Mention:
    """The same antecedent, made recent again by an implicit cue at ``position``."""
    return replace(mention, position=position)


def group_entities(mentions: list[Mention], parsed: ParsedText) -> dict[int, str]:
    """Assign ``mention.entity`` ids and return each entity's canonical name."""
    groups: list[list[Mention]] = []
    for m in mentions:
        for group in groups:
            if any(_same_entity(m, other) for other in group):
                group.append(m)
                break
        else:
            groups.append([m])
    chains = name_chains(parsed)
    canonical = {}
    for gid, group in enumerate(groups):
        for m in group:
            m.entity = gid
        canonical[gid] = _canonical_name(group, chains)
    return canonical


def _same_entity(a: Mention, b: Mention) -> bool:
    ha, hb = _head_noun(a), _head_noun(b)
    if ha and hb and ha != hb:
        return False  # الجيش الأمريكي ≠ مسؤول أمريكي: different heads, whatever the shared name
    if a.name_words and b.name_words:
        sa, sb = set(a.name_words), set(b.name_words)
        return sa <= sb or sb <= sa
    wa, wb = set(a.words), set(b.words)
    if not wa or not wb:
        return False
    if a.name_words or b.name_words:
        names = set(a.name_words or b.name_words)
        other = wb if a.name_words else wa
        return names <= other
    return wa <= wb or wb <= wa


def _head_noun(m: Mention) -> str | None:
    """The common noun heading a mention (جيش، مسؤول، وزارة), titles and names excluded."""
    for w in m.words:
        if w in m.name_words:
            return None
        if w not in NAME_TITLES:
            return w
    return None


def name_chains(parsed: ParsedText) -> list[tuple[tuple[str, ...], str]]:
    """Runs of proper-name words anywhere in the text (حيدر العبادي، خالد العبيدي)."""
    chains = []
    for sentence in parsed.sentences:
        run: list = []
        for w in sentence.words + [None]:
            if w is not None and w.upos in ("PROPN", "X") and w.norm not in STOP_WORDS:
                run.append(w)
                continue
            if len(run) >= 2:
                end = run[-1].end
                for nxt in sentence.words[run[-1].index + 1:]:  # بارنيي+ه is written بارنييه
                    if nxt.start != end or nxt.upos == "PUNCT":
                        break
                    end = nxt.end
                chains.append((tuple(_bare(x.norm) for x in run), parsed.text[run[0].start:end]))
            run = []
    return chains


def _canonical_name(group: list[Mention], chains) -> str:
    """The fullest name: a mention made only of titles and name words (الجنرال جون الن), or a
    run of proper names found anywhere in the text (خالد العبيدي), most name words first; a group
    without names (وزارة الدفاع) keeps its longest mention."""
    names = set().union(*(set(m.name_words) for m in group))
    options: list[tuple[int, int, str]] = []
    for m in group:
        rest = set(m.words) - set(m.name_words)
        if m.name_words and rest <= NAME_TITLES:
            options.append((len(m.name_words), len(m.words), m.text))
    if any(len(m.name_words) >= 2 for m in group) and options:
        # the article already names it in full at a source: a run of proper names elsewhere may run
        # on into mistagged words (جون الن الاوضاع) and is only needed for a first name (خالد العبيدي)
        return max(options, key=lambda o: (o[0], o[1]))[2]
    if names:
        key = {w for m in group for w in m.name_words[-1:]}
        for words_, text in chains:
            if key <= set(words_) and set(words_) & names:
                options.append((len(words_), len(words_), text))
    if options:
        return max(options, key=lambda o: (o[0], o[1]))[2]
    return max(group, key=lambda m: (len(m.words), -m.start)).text

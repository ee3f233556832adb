"""The orchestrator: cues → content → speaker → resolve → join.

``extract_parsed`` runs the rules on a parsed text (tests build one from CoNLL-U) and ``to_claims``
turns its events into claims; :mod:`attribution.run.build` wraps them in a claims document.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Callable

from attribution.claims.model import Claim, ContentSpan, Cue, Span, Speaker
from attribution.claims.model import Entity as EntityRecord
from attribution.rules.confidence import confidence_of
from attribution.rules.content import MARKER_SOURCE_WORDS, Content, find_content
from attribution.rules.cues import CueMatch, find_cues, headline_cue
from attribution.rules.details import find_setting, is_anonymous, sentence_span, stance, title_and_name_spans
from attribution.parse.document import ParsedText, Sentence
from attribution.parse.normalize import normalize, quote_state
from attribution.rules.lexicon import Lexicon, load_lexicon
from attribution.rules.resolve import (Candidates, Mention, Spans, agrees, cue_agreement, gender_told_by_verb,
                                       main_clause_subjects, mention_from_span, pick_antecedent, re_mention)
from attribution.rules.entities import Entity, has_person_title, may_hold_named_mention, resolve_entities
from attribution.rules.speaker import SpeakerMention, _noun_phrase, _object_suffix, governing_subject, link_speaker


@dataclass
class Event:
    cue: CueMatch
    content: Content | None
    speaker: SpeakerMention | None
    mention: Mention | None = None        # the written source as a mention
    resolved: Mention | None = None       # written source, or the antecedent of an implicit one
    emitted: bool = False
    entity: str | None = None             # canonical name of the resolved source
    entity_ref: Entity | None = None      # the entity itself (entities stage)
    nested: bool = False                  # reported inside another event's content
    resolution: tuple[str, ...] = ()      # how an implicit source was resolved (a claim's evidence)
    setting: tuple[int, int] | None = None  # details (stage 7): في بيان، عبر تويتر …
    title: tuple[int, int] | None = None    # within the resolved mention
    name: tuple[int, int] | None = None
    anonymous: bool = False
    sentence_span: tuple[int, int] | None = None
    governing: Mention | None = None      # the unsaid subject of a relative clause's verb or of a participle's clause


# the UPOS tags whose lemmas the rules read (a cue verb's lemma, كان), so the lemmatizer's sequence
# model need run on no other word (attribution.parse.document.parse_texts, ``lemmas_for``)
LEMMA_TAGS = frozenset({"VERB", "AUX"})


def reads_entities(sentence: Sentence, text: str) -> bool:
    """Whether the rules read this sentence's named entities, so the parse should tag it with the
    others (:func:`attribution.parse.document.parse_texts`): it holds a cue (a source grows over
    a name) or a person's title (a named mention takes its name).  Any other sentence is tagged
    if a rule reads it after all (a subject taken as an antecedent), so this decides the cost,
    never the claims.  On news, these are about 60% of the words."""
    lexicon = load_lexicon()
    return has_person_title(sentence) or next(find_cues(sentence, lexicon, text), None) is not None \
        or headline_cue(sentence, lexicon, text) is not None


def reads_trees(sentence: Sentence, text: str) -> bool:
    """Whether the rules read this sentence's parse tree, asked before it has one
    (:func:`attribution.parse.document.parse_texts`): a cue's checks read it (the cue search
    raises ``TreeNotParsed`` at its first read, which counts as a yes), and so does the reading
    of a title's or a body's noun phrase.  Any other sentence is parsed if a rule reads its tree
    after all (a clause subject taken as an antecedent), so this decides the cost, never the
    claims.  On news, these are about half of the words."""
    if may_hold_named_mention(sentence):
        return True
    lexicon = load_lexicon()
    return next(find_cues(sentence, lexicon, text), None) is not None \
        or headline_cue(sentence, lexicon, text) is not None


# what the extraction asks of the parse (``parse_texts``' selectors): entities and trees with the
# call only where the rules read them, the lemmatizer's model only for the tags they read
EXTRACTION_PARSE = {"entities_for": reads_entities, "trees_for": reads_trees, "lemmas_for": LEMMA_TAGS}


def extract_parsed(parsed: ParsedText, lexicon: Lexicon | None = None) -> list[Event]:
    lexicon = lexicon or load_lexicon()
    text = parsed.text
    events: list[Event] = []
    subjects: list[tuple[int, Callable[[], list[Mention]]]] = []  # (sentence, its clause subjects)
    paragraph_events: list[Event] = []  # contents never cross a paragraph: the checks look only here
    for sentence in parsed.sentences:
        if paragraph_events and paragraph_events[-1].cue.sentence.paragraph != sentence.paragraph:
            _mark_nested(paragraph_events)
            paragraph_events = []
        cues = list(find_cues(sentence, lexicon, text))
        if not cues and not paragraph_events:  # the paragraph's first sentence: a sub-headline?
            headline = headline_cue(sentence, lexicon, text)
            cues = [headline] if headline is not None else []
        sourced = False
        for k, cue in enumerate(cues):
            if _inside_content(cue, paragraph_events, text):
                continue
            content = find_content(cue, parsed, lexicon, _next_event_start(cues, k), _next_cue_start(cues, k))
            if content is not None and "pointed-clause" in content.rules:
                content = _pointed_event_content(cue, content, paragraph_events, text)
            if content is not None and content.parts and _taken(content.parts[0], paragraph_events):
                content = _unsplit(content)  # the first piece is already an earlier event's content
            speaker = link_speaker(cue, content, lexicon)
            event = Event(cue, content, speaker)
            if speaker is not None:
                if speaker.issuer is not None:
                    event.mention = mention_from_span(sentence, *speaker.issuer, text)
                else:
                    event.mention = mention_from_span(sentence, speaker.first, speaker.last, text,
                                                      speaker.start, speaker.end)
            else:
                governing = governing_subject(cue, lexicon)
                if governing is not None:
                    event.governing = mention_from_span(sentence, *governing, text)
            event.emitted = content is not None and cue.kind == "speech" and not _duplicate(event, paragraph_events)
            events.append(event)
            paragraph_events.append(event)
            sourced = sourced or event.mention is not None
        if not sourced:
            # a sentence with a written source (قال الجنرال …، حيث تم بحث …) offers that source as the
            # antecedent; other subjects only stand in where no one is reported speaking
            # read only if a dropped subject looks back this far (the tree may not be parsed yet)
            subjects.append((sentence.index, functools.partial(main_clause_subjects, sentence, text,
                                                               functools.partial(_noun_phrase, lexicon=lexicon))))
    _mark_nested(paragraph_events)
    resolve_speakers(events, subjects)
    join_entities(events, parsed, lexicon)
    emitted = [e for e in events if e.emitted]
    for event in emitted:
        add_details(event, parsed, lexicon)
    return emitted


def add_details(event: Event, parsed: ParsedText, lexicon: Lexicon) -> None:
    """Stage 7 (rules/details.py): setting, title and name, anonymity, the sentence span."""
    cue, speaker, resolved = event.cue, event.speaker, event.resolved
    written = (speaker.start, speaker.end) if speaker is not None else None
    event.setting = find_setting(cue, event.content, written, lexicon)
    kind = event.entity_ref.kind if event.entity_ref is not None else None
    if resolved is not None:
        # a person's name words (a body's "names" are all the words of its name: وزارة الخارجية)
        names = frozenset(event.entity_ref.names) if kind == "person" else frozenset()
        event.title, event.name = title_and_name_spans(parsed, resolved.sentence, resolved.start, resolved.end,
                                                       kind == "person", names)
    event.anonymous = resolved is not None and is_anonymous(kind, event.entity, cue.sentence if speaker else None,
                                                            speaker.last if speaker else None)
    spans = [(cue.start, cue.end), (event.content.start, event.content.end)] + ([written] if written else [])
    event.sentence_span = sentence_span(parsed, cue.sentence.paragraph, spans)


def _pointed_event_content(cue: CueMatch, content: Content, events: list[Event], text: str) -> Content:
    """وفيما يتعلق بدراسته، شدد حمزة على أن العمل لن يؤخره، وهو ما شدد عليه مدربه: when the clause
    pointed back at ends with an earlier event's content, the new source confirms that content, not
    the earlier source's words around it (its cue, its source, a frame such as وفيما يتعلق بـ …)."""
    for e in reversed(events):
        if not (e.emitted and e.content) or e.cue.sentence is not cue.sentence:
            continue
        c = e.content
        if content.start <= c.start and c.end <= cue.pointer_start \
                and not text[c.end:cue.pointer_start].strip(" \t\n،,.\"«»“”"):
            return Content(c.start, c.end, "complement", c.quoted, gap_start=content.gap_start,
                           rules=content.rules, parts=list(c.parts))
        break
    return content


def _taken(span: tuple[int, int], events: list[Event]) -> bool:
    return any(e.emitted and e.content is not None and e.content.start < span[1] and span[0] < e.content.end
               for e in events)


def _unsplit(content: Content) -> Content:
    """A split quotation back to its last piece (the quotation after the cue)."""
    start, end = content.parts[-1]
    return Content(start, end, content.kind, content.quoted, gap_start=content.gap_start, gap_end=content.gap_end,
                   rules=[r for r in content.rules if r != "split-quote"])


def _next_event_start(cues: list[CueMatch], k: int) -> int | None:
    """Where the content of cue k must stop: at the next cue that opens a new event in the same
    sentence (a participle, a cue after و/ف or a comma, an according-to marker after a comma).
    ``قالت وكالة تاس نقلا عن اللجنة إن …``: a marker right after the source does not stop it."""
    this = cues[k]
    for nxt in cues[k + 1:]:
        if nxt.pointer_start is not None:
            return nxt.pointer_start  # …، وهو ما أكده مسؤول: a new source takes up the clause before
        if _aside(nxt):
            continue  # وأكد الوزير، كما قال مصدر، أن …: an aside inside the clause
        fused = nxt.start < nxt.sentence.words[nxt.first].start
        if _inside_complement(this, nxt):
            continue  # لفتت إلى أن خاشقجي، الذي …، قال إنه …: the reported clause's own verb
        if nxt.category == "according_to" and not _after_conjunction(nxt):
            continue
        if nxt.category in ("participle", "according_to") or fused or _after_conjunction(nxt) \
                or nxt.category == "verb" and this.category == "according_to":
            return nxt.start if fused else _conj_start(nxt)
    return None


def _inside_complement(this: CueMatch, nxt: CueMatch) -> bool:
    """The later cue is the verb of this cue's complement clause (لفتت إلى أن خاشقجي، الذي …،
    قال إنه …): it hangs on this cue, and a complementizer after this cue marks it.  A cue
    coordinated inside the clause (… أن الوقت بدأ ينفد وقال "…") is left out: the parser often
    hangs a new sentence's verb there."""
    if nxt.sentence is not this.sentence or nxt.category != "verb" or this.category == "according_to":
        return False
    words = this.sentence.words
    return words[nxt.head].head_index == this.head and any(
        words[j].upos == "SCONJ" and words[j].head_index == nxt.head for j in range(this.last + 1, nxt.first))


def _next_cue_start(cues: list[CueMatch], k: int) -> int | None:
    """Where cue k's search for a complementizer stops: at any later cue (إذ قالت "أبل" إن … is
    قالت's clause), except an according-to marker right after the source (قالت تاس نقلا عن …)."""
    for nxt in cues[k + 1:]:
        if nxt.pointer_start is not None:
            return nxt.pointer_start
        if _aside(nxt):
            continue
        if nxt.category != "according_to" or _after_conjunction(nxt):
            return nxt.start
    return None


def _aside(cue: CueMatch) -> bool:
    """وأكد الوزير، كما قال مصدر، أن …: a كما قال marker whose short source is closed by a comma
    is an aside inside the host's clause; the host's search for its complementizer goes past it."""
    if cue.category != "according_to" or not cue.parenthetical:
        return False
    words = cue.sentence.words
    return any(w.text in ("،", ",") for w in words[cue.last + 2:cue.last + 2 + MARKER_SOURCE_WORDS])


def _after_conjunction(cue: CueMatch) -> bool:
    """Read off the text, not the tokens, since "،و أشار" may come as one token or three."""
    return _conj_start(cue) != cue.start or cue.text_before.rstrip().endswith(("،", ",", ".", "؛", ";"))


def _conj_start(cue: CueMatch) -> int:
    """Start of a conjunction و/ف written apart from the cue (و أضاف، ،و أشار), else the cue's start."""
    before = cue.text_before
    stripped = before.rstrip()
    if stripped.endswith(("و", "ف")) and (len(stripped) == 1 or not stripped[-2].isalpha()):
        return cue.start - (len(before) - len(stripped)) - 1
    return cue.start


def _inside_content(cue: CueMatch, events: list[Event], text: str) -> bool:
    """Inside an earlier event: within its content, or between its cue and a content that follows."""
    for e in events:
        if not (e.emitted and e.content):
            continue
        if any(a <= cue.start < b for a, b in e.content.spans()):
            # an event reported inside indirect speech is an event of its own (قال إن … بعد أن أكد
            # الرئيس أن …); inside a quotation it is the speaker's own words
            if e.content.kind in ("complement", "according_to") \
                    and not _inside_quotation(text, e.content.start, cue.start):
                continue
            return True
        if e.cue.end <= cue.start < e.content.start:
            return True
    return False


def _inside_quotation(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` stands inside quotation marks opened after ``start``: guillemets and curly
    quotes by their direction, straight quotes by their count."""
    depth, straight = quote_state(text, start, pos)
    return depth > 0 or straight % 2 == 1


def _duplicate(event: Event, events: list[Event]) -> bool:
    """Two cues for one content (…"، كما قال after a verb that already took the quote): keep the first."""
    c = event.content
    if "pointed-clause" in c.rules:
        return False  # …، وهو ما أكده مسؤول: a second source for the clause another just reported
    for other in events:
        if not other.emitted or other.content is None:
            continue
        o = other.content
        if o.start <= event.cue.start < o.end:
            continue  # nested in the other's indirect content: its own event
        overlap = min(c.end, o.end) - max(c.start, o.start)
        if overlap > 0.5 * min(c.end - c.start, o.end - o.start):
            return True
    return False


def resolve_speakers(events: list[Event], subjects: list[tuple[int, Callable[[], list[Mention]]]]) -> None:
    """Written sources resolve to themselves; dropped ones to the most salient agreeing antecedent.
    ``subjects``: each sentence without a written source, with what reads its clause subjects."""
    candidates = Candidates()
    for index, read in subjects:
        candidates.add_later(index, read)
    # reported speech holds no antecedents; the host clause of an according-to marker is the
    # narrator's (وأشار الزرقوني إلى أن …، حسب قوله: الزرقوني is still the topic)
    excluded = Spans(span for e in events if e.emitted and e.content and e.cue.category != "according_to"
                     for span in e.content.spans())
    by_sentence: dict[int, list[Event]] = {}  # events of a sentence resolved so far, in text order
    for event in sorted(events, key=lambda e: e.cue.start):
        by_sentence.setdefault(id(event.cue.sentence), []).append(event)
        if event.mention is not None:
            event.resolved = event.mention
            event.mention.is_event_source = True
            if event.cue.category == "verb":
                # قالت جاي مكدوجل، وأضاف الأسطورة: the verb tells the source's gender, which later
                # dropped subjects agree with
                event.mention.gender = gender_told_by_verb(
                    event.mention.gender, event.mention.number,
                    *cue_agreement(event.cue.sentence, event.cue.head, event.cue.category))
            if not event.nested:  # a source quoted inside reported speech is not the topic
                candidates.add(event.mention)
            continue
        gender, number = cue_agreement(event.cue.sentence, event.cue.head, event.cue.category)
        if event.cue.category == "according_to":
            gender = number = None
        antecedent = None
        rule = "antecedent:none"
        if event.cue.category == "participle":
            # مضيفًا: the source of the event it hangs on, earlier in the same sentence
            antecedent = next((e.resolved for e in reversed(by_sentence[id(event.cue.sentence)])
                               if e.cue.start < event.cue.start and e.resolved is not None and not e.nested), None)
            if antecedent is not None:
                rule = "antecedent:host-event"
        if antecedent is None and event.governing is not None:
            # شحنات، التي قالوا: the subject of the clause the relative clause hangs in; ونشر اللاعب
            # صورة، معلقا: the subject of the clause a participle with no event before it hangs on
            # (governing_subject took it only if it agrees; its gender is then the one the cue tells)
            governing = event.governing
            antecedent = replace(governing, gender=gender_told_by_verb(governing.gender, governing.number, gender, number))
            rule = "antecedent:governing-subject"
        if antecedent is None and event.cue.category == "verb":
            antecedent = _same_sentence_source(event, by_sentence[id(event.cue.sentence)], gender, number)
            if antecedent is not None:
                rule = "antecedent:sentence-source"
        if antecedent is None:
            antecedent = pick_antecedent(candidates, event.cue.start, gender, number, excluded,
                                         event.cue.sentence.index)
            if antecedent is not None:
                rule = "antecedent:last-source" if antecedent.is_event_source else "antecedent:clause-subject"
        event.resolved = antecedent
        event.resolution = (rule,)
        if antecedent is not None:
            back = event.cue.sentence.index - max(antecedent.recent_sentence, antecedent.sentence)
            event.resolution += (f"sentences-back:{back}",)
            candidates.add(re_mention(antecedent, event.cue.start, event.cue.sentence.index))


# what may stand between two reporting verbs of one subject: …"، كما أوضح؛ ثم أضاف
JOINING_WORDS = {normalize("كما"), normalize("ثم")}


def _same_sentence_source(event: Event, before: list[Event], gender, number) -> Mention | None:
    """The written source of the reporting verb whose content ``event``'s cue follows with nothing
    but a conjunction or punctuation between (… أن خاشقجي، الذي …، قال إنه "…"، كما أوضح أن …),
    at the same depth of reported speech and agreeing with it: the second verb shares the
    subject, even where that source lies inside another event's content and so is no antecedent
    for the rest of the article.  Another clause between (سأله زميله عن … لم يتجرأ … وكتبها) or a
    pronoun source (ها) leaves it to the usual search."""
    for e in reversed(before):
        if e is event or e.cue.start >= event.cue.start:
            continue
        if e.nested != event.nested and not (e.nested and _host_disagrees(e, before, gender, number)):
            continue
        object_suffix = e.cue.last + 1 < len(e.cue.sentence.words) and \
            _object_suffix(e.cue.sentence.words, e.cue.last, e.cue.last + 1)
        if e.cue.category != "verb" or e.mention is None or object_suffix:
            return None  # سأله زميله … وكتبها: after a verb with an object, the object may answer
        end = e.content.end if e.content is not None else e.cue.end
        gap = [w for w in event.cue.sentence.words if end <= w.start and w.end <= event.cue.start]
        if any(w.upos not in ("PUNCT", "CCONJ") and w.norm not in JOINING_WORDS for w in gap):
            return None
        words = [w for w in e.cue.sentence.words if e.mention.start <= w.start < e.mention.end]
        if not words or words[0].upos == "PRON" or not agrees(gender, number, e.mention.gender, e.mention.number):
            return None
        return e.mention
    return None


def _host_disagrees(nested: Event, before: list[Event], gender, number) -> bool:
    """ولفتت خديجة إلى أن خاشقجي … قال إنه "…"، كما أوضح أن …: the event whose content holds
    ``nested`` has a source the later cue cannot take (a woman for أوضح), so the later verb goes
    on with the reported speaker, not the reporter."""
    host = next((o for o in before if not o.nested and o.content is not None and o.resolved is not None
                 and any(a <= nested.cue.start < b for a, b in o.content.spans())), None)
    return host is not None and not agrees(gender, number, host.resolved.gender, host.resolved.number)


def _mark_nested(paragraph_events: list[Event]) -> None:
    """Events reported inside another's content (قال إن المهاجم الذي أعلن أنه …), within a paragraph."""
    for event in paragraph_events:
        event.nested = any(o is not event and o.emitted and o.content
                           and any(a <= event.cue.start < b for a, b in o.content.spans()) for o in paragraph_events)


def join_entities(events: list[Event], parsed: ParsedText, lexicon: Lexicon) -> list:
    """Link every resolved source (written or antecedent) to an entity with one canonical name."""
    unique: dict[tuple[int, int], Mention] = {}
    for event in events:
        if event.resolved is not None:
            unique.setdefault((event.resolved.start, event.resolved.end), event.resolved)
    entities = resolve_entities(list(unique.values()), parsed,
                                lambda sentence, begin, limit: _noun_phrase(sentence, begin, limit, lexicon))
    for event in events:
        if event.resolved is not None:
            event.entity_ref = entities[unique[(event.resolved.start, event.resolved.end)].entity]
            event.entity = event.entity_ref.name
    return entities


def classify(event: Event) -> str:
    content = event.content
    if event.cue.category == "according_to" and content.kind == "according_to":
        return "according_to"
    if content.kind in ("quote", "preceding_quote", "colon"):
        return "direct"
    return "mixed" if content.quoted else "indirect"


def evidence(event: Event) -> list[str]:
    """The rules behind a claim, in order: the cue's category, how the speaker was found (the
    speaker rule and the shape of the written source, or ``implicit`` and how it was resolved),
    the content rule, and whether the event is reported inside another's content."""
    out = [f"cue:{event.cue.category}"]
    if event.speaker is not None:
        out += event.speaker.rules
    else:
        out.append("implicit")
        out += event.resolution
    out += event.content.rules or [event.content.kind]
    if event.nested:
        out.append("nested")
    return out


def _entity_ids(events: list[Event]) -> dict[int, str]:
    """e1, e2 … in order of the first claim that names each entity."""
    ids: dict[int, str] = {}
    for event in events:
        if event.entity_ref is not None and event.entity_ref.id not in ids:
            ids[event.entity_ref.id] = f"e{len(ids) + 1}"
    return ids


def to_entities(events: list[Event], text: str) -> list[EntityRecord]:
    """The entities the claims name, each with every mention of it found in the text."""
    ids = _entity_ids(events)
    seen: dict[int, Entity] = {}
    for event in events:
        if event.entity_ref is not None:
            seen.setdefault(event.entity_ref.id, event.entity_ref)
    records = []
    for eid, entity in seen.items():
        spans = sorted({(m.start, m.end) for m in entity.mentions})
        records.append(EntityRecord(id=ids[eid], name=entity.name, kind=entity.kind,
                                    mentions=[Span(text=text[a:b], start=a, end=b) for a, b in spans]))
    return records


def _span(text: str, span: tuple[int, int] | None) -> Span | None:
    return Span(text=text[span[0]:span[1]], start=span[0], end=span[1]) if span is not None else None


def to_claims(events: list[Event], text: str) -> list[Claim]:
    ids = _entity_ids(events)
    claims = []
    for n, event in enumerate(events, 1):
        cue, content, speaker, resolved = event.cue, event.content, event.speaker, event.resolved
        rules = evidence(event)
        claims.append(Claim(
            id=f"c{n}",
            type=classify(event),
            cue=Cue(text=text[cue.start:cue.end], start=cue.start, end=cue.end, lemma=cue.lemma),
            speaker=Speaker(
                text=text[speaker.start:speaker.end] if speaker else None,
                start=speaker.start if speaker else None,
                end=speaker.end if speaker else None,
                implicit=speaker is None,
                resolved=Span(text=text[resolved.start:resolved.end], start=resolved.start, end=resolved.end)
                if resolved else None,
                entity=event.entity,
                entity_id=ids[event.entity_ref.id] if event.entity_ref is not None else None,
                anonymous=event.anonymous, title=_span(text, event.title), name=_span(text, event.name)),
            content=ContentSpan(text=text[content.start:content.end], start=content.start, end=content.end,
                                parts=[_span(text, p) for p in content.parts]),
            stance=stance(cue),
            setting=_span(text, event.setting),
            paragraph=cue.sentence.paragraph,
            sentence=cue.sentence.index,
            sentence_span=_span(text, event.sentence_span),
            evidence=rules,
            confidence=confidence_of(rules, event.entity_ref.kind if event.entity_ref is not None else None)))
    return claims

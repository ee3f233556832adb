"""The orchestrator: cues → content → speaker → resolve → join.

``extract_parsed`` runs the rules on a parsed text (tests build one from CoNLL-U) and ``to_claims``
turns its events into claims; :mod:`attribution.run.build` wraps them in a claims document.
"""
from __future__ import annotations

from dataclasses import dataclass

from attribution.claims.model import Claim, Cue, Span, Speaker
from attribution.rules.content import Content, find_content
from attribution.rules.cues import CueMatch, find_cues
from attribution.parse.document import ParsedText
from attribution.rules.lexicon import Lexicon, load_lexicon
from attribution.rules.resolve import (Mention, cue_agreement, group_entities, main_clause_subjects, mention_from_span,
                      pick_antecedent, re_mention)
from attribution.rules.speaker import SpeakerMention, link_speaker


@dataclass
class Event:
    cue: CueMatch
    content: Content | None
    speaker: SpeakerMention | None
    mention: Mention | None = None        # the written source as a mention
    resolved: Mention | None = None       # written source, or the antecedent of an implicit one
    emitted: bool = False
    entity: str | None = None             # canonical name of the resolved source


def extract_parsed(parsed: ParsedText, lexicon: Lexicon | None = None) -> list[Event]:
    lexicon = lexicon or load_lexicon()
    text = parsed.text
    events: list[Event] = []
    subjects: list[Mention] = []
    for sentence in parsed.sentences:
        cues = list(find_cues(sentence, lexicon, text))
        sourced = False
        for k, cue in enumerate(cues):
            if _inside_content(cue, events):
                continue
            content = find_content(cue, parsed, lexicon, _next_event_start(cues, k), _next_cue_start(cues, k))
            speaker = link_speaker(cue, content, lexicon)
            event = Event(cue, content, speaker)
            if speaker is not None:
                event.mention = mention_from_span(sentence, speaker.first, speaker.last, text,
                                                  speaker.start, speaker.end)
            event.emitted = content is not None and cue.kind == "speech" and not _duplicate(event, events)
            events.append(event)
            sourced = sourced or event.mention is not None
        if not sourced:
            # a sentence with a written source (قال الجنرال …، حيث تم بحث …) offers that source as the
            # antecedent; other subjects only stand in where no one is reported speaking
            subjects.extend(main_clause_subjects(sentence, text))
    resolve_speakers(events, subjects)
    join_entities(events, parsed)
    return [e for e in events if e.emitted]


def _next_event_start(cues: list[CueMatch], k: int) -> int | None:
    """Where the content of cue k must stop: at the next cue that opens a new event in the same
    sentence (a participle, a cue after و/ف or a comma, an according-to marker after a comma).
    ``قالت وكالة تاس نقلا عن اللجنة إن …``: a marker right after the source does not stop it."""
    this = cues[k]
    for nxt in cues[k + 1:]:
        fused = nxt.start < nxt.sentence.words[nxt.first].start
        if nxt.category == "according_to" and not _after_conjunction(nxt):
            continue
        if nxt.category in ("participle", "according_to") or fused or _after_conjunction(nxt) \
                or nxt.category == "verb" and this.category == "according_to":
            return nxt.start if fused else _conj_start(nxt)
    return None


def _next_cue_start(cues: list[CueMatch], k: int) -> int | None:
    """Where cue k's search for a complementizer stops: at any later cue (إذ قالت "أبل" إن … is
    قالت's clause), except an according-to marker right after the source (قالت تاس نقلا عن …)."""
    for nxt in cues[k + 1:]:
        if nxt.category != "according_to" or _after_conjunction(nxt):
            return nxt.start
    return None


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


def _inside_content(cue: CueMatch, events: list[Event]) -> bool:
    """Inside an earlier event: within its content, or between its cue and a content that follows."""
    for e in events:
        if not (e.emitted and e.content):
            continue
        if e.content.start <= cue.start < e.content.end:
            return True
        if e.cue.end <= cue.start < e.content.start:
            return True
    return False


def _duplicate(event: Event, events: list[Event]) -> bool:
    """Two cues for one content (…"، كما قال after a verb that already took the quote): keep the first."""
    c = event.content
    for other in events:
        if not other.emitted or other.content is None:
            continue
        o = other.content
        overlap = min(c.end, o.end) - max(c.start, o.start)
        if overlap > 0.5 * min(c.end - c.start, o.end - o.start):
            return True
    return False


def resolve_speakers(events: list[Event], subjects: list[Mention]) -> None:
    """Written sources resolve to themselves; dropped ones to the nearest agreeing antecedent."""
    candidates: list[Mention] = list(subjects)
    excluded = [(e.content.start, e.content.end) for e in events if e.emitted and e.content]
    for event in sorted(events, key=lambda e: e.cue.start):
        if event.mention is not None:
            event.resolved = event.mention
            candidates.append(event.mention)
            continue
        gender, number = cue_agreement(event.cue.sentence, event.cue.head, event.cue.category)
        if event.cue.category == "according_to":
            gender = number = None
        antecedent = None
        if event.cue.category == "participle":
            # مضيفًا: the source of the event it hangs on, earlier in the same sentence
            antecedent = next((e.resolved for e in reversed(events) if e.cue.sentence is event.cue.sentence
                               and e.cue.start < event.cue.start and e.resolved is not None), None)
        if antecedent is None:
            antecedent = pick_antecedent(candidates, event.cue.start, gender, number, excluded)
        event.resolved = antecedent
        if antecedent is not None:
            candidates.append(re_mention(antecedent, event.cue.start))


def join_entities(events: list[Event], parsed: ParsedText) -> None:
    """Group every resolved source (written or antecedent) into entities with one canonical name."""
    unique: dict[tuple[int, int], Mention] = {}
    for event in events:
        if event.resolved is not None:
            unique.setdefault((event.resolved.start, event.resolved.end), event.resolved)
    canonical = group_entities(list(unique.values()), parsed)
    for event in events:
        if event.resolved is not None:
            entity = unique[(event.resolved.start, event.resolved.end)].entity
            event.entity = canonical[entity]


def classify(event: Event) -> str:
    content = event.content
    if event.cue.category == "according_to" and content.kind == "according_to":
        return "according_to"
    if content.kind in ("quote", "preceding_quote", "colon"):
        return "direct"
    return "mixed" if content.quoted else "indirect"


def confidence(event: Event) -> float:
    score = 0.9
    if event.speaker is None:
        score -= 0.15
    elif not event.speaker.via_tree:
        score -= 0.05
    if event.content.kind == "complement" and not event.content.via_tree:
        score -= 0.1
    if event.cue.category == "according_to":
        score -= 0.1
    if event.resolved is None:
        score = min(score, 0.4)
    return round(max(0.05, score), 2)


def to_claims(events: list[Event], text: str) -> list[Claim]:
    claims = []
    for n, event in enumerate(events, 1):
        cue, content, speaker, resolved = event.cue, event.content, event.speaker, event.resolved
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
                entity=event.entity),
            content=Span(text=text[content.start:content.end], start=content.start, end=content.end),
            paragraph=cue.sentence.paragraph,
            sentence=cue.sentence.index,
            confidence=confidence(event)))
    return claims

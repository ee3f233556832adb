"""The first cue of a hand-built sentence, and its content, for the stage tests."""
from __future__ import annotations

from attribution.rules.content import find_content
from attribution.rules.cues import find_cues
from attribution.rules.extract import extract_parsed, to_claims
from attribution.rules.lexicon import load_lexicon
from treebuilder import build


def first_cue(rows: str):
    parsed = build(rows)
    lexicon = load_lexicon()
    cue = next(find_cues(parsed.sentences[0], lexicon, parsed.text))
    return parsed, lexicon, cue


def cue_and_content(rows: str):
    parsed, lexicon, cue = first_cue(rows)
    return parsed, lexicon, cue, find_content(cue, parsed, lexicon, None, None)


def who(rows: str) -> list[tuple]:
    """(cue, written speaker, entity) of every claim of a hand-built text; written spans index it."""
    parsed = build(rows)
    claims = to_claims(extract_parsed(parsed), parsed.text)
    for c in claims:
        if c.speaker.text is not None:
            assert parsed.text[c.speaker.start:c.speaker.end] == c.speaker.text
    return [(c.cue.text, c.speaker.text, c.speaker.entity) for c in claims]

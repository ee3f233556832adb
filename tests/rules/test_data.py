"""The rules' data: cues.json has only the keys the lexicon reads, and every word list is clean."""
from __future__ import annotations

import json

import pytest

from attribution.parse.normalize import normalize
from attribution.rules.lexicon import DATA
from attribution.rules.wordlists import list_names, load_words, read_entries

# the keys attribution.rules.lexicon.Lexicon reads ("_doc" is a comment)
TOP_KEYS = {"_doc", "verbs", "participles", "nouns", "according_to", "complementizers", "complementizer_pronouns",
            "guards", "source_nouns"}
ENTRY_KEYS = {"verbs": ({"lemma", "past", "present"}, {"kind", "preps", "ambiguous", "requires_after", "object_first", "points_back",
                                                         "present_clause_within"}),
              "participles": ({"lemma", "forms"}, {"preps", "joins_verb"}),
              "nouns": ({"lemma", "forms"}, {"definite"}),
              "according_to": ({"marker"}, {"parenthetical"})}
GUARD_KEYS = {"_doc", "non_speech_forms", "negators", "hypothetical", "narrator_formulas", "according_to_non_sources"}
LISTS = ["anonymous_heads", "channel_nouns", "charged_with_titles", "clause_pointers", "clause_prepositions",
         "clause_taking_nouns",
         "compound_name_parts", "connectives", "demonstratives", "denial_cues", "disclosure_nouns", "document_nouns",
         "enclitic_pronouns", "event_nouns", "future_or_infinitive", "generic_nouns",
         "honorifics", "identity_nouns", "issued_by", "media_names", "name_stop_words", "not_sources",
         "org_heads", "place_prepositions", "published", "quote_pointers", "recipient_nouns", "relational_nouns", "relative_pronouns",
         "setting_prepositions",
         "speech_nouns", "time_words", "titles", "venue_nouns", "year_modifiers"]


def cue_problems(data: dict) -> list[str]:
    problems = [f"unknown key {k!r}" for k in sorted(set(data) - TOP_KEYS)]
    problems += [f"missing key {k!r}" for k in sorted(TOP_KEYS - {"_doc"} - set(data))]
    for section, (required, optional) in ENTRY_KEYS.items():
        for n, entry in enumerate(data.get(section, [])):
            problems += [f"{section}[{n}]: unknown key {k!r}" for k in sorted(set(entry) - required - optional)]
            problems += [f"{section}[{n}]: missing key {k!r}" for k in sorted(required - set(entry))]
            if entry.get("kind", "speech") not in ("speech", "expressive"):
                problems.append(f"{section}[{n}]: kind {entry['kind']!r}")
    guards = data.get("guards", {})
    problems += [f"guards: unknown key {k!r}" for k in sorted(set(guards) - GUARD_KEYS)]
    problems += [f"guards: missing key {k!r}" for k in sorted(GUARD_KEYS - {"_doc"} - set(guards))]
    return problems


def test_cues_json_has_only_known_keys():
    assert cue_problems(json.loads(DATA.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("mutate, problem", [
    (lambda d: d.update(verb=[]), "unknown key 'verb'"),
    (lambda d: d["verbs"][0].update(prep=["على"]), "verbs[0]: unknown key 'prep'"),
    (lambda d: d["according_to"][0].update(implicit_ok=True), "according_to[0]: unknown key 'implicit_ok'"),
    (lambda d: d["guards"].update(negator=[]), "guards: unknown key 'negator'"),
    (lambda d: d["nouns"][0].pop("forms"), "nouns[0]: missing key 'forms'"),
])
def test_a_misspelt_cues_key_is_caught(mutate, problem):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    mutate(data)
    assert problem in cue_problems(data)


def test_every_list_is_known():
    assert list_names() == LISTS


# lists of names of several words, compared word by word (speaker.media_recipient_end)
PHRASE_LISTS = {"media_names"}


@pytest.mark.parametrize("name", LISTS)
def test_word_list_has_no_empty_or_duplicate_entries(name):
    entries = read_entries(name)
    assert entries and all(e.strip() == e and (" " not in e or name in PHRASE_LISTS) for e in entries)
    assert all("  " not in e for e in entries)
    normalised = [normalize(e) for e in entries]
    duplicates = sorted({e for e in normalised if normalised.count(e) > 1})
    assert duplicates == [], f"{name}: duplicates after normalisation: {duplicates}"
    assert load_words(name) == frozenset(normalised)

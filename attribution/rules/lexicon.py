"""The cue lexicon (``data/cues.json``) and its matcher.

The data file lists lemmas and stems; this module only expands regular inflection and
normalises, so adding a verb never needs code.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from attribution.parse.normalize import normalize

DATA = Path(__file__).resolve().parent / "data" / "cues.json"
# headline: an in-text sub-headline "Name: claim" (مدير المخابرات الأمريكية: لا تهديد …), the colon its cue
CueCategory = Literal["verb", "participle", "noun", "according_to", "headline"]
CueKind = Literal["speech", "expressive"]  # expressive acts (أشاد، دعا) are found but not reported

PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن")
PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")
PRESENT_SUFFIXES = ("", "ون", "ان", "ن", "وا")
# مضيفا; the feminine and plural forms (مضيفة، مضيفين) are also nouns (hostess, hosts), so they
# count only before a complementizer or a colon
PARTICIPLE_SUFFIXES = ("", "ه", "ين", "ات", "ان")
CLITIC_PREFIXES = ("و", "ف")


@dataclass(frozen=True)
class CueEntry:
    lemma: str          # normalised lemma, as in the claims' cue.lemma
    category: CueCategory
    kind: CueKind = "speech"
    preps: tuple[str, ...] = ()
    ambiguous: bool = False
    requires_after: tuple[str, ...] = ()   # ونقلت X عن Y: counts only with one of these words after it
    object_first: bool = False     # ووصف X بأنه: a lone noun phrase before the clause is the object
    points_back: bool = False      # …، وهو ما أكده X: reports the clause the relative ما points back at
    joins_verb: bool = False       # وقال ترامب، معلقا على …: "…": a participle that only says how a verb spoke
    clause_within: int = 0         # تبلغ: a form shared with another verb counts only with its clause this near


@dataclass(frozen=True)
class AccordingTo:
    marker: tuple[str, ...]   # normalised words
    lemma: str
    parenthetical: bool = False

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        """The marker in normalised text: a word boundary (or a conjunction و/ف) before it, and
        a final one-letter preposition allowed to be glued to the source (وفقا لوكالة)."""
        parts = [re.escape(p) for p in self.marker]
        body = parts[0]
        for part, raw in zip(parts[1:], self.marker[1:]):
            body += (r"\s*" if len(raw) == 1 else r"\s+") + part
        tail = "" if len(self.marker[-1]) == 1 else r"(?![\w])"
        return re.compile(r"(?<![\w])(?:[وف]\s?)?" + body + tail)


class Lexicon:
    def __init__(self, data: dict):
        self.by_lemma: dict[str, CueEntry] = {}
        self.by_form: dict[str, CueEntry] = {}
        for verb in data["verbs"]:
            entry = CueEntry(normalize(verb["lemma"]), "verb", verb.get("kind", "speech"),
                             tuple(normalize(p) for p in verb.get("preps", ())), verb.get("ambiguous", False),
                             tuple(normalize(w) for w in verb.get("requires_after", ())),
                             verb.get("object_first", False), verb.get("points_back", False))
            self.by_lemma.setdefault(entry.lemma, entry)
            for stem in map(normalize, verb["past"]):
                for suffix in PAST_SUFFIXES:
                    self.by_form.setdefault(stem + suffix, entry)
            # تبلغ is also بلغ's (amounts to): its present forms need their clause close by
            present = dataclasses.replace(entry, clause_within=verb.get("present_clause_within", 0))
            for stem in map(normalize, verb["present"]):
                for prefix in PRESENT_PREFIXES:
                    for suffix in PRESENT_SUFFIXES:
                        self.by_form.setdefault(prefix + stem + suffix, present)
        self.participles: dict[str, CueEntry] = {}
        for part in data["participles"]:
            entry = CueEntry(normalize(part["lemma"]), "participle", "speech",
                             tuple(normalize(p) for p in part.get("preps", ())),
                             joins_verb=part.get("joins_verb", False))
            for form in map(normalize, part["forms"]):
                base = form[:-1] if form.endswith("ا") else form
                for suffix in PARTICIPLE_SUFFIXES:
                    self.participles[(base + suffix) if suffix else form] = entry
        # speech nouns are listed bare (قول); the matcher requires the possessive pronoun (قوله)
        self.nouns = {normalize(f): CueEntry(normalize(n["lemma"]), "noun") for n in data["nouns"] for f in n["forms"]}
        self.bare_nouns = set(self.nouns)
        # واكتفت بالقول إن …: the definite noun is a cue only before a clause or a quotation
        self.definite_nouns = {normalize(f): CueEntry(normalize(n["lemma"]), "noun") for n in data["nouns"]
                               for f in n.get("definite", ())}
        for stem, entry in list(self.nouns.items()):
            for pron in ("ه", "ها", "هم", "هما", "هن"):
                self.nouns.setdefault(stem + pron, entry)
        self.according_to = [AccordingTo(tuple(normalize(w) for w in a["marker"]),
                                         " ".join(normalize(w) for w in a["marker"]), a.get("parenthetical", False))
                             for a in data["according_to"]]
        self.according_to.sort(key=lambda a: -len(a.marker))
        self.marker_starts = {a.marker[0] for a in self.according_to if not a.parenthetical and len(a.marker[0]) > 2}
        self.complementizers = {normalize(c) for c in data["complementizers"]}
        pron = [normalize(p) for p in data["complementizer_pronouns"]]
        self.complementizer_forms = self.complementizers | {c + p for c in self.complementizers for p in pron}
        self.pronoun_suffixes = set(pron)
        guards = data["guards"]
        self.non_speech_forms = {normalize(f) for f in guards["non_speech_forms"]}
        self.negators = {normalize(f) for f in guards["negators"]}
        self.hypothetical = {normalize(f) for f in guards["hypothetical"]}
        self.narrator_formulas = [tuple(normalize(w) for w in f) for f in guards["narrator_formulas"]]
        self.non_sources = {normalize(f) for f in guards["according_to_non_sources"]}
        self.source_nouns = {normalize(f) for f in data["source_nouns"]}

    def _strip_clitic(self, form: str, upos: str = "") -> list[str]:
        """The form, and without a fused و/ف.  A three-letter form keeps its first letter unless
        it is tagged a verb: ورد بومبيو بأن … is و + رد (replied), while وعد، فاز stay whole."""
        out = [form]
        if form[:1] in CLITIC_PREFIXES and (len(form) > 3 or len(form) == 3 and upos == "VERB"):
            out.append(form[1:])
        return out

    def match_word(self, norm: str, norm_lemma: str, upos: str, before_complementizer: bool = False,
                   possessive_follows: bool = False) -> CueEntry | None:
        """Match one word (normalised form and lemma) against verbs, participles and speech nouns.
        An ambiguous form (بين، ذكر) counts when tagged VERB or directly followed by a
        complementizer (وبين أن …), which only a verb can take there."""
        forms = self._strip_clitic(norm, upos)
        if any(f in self.non_speech_forms for f in forms):
            return None
        for f in forms:
            if f in self.participles:
                if f.endswith("ا") or before_complementizer:
                    return self.participles[f]
                return None
            if f in self.nouns and (f not in self.bare_nouns or possessive_follows):
                return self.nouns[f]
            if f in self.definite_nouns and before_complementizer:
                return self.definite_nouns[f]
        if upos in ("VERB", "AUX", "X", "NOUN", "PROPN", "ADJ") or before_complementizer:
            for f in forms:
                entry = self.by_form.get(f)
                if entry and (upos == "VERB" or not entry.ambiguous or before_complementizer):
                    return entry
        if upos == "VERB" and norm_lemma in self.by_lemma:
            return self.by_lemma[norm_lemma]
        return None

    def is_non_source(self, norm: str) -> bool:
        """وفقا للقرار: the noun after an according-to marker names a rule or plan, not a source.
        After ل the article's alif is gone (ل+لقرار), so the article is restored before looking up."""
        variants = {norm, "ا" + norm if norm.startswith("ل") else norm}
        variants |= {v[2:] for v in variants if v.startswith("ال")}
        return bool(variants & self.non_sources)

    def is_complementizer(self, norm: str) -> bool:
        return norm in self.complementizer_forms

    def complementizer_at(self, words, j: int) -> bool:
        """Word j is a complementizer, also where the tokenizer split it off a preposition written
        onto it (بألا as ب|ألا: ألا alone normalises like إلا, except, so only the written word
        tells)."""
        w = words[j]
        if w.norm in self.complementizer_forms:
            return True
        prev = words[j - 1] if j > 0 else None
        return prev is not None and prev.upos == "ADP" and prev.end == w.start \
            and prev.norm + w.norm in self.complementizer_forms


@functools.lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    with open(path or DATA, encoding="utf-8") as handle:
        return Lexicon(json.load(handle))

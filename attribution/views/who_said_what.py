"""Who said what: one row per speaker over any number of claims documents.

* ``entity``: the speaker's name (its fullest canonical name among the entities grouped in the
  row); claims whose speaker could not be resolved are gathered under ``None`` ("(unresolved)" in
  the table).  :class:`SpeakerGroups` decides which entities are one speaker.
* ``mentions``: distinct written mentions of the speaker (the source as written at a claim,
  and the mention an implicit source was resolved to), counted once per span.
* ``claims``: claims attributed to it; ``articles``: documents it speaks in.
* ``first_claim``: the content of its first claim (first document, then text order).
* ``claim_list``: every claim (``speakers --all``), in the same order.

Grouping (:class:`SpeakerGroups`): a row is one entity of one document unless names match
across entities as persons or organisations:

1. A person or organisation whose name has a *specific* word is one speaker with every other
   person (resp. organisation) of the same name key.  The key is the name's normalised words
   (:func:`attribution.parse.normalize.normalize`; ``عبد الفتاح`` written ``عبدالفتاح``; ال and لل
   dropped from each word; leading titles and honorifics dropped when a name alone follows them:
   ``الرئيس ترامب`` is ``ترامب``, ``نائب وزير الخارجية الفرنسي`` keeps them).
   A word is specific when it is in none of the word lists :data:`GENERIC_LISTS` (generic_nouns,
   titles, honorifics, anonymous_heads, org_heads, document_nouns, name_stop_words): الشرطة،
   وزارة الدفاع، المتحدث باسم الخارجية، مصادر، مسؤول have none, so each stays one row per article
   (the police of London is not the police of Foggia); وزارة الدفاع الروسية، دونالد ترامب have one.
2. An entity of unknown kind with a specific name joins the persons, or the organisations, of its
   key when there are such (both: it is left alone); it never groups with another unknown by itself.
3. A name made only of specific words (``ترامب``، ``عبدالفتاح السيسي``), of a person or an unknown
   entity, joins the longer person names that end with it (``دونالد ترامب``، ``الرئيس المصري
   عبدالفتاح السيسي``) when they are all one speaker already: ``ترامب`` beside ``دونالد ترامب`` and
   ``ميلانيا ترامب`` stays apart (among the speakers of the batch: a name the text mentions but no
   claim is attributed to is not seen).  Longer names are matched first.
4. A person is never grouped with an organisation; anonymous sources and documents never group.

The rules apply within an article too: two entities that the article's linking kept apart
(``السيسي`` of unknown kind, ``الرئيس المصري عبدالفتاح السيسي`` a person) are one row.

Documents of schema 1.0 (no entities) go by the canonical name alone: a specific name as in 1.
(with persons and organisations of that key when only one of them has it), a generic one per
document.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from attribution.claims.model import Claim, ClaimsDocument
from attribution.parse.normalize import normalize
from attribution.rules.wordlists import load_words
from attribution.termsafe import printable

UNRESOLVED = "(unresolved)"

# words that do not tell one speaker from another (attribution/rules/data/<name>.txt)
GENERIC_LISTS = ("generic_nouns", "titles", "honorifics", "anonymous_heads", "org_heads", "document_nouns",
                 "name_stop_words")
TITLE_LISTS = ("titles", "honorifics")
_LETTERS_RE = re.compile(r"[^\W_]+")
MERGING_KINDS = ("person", "organisation")


def _drop_article(word: str) -> str:
    for prefix in ("لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix):]
    return word


@functools.cache
def _word_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_drop_article(w) for name in names for w in load_words(name))


def is_generic_word(word: str) -> bool:
    """A key word (normalised, article dropped) that names no one in particular; also tried with a
    leading و ب ف ك (وبالحكومة، والشرطة are still generic)."""
    generic = _word_set(GENERIC_LISTS)
    if word in generic:
        return True
    return len(word) > 3 and word[0] in "وبفك" and _drop_article(word[1:]) in generic


def name_words(name: str) -> tuple[str, ...]:
    """A name as normalised words (letters and digits: no punctuation, ، included), ``عبد`` joined
    to the next word, ال / لل dropped."""
    raw = _LETTERS_RE.findall(normalize(name))
    joined: list[str] = []
    for word in raw:
        if joined and joined[-1] == "عبد":
            joined[-1] += word
        else:
            joined.append(word)
    return tuple(_drop_article(w) for w in joined)


def name_key(name: str) -> tuple[str, ...]:
    """The words two names must share to be one speaker: :func:`name_words`, less its leading
    titles and honorifics when a name alone follows them (``الرئيس المصري عبدالفتاح السيسي`` is
    ``مصري عبدالفتاح سيسي``; ``نائب وزير الخارجية الفرنسي`` keeps its titles, or it would be the
    minister)."""
    found = name_words(name)
    titles = _word_set(TITLE_LISTS)
    n = 0
    while n < len(found) - 1 and found[n] in titles:
        n += 1
    rest = found[n:]
    return rest if n and not any(is_generic_word(w) for w in rest) else found


def is_specific(name: str) -> bool:
    """The name has a word that tells its bearer apart (a proper name, a country, a nationality)."""
    return any(not is_generic_word(w) for w in name_words(name))


@dataclass
class _Node:
    kind: str | None          # the entity's kind; None for a 1.0 document's name
    name: str
    key: tuple[str, ...]
    specific: bool
    bare: bool                # only specific words: a name alone, with no title or description


def _node_id(n: int, doc: ClaimsDocument, claim: Claim) -> tuple | None:
    if claim.speaker.entity is None:
        return None
    entity = doc.entity_of(claim)
    return ("entity", n, entity.id) if entity is not None else ("name", n, claim.speaker.entity)


class SpeakerGroups:
    """Which speaker each claim of a batch counts for (the rules are in this module's docstring).
    ``key(n, doc, claim)``: the speaker of a claim of ``docs[n]``, None when unresolved."""

    def __init__(self, docs: Iterable[ClaimsDocument]):
        self.nodes: dict[tuple, _Node] = {}      # in the order first seen
        for n, doc in enumerate(docs):
            for claim in doc.claims:
                node = _node_id(n, doc, claim)
                if node is None or node in self.nodes:
                    continue
                entity = doc.entity_of(claim)
                name = entity.name if entity is not None else claim.speaker.entity
                key = name_key(name)
                self.nodes[node] = _Node(kind=entity.kind if entity is not None else None, name=name, key=key,
                                         specific=is_specific(name),
                                         bare=bool(key) and not any(is_generic_word(w) for w in key))
        self.order = {node: i for i, node in enumerate(self.nodes)}
        self.parent = {node: node for node in self.nodes}
        self._group()
        self.members: dict[tuple, list[tuple]] = {}
        for node in self.nodes:
            self.members.setdefault(self.find(node), []).append(node)

    def find(self, node: tuple) -> tuple:
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def _union(self, a: tuple, b: tuple) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=self.order.__getitem__)
            self.parent[second] = first

    def _group(self) -> None:
        # 1. persons, organisations (and 1.0 names) by name key
        buckets: dict[tuple, tuple] = {}
        for node, info in self.nodes.items():
            if info.specific and info.kind in (*MERGING_KINDS, None):
                bucket = (info.kind, info.key)
                if bucket in buckets:
                    self._union(buckets[bucket], node)
                else:
                    buckets[bucket] = node
        # 2. unknown kinds (and 1.0 names) join the one kind that has their key
        for node, info in self.nodes.items():
            if info.specific and info.kind in ("unknown", None):
                found = [buckets[(kind, info.key)] for kind in MERGING_KINDS if (kind, info.key) in buckets]
                if len(found) == 1:
                    self._union(found[0], node)
        # 3. a bare name joins the longer person names ending with it, when they are one speaker
        ending: dict[tuple, list[tuple]] = {}    # a proper final part of a person's key -> those persons
        for node, info in self.nodes.items():
            if info.kind == "person" and info.specific:
                for size in range(1, len(info.key)):
                    ending.setdefault(info.key[-size:], []).append(node)
        short = [(node, info) for node, info in self.nodes.items()
                 if info.bare and info.kind in ("person", "unknown", None) and info.key in ending]
        for node, info in sorted(short, key=lambda item: -len(item[1].key)):
            targets = {self.find(target) for target in ending[info.key]}
            if len(targets) == 1:
                self._union(targets.pop(), node)

    def key(self, n: int, doc: ClaimsDocument, claim: Claim) -> tuple | None:
        node = _node_id(n, doc, claim)
        return None if node is None else ("speaker", self.find(node))

    def label(self, key: tuple) -> tuple[str, str | None]:
        """The name and kind a group is shown with: its fullest name, a person's or an
        organisation's before an unknown one's, the first seen among equals."""
        best = min(self.members[key[1]], key=lambda node: (self.nodes[node].kind not in MERGING_KINDS,
                                                           -len(name_words(self.nodes[node].name)),
                                                           self.order[node]))
        return self.nodes[best].name, self.nodes[best].kind


@dataclass
class SpeakerRow:
    entity: str | None
    mentions: int = 0
    claims: int = 0
    articles: int = 0
    first_claim: str = ""
    first_article: str = ""
    forms: list[str] = field(default_factory=list)   # distinct spellings of the mentions
    kind: str | None = None                           # person, organisation, anonymous … (schema 1.1)
    claim_list: list[dict] = field(default_factory=list)   # every claim (CLAIM_FIELDS), shown with --all

    @property
    def label(self) -> str:
        return self.entity if self.entity is not None else UNRESOLVED


# one claim of a speaker (--all): JSON claim_list items, and the CSV columns after the speaker's
CLAIM_FIELDS = ["article", "claim_id", "paragraph", "sentence", "type", "confidence", "cue", "mention", "content"]


def _claim_item(doc: ClaimsDocument, claim: Claim) -> dict:
    sp = claim.speaker
    mention = sp.text if sp.text is not None else (sp.resolved.text if sp.resolved is not None else None)
    return {"article": doc.input.name, "claim_id": claim.id, "paragraph": claim.paragraph,
            "sentence": claim.sentence, "type": claim.type, "confidence": claim.confidence, "cue": claim.cue.text,
            "mention": mention, "content": claim.content.text}


def who_said_what(docs: Iterable[ClaimsDocument]) -> list[SpeakerRow]:
    docs = list(docs)
    groups = SpeakerGroups(docs)
    rows: dict[tuple | None, SpeakerRow] = {}
    spans: dict[tuple | None, set] = {}
    seen_in: dict[tuple | None, set] = {}
    for n, doc in enumerate(docs):
        for claim in sorted(doc.claims, key=lambda c: (c.cue.start, c.id)):
            key = groups.key(n, doc, claim)
            row = rows.get(key)
            if row is None:
                entity, kind = groups.label(key) if key is not None else (None, None)
                row = rows[key] = SpeakerRow(entity=entity, first_claim=claim.content.text,
                                             first_article=doc.input.name, kind=kind)
                spans[key], seen_in[key] = set(), set()
            row.claims += 1
            row.claim_list.append(_claim_item(doc, claim))
            seen_in[key].add(n)
            sp = claim.speaker
            for text, start, end in ((sp.text, sp.start, sp.end),
                                     (sp.resolved.text, sp.resolved.start, sp.resolved.end) if sp.resolved
                                     else (None, None, None)):
                if start is None:
                    continue
                spans[key].add((n, start, end))
                if text not in row.forms:
                    row.forms.append(text)
    for key, row in rows.items():
        row.mentions = len(spans[key])
        row.articles = len(seen_in[key])
    # most claims first; unresolved last, as it is not a person to follow up
    return sorted(rows.values(), key=lambda r: (r.entity is None, -r.claims, -r.mentions, r.label))


def to_json(rows: list[SpeakerRow], all_claims: bool = False) -> str:
    """One object per speaker; ``claim_list`` (every claim, CLAIM_FIELDS) only with ``all_claims``."""
    out = []
    for r in rows:
        item = asdict(r)
        if not all_claims:
            del item["claim_list"]
        out.append(item)
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ["entity", "kind", "mentions", "claims", "articles", "first_claim", "first_article"]
# --all: one row per claim, the speaker's columns then the claim's
CSV_ALL_COLUMNS = ["entity", "kind", "mentions", "claims", "articles", *CLAIM_FIELDS]


def to_csv(rows: list[SpeakerRow], bom: bool = False, all_claims: bool = False) -> str:
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_ALL_COLUMNS if all_claims else CSV_COLUMNS)
    for r in rows:
        speaker = [r.entity if r.entity is not None else "", r.kind or "", r.mentions, r.claims, r.articles]
        if not all_claims:
            writer.writerow([*speaker, r.first_claim, r.first_article])
            continue
        for item in r.claim_list:
            writer.writerow([*speaker, *("" if item[k] is None else item[k] for k in CLAIM_FIELDS)])
    return buffer.getvalue()


def _clip(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def print_table(rows: list[SpeakerRow], console=None, title: str | None = None, all_claims: bool = False) -> None:
    """The speakers as a table; a name that two rows share (الشرطة of two articles) is followed by
    its row's first article.  ``all_claims``: under each speaker, one indented line per claim
    (article ¶paragraph counted from 1, then cue: content clipped)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    table = Table(title=title, show_lines=False, header_style="bold")
    table.add_column("entity")
    table.add_column("mentions", justify="right")
    table.add_column("claims", justify="right")
    table.add_column("articles", justify="right")
    table.add_column("cue: claim" if all_claims else "first claim", overflow="fold")
    shared: dict[str, int] = {}
    for r in rows:
        shared[r.label] = shared.get(r.label, 0) + 1
    for r in rows:
        label = r.label if shared[r.label] == 1 or r.entity is None else f"{r.label} ({r.first_article})"
        # Text(), not markup: article text may hold [brackets] that rich would read as styles; and
        # printable(): it may hold escape sequences too, which rich would send to the terminal
        table.add_row(Text(printable(label), style="dim" if r.entity is None else ""), str(r.mentions),
                      str(r.claims), str(r.articles), Text("" if all_claims else printable(_clip(r.first_claim))))
        if all_claims:
            for item in r.claim_list:
                table.add_row(Text(printable(f"  {item['article']} ¶{item['paragraph'] + 1}"), style="dim"), "", "",
                              "", Text(printable(_clip(f"{item['cue']}: {item['content']}"))))
    console.print(table)

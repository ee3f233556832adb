"""Who said what: one row per speaker entity over any number of claims documents.

* ``entity``: the canonical name (its fullest mention in the article); claims whose speaker
  could not be resolved are gathered under ``None`` ("(unresolved)" in the table).  Speakers are
  grouped by the document's entity ids (:func:`speaker_key`): a named person or organisation is
  one row across articles, any other speaker (الشرطة، مصادر، an unknown kind) one row per article.
* ``mentions``: distinct written mentions of the speaker (the source as written at a claim,
  and the mention an implicit source was resolved to), counted once per span.
* ``claims``: claims attributed to it; ``articles``: documents it speaks in.
* ``first_claim``: the content of its first claim (first document, then text order).
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from typing import Iterable

from attribution.claims.model import Claim, ClaimsDocument
from attribution.termsafe import printable

UNRESOLVED = "(unresolved)"


def speaker_key(n: int, doc: ClaimsDocument, claim: Claim) -> tuple | None:
    """Which speaker a claim counts for: None when unresolved; a person or organisation by its
    canonical name (the same name in two articles is one speaker); anything else by its entity
    within its document (``الشرطة`` of London is not ``الشرطة`` of Foggia).  Documents of schema
    1.0, without entities, group by canonical name as they always did."""
    sp = claim.speaker
    if sp.entity is None:
        return None
    entity = doc.entity_of(claim)
    if entity is None or entity.kind in ("person", "organisation"):
        return ("name", sp.entity)
    return ("doc", n, entity.id)


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

    @property
    def label(self) -> str:
        return self.entity if self.entity is not None else UNRESOLVED


def who_said_what(docs: Iterable[ClaimsDocument]) -> list[SpeakerRow]:
    rows: dict[tuple | None, SpeakerRow] = {}
    spans: dict[tuple | None, set] = {}
    seen_in: dict[tuple | None, set] = {}
    for n, doc in enumerate(docs):
        kinds = {e.id: e.kind for e in doc.entities}
        for claim in sorted(doc.claims, key=lambda c: (c.cue.start, c.id)):
            key = speaker_key(n, doc, claim)
            row = rows.get(key)
            if row is None:
                row = rows[key] = SpeakerRow(entity=claim.speaker.entity, first_claim=claim.content.text,
                                             first_article=doc.input.name, kind=kinds.get(claim.speaker.entity_id))
                spans[key], seen_in[key] = set(), set()
            row.claims += 1
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


def to_json(rows: list[SpeakerRow]) -> str:
    return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ["entity", "kind", "mentions", "claims", "articles", "first_claim", "first_article"]


def to_csv(rows: list[SpeakerRow], bom: bool = False) -> str:
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([r.entity if r.entity is not None else "", r.kind or "", r.mentions, r.claims, r.articles,
                         r.first_claim, r.first_article])
    return buffer.getvalue()


def _clip(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[:width - 1] + "…"


def print_table(rows: list[SpeakerRow], console=None, title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    table = Table(title=title, show_lines=False, header_style="bold")
    table.add_column("entity")
    table.add_column("mentions", justify="right")
    table.add_column("claims", justify="right")
    table.add_column("articles", justify="right")
    table.add_column("first claim", overflow="fold")
    for r in rows:
        # Text(), not markup: article text may hold [brackets] that rich would read as styles; and
        # printable(): it may hold escape sequences too, which rich would send to the terminal
        table.add_row(Text(printable(r.label), style="dim" if r.entity is None else ""), str(r.mentions),
                      str(r.claims), str(r.articles), Text(printable(_clip(r.first_claim))))
    console.print(table)

"""Claims as CSV: one row a claim, every span with its offsets, for spreadsheets and pandas.

Offsets are Python string indices into the text the claims document indexes (the file as read,
or the document's ``text``), exactly as in the JSON.  Empty cells stand for null.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, TextIO

from attribution.claims.model import Claim, ClaimsDocument

COLUMNS = [
    "input", "input_sha256", "claim_id", "type", "confidence", "paragraph", "sentence",
    "cue", "cue_start", "cue_end", "cue_lemma",
    "speaker", "speaker_start", "speaker_end", "speaker_implicit",
    "resolved", "resolved_start", "resolved_end", "entity", "entity_id", "entity_kind",
    "content", "content_start", "content_end",
    # schema 1.3
    "speaker_anonymous", "speaker_title", "speaker_title_start", "speaker_title_end",
    "speaker_name", "speaker_name_start", "speaker_name_end", "content_parts", "stance",
    "setting", "setting_start", "setting_end", "sentence_start", "sentence_end",
    "evidence",
]
BOM = "\ufeff"
# cells a spreadsheet would evaluate as a formula (CSV injection); article text is untrusted
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def claim_row(doc: ClaimsDocument, claim: Claim) -> dict:
    sp = claim.speaker
    res = sp.resolved
    entity = doc.entity_of(claim)
    return {
        "input": doc.input.name, "input_sha256": doc.input.sha256, "claim_id": claim.id, "type": claim.type,
        "confidence": claim.confidence, "paragraph": claim.paragraph, "sentence": claim.sentence,
        "cue": claim.cue.text, "cue_start": claim.cue.start, "cue_end": claim.cue.end, "cue_lemma": claim.cue.lemma,
        "speaker": sp.text, "speaker_start": sp.start, "speaker_end": sp.end,
        "speaker_implicit": "true" if sp.implicit else "false",
        "resolved": res.text if res else None, "resolved_start": res.start if res else None,
        "resolved_end": res.end if res else None, "entity": sp.entity, "entity_id": sp.entity_id,
        "entity_kind": entity.kind if entity else None,
        "content": claim.content.text, "content_start": claim.content.start, "content_end": claim.content.end,
        "speaker_anonymous": "true" if sp.anonymous else "false",
        **_span_cells("speaker_title", sp.title), **_span_cells("speaker_name", sp.name),
        # the pieces of a split quotation as start:end pairs (the text is in `content`)
        "content_parts": " ".join(f"{p.start}:{p.end}" for p in claim.content.parts),
        "stance": claim.stance, **_span_cells("setting", claim.setting),
        "sentence_start": claim.sentence_span.start if claim.sentence_span else None,
        "sentence_end": claim.sentence_span.end if claim.sentence_span else None,
        "evidence": " ".join(claim.evidence),   # rule names hold no spaces
    }


def _span_cells(name: str, span) -> dict:
    """``name``, ``name_start``, ``name_end`` of a span that may be null."""
    return {name: span.text if span else None, f"{name}_start": span.start if span else None,
            f"{name}_end": span.end if span else None}


def _guard(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class CsvWriter:
    """Writes the header once, then the rows of each document as it comes (so a stream can be
    flushed per document).  ``spreadsheet`` neutralises cells that start like a formula."""

    def __init__(self, stream: TextIO, header: bool = True, spreadsheet: bool = False):
        self.stream = stream
        self.spreadsheet = spreadsheet
        # \r\n per RFC 4180; Arabic text holding \n stays inside quoted cells
        self.writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\r\n")
        if header:
            self.writer.writeheader()

    def write(self, doc: ClaimsDocument) -> int:
        # one write() per document: a run killed mid-document leaves at most one torn row,
        # never half of a document's rows interleaved with the next one
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
        for claim in doc.claims:
            row = claim_row(doc, claim)
            if self.spreadsheet:
                row = {k: _guard(v) for k, v in row.items()}
            writer.writerow(row)
        self.stream.write(buffer.getvalue())
        return len(doc.claims)


def to_csv(docs: Iterable[ClaimsDocument], bom: bool = False, header: bool = True) -> str:
    """All claims of ``docs`` as one CSV string; ``bom`` starts it with a UTF-8 byte-order mark
    (Excel needs one to read Arabic) and guards formula-like cells."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = CsvWriter(buffer, header=header, spreadsheet=bom)
    for doc in docs:
        writer.write(doc)
    return buffer.getvalue()


def read_done(stream: TextIO) -> set[tuple[str, str]]:
    """(input name, sha256) pairs already in a CSV written by :class:`CsvWriter` (for --resume)."""
    text = stream.read()
    if text.startswith(BOM):
        text = text[1:]
    done = set()
    for row in csv.DictReader(io.StringIO(text)):
        name, sha = row.get("input"), row.get("input_sha256")
        if name and sha:
            if name.startswith("'") and name[1:].startswith(_FORMULA_START):
                name = name[1:]
            done.add((name, sha))
    return done

"""Validate claim files: JSON Schema (jsonschema, 2020-12) and, given the text, every offset."""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from attribution.claims.read import parse_records, read_text
from attribution.claims.schema import claims_schema


@dataclass
class Problem:
    path: str       # JSON path ($.claims[0].cue.start)
    message: str


@functools.lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    # the schema generated from the models (the committed file is the same, a test checks it);
    # built once, not per document of a JSONL file
    return Draft202012Validator(claims_schema())


def read_documents(path: Path) -> tuple[list[tuple[str, object]], list[Problem]]:
    """Parse a claims file: one JSON document, or JSONL (one per line).  Returns (location, doc)
    pairs and the parse problems; never raises on bad content."""
    try:
        raw = read_text(path)
    except UnicodeDecodeError as err:
        return [], [Problem("$", f"not UTF-8 (byte {err.start})")]
    except OSError as err:
        return [], [Problem("$", f"cannot read: {err.strerror}")]
    docs, problems = [], []
    for record in parse_records(raw, jsonl=path.suffix == ".jsonl"):
        err = record.error
        if record.line is None:
            if err is not None:
                problems.append(Problem("$", f"not JSON: {err.msg} (line {err.lineno}, column {err.colno})"))
            else:
                docs.append(("", record.data))
        elif err is not None:
            problems.append(Problem(f"line {record.line}", f"not JSON: {err.msg} (column {err.colno})"))
        else:
            docs.append((f"line {record.line}", record.data))
    return docs, problems


def schema_problems(doc: object) -> list[Problem]:
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [Problem(e.json_path, e.message) for e in errors]


def offset_problems(doc: dict, text: str | None) -> list[Problem]:
    """Every span must satisfy ``text[start:end] == span.text``; the input hash must match."""
    problems = []
    if text is None:
        text = doc.get("text")
        if text is None:
            return problems
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if doc.get("input", {}).get("sha256") != digest:
        problems.append(Problem("$.input.sha256", "does not match the sha256 of the given text"))
    for where, span in _spans(doc):
        if not span or span.get("start") is None:
            continue
        start, end, expected = span["start"], span["end"], span.get("text")
        if not (0 <= start <= end <= len(text)):
            problems.append(Problem(where, f"offsets {start}:{end} outside the text (length {len(text)})"))
        elif text[start:end] != expected:
            problems.append(Problem(where, f"text[{start}:{end}] is {text[start:end]!r}, not {expected!r}"))
    return problems


def _spans(doc: dict):
    """(JSON path, span) of every span of a document: each claim's cue, content, speaker and
    resolved speaker, and every mention of every entity."""
    for i, claim in enumerate(doc.get("claims", [])):
        speaker = claim.get("speaker") or {}
        for name, span in (("cue", claim.get("cue")), ("content", claim.get("content")), ("speaker", speaker),
                           ("speaker.resolved", speaker.get("resolved"))):
            yield f"$.claims[{i}].{name}", span
    for i, entity in enumerate(doc.get("entities", [])):
        for k, span in enumerate(entity.get("mentions", [])):
            yield f"$.entities[{i}].mentions[{k}]", span


def reference_problems(doc: dict) -> list[Problem]:
    """Every ``speaker.entity_id`` names an entity of the document, and entity ids are unique."""
    ids = [e.get("id") for e in doc.get("entities", [])]
    problems = [Problem(f"$.entities[{i}].id", f"duplicate entity id {eid!r}")
                for i, eid in enumerate(ids) if eid in ids[:i]]
    for i, claim in enumerate(doc.get("claims", [])):
        eid = (claim.get("speaker") or {}).get("entity_id")
        if eid is not None and eid not in ids:
            problems.append(Problem(f"$.claims[{i}].speaker.entity_id", f"no entity {eid!r} in $.entities"))
    return problems


def validate_file(path: Path, text: str | None = None) -> list[Problem]:
    docs, problems = read_documents(path)
    for location, doc in docs:
        prefix = f"{location}: " if location else ""
        found = schema_problems(doc)
        if not found and isinstance(doc, dict):
            found = reference_problems(doc) + offset_problems(doc, text)
        problems.extend(Problem(prefix + p.path, p.message) for p in found)
    return problems

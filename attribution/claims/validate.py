"""Validate claim files: JSON Schema (jsonschema, 2020-12) and, given the text, every offset.

Strict and bounded, for files from anywhere:

* parsing is :func:`attribution.claims.read.loads`: duplicate keys, ``NaN``/``Infinity``,
  nesting deeper than 64, integers of more than 30 digits and lone surrogates are errors with
  their JSON path and position, before the schema sees the document;
* ``integer`` means a JSON integer: ``3.0`` is not an offset (jsonschema would take it);
* at most ``max_errors`` problems are listed per document, then one line counts the rest; the
  errors are drawn from jsonschema lazily and those past the limit are counted, not kept;
* every message is at most :data:`MESSAGE_WIDTH` characters, a value in it an excerpt
  (:func:`attribution.termsafe.excerpt`), so a 50 MB string is not a 50 MB line;
* a JSONL file is read line by line.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError, _keywords, validators
from jsonschema._utils import equal, find_additional_properties

from attribution.claims.read import StrictJSONError, loads
from attribution.claims.schema import claims_schema
from attribution.termsafe import clip, excerpt

DEFAULT_MAX_ERRORS = 20
MESSAGE_WIDTH = 200     # characters of one message, its excerpts included
COUNT_LIMIT = 100_000   # errors past max_errors counted, at most (jsonschema makes ~50,000 a second)
PATH_WIDTH = 120


@dataclass
class Problem:
    path: str       # JSON path ($.claims[0].cue.start)
    message: str


def _json_integer(checker, instance) -> bool:
    # jsonschema counts 3.0 as an integer (the spec allows it); an offset must be written 3
    return isinstance(instance, int) and not isinstance(instance, bool)


# jsonschema's own keywords (and their helpers from jsonschema._utils), with an excerpt of the value where they put its whole repr in the
# message (a 50 MB string would be copied three times over to say it is not an array)

def _type(validator, types, instance, schema):
    types = types if isinstance(types, list) else [types]
    if not any(validator.is_type(instance, t) for t in types):
        yield ValidationError(f"{excerpt(instance)} is not of type {', '.join(repr(t) for t in types)}")


def _enum(validator, enums, instance, schema):
    if all(not equal(each, instance) for each in enums):
        yield ValidationError(f"{excerpt(instance)} is not one of {excerpt(enums)}")


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not re.search(pattern, instance):
        yield ValidationError(f"{excerpt(instance)} does not match {pattern!r}")


def _any_of(validator, any_of, instance, schema):
    context = []
    for index, subschema in enumerate(any_of):
        errors = list(validator.descend(instance, subschema, schema_path=index))
        if not errors:
            return
        context.extend(errors)
    yield ValidationError(f"{excerpt(instance)} is not valid under any of the given schemas", context=context)


def _additional_properties(validator, allowed, instance, schema):
    if allowed is not False or "patternProperties" in schema or not validator.is_type(instance, "object"):
        yield from _keywords.additionalProperties(validator, allowed, instance, schema)
        return
    extras = sorted(find_additional_properties(instance, schema), key=str)
    if extras:
        named = ", ".join(excerpt(e) for e in extras[:5]) + (f" and {len(extras) - 5:,} more" if len(extras) > 5 else "")
        verb = "was" if len(extras) == 1 else "were"
        yield ValidationError(f"Additional properties are not allowed ({named} {verb} unexpected)")


@functools.lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    # the schema generated from the models (the committed file is the same, a test checks it);
    # built once, not per document of a JSONL file
    strict = validators.extend(
        Draft202012Validator,
        validators={"type": _type, "enum": _enum, "pattern": _pattern, "anyOf": _any_of,
                    "additionalProperties": _additional_properties},
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _json_integer))
    return strict(claims_schema())


# --- reading ------------------------------------------------------------------------------------

def _parse_problem(where: str, err: json.JSONDecodeError, jsonl: bool) -> Problem:
    at = f"column {err.colno:,}" if jsonl else f"line {err.lineno:,}, column {err.colno:,}"
    prefix = f"{where}: " if where else ""
    if isinstance(err, StrictJSONError):
        return Problem(prefix + clip(err.path, PATH_WIDTH), f"{err.msg} ({at})")
    return Problem(where or "$", f"not JSON: {err.msg} ({at})")


def iter_documents(path: Path) -> Iterator[tuple[str, object, Problem | None]]:
    """(location, document, None) for each document of a claims file, or (location, None,
    problem) for one that cannot be parsed; one JSON document, or JSONL read line by line.
    Never raises on bad content."""
    jsonl = path.suffix == ".jsonl"
    try:
        handle = path.open("rb")
    except OSError as err:
        yield "", None, Problem("$", f"cannot read: {err.strerror or err}")
        return
    with handle:
        if not jsonl:
            try:
                raw = handle.read()
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as err:
                yield "", None, Problem("$", f"not UTF-8 (byte {err.start:,})")
                return
            except OSError as err:
                yield "", None, Problem("$", f"cannot read: {err.strerror or err}")
                return
            del raw
            try:
                doc = loads(text)
            except json.JSONDecodeError as err:
                yield "", None, _parse_problem("", err, jsonl=False)
                return
            del text
            yield "", doc, None
            return
        offset = 0
        try:
            for n, raw in enumerate(handle, 1):
                where = f"line {n:,}"
                try:
                    line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError as err:
                    yield where, None, Problem(where, f"not UTF-8 (byte {offset + err.start:,})")
                    offset += len(raw)
                    continue
                offset += len(raw)
                del raw
                if not line.strip():
                    continue
                try:
                    doc = loads(line)
                except json.JSONDecodeError as err:
                    yield where, None, _parse_problem(where, err, jsonl=True)
                    continue
                del line
                yield where, doc, None
        except OSError as err:
            yield "", None, Problem("$", f"cannot read: {err.strerror or err}")


def read_documents(path: Path) -> tuple[list[tuple[str, object]], list[Problem]]:
    """Every document of a claims file and the parse problems (all in memory; the validator
    itself streams, see :func:`iter_problems`)."""
    docs, problems = [], []
    for location, doc, problem in iter_documents(path):
        if problem is not None:
            problems.append(problem)
        else:
            docs.append((location, doc))
    return docs, problems


# --- checks -------------------------------------------------------------------------------------

def _path_key(err: ValidationError) -> list:
    # keys and indices never meet at one level of one document, but keep the sort total anyway
    return [(isinstance(p, str), p) for p in err.absolute_path]


def _schema_message(err: ValidationError) -> str:
    message = err.message
    if len(message) > MESSAGE_WIDTH:
        # jsonschema puts repr(value) into the message: put an excerpt in its place
        shown = repr(err.instance)
        if shown in message:
            message = message.replace(shown, excerpt(err.instance))
    return clip(message, MESSAGE_WIDTH)


def _schema_problem(err: ValidationError) -> Problem:
    return Problem(clip(err.json_path, PATH_WIDTH), _schema_message(err))


def schema_problems(doc: object) -> list[Problem]:
    """Every schema error of a document, in path order."""
    errors = sorted(_validator().iter_errors(doc), key=_path_key)
    return [_schema_problem(e) for e in errors]


def iter_offset_problems(doc: dict, text: str | None) -> Iterator[Problem]:
    if text is None:
        text = doc.get("text")
        if text is None:
            return
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if doc.get("input", {}).get("sha256") != digest:
        # another text (the wrong --input, or the article edited since): every offset would
        # differ too, and two dozen lines would hide the one thing that is wrong
        yield Problem("$.input.sha256", "does not match the sha256 of the given text (a different or changed "
                                        "article: offsets not checked)")
        return
    for where, span in _spans(doc):
        if not span or span.get("start") is None:
            continue
        start, end, expected = span["start"], span["end"], span.get("text")
        if not (0 <= start <= end <= len(text)):
            yield Problem(where, f"offsets {start}:{end} outside the text (length {len(text)})")
        elif text[start:end] != expected:
            yield Problem(where, clip(f"text[{start}:{end}] is {excerpt(text[start:end])}, not {excerpt(expected)}",
                                      MESSAGE_WIDTH))


def offset_problems(doc: dict, text: str | None) -> list[Problem]:
    """Every span must satisfy ``text[start:end] == span.text``; the input hash must match."""
    return list(iter_offset_problems(doc, text))


def _spans(doc: dict):
    """(JSON path, span) of every span of a document: each claim's cue, content and its parts,
    speaker, resolved speaker with its title and name, setting and sentence span, and every
    mention of every entity."""
    for i, claim in enumerate(doc.get("claims", [])):
        speaker = claim.get("speaker") or {}
        content = claim.get("content") or {}
        for name, span in (("cue", claim.get("cue")), ("content", content), ("speaker", speaker),
                           ("speaker.resolved", speaker.get("resolved")), ("speaker.title", speaker.get("title")),
                           ("speaker.name", speaker.get("name")), ("setting", claim.get("setting")),
                           ("sentence_span", claim.get("sentence_span"))):
            yield f"$.claims[{i}].{name}", span
        for k, part in enumerate(content.get("parts") or []):
            yield f"$.claims[{i}].content.parts[{k}]", part
    for i, entity in enumerate(doc.get("entities", [])):
        for k, span in enumerate(entity.get("mentions", [])):
            yield f"$.entities[{i}].mentions[{k}]", span


def iter_reference_problems(doc: dict) -> Iterator[Problem]:
    ids: set = set()
    for i, entity in enumerate(doc.get("entities", [])):
        eid = entity.get("id")
        if eid in ids:
            yield Problem(f"$.entities[{i}].id", f"duplicate entity id {excerpt(eid)}")
        ids.add(eid)
    for i, claim in enumerate(doc.get("claims", [])):
        eid = (claim.get("speaker") or {}).get("entity_id")
        if eid is not None and eid not in ids:
            yield Problem(f"$.claims[{i}].speaker.entity_id", f"no entity {excerpt(eid)} in $.entities")


def reference_problems(doc: dict) -> list[Problem]:
    """Every ``speaker.entity_id`` names an entity of the document, and entity ids are unique."""
    return list(iter_reference_problems(doc))


def _inside(inner: dict | None, outer: dict | None) -> bool:
    return not inner or not outer or outer.get("start") is None \
        or outer["start"] <= inner["start"] and inner["end"] <= outer["end"]


def iter_containment_problems(doc: dict) -> Iterator[Problem]:
    """Sub-spans lie inside their spans (1.3): a speaker's title and name inside ``resolved``,
    content parts inside the content and in text order, and the cue, the written source and the
    content inside the sentence span.  Needs no text."""
    for i, claim in enumerate(doc.get("claims", [])):
        where = f"$.claims[{i}]"
        speaker = claim.get("speaker") or {}
        for name in ("title", "name"):
            if not _inside(speaker.get(name), speaker.get("resolved")):
                yield Problem(f"{where}.speaker.{name}", f"not inside speaker.resolved {_at(speaker.get('resolved'))}")
        content = claim.get("content") or {}
        previous_end = None
        for k, part in enumerate(content.get("parts") or []):
            if not _inside(part, content):
                yield Problem(f"{where}.content.parts[{k}]", f"not inside the content {_at(content)}")
            elif previous_end is not None and part["start"] < previous_end:
                yield Problem(f"{where}.content.parts[{k}]", "overlaps or comes before the part before it")
            previous_end = part["end"]
        sentence = claim.get("sentence_span")
        for name, span in (("cue", claim.get("cue")), ("speaker", speaker), ("content", content)):
            if span and span.get("start") is not None and not _inside(span, sentence):
                yield Problem(f"{where}.{name}", f"not inside the sentence_span {_at(sentence)}")


def _at(span: dict | None) -> str:
    return f"{span['start']}:{span['end']}" if span else "(null)"


def _first(problems: Iterable[Problem], limit: int) -> tuple[list[Problem], Iterator[Problem]]:
    it = iter(problems)
    return list(islice(it, limit)), it


def document_problems(doc: object, text: str | None, max_errors: int) -> tuple[list[Problem], int]:
    """At most ``max_errors`` problems of one parsed document, and how many more there are
    (counted one by one, none kept; COUNT_LIMIT + 1 means "more than COUNT_LIMIT")."""
    errors = _validator().iter_errors(doc)
    first = list(islice(errors, max_errors))
    if first:
        first.sort(key=_path_key)
        return [_schema_problem(e) for e in first], _count(errors)
    if not isinstance(doc, dict):
        return [], 0
    shown, rest = _first(_chain(iter_reference_problems(doc), iter_containment_problems(doc),
                                      iter_offset_problems(doc, text)), max_errors)
    return shown, _count(rest)


def _count(rest: Iterator) -> int:
    """How many items ``rest`` has, up to COUNT_LIMIT + 1 (more than the limit: stopped there)."""
    return sum(1 for _ in islice(rest, COUNT_LIMIT + 1))


def _chain(*its: Iterable[Problem]) -> Iterator[Problem]:
    for it in its:
        yield from it


def iter_problems(path: Path, text: str | None = None,
                  max_errors: int = DEFAULT_MAX_ERRORS) -> Iterator[Problem]:
    """The problems of a claims file as they are found, at most ``max_errors`` per document
    plus one line for the rest; each Problem's path starts with the JSONL line."""
    for location, doc, problem in iter_documents(path):
        if problem is not None:
            yield problem
            continue
        prefix = f"{location}: " if location else ""
        shown, more = document_problems(doc, text, max_errors)
        del doc
        for p in shown:
            yield Problem(prefix + p.path, p.message)
        if more > COUNT_LIMIT:
            yield Problem(location or "$", f"… and more than {COUNT_LIMIT:,} more errors in this document "
                                           "(counting stopped there)")
        elif more:
            yield Problem(location or "$", f"… and {more:,} more error{'s' if more != 1 else ''} in this document "
                                           "(--max-errors lists more)")


def validate_file(path: Path, text: str | None = None, max_errors: int = DEFAULT_MAX_ERRORS) -> list[Problem]:
    return list(iter_problems(path, text, max_errors))

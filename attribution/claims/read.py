"""The one reader of claims files: a JSON file holds one claims document, a JSONL file one per line.

:func:`read_text` decodes a file (a UTF-8 BOM is dropped); :func:`parse_records` turns the text into
:class:`Record` s, one per document, each with the parsed data or the JSON error, so every caller
words its own problems (``validate`` lists them, ``report``/``speakers`` skip the input,
``--resume`` ignores a torn line).  :func:`document_key` is what ``--resume`` compares.
CSV output is read back by :func:`attribution.claims.csv_export.read_done`.

Parsing is strict (:func:`loads`): what Python's ``json`` would take but a claims file must not
hold, or what would crash it, is a :class:`StrictJSONError` with the JSON path and position of
the offending value: nesting deeper than :data:`MAX_DEPTH` (checked before the parser recurses),
``NaN``/``Infinity``/``-Infinity`` (not JSON), an integer of more than :data:`MAX_INT_DIGITS`
digits, a finite-looking number that overflows to infinity (``1e999``), a key given twice in one
object (the last one would silently win), and a lone surrogate escape (``"\\ud800"``: not text
that can be written as UTF-8).
"""
from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, count
from pathlib import Path
from typing import Any

from attribution.termsafe import clip, excerpt

MAX_DEPTH = 64          # arrays and objects within each other; a claims document needs 5
MAX_INT_DIGITS = 30     # an offset needs 10; Python itself refuses more than 4,300


class StrictJSONError(json.JSONDecodeError):
    """JSON refused by :func:`loads` for one of the strict checks; ``path`` is the JSON path
    (``$.claims[0].confidence``) of the offending value, ``pos`` its position."""

    def __init__(self, msg: str, doc: str, pos: int, path: str = "$"):
        super().__init__(msg, doc, pos)
        self.path = path

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos, self.path)


@dataclass(frozen=True)
class Record:
    line: int | None                        # 1-based line of a JSONL record; None for a whole JSON file
    data: Any = None
    error: json.JSONDecodeError | None = None


def read_text(path: Path) -> str:
    """The file's text; raises OSError or UnicodeDecodeError."""
    return path.read_bytes().decode("utf-8-sig")


def parse_records(raw: str, jsonl: bool) -> Iterator[Record]:
    """Each document of ``raw``: JSONL skips blank lines; JSON is one record."""
    if jsonl:
        # "\n" only: str.splitlines() would also cut at U+2028, U+0085 … that a JSON string may
        # hold unescaped (pydantic writes them as they are)
        for n, line in enumerate(raw.split("\n"), 1):
            if not line.strip():
                continue
            try:
                yield Record(n, loads(line))
            except json.JSONDecodeError as err:
                yield Record(n, error=err)
        return
    try:
        yield Record(None, loads(raw))
    except json.JSONDecodeError as err:
        yield Record(None, error=err)


# --- strict parsing ----------------------------------------------------------------------------

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
# strings, and an unterminated one to the end, taken out before counting brackets
_STRINGS = re.compile(_STRING + r'|".*', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_BRACKET_WEIGHTS = {ord("["): "\x02", ord("{"): "\x02", ord("]"): "\x00", ord("}"): "\x00"}
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOKENS = re.compile(r'(' + _STRING + r')|([\[{])|([\]}])|(,)|(:)|(-?\d[\d.eE+-]*)|(-?[A-Za-z]+)|(")')
STRING, OPEN, CLOSE, COMMA, COLON, NUMBER, WORD, UNTERMINATED = range(1, 9)


def loads(text: str) -> Any:
    """One JSON document, parsed strictly (see the module docstring); raises
    json.JSONDecodeError, a :class:`StrictJSONError` for the strict checks."""
    deep = _too_deep(text)
    if deep is not None:
        raise StrictJSONError(f"nested deeper than {MAX_DEPTH} levels", text, deep)
    suspect = []

    def pairs(items: list) -> dict:
        found = dict(items)
        if len(found) != len(items):
            suspect.append("duplicate key")
        return found

    def constant(name: str) -> None:
        suspect.append(name)

    def integer(digits: str) -> int:
        if len(digits) - digits.startswith("-") > MAX_INT_DIGITS:
            suspect.append("long integer")
            return 0
        return int(digits)

    def number(digits: str) -> float:
        value = float(digits)
        if not math.isfinite(value):
            suspect.append("infinite number")
        return value

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant, parse_int=integer,
                          parse_float=number)
    except RecursionError:  # not reached after _too_deep; kept so no input can raise it
        raise StrictJSONError(f"nested deeper than {MAX_DEPTH} levels", text, 0) from None
    if suspect or _SURROGATE_ESCAPE.search(text):
        found = _locate(text)
        if found is not None:
            raise StrictJSONError(found[2], text, found[0], path=found[1])
    return data


def _too_deep(text: str) -> int | None:
    """Position of the first bracket nested deeper than MAX_DEPTH, or None.  The common case
    is counted without a Python loop: strings out, brackets only, a running sum."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    skeleton = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    # each opening bracket weighs 2 and each closing one 0, so after k brackets the sum minus k
    # is the depth
    weights = skeleton.translate(_BRACKET_WEIGHTS).encode("latin-1")
    if max(map(operator.sub, accumulate(weights), count(1)), default=0) <= MAX_DEPTH:
        return None
    depth = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastindex
        if kind == OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif kind == CLOSE:
            depth -= 1
        elif kind == UNTERMINATED:
            break
    return None


def _key_path(key: str) -> str:
    key = key if len(key) <= 40 else key[:39] + "…"
    return "." + key


def _path(stack: list) -> str:
    parts = ["$"]
    for frame in stack:
        if frame[0] == "[":
            parts.append(f"[{frame[1]}]")
        elif frame[1] is not None:
            parts.append(_key_path(frame[1]))
    return "".join(parts)


def _locate(text: str) -> tuple[int, str, str] | None:
    """(position, JSON path, message) of the first value the strict checks refuse, found by a
    token scan of JSON the parser has already accepted (so only run when a check fired)."""
    # a frame per open container: ["[", index] or ["{", current key, keys seen, expecting a key]
    stack: list[list] = []
    for match in _TOKENS.finditer(text):
        kind, start = match.lastindex, match.start()
        top = stack[-1] if stack else None
        if kind == OPEN:
            stack.append(["[", 0] if text[start] == "[" else ["{", None, set(), True])
        elif kind == CLOSE:
            stack.pop()
        elif kind == COMMA:
            if top[0] == "[":
                top[1] += 1
            else:
                top[3] = True
        elif kind == STRING:
            end = match.end()
            is_key = top is not None and top[0] == "{" and top[3]
            value = json.loads(text[start:end]) if is_key or _SURROGATE_ESCAPE.search(text, start, end) else None
            if is_key:
                top[1], top[3] = value, False
                if value in top[2]:
                    return start, _path(stack), f"duplicate key {excerpt(value)}: the object gives it twice"
                top[2].add(value)
            lone = _SURROGATE.search(value) if value is not None else None
            if lone:
                return start, _path(stack), (f"a lone surrogate {excerpt(lone.group())} in a string: not "
                                             "Unicode text (it cannot be written as UTF-8)")
        elif kind == NUMBER:
            digits = match.group()
            if not any(c in digits for c in ".eE"):
                if len(digits) - digits.startswith("-") > MAX_INT_DIGITS:
                    return start, _path(stack), (f"an integer of {len(digits) - digits.startswith('-'):,} "
                                                 f"digits (at most {MAX_INT_DIGITS})")
            elif not math.isfinite(float(digits)):
                return start, _path(stack), f"{clip(digits, 40)} is out of range (infinite)"
        elif kind == WORD and match.group() in ("NaN", "Infinity", "-Infinity"):
            return start, _path(stack), f"{match.group()} is not a JSON number"
    return None


def document_key(data: Any) -> tuple[str, str] | None:
    """(input name, sha256) of a claims document's data, or None when it has no such input."""
    info = data.get("input") if isinstance(data, dict) else None
    if isinstance(info, dict) and isinstance(info.get("name"), str) and isinstance(info.get("sha256"), str):
        return info["name"], info["sha256"]
    return None

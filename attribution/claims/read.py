"""The one reader of claims files: a JSON file holds one claims document, a JSONL file one per line.

:func:`read_text` decodes a file (a UTF-8 BOM is dropped); :func:`parse_records` turns the text into
:class:`Record` s, one per document, each with the parsed data or the JSON error, so every caller
words its own problems (``validate`` lists them, ``report``/``speakers`` skip the input,
``--resume`` ignores a torn line).  :func:`document_key` is what ``--resume`` compares.
CSV output is read back by :func:`attribution.claims.csv_export.read_done`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator


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
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield Record(n, json.loads(line))
            except json.JSONDecodeError as err:
                yield Record(n, error=err)
        return
    try:
        yield Record(None, json.loads(raw))
    except json.JSONDecodeError as err:
        yield Record(None, error=err)


def document_key(data: Any) -> tuple[str, str] | None:
    """(input name, sha256) of a claims document's data, or None when it has no such input."""
    info = data.get("input") if isinstance(data, dict) else None
    if isinstance(info, dict) and isinstance(info.get("name"), str) and isinstance(info.get("sha256"), str):
        return info["name"], info["sha256"]
    return None

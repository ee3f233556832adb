"""Reading articles: files, directories, stdin, with clear errors instead of tracebacks.

Text is decoded from the raw bytes, so CRLF line ends are kept and offsets index the text
exactly as read; a UTF-8 byte-order mark is dropped (it is not text).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ARTICLE_SUFFIXES = (".txt",)
BOM = "\ufeff"


class InputError(Exception):
    """An input that cannot be read as text; the message names the input and says why."""


@dataclass
class Article:
    name: str           # the input's name in the claims document
    stem: str           # output file stem: 001.txt → 001
    text: str
    path: Path | None = None
    carry_text: bool = False   # offsets index a text that is not the file itself (HTML, JSONL)


def decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not valid UTF-8 at byte offset {err.start}") from None
    return text[1:] if text.startswith(BOM) else text


def read_article(path: Path) -> Article:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    return Article(name=path.name, stem=path.stem, text=decode_text(data, str(path)), path=path)


def read_stdin() -> Article:
    data = sys.stdin.buffer.read()
    return Article(name="-", stem="stdin", text=decode_text(data, "<stdin>"))


def expand_paths(paths: list[str]) -> Iterator[str | Path | InputError]:
    """Files as given, directories as their article files (sorted), ``-`` as stdin; an empty
    directory becomes an InputError in the stream rather than stopping it."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                yield InputError(f"{path}: no {'/'.join(ARTICLE_SUFFIXES)} files in this directory")
            yield from found
        else:
            yield path


def iter_articles(paths: list[str]) -> Iterator[Article | InputError]:
    """Each input as an Article, or the InputError that explains why it cannot be read."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield read_stdin() if item == "-" else read_article(item)
        except InputError as err:
            yield err

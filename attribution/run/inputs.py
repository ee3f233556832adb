"""Reading articles: files, directories, globs, stdin, with clear errors instead of tracebacks.

* ``.txt`` (and anything else named explicitly): the file's text.  It is decoded from the raw
  bytes, so CRLF line ends are kept and offsets index the text exactly as read; a UTF-8
  byte-order mark is dropped (it is not text).
* ``.html``/``.htm``: the page's main text, found by ``trafilatura``.  Offsets index that
  extracted text, so the claims document carries it (``carry_text``).
* ``.jsonl``: one article a line, ``{"id": ..., "text": ...}``; the text is carried too, since
  the offsets index the decoded string and not the file.

Everything is lazy: a directory of ten thousand files or a JSONL file of a million lines is
read one article at a time.
"""
from __future__ import annotations

import glob
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
HTML_SUFFIXES = (".html", ".htm")
INPUT_FORMATS = ("auto", "txt", "html", "jsonl")
BOM = "\ufeff"
GLOB_CHARS = re.compile(r"[*?\[]")
# output file stems come from JSONL ids: keep letters (any script), digits, . _ - and nothing
# that could climb out of the output directory or upset a file system
_UNSAFE_STEM = re.compile(r"[^\w.\-]+")


class InputError(Exception):
    """An input that cannot be read as text; the message names the input and says why."""


@dataclass
class Article:
    name: str           # the input's name in the claims document
    stem: str           # output file stem: 001.txt → 001
    text: str
    path: Path | None = None
    carry_text: bool = False   # offsets index a text that is not the file itself (HTML, JSONL)
    source: str = ""           # where it came from, for messages: a path, path:line, or <stdin>

    def __post_init__(self):
        if not self.source:
            self.source = str(self.path) if self.path is not None else self.name


def decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not valid UTF-8 at byte offset {err.start}") from None
    return text[1:] if text.startswith(BOM) else text


def html_main_text(data: bytes, name: str) -> str:
    """The article text of an HTML page: title, then each paragraph, separated by blank lines
    (our paragraph marker), so paragraph indices in the claims follow the page."""
    import logging

    import trafilatura

    # its warnings ("discarding data") would reach the terminal as stray lines; our own
    # InputError says what went wrong in one line
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (NUL bytes), not HTML")
    # bytes, not str: trafilatura honours <meta charset> (windows-1256 is common on Arabic sites)
    try:
        doc = trafilatura.bare_extraction(data, include_comments=False, with_metadata=True)
    except Exception as err:  # lxml raises several parser errors; all mean "not a usable page"
        raise InputError(f"{name}: cannot parse HTML ({type(err).__name__})") from None
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    title = ((getattr(doc, "title", None) or "") if doc is not None else "").strip()
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    if not paragraphs:
        raise InputError(f"{name}: no article text found in this HTML page")
    return "\n\n".join(paragraphs)


def safe_stem(raw: str) -> str:
    stem = _UNSAFE_STEM.sub("_", raw).strip("._") or "article"
    return stem[:120]


def detect_format(path: Path | None, forced: str = "auto") -> str:
    if forced != "auto":
        return forced
    if path is None:
        return "txt"
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix == ".jsonl":
        return "jsonl"
    return "txt"


def read_article(path: Path, fmt: str = "auto") -> Article:
    """One article from a .txt or .html file (JSONL files hold many: use :func:`iter_file`)."""
    data = _read_bytes(path)
    kind = detect_format(path, fmt)
    if kind == "html":
        return Article(name=path.name, stem=path.stem, text=html_main_text(data, str(path)), path=path,
                       carry_text=True)
    if kind == "jsonl":
        raise InputError(f"{path}: JSONL holds several articles; read it with iter_file")
    return Article(name=path.name, stem=path.stem, text=decode_text(data, str(path)), path=path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None


def read_stdin(fmt: str = "auto") -> Article:
    data = sys.stdin.buffer.read()
    kind = detect_format(None, fmt)
    if kind == "html":
        return Article(name="-", stem="stdin", text=html_main_text(data, "<stdin>"), carry_text=True,
                       source="<stdin>")
    return Article(name="-", stem="stdin", text=decode_text(data, "<stdin>"), source="<stdin>")


def iter_jsonl(stream: BinaryIO, label: str, stem_prefix: str = "") -> Iterator[Article | InputError]:
    """One Article per line holding ``{"id": ..., "text": ...}``; a bad line is an InputError
    naming ``label:line`` and the rest of the file is still read."""
    for number, raw in enumerate(stream, 1):
        where = f"{label}:{number}"
        if not raw.strip():
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield InputError(f"{where}: not valid UTF-8 at byte offset {err.start} of the line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputError(f"{where}: not JSON ({err.msg}, column {err.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(f"{where}: expected an object with \"id\" and \"text\"")
            continue
        ident, text = record.get("id"), record.get("text")
        if ident is None or isinstance(ident, (dict, list)) or str(ident) == "":
            yield InputError(f"{where}: missing \"id\" (a string or number)")
            continue
        if not isinstance(text, str):
            yield InputError(f"{where}: \"text\" must be a string")
            continue
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            # JSON allows "\ud800" escapes that are no character; they cannot be written back out
            yield InputError(f"{where}: \"text\" holds an unpaired surrogate at character {err.start}")
            continue
        ident = str(ident)
        stem = safe_stem(f"{stem_prefix}{ident}")
        yield Article(name=ident, stem=stem, text=text[1:] if text.startswith(BOM) else text,
                      carry_text=True, source=where)


def article_files(directory: Path, suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> list[str]:
    """The article files under ``directory``, as strings (0.8 MB per 10,000 files against 3.4 MB
    as Path objects: the listing of a large archive is held while its files are read), in
    *reverse* path order so that popping from the end hands them out in order.  Dot files are
    skipped: they include our own temporary outputs and editors' backups."""
    found = []
    for root, _, names in os.walk(directory):
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
                continue
            path = os.path.join(root, name)
            if os.path.isfile(path):  # not a socket, a broken link ...
                found.append(path)
    found.sort(key=lambda p: p.split(os.sep), reverse=True)  # by path components, as Path sorts
    return found


def expand_paths(paths: list[str], suffixes: tuple[str, ...] = ARTICLE_SUFFIXES) -> Iterator[str | Path | InputError]:
    """Files as given, directories as their article files (sorted), globs (for shells that did
    not expand them, or lists too long for a command line) as their matches, ``-`` as stdin.
    An empty directory or a glob matching nothing becomes an InputError in the stream rather
    than stopping it."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            found = article_files(path, suffixes)
            if not found:
                yield InputError(f"{path}: no {'/'.join(suffixes)} files in this directory")
            while found:  # handed out and dropped one by one, so the listing shrinks as the run goes
                yield Path(found.pop())
        elif not path.exists() and GLOB_CHARS.search(raw):
            matches = sorted(Path(m) for m in glob.glob(raw, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                yield InputError(f"{raw}: no files match this pattern")
            yield from files
        else:
            yield path


def iter_file(item: str | Path, fmt: str = "auto") -> Iterator[Article | InputError]:
    """The articles of one expanded input: one for .txt/.html/stdin, one per line for JSONL."""
    try:
        if item == "-":
            if fmt == "jsonl":
                yield from iter_jsonl(sys.stdin.buffer, "<stdin>")
            else:
                yield read_stdin(fmt)
            return
        path = Path(item)
        if detect_format(path, fmt) == "jsonl":
            if path.is_dir():
                raise InputError(f"{path}: is a directory")
            try:
                handle = path.open("rb")
            except FileNotFoundError:
                raise InputError(f"{path}: no such file") from None
            except OSError as err:
                raise InputError(f"{path}: cannot read ({err.strerror})") from None
            with handle:
                # several JSONL files in one run may reuse ids: the file stem keeps outputs apart
                yield from iter_jsonl(handle, str(path), stem_prefix=f"{path.stem}-")
            return
        yield read_article(path, fmt)
    except InputError as err:
        yield err


def iter_articles(paths: list[str], fmt: str = "auto") -> Iterator[Article | InputError]:
    """Each input as an Article, or the InputError that explains why it cannot be read."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        yield from iter_file(item, fmt)


def count_articles(paths: list[str], fmt: str = "auto") -> int | None:
    """How many articles the inputs hold (for a progress bar), without decoding them; None when
    stdin is among them (it can be read only once)."""
    total = 0
    for item in expand_paths(paths):
        if item == "-":
            return None
        if isinstance(item, InputError):
            total += 1
            continue
        path = Path(item)
        if detect_format(path, fmt) == "jsonl":
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total

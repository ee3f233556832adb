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
import itertools
import json
import os
import re
import stat
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


class InputSkipped(InputError):
    """Something in a directory that is not an article file (a FIFO, a socket, a device): left
    alone with a warning, not counted as a failure.  Named on the command line it is an error."""


def _kind_of(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return kind
    return "not a regular file"


def check_regular(path: Path) -> None:
    """Refuse anything but a regular file before opening it: opening a FIFO blocks until a
    writer comes, and a device can be endless."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a directory")
    if not stat.S_ISREG(mode):
        kind = _kind_of(mode)
        raise InputError(f"{path}: is {kind}, not a regular file" if kind.startswith("a ") else f"{path}: {kind}")


@dataclass
class Article:
    name: str           # the input's name in the claims document
    stem: str           # output file stem: 001.txt → 001
    text: str
    path: Path | None = None
    carry_text: bool = False   # offsets index a text that is not the file itself (HTML, JSONL)
    source: str = ""           # where it came from, for messages: a path, path:line, or <stdin>
    meta: dict[str, str] | None = None   # title, url, date when the input gives them (JSONL, HTML)

    def __post_init__(self):
        if not self.source:
            self.source = str(self.path) if self.path is not None else self.name


def decode_text(data: bytes, name: str) -> str:
    # the whole file, not a prefix: a text with a binary tail is not text either (memchr is fast)
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not valid UTF-8 at byte offset {err.start}") from None
    return text[1:] if text.startswith(BOM) else text


def html_article(data: bytes, name: str) -> tuple[str, dict[str, str]]:
    """The article text of an HTML page: title, then each paragraph, separated by blank lines
    (our paragraph marker), so paragraph indices in the claims follow the page; and the page's
    metadata: its title, canonical address and date (YYYY-MM-DD), those it has."""
    import logging

    import trafilatura

    # its warnings ("discarding data") would reach the terminal as stray lines; our own
    # InputError says what went wrong in one line
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    if b"\x00" in data:
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
    meta = {"title": title, "url": (getattr(doc, "url", None) or "").strip(),
            "date": (getattr(doc, "date", None) or "").strip()}
    return "\n\n".join(paragraphs), {key: value for key, value in meta.items() if value}


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


CLAIMS_HINT = "use `attribution report` or `attribution validate` on it"


def refuse_claims(text: str, name: str) -> str:
    """Our own output given as an article (``extract out/a.json``) would be parsed as Arabic
    text and give nonsense claims: a claims document is an error pointing to what reads it."""
    head = text[:4096].lstrip()
    if head.startswith("{") and '"schema_version"' in head and '"claims"' in text:
        raise InputError(f"{name}: a claims file (attribution's output), not an article: {CLAIMS_HINT}")
    return text


def read_article(path: Path, fmt: str = "auto") -> Article:
    """One article from a .txt or .html file (JSONL files hold many: use :func:`iter_file`)."""
    data = _read_bytes(path)
    kind = detect_format(path, fmt)
    if kind == "html":
        text, meta = html_article(data, str(path))
        return Article(name=path.name, stem=path.stem, text=text, path=path, carry_text=True, meta=meta)
    if kind == "jsonl":
        raise InputError(f"{path}: JSONL holds several articles; read it with iter_file")
    return Article(name=path.name, stem=path.stem, text=refuse_claims(decode_text(data, str(path)), str(path)),
                   path=path)


def _read_bytes(path: Path) -> bytes:
    check_regular(path)
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
        text, meta = html_article(data, "<stdin>")
        return Article(name="-", stem="stdin", text=text, carry_text=True, source="<stdin>", meta=meta)
    # carried: nothing but the claims document will ever hold this text, and `report` needs it
    return Article(name="-", stem="stdin", text=refuse_claims(decode_text(data, "<stdin>"), "<stdin>"),
                   source="<stdin>", carry_text=True)


def iter_jsonl(stream: BinaryIO, label: str, stem_prefix: str = "",
               path: Path | None = None) -> Iterator[Article | InputError]:
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
        except RecursionError:
            yield InputError(f"{where}: not an article record (nested too deep)")
            continue
        if not isinstance(record, dict):
            yield InputError(f"{where}: expected an object with \"id\" and \"text\"")
            continue
        if "claims" in record and "schema_version" in record:
            yield InputError(f"{label}: a claims file (attribution's output), not articles: {CLAIMS_HINT}")
            return
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
        meta, problem = record_meta(record)
        if problem:
            yield InputError(f"{where}: {problem}")
            continue
        yield Article(name=ident, stem=stem, text=text[1:] if text.startswith(BOM) else text,
                      carry_text=True, source=where, path=path, meta=meta)


# JSONL fields kept in the claims document's `input`, by the name they take there
RECORD_META = {"title": ("title", "headline"), "url": ("url",), "date": ("date",)}


def record_meta(record: dict) -> tuple[dict[str, str], str | None]:
    """The title, url and date of a JSONL record (``headline`` is read as the title), and what
    is wrong with them: each must be a string (a number for ``date``), since a field that was
    given but cannot be kept must not vanish without a word."""
    meta = {}
    for key, fields in RECORD_META.items():
        for field_name in fields:
            value = record.get(field_name)
            if value is None:
                continue
            if key == "date" and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                return {}, f"\"{field_name}\" must be a string"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as err:
                return {}, f"\"{field_name}\" holds an unpaired surrogate at character {err.start}"
            if value.strip():
                meta[key] = value.strip()
            break
    return meta, None


def article_files(directory: Path, suffixes: tuple[str, ...] = ARTICLE_SUFFIXES,
                  problems: list[InputError] | None = None, exclude: "Exclude | None" = None) -> list[str]:
    """The article files under ``directory``, as strings (0.8 MB per 10,000 files against 3.4 MB
    as Path objects: the listing of a large archive is held while its files are read), in
    *reverse* path order so that popping from the end hands them out in order.  Dot files are
    skipped: they include our own temporary outputs and editors' backups.

    ``problems`` collects what could not be listed (an unreadable subfolder: an InputError, so it
    counts as failed) and what is not a regular file (an InputSkipped warning); ``exclude``
    leaves out this run's own output."""
    found = []
    problems = problems if problems is not None else []

    def unreadable(err: OSError) -> None:
        problems.append(InputError(f"{err.filename}: cannot read this directory ({err.strerror})"))

    for root, dirs, names in os.walk(directory, onerror=unreadable):
        if exclude is not None:
            dirs[:] = [d for d in dirs if not exclude.covers(os.path.join(root, d))]
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in suffixes:
                continue
            path = os.path.join(root, name)
            if exclude is not None and exclude.covers(path):
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError:
                continue  # a broken link: nothing to read, as before
            if stat.S_ISREG(mode):
                found.append(path)
            else:
                problems.append(InputSkipped(f"{path}: skipped, {_kind_of(mode)} is not a regular file"))
    found.sort(key=lambda p: p.split(os.sep), reverse=True)  # by path components, as Path sorts
    return found


class Exclude:
    """This run's own output, never to be read back as input: the output file, or everything
    under the output directory."""

    def __init__(self, output: str | os.PathLike | None, is_dir: bool):
        self.target = os.path.realpath(output) if output is not None else None
        self.is_dir = is_dir

    def covers(self, path: str | os.PathLike) -> bool:
        if self.target is None:
            return False
        real = os.path.realpath(path)
        if self.is_dir:
            return real == self.target or real.startswith(self.target.rstrip(os.sep) + os.sep)
        return real == self.target


def expand_paths(paths: list[str], suffixes: tuple[str, ...] = ARTICLE_SUFFIXES,
                 exclude: Exclude | None = None) -> Iterator[str | Path | InputError]:
    """Files as given, directories as their article files (sorted), globs (for shells that did
    not expand them, or lists too long for a command line) as their matches, ``-`` as stdin.
    An empty directory, an unreadable subfolder or a glob matching nothing becomes an InputError
    in the stream rather than stopping it; a FIFO or device inside a directory an InputSkipped.
    With ``exclude``, this run's output is left out of directories and globs (named on its own
    it is an error: it would be read while it is written)."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            problems: list[InputError] = []
            found = article_files(path, suffixes, problems, exclude)
            yield from problems
            if not found and not problems:
                yield InputError(f"{path}: no {'/'.join(suffixes)} files in this directory")
            while found:  # handed out and dropped one by one, so the listing shrinks as the run goes
                yield Path(found.pop())
        elif not path.exists() and GLOB_CHARS.search(raw):
            matches = sorted(Path(m) for m in glob.glob(raw, recursive=True))
            files = [m for m in matches if m.is_file() and not (exclude and exclude.covers(m))]
            if not files:
                yield InputError(f"{raw}: no files match this pattern")
            yield from files
        elif exclude is not None and path.exists() and exclude.covers(path):
            yield InputError(f"{path}: is this run's output, it cannot also be an input")
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
            check_regular(path)
            try:
                handle = path.open("rb")
            except FileNotFoundError:
                raise InputError(f"{path}: no such file") from None
            except OSError as err:
                raise InputError(f"{path}: cannot read ({err.strerror})") from None
            with handle:
                # several JSONL files in one run may reuse ids: the file stem keeps outputs apart
                yield from iter_jsonl(handle, str(path), stem_prefix=f"{path.stem}-", path=path)
            return
        yield read_article(path, fmt)
    except InputError as err:
        yield err


def iter_articles(paths: list[str], fmt: str = "auto", exclude: Exclude | None = None
                  ) -> Iterator[Article | InputError]:
    """Each input as an Article, or the InputError that explains why it cannot be read."""
    for item in expand_paths(paths, exclude=exclude):
        if isinstance(item, InputError):
            yield item
            continue
        yield from iter_file(item, fmt)


def count_articles(paths: list[str], fmt: str = "auto", exclude: Exclude | None = None,
                   limit: int | None = None) -> int | None:
    """How many articles the inputs hold (for a progress bar), without decoding them; None when
    stdin is among them (it can be read only once).  With ``limit``, counting stops there (what
    ``--workers auto`` needs to know, without reading a long JSONL file twice)."""
    total = 0
    for item in expand_paths(paths, exclude=exclude):
        if limit is not None and total >= limit:
            return total
        if item == "-":
            return None
        if isinstance(item, InputSkipped):
            continue
        if isinstance(item, InputError):
            total += 1
            continue
        path = Path(item)
        if detect_format(path, fmt) == "jsonl":
            try:
                check_regular(path)
                with path.open("rb") as handle:
                    records = (line for line in handle if line.strip())
                    left = None if limit is None else limit - total
                    total += sum(1 for _ in itertools.islice(records, left))
            except (OSError, InputError):
                total += 1
        else:
            total += 1
    return total

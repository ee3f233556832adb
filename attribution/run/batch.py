"""Batch runs that never lose work and never stop on one bad input.

The run is split in three replaceable parts:

* a **producer**, ``(articles) -> iterator of (article, document or error)`` in input order.
  The in-process one is :func:`attribution.run.bulk.bulk_producer` (paragraphs of several articles
  per parser call); a pool of workers (:func:`attribution.run.workers.parallel_producer`) or a Dask
  cluster (:func:`attribution.run.distributed.dask_producer`) stands in with the same signature (see
  :data:`Producer`).
* a **sink** that knows where each document goes (a directory of files written atomically, or
  one stream/file flushed after every document) and, for ``--resume``, which are already there.
* :func:`run_batch`, which reads inputs, skips what is done, reports failures as one line each
  and carries on, and returns the counts (the caller exits 1 when anything failed).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from attribution.claims.csv_export import BOM, CsvWriter, read_done
from attribution.claims.model import ClaimsDocument
from attribution.claims.read import document_key, parse_records
from attribution.run.build import ExtractionError, sha256_text
from attribution.run.inputs import Article, InputError
from attribution.termsafe import printable

FORMATS = ("json", "jsonl", "csv")

Outcome = ClaimsDocument | ExtractionError
Producer = Callable[[Iterable[Article]], Iterator[tuple[Article, Outcome]]]


# --- writing documents -----------------------------------------------------------------------

def serialize(doc: ClaimsDocument, fmt: str) -> str:
    return doc.model_dump_json(indent=2) + "\n" if fmt == "json" else doc.model_dump_json() + "\n"


def atomic_write(target: Path, payload: str) -> None:
    """Write to a temporary file beside ``target``, then rename: a reader (or a killed run) sees
    the old file or the whole new one, never a torn one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class Sink:
    """Where documents go.  ``prepare`` is called once per article in input order (before any
    check or write), ``done`` answers --resume, ``write`` stores one document."""

    def prepare(self, article: Article) -> None:
        pass

    def done(self, article: Article, sha256: str) -> bool:
        return False

    def write(self, article: Article, doc: ClaimsDocument) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class DirectorySink(Sink):
    """One ``<stem>.<format>`` file per article, each written atomically.  Two inputs with the
    same stem (a.txt and a.html) get ``a`` and ``a-2``: the order of inputs decides, so a resumed
    run finds the same names."""

    def __init__(self, directory: Path, fmt: str, bom: bool = False):
        self.directory, self.fmt, self.bom = directory, fmt, bom
        self.directory.mkdir(parents=True, exist_ok=True)
        self.targets: dict[int, Path] = {}
        self.used: set[str] = set()

    def prepare(self, article: Article) -> None:
        stem, n = article.stem, 1
        while stem.lower() in self.used:  # case-insensitive file systems would merge A and a
            n += 1
            stem = f"{article.stem}-{n}"
        self.used.add(stem.lower())
        self.targets[id(article)] = self.directory / f"{stem}.{self.fmt}"

    def target(self, article: Article) -> Path:
        return self.targets[id(article)]

    def done(self, article: Article, sha256: str) -> bool:
        target = self.target(article)
        try:
            raw = target.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return False
        if self.fmt == "csv":
            import io
            return (article.name, sha256) in read_done(io.StringIO(raw))
        try:
            first = json.loads(raw.splitlines()[0] if self.fmt == "jsonl" else raw)
        except (json.JSONDecodeError, IndexError):
            return False
        return document_key(first) == (article.name, sha256)

    def write(self, article: Article, doc: ClaimsDocument) -> None:
        target = self.targets.pop(id(article))
        if self.fmt == "csv":
            import io
            buffer = io.StringIO()
            if self.bom:
                buffer.write(BOM)
            CsvWriter(buffer, spreadsheet=self.bom).write(doc)
            payload = buffer.getvalue()
        else:
            payload = serialize(doc, self.fmt)
        atomic_write(target, payload)


class StreamSink(Sink):
    """All documents into one stream (standard output or a file), flushed after each document
    so a killed run keeps everything it finished.  JSON (pretty) only makes sense for one."""

    def __init__(self, stream: TextIO, fmt: str, bom: bool = False, header: bool = True,
                 done: set[tuple[str, str]] | None = None, owns: bool = False):
        self.stream, self.fmt, self.owns = stream, fmt, owns
        self.finished = done or set()
        self.csv = None
        if fmt == "csv":
            if bom and header:
                stream.write(BOM)
            self.csv = CsvWriter(stream, header=header, spreadsheet=bom)
            stream.flush()

    @classmethod
    def to_file(cls, path: Path, fmt: str, bom: bool = False, resume: bool = False) -> "StreamSink":
        """A file sink; with ``resume``, the documents already in the file count as done and new
        ones are appended (a torn last line from a killed run is cut off first)."""
        done: set[tuple[str, str]] = set()
        existing = resume and path.exists() and path.stat().st_size > 0
        if existing:
            done = _repair_and_read(path, fmt)
        if fmt == "json":
            # one pretty document: written whole at close, atomically
            return _JsonFileSink(path, done)
        stream = open(path, "a" if existing else "w", encoding="utf-8", newline="")
        return cls(stream, fmt, bom=bom, header=not existing, done=done, owns=True)

    def done(self, article: Article, sha256: str) -> bool:
        return (article.name, sha256) in self.finished

    def write(self, article: Article, doc: ClaimsDocument) -> None:
        if self.csv is not None:
            self.csv.write(doc)
        else:
            self.stream.write(serialize(doc, self.fmt))
        self.stream.flush()
        # what this run writes is not remembered: a set of every document would grow with the
        # corpus, and --resume only needs what an earlier run left in the file

    def close(self) -> None:
        if self.owns:
            self.stream.close()


class _JsonFileSink(Sink):
    def __init__(self, path: Path, done: set[tuple[str, str]]):
        self.path, self.finished = path, done

    def done(self, article: Article, sha256: str) -> bool:
        return (article.name, sha256) in self.finished

    def write(self, article: Article, doc: ClaimsDocument) -> None:
        atomic_write(self.path, serialize(doc, "json"))


def _repair_and_read(path: Path, fmt: str) -> set[tuple[str, str]]:
    """The (name, sha256) of each complete document in an output file; a last line without its
    newline (the run was killed while writing it) is removed so appending starts clean."""
    raw = path.read_bytes()
    if fmt in ("jsonl", "csv") and not raw.endswith(b"\n"):
        cut = raw.rfind(b"\n") + 1
        with open(path, "r+b") as handle:
            handle.truncate(cut)
        raw = raw[:cut]
    text = raw.decode("utf-8", errors="replace")
    if fmt == "csv":
        import io
        return read_done(io.StringIO(text))
    done = set()
    for record in parse_records(text, jsonl=fmt == "jsonl"):
        key = document_key(record.data) if record.error is None else None
        if key:
            done.add(key)
    return done


# --- running ---------------------------------------------------------------------------------

class Progress:
    """Messages and progress on standard error.  A progress bar only on a terminal and not
    --quiet; errors are always printed, one line each."""

    def __init__(self, quiet: bool = False, total: int | None = None, stream: TextIO | None = None,
                 progress: bool | None = None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.show_progress = (tty and not quiet) if progress is None else progress
        self.progress = None
        self.task = None
        self.total = total

    def __enter__(self) -> "Progress":
        if self.show_progress:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)
            console = Console(file=self.stream, force_terminal=True)
            self.progress = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), TimeRemainingColumn(),
                                     TextColumn("{task.description}", markup=False),  # a file name, not markup
                                     console=console, transient=False)
            self.progress.start()
            self.task = self.progress.add_task("", total=self.total)
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def _print(self, line: str) -> None:
        line = printable(line)  # file names, notes and errors come from the inputs: no raw escapes
        if self.progress is not None:
            # through rich, so the line lands above the bar instead of through it
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)

    def info(self, line: str) -> None:
        if not self.quiet:
            self._print(line)

    def error(self, line: str) -> None:
        self._print(f"error: {line}")

    def advance(self, label: str = "") -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=printable(label[-40:]))


@dataclass
class BatchResult:
    written: int = 0
    skipped: int = 0
    claims: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        parts = [f"{self.written} written"]
        if self.skipped:
            parts.append(f"{self.skipped} already done (--resume)")
        parts.append(f"{self.failed} failed")
        inputs = self.written + self.skipped + self.failed
        return (f"{_plural(inputs, 'input')}: " + ", ".join(parts) + f"; {_plural(self.claims, 'claim')}")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def run_batch(items: Iterable[Article | InputError], sink: Sink, produce: Producer, *,
              resume: bool = False, reporter: Progress | None = None) -> BatchResult:
    """Send every readable, not yet done article through ``produce`` and each result to ``sink``.
    Unreadable inputs, failed extractions and failed writes are reported and counted; the run
    goes on.  ``items`` is consumed lazily, in order, and so is the producer."""
    reporter = reporter or Progress(quiet=True, progress=False)
    result = BatchResult()

    def pending() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                result.failures.append(str(item))
                reporter.error(str(item))
                reporter.advance()
                continue
            sink.prepare(item)
            if resume and sink.done(item, sha256_text(item.text)):
                result.skipped += 1
                reporter.advance(item.name)
                continue
            yield item

    for article, outcome in produce(pending()):
        if isinstance(outcome, BaseException):
            result.failures.append(str(outcome))
            reporter.error(str(outcome))
        else:
            try:
                sink.write(article, outcome)
            except OSError as err:
                message = f"{article.source}: cannot write output ({err.strerror or err})"
                result.failures.append(message)
                reporter.error(message)
            else:
                result.written += 1
                result.claims += len(outcome.claims)
                for note in outcome.notes:
                    reporter.info(f"note: {article.source}: {note}")
                reporter.info(f"{article.source}: {_plural(len(outcome.claims), 'claim')}")
        reporter.advance(article.name)
    return result

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

import contextlib
import json
import os
import signal
import stat
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from attribution.claims.csv_export import BOM, CsvWriter, read_done
from attribution.claims.model import ClaimsDocument
from attribution.claims.read import document_key, parse_records
from attribution.run.build import ExtractionError, describe_input, sha256_text
from attribution.run.inputs import Article, InputError, InputSkipped
from attribution.termsafe import printable

FORMATS = ("json", "jsonl", "csv")

Outcome = ClaimsDocument | ExtractionError
Producer = Callable[[Iterable[Article]], Iterator[tuple[Article, Outcome]]]


# --- writing documents -----------------------------------------------------------------------

class OutputConflict(Exception):
    """An output that would replace the output of a different input, or one another run holds;
    the message names both and says how to go on."""


def serialize(doc: ClaimsDocument, fmt: str) -> str:
    return doc.model_dump_json(indent=2) + "\n" if fmt == "json" else doc.model_dump_json() + "\n"


def name_max(directory: Path) -> int:
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def fit_name(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` UTF-8 bytes, on a character boundary (an Arabic letter is
    two bytes, so a 120-letter title is already near the usual 255)."""
    raw = name.encode("utf-8")
    return name if len(raw) <= limit else raw[:limit].decode("utf-8", errors="ignore")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(target: Path, payload: str) -> None:
    """Write to a temporary file beside ``target``, then rename: a reader (or a killed run) sees
    the old file or the whole new one, never a torn one.  The temporary name fits any name the
    file system accepts for ``target`` (it is ``target``'s name cut short), and the file gets the
    permissions a plain ``open`` would (mkstemp alone makes it 0600)."""
    directory = target.parent
    # mkstemp adds 8 random characters: "." + name + "." + XXXXXXXX + ".tmp" must fit
    prefix = "." + fit_name(target.name, name_max(directory) - 14) + "."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
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


@contextlib.contextmanager
def directory_lock(directory: Path):
    """Hold an exclusive lock on ``directory`` while a check-then-write runs, so two runs writing
    into one folder cannot both find a name free (or holding their own input) and replace each
    other's file.  Held for one write at a time: concurrent runs take turns, they do not wait for
    each other to finish."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks (some network mounts): go on as before
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _existing_input(target: Path) -> dict | None:
    """The ``input`` record of the claims document in ``target`` (the first one of a JSONL file;
    for a CSV, its name and sha256), or None when there is no readable claims document there."""
    try:
        raw = target.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if target.suffix == ".csv":
        import io
        keys = read_done(io.StringIO(raw))   # one document per file in a directory of outputs
        if not keys:
            return None
        name, sha256 = min(keys)
        return {"name": name, "sha256": sha256}
    try:
        # records end at \n only: str.splitlines would also cut at a raw U+2028 inside a string
        data = json.loads(raw.split("\n", 1)[0] if target.suffix == ".jsonl" else raw)
    except json.JSONDecodeError:
        return None
    record = data.get("input") if isinstance(data, dict) else None
    return record if isinstance(record, dict) else None


def replace_unless_other_input(target: Path, doc: ClaimsDocument, payload: str, force: bool) -> None:
    """Write ``payload`` to ``target`` atomically, unless ``target`` holds the claims of another
    input (and not ``force``): the check and the write hold the folder's lock together."""
    with directory_lock(target.parent):
        existing = None if force else _existing_input(target)
        if existing is not None and not same_input(existing, doc):
            raise OutputConflict(conflict_message(target, existing))
        atomic_write(target, payload)


def same_input(existing: dict, doc: ClaimsDocument) -> bool:
    """Whether an output already on disk was made from the input ``doc`` comes from: the same name
    and either the same text or the same file (an article edited since is the same input; a
    namesake from another folder is not).  Documents from before 1.2 carry no path: the name
    decides, as it did when they were written."""
    if existing.get("name") != doc.input.name:
        return False
    if existing.get("sha256") == doc.input.sha256:
        return True
    old, new = existing.get("path"), doc.input.path
    if old is None or new is None:
        return old is None
    return old == new or os.path.realpath(old) == os.path.realpath(new)


def conflict_message(target: Path, existing: dict) -> str:
    held = existing.get("path") or existing.get("name") or "?"
    return (f"{target} holds the claims of another input ({held}); not replaced: use --force to replace it, "
            "or another -o")


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
    run finds the same names.  A file there that holds another input's claims (from an earlier
    run, or a run writing at the same time) is not replaced unless ``force``."""

    def __init__(self, directory: Path, fmt: str, bom: bool = False, force: bool = False):
        self.directory, self.fmt, self.bom, self.force = directory, fmt, bom, force
        self.directory.mkdir(parents=True, exist_ok=True)
        self.targets: dict[int, Path] = {}
        self.used: set[str] = set()
        # room for "-NN" and the suffix within the file system's name limit
        self.stem_bytes = name_max(directory) - len(f".{fmt}") - 4

    def prepare(self, article: Article) -> None:
        base = fit_name(article.stem, self.stem_bytes)
        stem, n = base, 1
        while stem.lower() in self.used:  # case-insensitive file systems would merge A and a
            n += 1
            stem = f"{base}-{n}"
        self.used.add(stem.lower())
        self.targets[id(article)] = self.directory / f"{stem}.{self.fmt}"

    def target(self, article: Article) -> Path:
        return self.targets[id(article)]

    def done(self, article: Article, sha256: str) -> bool:
        existing = _existing_input(self.target(article))
        return existing is not None and (existing.get("name"), existing.get("sha256")) == (article.name, sha256)

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
        replace_unless_other_input(target, doc, payload, self.force)


class _Appender:
    """A text stream over a file opened for appending whose every ``write`` lands whole or not
    at all: when the disk fills up halfway, the file is cut back to where the write began, so
    no torn last line is left behind."""

    def __init__(self, fd: int):
        self.fd = fd

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        start = os.lseek(self.fd, 0, os.SEEK_END)
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self.fd, view):]
        except OSError:
            try:
                os.ftruncate(self.fd, start)
            except OSError:
                pass
            raise
        return len(text)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        os.close(self.fd)


def open_locked(path: Path) -> int:
    """Open ``path`` for appending under an exclusive lock, taken before anything is cut, so a
    second run on the same file stops with one line instead of interleaving with the first."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
    try:
        import fcntl
    except ImportError:
        fcntl = None
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputConflict(f"{path}: another run is writing this file; wait for it to finish, "
                                 "or choose another -o") from None
        except OSError:
            pass  # a file system without locks (some network mounts): go on as before
    return fd


class StreamSink(Sink):
    """All documents into one stream (standard output or a file), flushed after each document
    so a killed run keeps everything it finished.  JSON (pretty) only makes sense for one."""

    def __init__(self, stream: TextIO, fmt: str, bom: bool = False, header: bool = True,
                 done: set[tuple[str, str]] | None = None, owns: bool = False):
        self.stream, self.fmt, self.owns = stream, fmt, owns
        self.finished = done or set()
        self.csv = None
        if fmt == "csv":
            self.csv = CsvWriter(stream, header=False, spreadsheet=bom)
            if header:
                import io
                head = io.StringIO()
                if bom:
                    head.write(BOM)
                CsvWriter(head, header=True)
                stream.write(head.getvalue())
            stream.flush()

    @classmethod
    def to_file(cls, path: Path, fmt: str, bom: bool = False, resume: bool = False,
                force: bool = False) -> "StreamSink":
        """A file sink; with ``resume``, the documents already in the file count as done and new
        ones are appended (a torn last line from a killed run is cut off first)."""
        if fmt == "json":
            # one pretty document: written whole at close, atomically
            done = _repair_and_read(path, fmt) if resume and _non_empty(path) else set()
            return _JsonFileSink(path, done, force=force)
        fd = open_locked(path)
        try:
            existing = resume and _non_empty(path)
            done = _repair_and_read(path, fmt) if existing else set()
            if not existing and stat.S_ISREG(os.fstat(fd).st_mode):
                os.ftruncate(fd, 0)
        except BaseException:
            os.close(fd)
            raise
        return cls(_Appender(fd), fmt, bom=bom, header=not existing, done=done, owns=True)

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


def _non_empty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


class _JsonFileSink(Sink):
    def __init__(self, path: Path, done: set[tuple[str, str]], force: bool = False):
        self.path, self.finished, self.force = path, done, force

    def done(self, article: Article, sha256: str) -> bool:
        return (article.name, sha256) in self.finished

    def write(self, article: Article, doc: ClaimsDocument) -> None:
        replace_unless_other_input(self.path, doc, serialize(doc, "json"), self.force)


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

    def warning(self, line: str) -> None:
        self._print(f"warning: {line}")

    def status(self, text: str) -> None:
        """What the bar shows until the first article is done (e.g. that the models are loading)."""
        if self.progress is not None:
            self.progress.update(self.task, description=text, refresh=True)  # drawn now, before the wait

    def advance(self, label: str = "") -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=printable(label[-40:]))


@dataclass
class BatchResult:
    written: int = 0
    skipped: int = 0
    claims: int = 0
    failures: list[str] = field(default_factory=list)
    interrupted: int | None = None   # the signal that stopped the run (SIGINT for Ctrl-C), if any

    @property
    def exit_code(self) -> int:
        """130 after Ctrl-C and 143 after SIGTERM (the shell's 128 + signal), 1 when an input
        failed, else 0."""
        if self.interrupted is not None:
            return 128 + int(self.interrupted)
        return 1 if self.failures else 0

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        parts = [f"{self.written} written"]
        if self.skipped:
            parts.append(f"{self.skipped} already done (--resume)")
        parts.append(f"{self.failed} failed")
        inputs = self.written + self.skipped + self.failed
        line = f"{_plural(inputs, 'input')}: " + ", ".join(parts) + f"; {_plural(self.claims, 'claim')}"
        if self.interrupted is not None:
            what = "Ctrl-C" if self.interrupted == signal.SIGINT else signal.Signals(self.interrupted).name
            line = f"interrupted ({what}) after {line}; rerun with --resume to do the rest"
        return line


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


class Interrupted(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so both stop the run the same way."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def stop_on_sigterm():
    """Make SIGTERM stop a run cleanly (as Ctrl-C does) instead of killing it mid-write; returns
    the handler it replaced."""
    def handler(signum, frame):
        raise Interrupted(signum)
    return signal.signal(signal.SIGTERM, handler)


@contextlib.contextmanager
def signals_deferred():
    """Hold Ctrl-C and SIGTERM back while one document is written: the signal lands right after,
    so an interrupted run never leaves half a line or a half-renamed file."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def run_batch(items: Iterable[Article | InputError], sink: Sink, produce: Producer, *,
              resume: bool = False, reporter: Progress | None = None) -> BatchResult:
    """Send every readable, not yet done article through ``produce`` and each result to ``sink``.
    Unreadable inputs, failed extractions and failed writes are reported and counted; the run
    goes on.  ``items`` is consumed lazily, in order, and so is the producer.  Ctrl-C or SIGTERM
    stops it after the write in progress: the result says so (``interrupted``) with the counts
    so far."""
    reporter = reporter or Progress(quiet=True, progress=False)
    result = BatchResult()

    def pending() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputSkipped):
                reporter.warning(str(item))
                continue
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

    outcomes = produce(pending())
    try:
        for article, outcome in outcomes:
            if isinstance(outcome, BaseException):
                result.failures.append(str(outcome))
                reporter.error(str(outcome))
            else:
                _write(article, outcome, sink, result, reporter)
            reporter.advance(article.name)
    except KeyboardInterrupt as err:
        result.interrupted = getattr(err, "signum", signal.SIGINT)
    finally:
        close = getattr(outcomes, "close", None)
        if close is not None:
            close()  # stops worker processes and queued work
    return result


def _write(article: Article, doc: ClaimsDocument, sink: Sink, result: BatchResult, reporter: Progress) -> None:
    describe_input(doc, article)   # a producer may have built the document from the text alone
    try:
        with signals_deferred():
            sink.write(article, doc)
    except OutputConflict as err:
        message = f"{article.source}: {err}"
    except OSError as err:
        message = f"{article.source}: cannot write output ({err.strerror or err})"
    else:
        result.written += 1
        result.claims += len(doc.claims)
        for note in doc.notes:
            reporter.info(f"note: {article.source}: {note}")
        reporter.info(f"{article.source}: {_plural(len(doc.claims), 'claim')}")
        return
    result.failures.append(message)
    reporter.error(message)

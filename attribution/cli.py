"""The ``attribution`` command line: extract, validate, schema, evaluate, parse, models."""
from __future__ import annotations

import itertools
import json
import signal
import sys
from pathlib import Path

import click

from attribution import __version__


def _fail(message: str) -> None:
    from attribution.termsafe import printable
    raise click.ClickException(printable(message))   # messages echo file names and input text


def _load(model: str | None):
    from attribution.parse.pipeline import ModelNotFoundError, load_pipeline
    try:
        return load_pipeline(model)
    except ModelNotFoundError as err:
        _fail(str(err))


class _Group(click.Group):
    """Ctrl-C anywhere (loading the model, writing a page) exits 130 with one line, as shells
    expect, instead of click's "Aborted!" and status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as err:
            signum = getattr(err, "signum", 2)
            click.echo("interrupted", err=True)
            ctx.exit(128 + int(signum))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="attribution")
def main() -> None:
    """Who said what in Arabic news: reporting cues, speakers and content with exact offsets.

    Environment: ATTRIBUTION_MEMORY=bounded (default) keeps the parser's memory peaks small at
    2-8% of speed; ATTRIBUTION_MEMORY=fast gives the speed back (docs/throughput.md)."""
    from attribution.parse.stanza_patches.memory import memory_mode
    try:
        memory_mode()
    except ValueError as err:
        _fail(str(err))


# below this many articles, auto runs in this process: starting a worker and loading its model takes
# about as long as parsing a dozen short articles
AUTO_WORKERS_FROM = 12


def _workers_value(ctx, param, value):
    if value is None or str(value).strip().lower() == "auto":
        return None
    try:
        number = int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}: use auto or a number of processes (1 or more)") from None
    if number < 1:
        raise click.BadParameter(f"{value!r}: use auto or a number of processes (1 or more)")
    return number


MODEL_OPTION = click.option("--model", "-m", default=None, metavar="bundled|stanza|DIR",
                            help="parsing models: the bundled ones (default), the official Stanza Arabic models, "
                                 "or a model directory")


BATCH_SIZE_OPTION = click.option("--batch-size", default=32, show_default=True,
                                 help="most paragraphs per parser call (fewer when they are long)")


INPUT_FORMAT_OPTION = click.option(
    "--input-format", type=click.Choice(["auto", "txt", "html", "jsonl"]), default="auto", show_default=True,
    help="how to read inputs: auto goes by the file suffix (.html/.htm: the page's main text; .jsonl: one "
         '{"id", "text"} article a line; anything else: plain text); set it to read standard input as HTML or JSONL')


def _is_multiple(inputs: tuple[str, ...], input_format: str) -> bool:
    from attribution.run.inputs import GLOB_CHARS
    if len(inputs) > 1:
        return True
    raw = inputs[0]
    if raw == "-":
        return input_format == "jsonl"
    path = Path(raw)
    return (path.is_dir() or (not path.exists() and bool(GLOB_CHARS.search(raw)))
            or (input_format == "jsonl" or (input_format == "auto" and path.suffix.lower() == ".jsonl")))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(), default=None,
              help="output file, or directory (an existing one, or a path ending in /): one <input stem>.<format> "
                   "per input, each written atomically; default: standard output")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default=None,
              help="json: one document per file; jsonl: one document per line; csv: one claim per row, "
                   "offsets included  [default: from the -o suffix (.jsonl, .csv), else json]")
@click.option("--bom", is_flag=True,
              help="CSV for spreadsheet programs: start with a UTF-8 byte-order mark (so Excel reads Arabic) and "
                   "prefix cells starting with = + - @ with ' so they are not run as formulas")
@click.option("--resume", is_flag=True,
              help="skip inputs whose output (in -o DIR, or the -o FILE being appended to) already holds a "
                   "document for the same input name and sha256")
@click.option("--force", is_flag=True,
              help="replace an output file that holds the claims of another input (by default such a file "
                   "is left alone and the input counts as failed)")
@INPUT_FORMAT_OPTION
@MODEL_OPTION
@BATCH_SIZE_OPTION
@click.option("--workers", default="auto", show_default=True, metavar="auto|N", callback=_workers_value,
              help="parallel processes on this machine, each with its own pipeline and one torch thread; auto: one "
                   f"per available core when there are at least {AUTO_WORKERS_FROM} articles (loading a model per "
                   "process costs more than it gains on a few), else this process alone; results keep input order")
@click.option("--dask", "dask_address", default=None, metavar="tcp://HOST:PORT",
              help="run the extraction on a dask.distributed cluster (needs the 'dask' extra); one pipeline "
                   "per worker, results in input order; see docs/throughput.md")
@click.option("--dask-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="how long to try reaching the --dask scheduler before giving up with an error")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar, notes or counts on standard error (errors "
                                                  "are still printed)")
def extract(inputs, output, fmt, bom, resume, force, input_format, model, batch_size, workers, dask_address,
            dask_timeout, quiet):
    """Extract claims from articles: .txt, .html and .jsonl files, directories (searched recursively),
    glob patterns ('news/*.html'), or - (standard input).

    A failing input is reported as "error: FILE: reason" and skipped; the others go on, and the exit
    status is 1 at the end. A progress bar shows on a terminal (not with --quiet or when standard error
    is redirected). JSONL and CSV outputs are flushed after every document, so a killed run keeps all
    finished work; rerun it with --resume to do only what is left. Ctrl-C or SIGTERM stops after
    the document being written (exit 130 / 143). Only regular files are read; the output is never
    read back as an input, and two runs on one output take turns per file (on one JSONL or CSV
    file, the second stops with an error)."""
    from attribution.run.batch import stop_on_sigterm

    fmt = fmt or _format_of(output)
    if bom and fmt != "csv":
        _fail("--bom applies to --format csv")
    multiple = _is_multiple(inputs, input_format)
    to_dir = output is not None and (Path(output).is_dir() or output.endswith(("/", "\\"))
                                      or (multiple and fmt == "json"))
    if output is None and multiple and fmt == "json":
        _nothing_to_read(inputs, input_format)
        _fail("several inputs: use --format jsonl or csv, or -o DIR for one file per input")
    if resume and output is None:
        _fail("--resume needs -o (a directory, or a file to append to) to know what is already done")
    if workers is not None and workers > 1 and dask_address:
        _fail("--workers and --dask exclude each other: the Dask cluster has its own workers")
    previous_sigterm = stop_on_sigterm()
    try:
        _extract(inputs, output, fmt, bom, resume, force, input_format, model, batch_size, workers,
                 (dask_address, dask_timeout), quiet, multiple, to_dir)
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)


def _extract(inputs, output, fmt, bom, resume, force, input_format, model, batch_size, workers, dask,
             quiet, multiple, to_dir):
    dask_address, dask_timeout = dask
    from attribution.run.batch import Progress, run_batch
    from attribution.run.inputs import Exclude, count_articles, iter_articles

    exclude = Exclude(output, is_dir=to_dir) if output is not None else None
    if not quiet:  # the progress bar's total
        total = count_articles(list(inputs), input_format, exclude)
    elif workers is None:  # enough to decide how many workers, no more
        total = count_articles(list(inputs), input_format, exclude, limit=_auto_workers_enough())
    else:
        total = None
    if workers is None:
        workers = _auto_workers(total, dask_address)
    reporter = Progress(quiet=quiet, total=total)
    # With a bar to move, articles go to the parser one at a time, so it advances article by
    # article (~3% slower than parsing several articles' paragraphs per call).
    max_articles = 1 if reporter.show_progress else 256
    sink = None
    try:
        with reporter:
            # the bar starts before the models load (a few seconds) and says so meanwhile
            reporter.status("loading the parsing models…" if workers == 1 else
                            f"starting {workers} worker processes, loading the parsing models…")
            produce = _producer(model, batch_size, workers, dask_address, dask_timeout, max_articles)
            sink = _sink(output, fmt, bom, resume, force, to_dir)
            result = run_batch(iter_articles(list(inputs), input_format, exclude), sink, produce, resume=resume,
                               reporter=reporter)
    except BrokenPipeError:
        # `attribution extract ... | head`: the reader is gone, which is not an error of ours
        sys.stderr.close()
        raise SystemExit(0)
    finally:
        try:
            if sink is not None:
                sink.close()
        except OSError:
            pass  # BrokenPipe, or a full disk: each failed write was already reported
    if result.interrupted is not None:
        reporter.error(result.summary())  # shown even with --quiet: the output is incomplete
    elif multiple or result.skipped:
        reporter.info(result.summary())
    raise SystemExit(result.exit_code)


def _format_of(output: str | None) -> str:
    """--format when it is not given: from the -o suffix (.jsonl, .csv), else json."""
    suffix = Path(output).suffix.lower() if output and not output.endswith(("/", "\\")) else ""
    return {".jsonl": "jsonl", ".csv": "csv"}.get(suffix, "json")


def _nothing_to_read(inputs, input_format: str) -> None:
    """An empty folder or a glob that matches nothing, and nothing else: say that, rather than
    ask for a format fit for several inputs."""
    from attribution.run.inputs import InputError, expand_paths

    found = list(itertools.islice(expand_paths(list(inputs)), 2))
    if found and all(isinstance(item, InputError) for item in found):
        _fail(str(found[0]))


def _auto_workers_enough() -> int:
    """The article count past which --workers auto's answer no longer changes."""
    from attribution.run.workers import cpu_count

    return max(AUTO_WORKERS_FROM, cpu_count() * (AUTO_WORKERS_FROM // 2))


def _auto_workers(articles: int | None, dask_address: str | None) -> int:
    """--workers auto: one process per available core for a batch worth it, else one."""
    from attribution.run.workers import cpu_count

    if dask_address or articles is None or articles < AUTO_WORKERS_FROM:
        return 1
    return max(1, min(cpu_count(), articles // (AUTO_WORKERS_FROM // 2)))


def _sink(output, fmt: str, bom: bool, resume: bool, force: bool, to_dir: bool):
    from attribution.run.batch import DirectorySink, OutputConflict, StreamSink

    try:
        if to_dir:
            return DirectorySink(Path(output), fmt, bom=bom, force=force)
        if output is not None:
            return StreamSink.to_file(Path(output), fmt, bom=bom, resume=resume, force=force)
        return StreamSink(sys.stdout, fmt, bom=bom)
    except OutputConflict as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"{output}: cannot write ({err.strerror or err})")


def _producer(model, batch_size: int, workers: int, dask_address: str | None, dask_timeout: float = 10.0,
              max_articles: int = 256):
    """What turns articles into claims documents: this process, N worker processes, or a Dask
    cluster.  Models are checked (and a cluster reached) before any input is read."""
    from attribution.parse.pipeline import ModelNotFoundError, resolve_model

    if dask_address:
        from attribution.run.distributed import DaskUnavailableError, dask_producer
        try:
            resolve_model(model)
            return dask_producer(dask_address, model, batch_size=batch_size, connect_timeout=dask_timeout)
        except (DaskUnavailableError, ModelNotFoundError) as err:
            _fail(str(err))
    if workers > 1:
        from attribution.run.workers import parallel_producer
        try:
            return parallel_producer(workers, resolve_model(model), batch_size=batch_size,
                                     max_articles=max_articles)
        except ModelNotFoundError as err:
            _fail(str(err))
    from attribution.run.bulk import bulk_producer
    nlp, spec = _load(model)
    # one thread: PyTorch's extra intra-op threads win little on a quiet machine and spin away
    # the cores when other jobs share them (several times slower under load)
    from attribution.run.workers import set_torch_threads
    set_torch_threads(1)
    # paragraphs of several articles per parser call, unless max_articles is 1
    return bulk_producer(nlp, spec.name, batch_size=batch_size, max_articles=max_articles)


def _source_extractor(model: str | None, batch_size: int):
    """Extraction for report/speakers inputs that are articles; loads the model on first use."""
    from attribution.run.build import ExtractionError, extract_article, extraction_failed
    from attribution.run.inputs import InputError

    state = {}

    def run(article):
        if "nlp" not in state:
            state["nlp"], state["spec"] = _load(model)
        try:
            return extract_article(article, state["nlp"], state["spec"].name, batch_size=batch_size)
        except ExtractionError as err:
            raise InputError(str(err)) from None
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception as err:  # one article the parser chokes on must not lose the others
            raise InputError(extraction_failed(article.source, type(err).__name__)) from None
    return run


def _load_sources(inputs, articles_dir, model, batch_size, input_format, need_text, quiet):
    from attribution.views.sources import load_sources
    from attribution.run.inputs import InputError, InputSkipped
    from attribution.termsafe import printable

    loaded, failed = [], 0
    for got in load_sources(list(inputs), _source_extractor(model, batch_size), articles_dir=articles_dir,
                            need_text=need_text, input_format=input_format):
        if isinstance(got, InputSkipped):
            click.echo(printable(f"warning: {got}"), err=True)
            continue
        if isinstance(got, InputError):
            failed += 1
            click.echo(printable(f"error: {got}"), err=True)
            continue
        if not quiet:
            for note in got.doc.notes:
                click.echo(printable(f"note: {got.source}: {note}"), err=True)
        loaded.append(got)
    return loaded, failed


ARTICLES_OPTION = click.option(
    "--articles", "articles_dir", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
    help="directory holding the articles that claim files were extracted from (default: beside each claim "
         "file, then the current directory); their sha256 must match; not needed for documents that carry their text (HTML/JSONL inputs)")


def _claim_files(paths):
    """Files as given, folders as the .json/.jsonl files under them; what cannot be read (missing,
    a FIFO, an empty folder) as the InputError that says so."""
    from attribution.run.inputs import InputError, check_regular, expand_paths

    for path in paths:
        if path.is_dir():
            yield from expand_paths([str(path)], (".json", ".jsonl"))
            continue
        try:
            check_regular(path)
        except InputError as err:
            yield err
            continue
        yield path


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="the HTML file to write (one self-contained page for all inputs)")
@click.option("--title", default="من قال ماذا", show_default=True, help="page title")
@ARTICLES_OPTION
@INPUT_FORMAT_OPTION
@MODEL_OPTION
@BATCH_SIZE_OPTION
@click.option("-q", "--quiet", is_flag=True, help="no notes or counts on standard error")
def report(inputs, output, title, articles_dir, input_format, model, batch_size, quiet):
    """Write a review page: each article right to left with cue, speaker and content highlighted,
    implicit speakers shown at their cue, and an index of speakers that filters the claims.

    INPUTS are articles (.txt, .html, article .jsonl, -: extracted now) or claim files (.json, or
    .jsonl written by extract), or directories of them. The page needs no network to view."""
    from attribution.run.batch import atomic_write
    from attribution.termsafe import printable
    from attribution.views.review_page import ReportItem, render_report

    loaded, failed = _load_sources(inputs, articles_dir, model, batch_size, input_format, True, quiet)
    if not loaded:
        _fail("nothing to report: no input could be read")
    page = render_report([ReportItem(got.doc, got.text, got.source, got.stem) for got in loaded], title=title)
    try:
        atomic_write(output, page)
    except OSError as err:
        _fail(f"{output}: cannot write ({err.strerror or err})")
    if not quiet:
        claims = sum(len(got.doc.claims) for got in loaded)
        click.echo(printable(f"wrote {output}: {len(loaded)} articles, {claims} claims"), err=True)
    if failed:
        raise SystemExit(1)


def _on_terminal() -> bool:
    """Standard output is a terminal: CSV/JSON rows get their control characters escaped."""
    return sys.stdout.isatty()


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: for reading in the terminal; csv/json: every row in full, for other tools")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write to this file instead of standard output")
@click.option("--bom", is_flag=True, help="with --format csv: start with a UTF-8 byte-order mark for Excel")
@click.option("--all", "all_claims", is_flag=True,
              help="every claim of each speaker: table: a line per claim under its speaker; csv: one row per "
                   "claim; json: a claim_list per speaker")
@INPUT_FORMAT_OPTION
@MODEL_OPTION
@BATCH_SIZE_OPTION
@click.option("-q", "--quiet", is_flag=True, help="no notes on standard error")
def speakers(inputs, fmt, output, bom, all_claims, input_format, model, batch_size, quiet):
    """Who said what: one row per speaker (entity, mentions, claims, articles, first claim) over
    articles or claim files, most quoted first. A named person or organisation is one row across
    articles; generic names (الشرطة، مصادر، وزارة الدفاع) are one row per article."""
    from attribution.run.batch import atomic_write
    from attribution.views.who_said_what import print_table, to_csv, to_json, who_said_what

    if bom and fmt != "csv":
        _fail("--bom applies to --format csv")
    loaded, failed = _load_sources(inputs, None, model, batch_size, input_format, False, quiet)
    if not loaded and failed:
        raise SystemExit(1)
    rows = who_said_what(got.doc for got in loaded)
    if fmt == "table":
        from rich.console import Console
        if output is not None:
            with open(output, "w", encoding="utf-8") as handle:
                print_table(rows, Console(file=handle, width=160, no_color=True), all_claims=all_claims)
        else:
            print_table(rows, Console(file=sys.stdout), all_claims=all_claims)
    else:
        payload = to_csv(rows, bom=bom, all_claims=all_claims) if fmt == "csv" else to_json(rows, all_claims)
        if output is not None:
            try:
                atomic_write(output, payload)
            except OSError as err:
                _fail(f"{output}: cannot write ({err.strerror or err})")
        else:
            if _on_terminal():
                from attribution.termsafe import printable
                payload = printable(payload, newlines=True)
            click.echo(payload, nl=False)
    if failed:
        raise SystemExit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--input", "input_path", type=click.Path(path_type=Path), default=None,
              help="the article the claims were extracted from: checks its sha256 and every offset")
@click.option("--max-errors", default=20, show_default=True, type=click.IntRange(min=1), metavar="N",
              help="most errors listed per document (a JSON file, a JSONL line); one more line counts the rest")
def validate(files, input_path, max_errors):
    """Check claim files (JSON or JSONL) against the schema, and offsets against the input text.

    Strict: a duplicate key, NaN or Infinity, nesting deeper than 64, an integer of more than
    30 digits, a lone surrogate (\\ud800) or an offset written 3.0 is an error. Each error is one
    line "FILE: [line N: ]JSON-PATH: message", values in it cut to an excerpt; exit status 1 when
    any file has an error."""
    from attribution.claims.validate import iter_problems
    from attribution.run.inputs import InputError, InputSkipped, read_article
    from attribution.termsafe import printable

    text = None
    if input_path is not None:
        try:
            text = read_article(input_path).text
        except InputError as err:
            _fail(str(err))
    failed = 0
    for path in _claim_files(files):
        if isinstance(path, InputSkipped):
            click.echo(printable(f"warning: {path}"), err=True)
            continue
        if isinstance(path, InputError):
            click.echo(printable(str(path)), err=True)
            failed += 1
            continue
        name = printable(str(path))
        clean = True
        for p in iter_problems(path, text, max_errors):
            clean = False
            click.echo(printable(f"{name}: {p.path}: {p.message}"))
        if clean:
            click.echo(f"{name}: ok")
        else:
            failed += 1
    if failed:
        raise SystemExit(1)


@main.command()
@click.option("--write", is_flag=True, help="write schemas/claims.schema.json instead of printing")
def schema(write):
    """Print the JSON Schema (2020-12) of claims documents."""
    from attribution.claims.schema import SCHEMA_PATH, schema_json

    if write:
        SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_PATH.write_text(schema_json(), encoding="utf-8")
        click.echo(f"wrote {SCHEMA_PATH}")
    else:
        click.echo(schema_json(), nl=False)


@main.command()
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path, exists=True),
              help="directory of <stem>.gold.json files, or one such file (e.g. the review page's export)")
@click.option("--articles", "articles_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="directory of <stem>.txt articles (default: found through each prediction: the text it "
                   "carries, or the file its input names, checked by sha256)")
@click.option("--pred", "pred_dir", required=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="directory of <stem>.json predictions (claims documents)")
@click.option("-v", "--verbose", is_flag=True, help="scores and errors per article")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
def evaluate(gold_dir, articles_dir, pred_dir, verbose, as_json):
    """Score predictions against gold attributions (detection, speaker, content, strict F1)."""
    from attribution.views.scoring import EvaluationError, evaluate_dirs, format_summary

    try:
        total, per_article = evaluate_dirs(gold_dir, articles_dir, pred_dir)
    except EvaluationError as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps({"articles": per_article, "summary": total.summary()}, ensure_ascii=False, indent=1))
        return
    if verbose:
        from attribution.termsafe import printable
        for stem, result in per_article.items():
            click.echo(printable(format_summary(stem, result["summary"])))
            for d in result["details"]:
                if "missed" in d or "spurious" in d or not d.get("speaker_ok") or d.get("content_f1", 1) < 0.5:
                    click.echo("    " + printable(json.dumps(d, ensure_ascii=False)))
    click.echo(format_summary("summary", total.summary()))


@main.command()
@click.argument("source", default="-")
@click.option("--pretokenized", is_flag=True, help="one sentence a line, tokens split by spaces")
@MODEL_OPTION
def parse(source, pretokenized, model):
    """Print the parse of FILE (or - for standard input) as CoNLL-U."""
    from attribution.parse.conllu import parsed_to_conllu
    from attribution.parse.document import parse_paragraphs
    from attribution.run.inputs import InputError, read_article, read_stdin
    from attribution.parse.pipeline import ModelNotFoundError, load_pipeline

    try:
        article = read_stdin() if source == "-" else read_article(Path(source))
    except InputError as err:
        _fail(str(err))
    try:
        nlp, _ = load_pipeline(model, pretokenized=pretokenized)
    except ModelNotFoundError as err:
        _fail(str(err))
    if pretokenized:
        doc = nlp(article.text)
        # CoNLL-U ends every sentence, the last one too, with a blank line (the CoNLL 2018 scorer
        # refuses a file without it)
        click.echo("{:C}".format(doc).rstrip("\n") + "\n\n", nl=False)
        return
    click.echo(parsed_to_conllu(parse_paragraphs(nlp, article.text)), nl=False)


@main.group(invoke_without_command=True)
@click.pass_context
def models(ctx):
    """List the parsing models available here."""
    if ctx.invoked_subcommand is None:
        from attribution.parse.pipeline import available_models
        for row in available_models():
            installed = row["status"] == "installed"
            click.echo(f"{row['name']:8} {'installed' if installed else 'missing':10} {row['path']}")
            if not installed:
                click.echo(f"{'':8} {row['status'].removeprefix('missing: ')}")


@models.command()
def download():
    """Download the official Stanza Arabic models (needs internet access)."""
    import stanza

    from attribution.parse.pipeline import default_stanza_dir
    try:
        stanza.download("ar", model_dir=str(default_stanza_dir()), processors="tokenize,mwt,pos,lemma,depparse,ner")
    except Exception as err:  # stanza raises several network error types; all mean the same here
        _fail(f"could not download the Stanza Arabic models ({type(err).__name__}: {str(err).splitlines()[0][:200]})")
    click.echo(f"installed in {default_stanza_dir()}")


if __name__ == "__main__":
    sys.exit(main())

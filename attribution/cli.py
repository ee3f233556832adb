"""The ``attribution`` command line: extract, validate, schema, evaluate, parse, models."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _load(model: str | None):
    from .pipeline import ModelNotFoundError, load_pipeline
    try:
        return load_pipeline(model)
    except ModelNotFoundError as err:
        _fail(str(err))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="attribution")
def main() -> None:
    """Who said what in Arabic news: reporting cues, speakers and content with exact offsets."""


MODEL_OPTION = click.option("--model", "-m", default=None, metavar="bundled|stanza|DIR",
                            help="parsing models: the bundled ones (default), the official Stanza Arabic models, "
                                 "or a model directory")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(), default=None,
              help="output file, or directory (an existing one, or a path ending in /): one <input stem>.json "
                   "per input; default: standard output")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: one document per file; jsonl: one document per line")
@MODEL_OPTION
@click.option("--batch-size", default=32, show_default=True, help="paragraphs per parser call")
@click.option("-q", "--quiet", is_flag=True, help="no progress or notes on standard error")
def extract(inputs, output, fmt, model, batch_size, quiet):
    """Extract claims from article files, directories of .txt files, or - (standard input)."""
    from .extract import extract_text
    from .inputs import InputError, iter_articles

    multiple = len(inputs) > 1 or any(Path(p).is_dir() for p in inputs if p != "-")
    to_dir = output is not None and (Path(output).is_dir() or output.endswith(("/", "\\"))
                                      or (multiple and fmt == "json"))
    output = Path(output) if output is not None else None
    if output is None and multiple and fmt == "json":
        _fail("several inputs: use --format jsonl, or -o DIR for one file per input")
    nlp, spec = _load(model)
    failures = 0
    sink = None
    if to_dir:
        output.mkdir(parents=True, exist_ok=True)
    elif output is not None:
        sink = open(output, "w", encoding="utf-8")
    try:
        for item in iter_articles(list(inputs)):
            if isinstance(item, InputError):
                failures += 1
                click.echo(f"error: {item}", err=True)
                continue
            doc = extract_text(item.text, nlp, spec.name, name=item.name, carry_text=item.carry_text,
                               batch_size=batch_size)
            if not quiet:
                for note in doc.notes:
                    click.echo(f"note: {item.name}: {note}", err=True)
                click.echo(f"{item.name}: {len(doc.claims)} claims", err=True)
            payload = (doc.model_dump_json(indent=2) if fmt == "json" else doc.model_dump_json())
            if to_dir:
                target = output / f"{item.stem}.{fmt}"
                _atomic_write(target, payload + "\n")
            elif sink is not None:
                sink.write(payload + "\n")
                sink.flush()
            else:
                click.echo(payload)
    finally:
        if sink is not None:
            sink.close()
    if failures:
        raise SystemExit(1)


def _atomic_write(target: Path, payload: str) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(payload, encoding="utf-8")
    tmp.replace(target)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--input", "input_path", type=click.Path(path_type=Path), default=None,
              help="the article the claims were extracted from: checks its sha256 and every offset")
def validate(files, input_path):
    """Check claim files (JSON or JSONL) against the schema, and offsets against the input text."""
    from .inputs import InputError, read_article
    from .validate import validate_file

    text = None
    if input_path is not None:
        try:
            text = read_article(input_path).text
        except InputError as err:
            _fail(str(err))
    failed = 0
    for path in files:
        if not path.exists():
            click.echo(f"{path}: no such file", err=True)
            failed += 1
            continue
        problems = validate_file(path, text)
        if problems:
            failed += 1
            for p in problems:
                click.echo(f"{path}: {p.path}: {p.message}")
        else:
            click.echo(f"{path}: ok")
    if failed:
        raise SystemExit(1)


@main.command()
@click.option("--write", is_flag=True, help="write schemas/claims.schema.json instead of printing")
def schema(write):
    """Print the JSON Schema (2020-12) of claims documents."""
    from .schema import SCHEMA_PATH, schema_json

    if write:
        SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_PATH.write_text(schema_json(), encoding="utf-8")
        click.echo(f"wrote {SCHEMA_PATH}")
    else:
        click.echo(schema_json(), nl=False)


@main.command()
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="directory of <stem>.gold.json files")
@click.option("--articles", "articles_dir", required=True,
              type=click.Path(path_type=Path, file_okay=False, exists=True), help="directory of <stem>.txt articles")
@click.option("--pred", "pred_dir", required=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="directory of <stem>.json predictions (claims documents)")
@click.option("-v", "--verbose", is_flag=True, help="scores and errors per article")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
def evaluate(gold_dir, articles_dir, pred_dir, verbose, as_json):
    """Score predictions against gold attributions (detection, speaker, content, strict F1)."""
    from .evaluate import EvaluationError, evaluate_dirs, format_summary

    try:
        total, per_article = evaluate_dirs(gold_dir, articles_dir, pred_dir)
    except EvaluationError as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps({"articles": per_article, "summary": total.summary()}, ensure_ascii=False, indent=1))
        return
    if verbose:
        for stem, result in per_article.items():
            click.echo(format_summary(stem, result["summary"]))
            for d in result["details"]:
                if "missed" in d or "spurious" in d or not d.get("speaker_ok") or d.get("content_f1", 1) < 0.5:
                    click.echo("    " + json.dumps(d, ensure_ascii=False))
    click.echo(format_summary("summary", total.summary()))


@main.command()
@click.argument("source", default="-")
@click.option("--pretokenized", is_flag=True, help="one sentence a line, tokens split by spaces")
@MODEL_OPTION
def parse(source, pretokenized, model):
    """Print the parse of FILE (or - for standard input) as CoNLL-U."""
    from .conllu import parsed_to_conllu
    from .document import parse_paragraphs
    from .inputs import InputError, read_article, read_stdin
    from .pipeline import ModelNotFoundError, load_pipeline

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
        click.echo("{:C}".format(doc))
        return
    click.echo(parsed_to_conllu(parse_paragraphs(nlp, article.text)), nl=False)


@main.group(invoke_without_command=True)
@click.pass_context
def models(ctx):
    """List the parsing models available here."""
    if ctx.invoked_subcommand is None:
        from .pipeline import available_models
        for row in available_models():
            click.echo(f"{row['name']:8} {row['status']:10.10} {row['path']}")
            if row["status"] != "installed":
                click.echo(f"         {row['status']}")


@models.command()
def download():
    """Download the official Stanza Arabic models (needs internet access)."""
    import stanza

    from .pipeline import default_stanza_dir
    try:
        stanza.download("ar", model_dir=str(default_stanza_dir()), processors="tokenize,mwt,pos,lemma,depparse")
    except Exception as err:  # stanza raises several network error types; all mean the same here
        _fail(f"could not download the Stanza Arabic models ({type(err).__name__}: {str(err).splitlines()[0][:200]})")
    click.echo(f"installed in {default_stanza_dir()}")


if __name__ == "__main__":
    sys.exit(main())

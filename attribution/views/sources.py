"""Claims documents for ``report`` and ``speakers``: from claim files (JSON or JSONL claims
documents) or from articles (.txt, .html, article JSONL, stdin), which are extracted on the way.

The pipeline is loaded only when an article actually needs extracting, so reading claim files
is instant.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from pydantic import ValidationError

from attribution.claims.model import ClaimsDocument
from attribution.claims.read import loads as strict_loads, parse_records, read_text
from attribution.run.build import sha256_text
from attribution.run.inputs import ARTICLE_SUFFIXES, Article, InputError, check_regular, expand_paths, iter_file

SOURCE_SUFFIXES = ARTICLE_SUFFIXES + (".json",)


@dataclass
class Loaded:
    doc: ClaimsDocument
    text: str | None       # the text the offsets index, when known
    source: str            # file (or file:line) it came from
    stem: str = ""         # the name its claims file has or would have in `extract -o DIR` (<stem>.json)


def _validation_summary(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "document"
    return f"{where}: {first.get('msg', 'invalid')}"


def parse_claims(raw: object, where: str) -> ClaimsDocument:
    if not isinstance(raw, dict) or "claims" not in raw:
        raise InputError(f"{where}: not a claims document (no \"claims\")")
    try:
        return ClaimsDocument.model_validate(raw)
    except ValidationError as err:
        raise InputError(f"{where}: not a valid claims document ({_validation_summary(err)})") from None


def _is_claims_jsonl(path: Path) -> bool:
    """A JSONL file is claims (our output) when its first record has "claims"; else articles."""
    try:
        check_regular(path)
        with path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    record = strict_loads(line.decode("utf-8-sig"))
                    return isinstance(record, dict) and "claims" in record
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, InputError):
        return False
    return False


def find_article_text(doc: ClaimsDocument, claims_path: Path, articles_dir: Path | None) -> str | None:
    """The article a claims document was made from: its carried text, else a file named like
    ``input.name`` in --articles DIR or beside the claims file, if its sha256 matches."""
    if doc.text is not None:
        return doc.text
    from attribution.run.inputs import read_article
    candidates = []
    if articles_dir is not None:
        candidates.append(articles_dir / doc.input.name)
        if doc.input.path:  # in a subfolder of --articles DIR: every tail of the path extract was given
            parts = Path(doc.input.path).parts
            candidates += [articles_dir.joinpath(*parts[k:]) for k in range(1, len(parts) - 1)]
    if doc.input.path:
        candidates.append(Path(doc.input.path))   # relative to where extract ran: often here too
    candidates.append(claims_path.parent / doc.input.name)
    candidates.append(Path.cwd() / doc.input.name)
    for candidate in candidates:
        if candidate.is_file():
            try:
                text = read_article(candidate).text
            except InputError:
                continue
            if sha256_text(text) == doc.input.sha256:
                return text
    return None


def iter_claim_file(path: Path) -> Iterator[tuple[ClaimsDocument, str] | InputError]:
    try:
        check_regular(path)
        raw = read_text(path)
    except InputError as err:
        yield err
        return
    except OSError as err:
        yield InputError(f"{path}: cannot read ({err.strerror})")
        return
    except UnicodeDecodeError as err:
        yield InputError(f"{path}: not valid UTF-8 at byte offset {err.start}")
        return
    for record in parse_records(raw, jsonl=path.suffix.lower() == ".jsonl"):
        where = str(path) if record.line is None else f"{path}:{record.line}"
        err = record.error
        if err is not None:
            detail = f"column {err.colno}" if record.line is not None else f"line {err.lineno}, column {err.colno}"
            yield InputError(f"{where}: not JSON ({err.msg}, {detail})")
            continue
        try:
            yield parse_claims(record.data, where), where
        except InputError as err:
            yield err


def load_sources(paths: list[str], extract: Callable[[Article], ClaimsDocument],
                 articles_dir: Path | None = None, need_text: bool = True,
                 input_format: str = "auto") -> Iterator[Loaded | InputError]:
    """Every input as a :class:`Loaded` document (extracting articles with ``extract``), or the
    InputError that says why it could not be used."""
    for item in expand_paths(paths, SOURCE_SUFFIXES):
        if isinstance(item, InputError):
            yield item
            continue
        path = None if item == "-" else Path(item)
        is_claims = path is not None and input_format == "auto" and (
            path.suffix.lower() == ".json" or (path.suffix.lower() == ".jsonl" and _is_claims_jsonl(path)))
        if is_claims:
            for got in iter_claim_file(path):
                if isinstance(got, InputError):
                    yield got
                    continue
                doc, where = got
                text = find_article_text(doc, path, articles_dir) if need_text else doc.text
                if need_text and text is None:
                    yield InputError(f"{where}: article {doc.input.name!r} not found (or changed since "
                                     "extraction): pass --articles DIR")
                    continue
                yield Loaded(doc, text, where, path.stem if path.suffix.lower() == ".json" else "")
            continue
        for article in iter_file(item, input_format):
            if isinstance(article, InputError):
                yield article
                continue
            try:
                doc = extract(article)
            except InputError as err:
                yield err
                continue
            yield Loaded(doc, article.text, article.source, article.stem)

"""Many articles per parser call, one article at a time in and out.

Stanza is fastest when it sees many sentences at once, and most news articles are a handful of
paragraphs, so parsing article by article leaves most of each batch empty.  Here the paragraphs
of several consecutive articles go to one ``nlp.bulk_process`` call (at most ``batch_size`` paragraphs),
and the parse is split back per article with offsets into each article's own text, exactly as
:func:`attribution.parse.document.parse_paragraphs` gives for that article alone.

The same bundling feeds the worker processes (:mod:`attribution.run.workers`) and Dask
(:mod:`attribution.run.distributed`): a bundle is the unit of work, the articles worth about one
parser batch, so what is in memory is bounded by a few bundles, never by the corpus.

Failures stay with their article: an :class:`~attribution.run.inputs.InputError` in the input stream,
or an exception while parsing or extracting one article, becomes a :class:`Result` with ``error``
set, in its place in the output order; the other articles are unaffected.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from attribution.claims.model import ClaimsDocument
from attribution.parse.document import BLANK_LINE_RE, ParsedText, parse_texts, split_paragraphs
from attribution.run.build import (PART_CHARS, ExtractionError, describe_input, document_for, error_detail,
                                   extract_article, extraction_failed, input_notes)
from attribution.rules.extract import EXTRACTION_PARSE
from attribution.run.inputs import Article, InputError

# Longer articles are handed to extract_article, which parses them in parts to bound memory;
# batching them with others would only make one huge batch.
LONG_ARTICLE_CHARS = PART_CHARS


@dataclass
class Result:
    """The outcome for one input, in input order: a claims document, or why there is none."""
    index: int                          # position in the input stream (0-based)
    name: str                           # the claims document's input name ("" for unreadable inputs)
    stem: str                           # output file stem
    document: ClaimsDocument | None = None
    error: str | None = None            # one line, naming the input

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_record(self) -> dict:
        """Plain data (for Dask bags, logs): the claims document as JSON-ready data, or the error."""
        if self.document is not None:
            return self.document.model_dump(mode="json")
        return {"index": self.index, "name": self.name, "error": self.error}


# a bundle: (input position, item) pairs; kept a plain list so it pickles cheaply to workers
Bundle = list


def as_article(item: Any, index: int) -> Article | InputError:
    """Accept what a Python caller naturally has: an Article (or InputError), a str, a
    ``(name, text)`` pair, or a dict with ``text`` (optional ``name``/``id``, ``stem``,
    ``carry_text``)."""
    if isinstance(item, (Article, InputError)):
        return item
    if isinstance(item, str):
        name = f"doc{index}"
        return Article(name=name, stem=name, text=item)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
        name = str(item[0])
        return Article(name=name, stem=name.rsplit(".", 1)[0] or name, text=item[1])
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        name = str(item.get("name", item.get("id", f"doc{index}")))
        return Article(name=name, stem=str(item.get("stem", name)), text=item["text"],
                       carry_text=bool(item.get("carry_text", False)))
    return InputError(f"item {index}: not an article (expected text, (name, text) or a dict with "
                      f"'text'), got {type(item).__name__}")


def count_paragraphs(text: str) -> int:
    # only sizes bundles, so a rough count (cheaper than split_paragraphs) is enough
    return len(BLANK_LINE_RE.findall(text)) + 1


def bundle_items(items: Iterable[Any], batch_size: int = 32, max_articles: int = 256) -> Iterator[Bundle]:
    """Group the stream into bundles of about ``batch_size`` paragraphs (at least one item, at
    most ``max_articles``), pulling items lazily so only the current bundle is in memory."""
    bundle: Bundle = []
    paragraphs = 0
    for index, raw in enumerate(items):
        item = as_article(raw, index)
        bundle.append((index, item))
        if isinstance(item, Article):
            paragraphs += count_paragraphs(item.text)
        if paragraphs >= batch_size or len(bundle) >= max_articles:
            yield bundle
            bundle, paragraphs = [], 0
    if bundle:
        yield bundle


def parse_many(nlp, texts: list[str], batch_size: int = 32) -> list[ParsedText]:
    """Parse several texts with at most ``batch_size`` paragraphs per ``bulk_process`` call,
    calls spanning text boundaries (:func:`attribution.parse.document.parse_texts`); each ParsedText has
    the offsets and sentence numbering it would have if parsed alone.  The extraction's selectors
    (:data:`attribution.rules.extract.EXTRACTION_PARSE`): named entities tagged and trees parsed
    with the call where the rules read them (the others when first read), lemmas by the
    lemmatizer's model only for the tags the rules read."""
    return parse_texts(nlp, [(t, split_paragraphs(t)) for t in texts], batch_size, **EXTRACTION_PARSE)


def _source(article: Article) -> str:
    return getattr(article, "source", "") or article.name


def _finish(index: int, article: Article, parsed: ParsedText | None, model_name: str,
            notes: list[str]) -> Result:
    try:
        doc = describe_input(document_for(article.text, parsed, article.name, model_name, notes, article.carry_text),
                             article)
    except Exception as err:  # a rule crash on one article must not cost the others theirs
        return _failed(index, article, err)
    return Result(index, article.name, article.stem, document=doc)


def _long(index: int, article: Article, nlp, model_name: str, batch_size: int) -> Result:
    try:
        doc = extract_article(article, nlp, model_name, batch_size=batch_size)
    except Exception as err:
        return _failed(index, article, err)
    return Result(index, article.name, article.stem, document=doc)


def _failed(index: int, article: Article, err: BaseException) -> Result:
    return Result(index, article.name, article.stem, error=extraction_failed(_source(article), error_detail(err)))


def top_up(in_flight: "collections.deque", bundles: Iterator[Bundle], window: int, submit) -> bool:
    """Submit bundles until ``window`` are in flight, keeping (bundle, future) pairs in submission
    order so results can be yielded in input order; return True once ``bundles`` is exhausted.
    Shared by the worker pool and the Dask client, which differ only in how they submit and how
    they handle a failed future."""
    while len(in_flight) < window:
        bundle = next(bundles, None)
        if bundle is None:
            return True
        in_flight.append((bundle, submit(bundle)))
    return False


def bundle_errors(bundle: Bundle, reason: str) -> list[Result]:
    """Every item of a bundle that could not be processed as a whole (a dead worker, a model
    that would not load), each with its own one-line error."""
    out = []
    for index, item in bundle:
        if isinstance(item, Article):
            out.append(Result(index, item.name, item.stem, error=f"{_source(item)}: {reason}"))
        else:
            out.append(Result(index, "", "", error=str(item)))
    return out


def extract_bundle(bundle: Bundle, nlp, model_name: str, batch_size: int = 32) -> list[Result]:
    """Results for one bundle, in order.  One parse for the whole bundle; if it fails, each
    article is parsed alone so the failure lands on the article that caused it."""
    results: dict[int, Result] = {}
    todo: list[tuple[int, Article]] = []
    for index, item in bundle:
        if isinstance(item, InputError):
            results[index] = Result(index, "", "", error=str(item))
            continue
        notes = input_notes(item.text)
        if notes:  # empty or no Arabic: the same document extract_text gives, without a parse
            results[index] = _finish(index, item, None, model_name, notes)
        elif len(item.text) > LONG_ARTICLE_CHARS:
            results[index] = _long(index, item, nlp, model_name, batch_size)
        else:
            todo.append((index, item))
    if todo:
        try:
            parsed_all = parse_many(nlp, [a.text for _, a in todo], batch_size)
        except Exception:
            parsed_all = None
        for k, (index, article) in enumerate(todo):
            if parsed_all is not None:
                results[index] = _finish(index, article, parsed_all[k], model_name, [])
                continue
            try:
                parsed = parse_many(nlp, [article.text], batch_size)[0]
            except Exception as err:
                results[index] = _failed(index, article, err)
                continue
            results[index] = _finish(index, article, parsed, model_name, [])
    return [results[index] for index, _ in bundle]


def extract_stream(items: Iterable[Any], nlp, model_name: str, batch_size: int = 32,
                   max_articles: int = 256) -> Iterator[Result]:
    """In this process: a :class:`Result` per input item, in input order, parsing
    ``batch_size`` paragraphs (from as many consecutive articles as it takes) per Stanza call.

    ``items``: the iterator from :func:`attribution.run.inputs.iter_articles` (Articles and
    InputErrors), or texts / ``(name, text)`` pairs / dicts; read lazily.
    """
    for bundle in bundle_items(items, batch_size, max_articles):
        yield from extract_bundle(bundle, nlp, model_name, batch_size)


def extract_many(texts: Iterable[Any], nlp, model_name: str, batch_size: int = 32) -> list[ClaimsDocument]:
    """For Python callers with a list of texts: the claims documents, in order.  Raises on the
    first failed article (use :func:`extract_stream` to get every error instead)."""
    docs = []
    for result in extract_stream(texts, nlp, model_name, batch_size):
        if result.error is not None:
            raise RuntimeError(result.error)
        docs.append(result.document)
    return docs


# --- the shape attribution.run.batch.run_batch takes ----------------------------------------------

def as_producer_outcome(result: Result):
    """A Result as ``attribution.run.batch`` outcomes: the ClaimsDocument, or an ExtractionError."""
    if result.document is not None:
        return result.document
    return ExtractionError(result.error or "extraction failed")


def pair_with_articles(articles: Iterable[Article], run) -> Iterator[tuple[Article, Any]]:
    """Adapt ``run(items) -> iterator of Result`` to a ``batch.Producer``: yields the caller's
    own Article objects (sinks key their targets on them) with each outcome, in order.  Only
    the articles in flight are held, since ``run`` asks for items lazily."""
    import collections

    held: collections.deque = collections.deque()

    def feed() -> Iterator[Article]:
        for article in articles:
            held.append(article)
            yield article

    for result in run(feed()):
        yield held.popleft(), as_producer_outcome(result)


def bulk_producer(nlp, model_name: str, batch_size: int = 32, max_articles: int = 256):
    """A ``batch.Producer`` for this process that batches paragraphs across articles (the
    in-process counterpart of :func:`attribution.run.workers.parallel_producer`).
    ``max_articles=1`` parses article by article, so each result comes as soon as its article is
    done (the CLI does that when it shows a progress bar, at a cost of ~3%)."""
    def produce(articles: Iterable[Article]):
        return pair_with_articles(articles, lambda items: extract_stream(items, nlp, model_name, batch_size,
                                                                         max_articles))
    return produce

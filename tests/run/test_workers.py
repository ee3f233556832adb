"""Batched parsing across articles and the worker pool: same claims as one article at a time,
input order kept, errors per article, bounded reading, no hang when a worker dies."""
from __future__ import annotations

import functools
import os

import pytest

from attribution.run.bulk import Result, bundle_items, extract_bundle, extract_stream, parse_many
from attribution.parse.document import parse_paragraphs
from attribution.run.build import extract_text
from attribution.rules.extract import EXTRACTION_PARSE
from attribution.run.inputs import Article, InputError
from attribution.parse.pipeline import load_pipeline
from attribution.run.workers import NullPipeline, extract_parallel, null_loader

pytestmark = pytest.mark.timeout(240)

MODEL_NAME = "bundled:ar_attr"


def seed_pieces(seed_text: str, per: int = 5) -> list[str]:
    """The seed article cut into short articles of a few paragraphs each."""
    paragraphs = [p for p in seed_text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return ["\n\n".join(paragraphs[i:i + per]) for i in range(0, len(paragraphs), per)]


def word_rows(parsed):
    return [[(w.text, w.start, w.end, w.upos, w.head, w.deprel, s.paragraph, s.index) for w in s.words]
            for s in parsed.sentences]


def dump(doc):
    return doc.model_dump(mode="json")


def test_parse_many_equals_parsing_each_text_alone(nlp, seed_text):
    texts = seed_pieces(seed_text)
    together = parse_many(nlp, texts, batch_size=7)  # batches straddle article boundaries
    for text, parsed in zip(texts, together):
        alone = parse_paragraphs(nlp, text, **EXTRACTION_PARSE)  # as parse_many
        assert parsed.text == text
        assert word_rows(parsed) == word_rows(alone)


def test_extract_stream_keeps_order_and_matches_extract_text(nlp, seed_text):
    texts = seed_pieces(seed_text)
    items = [Article(name=f"a{k}.txt", stem=f"a{k}", text=t) for k, t in enumerate(texts)]
    items.insert(1, InputError("missing.txt: no such file"))
    items.insert(3, Article(name="empty.txt", stem="empty", text="   \n"))
    items.insert(4, Article(name="latin.txt", stem="latin", text="no arabic here"))
    results = list(extract_stream(iter(items), nlp, MODEL_NAME, batch_size=8))
    assert [r.index for r in results] == list(range(len(items)))
    assert results[1].error == "missing.txt: no such file" and results[1].document is None
    for item, result in zip(items, results):
        if isinstance(item, InputError):
            continue
        assert result.ok and result.name == item.name and result.stem == item.stem
        expected = extract_text(item.text, nlp, MODEL_NAME, name=item.name)
        assert dump(result.document) == dump(expected)
    assert sum(len(r.document.claims) for r in results if r.ok) >= 10  # the seed has 17 claims


class FailsOn:
    """The real pipeline, except that any batch holding ``marker`` raises."""

    def __init__(self, nlp, marker: str):
        self.nlp, self.marker = nlp, marker

    def bulk_process(self, docs):
        if any(self.marker in d.text for d in docs):
            raise RuntimeError("parser crashed")
        return self.nlp.bulk_process(docs)


def test_a_failing_article_does_not_cost_the_others_their_claims(nlp, seed_text):
    texts = seed_pieces(seed_text)[:3]
    bad = "قال الوزير إن BOOM قريب."
    chunk = [(0, Article("a.txt", "a", texts[0])), (1, Article("bad.txt", "bad", bad)),
             (2, Article("c.txt", "c", texts[2]))]
    results = extract_bundle(chunk, FailsOn(nlp, "BOOM"), MODEL_NAME, batch_size=64)
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error.startswith("bad.txt: extraction failed (RuntimeError: parser crashed")
    assert dump(results[2].document) == dump(extract_text(texts[2], nlp, MODEL_NAME, name="c.txt"))


def test_chunks_are_about_one_batch_and_read_lazily():
    pulled = []

    def items():
        for k in range(100):
            pulled.append(k)
            yield "فقرة\n\nفقرة"  # two paragraphs each

    chunks = bundle_items(items(), batch_size=8)
    first = next(chunks)
    assert [i for i, _ in first] == [0, 1, 2, 3] and len(pulled) == 4
    assert sum(len(c) for c in chunks) == 96


# --- worker processes ------------------------------------------------------------------------
# Loaders must be importable by spawned children: module-level functions of this module.

class DiesOn(NullPipeline):
    def __init__(self, marker: str):
        self.marker = marker

    def bulk_process(self, docs):
        if any(self.marker in d.text for d in docs):
            os._exit(3)  # a segfault or the OOM killer, as the parent sees it
        return docs


def dying_loader():
    return DiesOn("DIE"), "null"


def broken_loader():
    raise RuntimeError("no model here")


def test_workers_keep_input_order_and_read_inputs_lazily():
    pulled = []

    def items():
        for k in range(300):
            pulled.append(k)
            if k == 17:
                yield InputError("x17.txt: not valid UTF-8 at byte offset 3")
            else:
                yield Article(name=f"n{k}.txt", stem=f"n{k}", text=f"خبر رقم {k}")

    stream = extract_parallel(items(), workers=2, batch_size=4, window=3, loader=null_loader)
    first = next(stream)
    # bounded: only the chunks in the window (3 chunks of 4 articles) were read, not the corpus
    assert first.index == 0 and len(pulled) <= 4 * 3 + 4
    results = [first, *stream]
    assert [r.index for r in results] == list(range(300))
    assert results[17].error == "x17.txt: not valid UTF-8 at byte offset 3"
    assert all(r.ok for k, r in enumerate(results) if k != 17)
    assert [r.document.input.name for r in results[:3]] == ["n0.txt", "n1.txt", "n2.txt"]
    assert results[299].document.model == "null"


def test_a_worker_that_cannot_load_reports_on_every_article():
    results = list(extract_parallel(["نص", "نص آخر", "ثالث"], workers=2, batch_size=1, loader=broken_loader))
    assert len(results) == 3
    assert all(not r.ok and "cannot load the pipeline" in r.error and "no model here" in r.error
               for r in results)


def test_a_dead_worker_costs_only_its_chunk():
    texts = [f"خبر {k}" for k in range(12)]
    texts[5] = "خبر DIE"
    results = list(extract_parallel(texts, workers=2, batch_size=1, window=1, loader=dying_loader))
    assert [r.index for r in results] == list(range(12))
    assert not results[5].ok and "worker process died" in results[5].error
    # window=1: nothing else was in flight, and a fresh pool took over after the crash
    assert [k for k, r in enumerate(results) if not r.ok] == [5]


def test_two_workers_with_the_real_model_give_the_in_process_claims(nlp, seed_text):
    texts = seed_pieces(seed_text, per=4)
    _, spec = load_pipeline()
    results = list(extract_parallel(texts, workers=2, model=spec, batch_size=6, threads=1))
    assert [r.index for r in results] == list(range(len(texts)))
    for k, (text, result) in enumerate(zip(texts, results)):
        assert result.ok, result.error
        assert dump(result.document) == dump(extract_text(text, nlp, MODEL_NAME, name=f"doc{k}"))


def test_producers_hand_back_the_callers_article_objects(nlp, seed_text):
    batch = pytest.importorskip("attribution.run.batch")
    from attribution.run.bulk import bulk_producer
    from attribution.run.workers import parallel_producer

    articles = [Article(name=f"p{k}.txt", stem=f"p{k}", text=t) for k, t in enumerate(seed_pieces(seed_text)[:2])]
    articles.append(Article(name="bad.txt", stem="bad", text="خبر DIE"))
    local = list(bulk_producer(FailsOn(nlp, "DIE"), MODEL_NAME, batch_size=8)(iter(articles)))
    assert [a for a, _ in local] == articles and all(a is b for (a, _), b in zip(local, articles))
    assert isinstance(local[2][1], batch.ExtractionError) and "bad.txt" in str(local[2][1])
    assert dump(local[0][1]) == dump(extract_text(articles[0].text, nlp, MODEL_NAME, name="p0.txt"))

    pooled = list(parallel_producer(workers=1, batch_size=1, loader=dying_loader)(iter(articles)))
    assert all(a is b for (a, _), b in zip(pooled, articles)) and len(pooled) == 3
    assert [isinstance(o, batch.ExtractionError) for _, o in pooled] == [False, False, True]


def test_cli_workers_give_the_same_output_in_order(tmp_path, seed_text):
    """`attribution extract --workers 2`: the same JSONL as one process, in input order."""
    from click.testing import CliRunner

    from attribution.cli import main
    paragraphs = [p for p in seed_text.split("\n\n") if p.strip()]
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text("\n\n".join(paragraphs[n * 3:n * 3 + 3]), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(main, ["extract", str(tmp_path), "--format", "jsonl", "-q"])
    two = runner.invoke(main, ["extract", str(tmp_path), "--format", "jsonl", "-q", "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert two.output == one.output and two.output.count("\n") == 3
    both = runner.invoke(main, ["extract", str(tmp_path), "--format", "jsonl", "--workers", "2",
                                "--dask", "tcp://127.0.0.1:1"])
    assert both.exit_code == 1 and "exclude each other" in both.output

"""Batch runs: failures skipped and reported, exit 1, atomic outputs, --resume, JSONL flushed per
document, progress only on a terminal, bounded memory for 1 MB articles, pluggable producers."""
from __future__ import annotations

import io
import json
import signal
import os

import pytest
from click.testing import CliRunner

from attribution.run import build
from attribution.run.batch import DirectorySink, Progress, StreamSink, run_batch
from attribution.run.build import ExtractionError, extract_article, plan_parts
from attribution.run.bulk import bulk_producer
from attribution.cli import main
from attribution.run.build import extract_text
from attribution.run.inputs import Article, iter_articles
from attribution.claims.validate import offset_problems
from fakenlp import FakeNLP, fake_model  # noqa: F401  (fixture)

SENTENCE = "قال الوزير إن الاجتماع رقم {n} سيعقد غدا."


def _corpus(tmp_path, n=100, broken=(7, 23, 48, 71, 99)):
    src = tmp_path / "in"
    src.mkdir()
    for k in range(n):
        path = src / f"{k:03d}.txt"
        if k == broken[0]:
            path.write_bytes(b"\x00\x01\x02binary")
        elif k in broken[1:3]:
            path.write_bytes("نص ".encode() + b"\xff\xfe")
        elif k == broken[3]:
            path.mkdir()  # a directory named like an article, inside the tree: expanded, not a file
            path = src / f"{k:03d}.html"
            path.write_text("<html><body></body></html>", encoding="utf-8")
        elif k == broken[4]:
            path.write_text(SENTENCE.format(n=k) + " CRASH", encoding="utf-8")
        else:
            path.write_text(SENTENCE.format(n=k), encoding="utf-8")
    return src


def test_hundred_inputs_five_broken_gives_95_outputs_and_exit_1(tmp_path, fake_model):
    fake_model.fail_on = "CRASH"
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(src), "-o", str(out) + "/", "-q"])
    assert result.exit_code == 1
    outputs = sorted(p.name for p in out.iterdir())
    assert len(outputs) == 95 and "007.json" not in outputs and "099.json" not in outputs
    errors = result.output.strip().splitlines()
    assert errors == [
        f"error: {src / '007.txt'}: binary file (NUL bytes), not text",
        f"error: {src / '023.txt'}: not valid UTF-8 at byte offset 5",
        f"error: {src / '048.txt'}: not valid UTF-8 at byte offset 5",
        f"error: {src / '071.html'}: no article text found in this HTML page",
        f"error: {src / '099.txt'}: extraction failed (RuntimeError: fake parser crash)",
    ]
    assert "Traceback" not in result.output
    doc = json.loads((out / "000.json").read_text(encoding="utf-8"))
    assert doc["input"]["name"] == "000.txt" and doc["claims"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]   # no temporary files left


def test_summary_line_and_per_input_counts_when_not_quiet(tmp_path, fake_model):
    fake_model.fail_on = "CRASH"
    src = _corpus(tmp_path, n=6, broken=(1, 2, 3, 4, 5))
    result = CliRunner().invoke(main, ["extract", str(src), "-o", str(tmp_path / "o") + "/"])
    assert result.exit_code == 1
    assert f"{src / '000.txt'}: 1 claim" in result.output
    assert result.output.strip().splitlines()[-1] == "6 inputs: 1 written, 5 failed; 1 claim"
    assert "━" not in result.output   # not a terminal: no progress bar


def test_resume_skips_done_inputs_and_redoes_changed_ones(tmp_path, fake_model):
    src = _corpus(tmp_path, n=5, broken=(-1, -1, -1, -1, -1))
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(src), "-o", str(out) + "/", "-q"]).exit_code == 0
    parsed_before = len(fake_model.parsed)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    (src / "002.txt").write_text(SENTENCE.format(n=222), encoding="utf-8")
    (out / "003.json").write_text('{"truncated', encoding="utf-8")   # a damaged output is redone
    result = runner.invoke(main, ["extract", str(src), "-o", str(out) + "/", "--resume"])
    assert result.exit_code == 0, result.output
    redone = [(src / name).read_text(encoding="utf-8").strip() for name in ("002.txt", "003.txt")]
    assert [t.strip() for t in fake_model.parsed[parsed_before:]] == redone  # only those two are parsed again
    assert result.output.strip().splitlines()[-1] == "5 inputs: 2 written, 3 already done (--resume), 0 failed; 2 claims"
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert sorted(n for n in before if before[n] != after[n]) == ["002.json", "003.json"]
    assert "222" in json.loads((out / "002.json").read_text(encoding="utf-8"))["claims"][0]["content"]["text"]


def test_resume_into_one_jsonl_file_repairs_a_torn_last_line(tmp_path, fake_model):
    src = _corpus(tmp_path, n=4, broken=(-1, -1, -1, -1, -1))
    out = tmp_path / "all.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(src), "-o", str(out), "--format", "jsonl", "-q"]).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text(lines[0] + lines[1] + lines[2][:40], encoding="utf-8")   # killed while writing the 3rd
    result = runner.invoke(main, ["extract", str(src), "-o", str(out), "--format", "jsonl", "--resume"])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d["input"]["name"] for d in docs] == ["000.txt", "001.txt", "002.txt", "003.txt"]
    assert "2 written, 2 already done" in result.output


def test_resume_needs_an_output(tmp_path, fake_model):
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--format", "jsonl", "--resume"])
    assert result.exit_code == 2 or result.exit_code == 1
    assert "--resume needs -o" in result.output


def test_jsonl_is_flushed_after_every_document(tmp_path):
    """What a killed run leaves: every document finished before the kill, complete, on disk."""
    out = tmp_path / "run.jsonl"
    sink = StreamSink.to_file(out, "jsonl")
    articles = [Article(f"{k}.txt", str(k), SENTENCE.format(n=k)) for k in range(5)]
    seen_on_disk = []

    def producer(items):
        for k, article in enumerate(items):
            seen_on_disk.append(len(out.read_text(encoding="utf-8").splitlines()))
            if k == 3:
                raise KeyboardInterrupt   # the run is killed while working on the 4th article
            yield article, extract_text(article.text, FakeNLP(), "fake", name=article.name)

    result = run_batch(articles, sink, producer)
    # Ctrl-C stops the run and says so; it is not a traceback, and the exit status is 130
    assert result.interrupted == signal.SIGINT and result.exit_code == 130 and result.written == 3
    assert seen_on_disk == [0, 1, 2, 3]
    assert [json.loads(line)["input"]["name"] for line in out.read_text(encoding="utf-8").splitlines()] \
        == ["0.txt", "1.txt", "2.txt"]
    sink.close()


def test_atomic_write_keeps_the_old_file_when_the_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", refuse)
    sink = DirectorySink(tmp_path, "json")
    article = Article("a.txt", "a", SENTENCE.format(n=1))
    result = run_batch([article], sink, bulk_producer(FakeNLP(), "fake"))
    assert result.failures == ["a.txt: cannot write output (No space left on device)"]
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_same_stem_from_two_inputs_gets_two_outputs(tmp_path, fake_model):
    (tmp_path / "a.txt").write_text(SENTENCE.format(n=1), encoding="utf-8")
    (tmp_path / "a.html").write_text(f"<html><body><p>{SENTENCE.format(n=2)}</p></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.*"), "-o", str(out) + "/", "-q"])
    assert result.exit_code == 0, result.output
    names = {p.name: json.loads(p.read_text(encoding="utf-8"))["input"]["name"] for p in out.iterdir()}
    assert names == {"a.json": "a.html", "a-2.json": "a.txt"}


def test_custom_producer_plugs_in_and_errors_keep_input_order(tmp_path):
    """The contract a worker pool or cluster producer must keep: same signature, input order."""
    items = [Article(f"{k}.txt", str(k), SENTENCE.format(n=k)) for k in range(6)]
    nlp = FakeNLP()

    def pooled(articles):
        buffered = list(articles)   # e.g. sent to workers all at once, gathered back in order
        for article in buffered:
            if article.name == "3.txt":
                yield article, ExtractionError("3.txt: extraction failed (worker died)")
            else:
                yield article, extract_text(article.text, nlp, "fake", name=article.name)

    out = io.StringIO()
    result = run_batch(items, StreamSink(out, "jsonl"), pooled)
    assert result.written == 5 and result.failures == ["3.txt: extraction failed (worker died)"]
    assert [json.loads(line)["input"]["name"] for line in out.getvalue().splitlines()] == \
        ["0.txt", "1.txt", "2.txt", "4.txt", "5.txt"]
    ordered = [a.name for a, _ in bulk_producer(nlp, "fake")(iter(items))]
    assert ordered == [a.name for a in items]


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_not_quiet():
    items = [Article(f"{k}.txt", str(k), SENTENCE.format(n=k)) for k in range(3)]
    for stream, quiet, expect_bar in ((_Tty(), False, True), (_Tty(), True, False), (io.StringIO(), False, False)):
        with Progress(quiet=quiet, total=3, stream=stream) as reporter:
            run_batch(items, StreamSink(io.StringIO(), "jsonl"), bulk_producer(FakeNLP(), "fake"),
                      reporter=reporter)
        text = stream.getvalue()
        assert ("3/3" in text) is expect_bar, (quiet, text)
        if quiet:
            assert text == ""


@pytest.mark.parametrize("max_articles, pulled_before_first", [(1, 1), (256, 4)])
def test_one_article_bundles_give_each_result_before_the_next_article_is_read(max_articles, pulled_before_first):
    """With max_articles=1 the producer hands back article k before it reads article k+1, so a
    progress bar can advance article by article; by default it reads a whole bundle first."""
    pulled = []

    def articles():
        for k in range(4):
            pulled.append(k)
            yield Article(f"{k}.txt", str(k), SENTENCE.format(n=k))

    outcomes = bulk_producer(FakeNLP(), "fake", max_articles=max_articles)(articles())
    first, _ = next(outcomes)
    assert first.name == "0.txt" and len(pulled) == pulled_before_first
    assert [a.name for a, _ in outcomes] == ["1.txt", "2.txt", "3.txt"]


def test_extract_bar_shows_the_model_load_and_moves_article_by_article(tmp_path, fake_model, monkeypatch):
    """On a terminal the bar starts before the models load and says so meanwhile, and the parse
    goes article by article (one article per bundle); without a bar, articles are bundled."""
    from attribution import cli
    from attribution.run import batch, bulk

    for k in range(3):
        (tmp_path / f"{k}.txt").write_text(SENTENCE.format(n=k), encoding="utf-8")
    seen = {}
    real_producer, real_init, real_load = bulk.bulk_producer, batch.Progress.__init__, cli._load

    def spy_producer(*args, **kwargs):
        seen["max_articles"] = kwargs.get("max_articles")
        return real_producer(*args, **kwargs)

    def spy_load(model):
        seen["at_load"] = seen["terminal"].getvalue()
        return real_load(model)

    monkeypatch.setattr(bulk, "bulk_producer", spy_producer)
    monkeypatch.setattr(cli, "_load", spy_load)
    for shown in (True, False):
        seen["terminal"] = _Tty()
        monkeypatch.setattr(batch.Progress, "__init__",
                            lambda self, quiet=False, total=None, stream=None, progress=None, shown=shown:
                            real_init(self, quiet, total, seen["terminal"], shown))
        result = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(tmp_path / f"out{shown}") + "/"])
        assert result.exit_code == 0, result.output
        assert seen["max_articles"] == (1 if shown else 256)
        assert ("loading the parsing models" in seen["at_load"]) is shown, seen["at_load"]
        assert ("3/3" in seen["terminal"].getvalue()) is shown


def test_chunked_extraction_matches_whole_article_offsets(nlp):
    text = ("قال الوزير إن الاجتماع سيعقد غدا.\n\nوأضاف المتحدث أن الحل قريب.\n\n"
            "وأكدت الوزارة أن الوفد سيصل اليوم.")
    whole = extract_text(text, nlp, "m")
    parts = extract_article(Article("t.txt", "t", text), nlp, "m", part_chars=40)
    assert len(plan_parts(text, 40)) == 3
    assert [(c.cue.start, c.content.start, c.content.end, c.paragraph) for c in parts.claims] == \
        [(c.cue.start, c.content.start, c.content.end, c.paragraph) for c in whole.claims]
    assert [c.id for c in parts.claims] == [f"c{k}" for k in range(1, len(parts.claims) + 1)]
    assert [c.sentence for c in parts.claims] == [c.sentence for c in whole.claims]
    assert parts.notes and "3 parts" in parts.notes[0]
    assert offset_problems(parts.model_dump(), text) == []


MEMORY_PROBE = r"""
import resource, sys
sys.path.insert(0, sys.argv[1])
from fakenlp import FakeNLP
from attribution.run import build
from attribution.run.inputs import Article
from attribution.claims.validate import offset_problems
paragraph = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لبحث الملفات العالقة. " * 4
one_line = (paragraph.strip() + "\n") * 40          # single newlines only: one huge "paragraph"
text = (paragraph.strip() + "\n\n") * 1700 + one_line
assert len(text.encode("utf-8")) > 1_000_000
nlp = FakeNLP()
warm = build.extract_article(Article("w.txt", "w", text[:60_000]), nlp, "fake")   # imports, caches
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
doc = build.extract_article(Article("big.txt", "big", text), nlp, "fake")
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
assert offset_problems(doc.model_dump(), text) == []
print(len(doc.claims), grew // 1024, nlp.max_batch_chars, build.PART_CHARS, doc.notes[0])
"""


def test_one_megabyte_article_runs_in_bounded_memory(tmp_path):
    """Peak memory over a 1 MB article grows by the size of one part, not of the article (the
    whole parse at once grows it by ~100 MB here); in a fresh process, so the peak is its own."""
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(Path(__file__).resolve().parents[1])],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    claims, grew_mb, max_batch, part, note = done.stdout.split(" ", 4)
    assert int(claims) >= 6800
    assert int(max_batch) <= int(part)           # no parser call sees more than one part
    assert int(grew_mb) < 60, grew_mb
    assert "analysed in" in note and "parts" in note


def test_iter_articles_is_lazy(tmp_path):
    for k in range(3):
        (tmp_path / f"{k}.txt").write_text("نص", encoding="utf-8")
    stream = iter_articles([str(tmp_path)])
    first = next(stream)
    (tmp_path / "2.txt").unlink()   # later files are read only when reached
    rest = list(stream)
    assert first.name == "0.txt" and rest[0].name == "1.txt" and "no such file" in str(rest[1])


@pytest.mark.parametrize("articles, dask, cores, expected", [
    (None, None, 2, 1),          # standard input: unknown count, one process
    (1, None, 2, 1),
    (11, None, 2, 1),            # a few articles: loading models in workers would cost more than it gains
    (12, None, 2, 2),
    (300, None, 2, 2),           # one worker per available core
    (300, None, 8, 8),
    (13, None, 8, 2),            # no more workers than there is work for
    (300, "tcp://h:8786", 2, 1),  # Dask has its own workers
])
def test_workers_auto(monkeypatch, articles, dask, cores, expected):
    from attribution import cli
    from attribution.run import workers

    monkeypatch.setattr(workers, "cpu_count", lambda: cores)
    assert cli._auto_workers(articles, dask) == expected


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_workers_option_refuses_what_is_not_auto_or_a_count(tmp_path, fake_model, value):
    path = tmp_path / "a.txt"
    path.write_text(SENTENCE.format(n=1), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--workers", value])
    assert result.exit_code == 2 and "use auto or a number of processes" in result.output

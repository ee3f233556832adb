"""Hostile input, faults and concurrent runs (issue 18's battery): no traceback, no hang,
nothing lost without a word.  Row ids follow the issue's table (A inputs, B workers and
faults, O outputs, C concurrent runs); the validate (V) and terminal (R) rows live in
tests/claims/test_validate_strict.py and tests/views/test_terminal_safety.py."""
from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from attribution.cli import main
from attribution.run.batch import (DirectorySink, OutputConflict, StreamSink, _Appender, atomic_write,
                                   directory_lock, open_locked)
from attribution.run.inputs import Article
from attribution.run.workers import NullPipeline, extract_parallel
from attribution.run.build import extract_text
from fakenlp import FakeNLP, fake_model  # noqa: F401  (fixture)

pytestmark = pytest.mark.timeout(120)

SENTENCE = "قال الوزير إن الاجتماع رقم {n} سيعقد غدا."
ROOT = Path(__file__).resolve().parents[2]


def run_cli(args, **kw):
    result = CliRunner().invoke(main, args, **kw)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def article(path: Path, n: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SENTENCE.format(n=n), encoding="utf-8")
    return path


# --- A: inputs -------------------------------------------------------------------------------

def test_a1_fifo_on_the_command_line_is_an_error_and_the_next_input_still_runs(tmp_path, fake_model):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    seed = article(tmp_path / "seed.txt")
    result = run_cli(["extract", str(fifo), str(seed), "--format", "jsonl"])  # hung before
    assert result.exit_code == 1
    assert f"error: {fifo}: is a FIFO, not a regular file" in result.output
    assert '"name":"seed.txt"' in result.output
    assert "2 inputs: 1 written, 1 failed" in result.output


def test_a1_fifo_inside_a_folder_is_skipped_with_a_warning(tmp_path, fake_model):
    article(tmp_path / "news" / "a.txt")
    os.mkfifo(tmp_path / "news" / "b.txt")
    out = tmp_path / "out"
    result = run_cli(["extract", str(tmp_path / "news"), "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    assert f"warning: {tmp_path / 'news' / 'b.txt'}: skipped, a FIFO is not a regular file" in result.output
    assert "1 input: 1 written, 0 failed" in result.output
    assert [p.name for p in out.iterdir()] == ["a.json"]


def test_a1_validate_and_report_refuse_a_fifo(tmp_path):
    fifo = tmp_path / "claims.json"
    os.mkfifo(fifo)
    result = run_cli(["report", str(fifo), "-o", str(tmp_path / "page.html")])
    assert result.exit_code == 1 and "is a FIFO, not a regular file" in result.output


def test_a2_a_nul_byte_after_the_first_8_kb_is_binary(tmp_path, fake_model):
    path = tmp_path / "tail.txt"
    path.write_bytes(SENTENCE.format(n=1).encode() * 300 + b"\x00binary tail")
    assert path.stat().st_size > 8192
    result = run_cli(["extract", str(path)])
    assert result.exit_code == 1
    assert result.output == f"error: {path}: binary file (NUL bytes), not text\n"


def test_a3_an_unreadable_subfolder_is_reported_and_counted_as_failed(tmp_path, fake_model, monkeypatch):
    news = tmp_path / "news"
    article(news / "a.txt")
    article(news / "locked" / "b.txt")
    locked = str(news / "locked")
    real_scandir = os.scandir

    def scandir(path="."):
        # root reads any folder whatever its mode, so the refusal is staged here
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run_cli(["extract", str(news), "--format", "jsonl"])
    assert result.exit_code == 1
    assert f"error: {locked}: cannot read this directory (Permission denied)" in result.output
    assert "2 inputs: 1 written, 1 failed" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a3_an_unreadable_file_names_its_path(tmp_path, fake_model):
    path = article(tmp_path / "secret.txt")
    path.chmod(0)
    result = run_cli(["extract", str(path)])
    assert result.exit_code == 1 and f"error: {path}: cannot read (Permission denied)" in result.output


# --- passing cases that must stay so ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "\u202bقال الوزير\u202c إن \u2067الاجتماع\u2069 سيعقد غدا.",     # bidi embeddings and isolates
    "\u200fقال الوزير\u200e إن الاجتماع سيعقد غدا.\u061c",            # direction marks
])
def test_bidi_controls_keep_offsets_exact(tmp_path, fake_model, text):
    path = tmp_path / "bidi.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli(["extract", str(path), "-q"])
    doc = json.loads(result.output)
    for claim in doc["claims"]:
        for span in (claim["cue"], claim["content"]):
            assert text[span["start"]:span["end"]] == span["text"]


def test_ten_thousand_paragraphs(tmp_path, fake_model):
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(SENTENCE.format(n=k) for k in range(10_000)), encoding="utf-8")
    out = tmp_path / "long.json"
    result = run_cli(["extract", str(path), "-o", str(out), "-q"])
    assert result.exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["claims"]) == 10_000 and doc["claims"][-1]["paragraph"] == 9_999


# --- B: workers and faults -------------------------------------------------------------------
# Loaders travel to spawned workers: module-level functions of this module.

class Slow(NullPipeline):
    def bulk_process(self, docs):
        if any("DIE" in d.text for d in docs):
            os._exit(3)
        time.sleep(0.3)
        return docs


def slow_loader():
    return Slow(), "null"


def test_b1b_a_worker_that_dies_costs_only_its_own_bundle_with_many_in_flight():
    texts = [f"خبر {k}" for k in range(16)]
    texts[5] = "خبر DIE"
    # the default window: 8 bundles in flight over 2 workers when the one holding #5 dies
    results = list(extract_parallel(texts, workers=2, batch_size=1, loader=slow_loader))
    assert [r.index for r in results] == list(range(16))
    assert [k for k, r in enumerate(results) if not r.ok] == [5]
    assert "worker process died" in results[5].error


def test_b1b_a_worker_killed_from_outside_loses_nothing():
    texts = [f"خبر {k}" for k in range(12)]
    results = []
    for result in extract_parallel(texts, workers=2, batch_size=1, loader=slow_loader):
        if not results:
            import multiprocessing
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)
        results.append(result)
    assert [r.index for r in results] == list(range(12))
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]


DRIVER = textwrap.dedent("""
    import multiprocessing, sys
    sys.path[:0] = [{here!r}, {tests!r}]
    from attribution.run.workers import extract_parallel
    from test_hostile import slow_loader
    if __name__ == "__main__":
        for k, r in enumerate(extract_parallel([f"n{{i}}" for i in range(400)], workers=2, batch_size=1,
                                               loader=slow_loader)):
            if k == 0:
                print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
""")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie waits for its new parent to reap it: it holds nothing


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_b1_workers_exit_when_the_parent_is_killed(tmp_path, sig):
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(here=str(Path(__file__).parent), tests=str(ROOT / "tests")), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(driver)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) >= 2
    proc.send_signal(sig)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in pids if _alive(p)], "orphaned workers still running"


SLOW_CLI = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from attribution import cli
    from attribution.parse.pipeline import ModelSpec
    from fakenlp import FakeNLP

    class Slow(FakeNLP):
        def bulk_process(self, docs):
            time.sleep(0.4)
            return super().bulk_process(docs)

    nlp = Slow()
    cli._load = lambda model: (nlp, ModelSpec("bundled", cli.Path("."), "fake:test"))
    cli._auto_workers = lambda articles, dask_address: 1
    cli.main(sys.argv[1:], prog_name="attribution")
""")


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_b1_sigint_and_sigterm_stop_after_the_current_write(tmp_path, sig, code):
    src = tmp_path / "in"
    for k in range(40):
        article(src / f"{k:03d}.txt", k)
    out = tmp_path / "all.jsonl"
    script = tmp_path / "slow_cli.py"
    script.write_text(SLOW_CLI.format(tests=str(ROOT / "tests")), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), "extract", str(src), "--format", "jsonl", "-o", str(out),
                             "--batch-size", "1"], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    deadline = time.monotonic() + 60
    while (not out.exists() or out.read_text(encoding="utf-8").count("\n") < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert "Traceback" not in err and "interrupted (" in err and "rerun with --resume" in err
    raw = out.read_text(encoding="utf-8")
    assert raw.endswith("\n")
    lines = raw.splitlines()
    assert 2 <= len(lines) < 40 and all(json.loads(line)["claims"] for line in lines)
    again = run_resume(script, src, out)
    assert again.returncode == 0, again.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 40


def run_resume(script, src, out):
    return subprocess.run([sys.executable, str(script), "extract", str(src), "--format", "jsonl", "-o", str(out),
                           "--resume", "-q"], capture_output=True, text=True, cwd=ROOT, timeout=90)


def test_b2_a_full_disk_is_one_error_per_document_and_the_summary(tmp_path, fake_model):
    src = tmp_path / "in"
    for k in range(3):
        article(src / f"{k}.txt", k)
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = run_cli(["extract", str(src), "--format", "jsonl", "-o", "/dev/full"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == "3 inputs: 0 written, 3 failed; 0 claims"
    assert sum("cannot write output (No space left on device)" in line for line in lines) == 3
    # CSV writes its header first: a disk full from the start is one line before any input is read
    result = run_cli(["extract", str(src), "--format", "csv", "-o", "/dev/full"])
    assert result.exit_code == 1 and result.output == "Error: /dev/full: cannot write (No space left on device)\n"


def test_b2_a_write_that_fails_halfway_leaves_no_torn_line(tmp_path, monkeypatch):
    path = tmp_path / "all.jsonl"
    appender = _Appender(open_locked(path))
    appender.write('{"first": 1}\n')
    real_write = os.write

    def half_then_full(fd, data):
        if fd == appender.fd:
            real_write(fd, bytes(data[:5]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError):
        appender.write('{"second": 2}\n')
    monkeypatch.undo()
    appender.close()
    assert path.read_text(encoding="utf-8") == '{"first": 1}\n'


# --- O: outputs ------------------------------------------------------------------------------

def test_o1_a_long_arabic_name_gets_its_output(tmp_path, fake_model):
    name = "عنوان" * 24 + ".txt"          # 120 letters: 240 bytes + suffix, near the 255-byte limit
    assert len(name.encode()) >= 244
    path = article(tmp_path / name)
    out = tmp_path / "out"
    for fmt in ("json", "jsonl", "csv"):
        result = run_cli(["extract", str(path), "--format", fmt, "-o", f"{out}/", "-q"])
        assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 3 and not [p for p in out.iterdir() if p.name.startswith(".")]


def test_o1_atomic_write_fits_a_target_of_255_bytes(tmp_path):
    target = tmp_path / ("ب" * 124 + ".jsonl")       # 248 + 6 = 254 bytes: the temporary name must be cut
    atomic_write(target, "x\n")
    assert target.read_text() == "x\n"


def test_outputs_respect_the_umask(tmp_path, fake_model):
    path = article(tmp_path / "a.txt")
    old = os.umask(0o022)
    try:
        run_cli(["extract", str(path), "-o", f"{tmp_path / 'out'}/", "-q"])
    finally:
        os.umask(old)
    assert (tmp_path / "out" / "a.json").stat().st_mode & 0o777 == 0o644


def test_o2_a_namesake_from_another_folder_does_not_replace_an_output(tmp_path, fake_model):
    one, two = article(tmp_path / "d1" / "a.txt", 1), article(tmp_path / "d2" / "a.txt", 2)
    out = tmp_path / "out"
    assert run_cli(["extract", str(tmp_path / "d1"), "-o", f"{out}/", "-q"]).exit_code == 0
    first = (out / "a.json").read_text(encoding="utf-8")
    assert json.loads(first)["input"]["path"] == one.as_posix()
    for extra in ([], ["--resume"]):
        result = run_cli(["extract", str(tmp_path / "d2"), "-o", f"{out}/", *extra])
        assert result.exit_code == 1
        assert f"{out / 'a.json'} holds the claims of another input ({one.as_posix()}); not replaced" in result.output
        assert (out / "a.json").read_text(encoding="utf-8") == first
    result = run_cli(["extract", str(tmp_path / "d2"), "-o", f"{out}/", "--force", "-q"])
    assert result.exit_code == 0
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["input"]["path"] == two.as_posix()


def test_o2_the_same_file_edited_since_is_still_replaced(tmp_path, fake_model):
    path = article(tmp_path / "d1" / "a.txt", 1)
    out = tmp_path / "out"
    assert run_cli(["extract", str(path), "-o", f"{out}/", "-q"]).exit_code == 0
    article(path, 99)
    assert run_cli(["extract", str(path), "-o", f"{out}/", "-q"]).exit_code == 0
    assert "99" in (out / "a.json").read_text(encoding="utf-8")


def test_o2_one_json_file_keeps_another_inputs_claims(tmp_path, fake_model):
    out = tmp_path / "claims.json"
    assert run_cli(["extract", str(article(tmp_path / "a.txt")), "-o", str(out)]).exit_code == 0
    result = run_cli(["extract", str(article(tmp_path / "b.txt")), "-o", str(out)])
    assert result.exit_code == 1 and "holds the claims of another input" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["input"]["name"] == "a.txt"


@pytest.mark.parametrize("fmt, output", [("jsonl", "news/claims.jsonl"), ("jsonl", "news/out/"),
                                         ("csv", "news/claims.csv")])
def test_o3_the_output_is_never_read_back_as_input(tmp_path, fake_model, fmt, output):
    news = tmp_path / "news"
    for k in range(3):
        article(news / f"{k}.txt", k)
    target = tmp_path / output
    runner_args = ["extract", str(news), "--format", fmt, "-o", str(target) + ("/" if output.endswith("/") else "")]
    for _ in range(2):   # the second run finds the first run's output inside the input folder
        result = run_cli(runner_args)
        assert result.exit_code == 0, result.output
        assert "3 inputs: 3 written, 0 failed" in result.output


def test_o3_the_output_named_as_an_input_is_an_error(tmp_path, fake_model):
    out = tmp_path / "claims.jsonl"
    out.write_text("", encoding="utf-8")
    result = run_cli(["extract", str(article(tmp_path / "a.txt")), str(out), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 1 and f"{out}: is this run's output, it cannot also be an input" in result.output


# --- C: concurrent runs ----------------------------------------------------------------------

def test_c2_a_run_writing_into_the_same_folder_at_once_cannot_replace_anothers_output(tmp_path):
    out = tmp_path / "out"
    first, second = DirectorySink(out, "json"), DirectorySink(out, "json")   # two runs, one folder
    one = Article("a.txt", "a", SENTENCE.format(n=1), path=tmp_path / "d1" / "a.txt")
    two = Article("a.txt", "a", SENTENCE.format(n=2), path=tmp_path / "d2" / "a.txt")
    first.prepare(one)
    second.prepare(two)
    doc_one = extract_text(one.text, FakeNLP(), "fake", name="a.txt")
    doc_one.input.path = one.path.as_posix()
    doc_two = extract_text(two.text, FakeNLP(), "fake", name="a.txt")
    doc_two.input.path = two.path.as_posix()
    first.write(one, doc_one)
    with pytest.raises(OutputConflict):
        second.write(two, doc_two)
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["input"]["path"] == one.path.as_posix()


def test_c2_the_check_and_the_write_hold_the_folder_lock(tmp_path):
    import fcntl
    held, released = threading.Event(), threading.Event()

    def other_run():
        with directory_lock(tmp_path):
            held.set()
            released.wait(5)

    thread = threading.Thread(target=other_run)
    thread.start()
    held.wait(5)
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        released.set()
        thread.join()
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)   # free again once the write is done
    finally:
        os.close(fd)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_c3_a_second_run_on_one_jsonl_or_csv_file_stops_with_one_line(tmp_path, fake_model, fmt):
    out = tmp_path / f"all.{fmt}"
    sink = StreamSink.to_file(out, fmt)          # the first run, still writing
    try:
        result = run_cli(["extract", str(article(tmp_path / "a.txt")), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 1
        assert result.output == f"Error: {out}: another run is writing this file; wait for it to finish, " \
                                "or choose another -o\n"
        for resume in ([], ["--resume"]):
            assert run_cli(["extract", str(tmp_path / "a.txt"), "--format", fmt, "-o", str(out), *resume]
                           ).exit_code == 1
    finally:
        sink.close()
    assert run_cli(["extract", str(tmp_path / "a.txt"), "--format", fmt, "-o", str(out), "-q"]).exit_code == 0


def test_an_article_jsonl_line_nested_100k_deep_is_one_error(tmp_path, fake_model):
    path = tmp_path / "batch.jsonl"
    path.write_text("[" * 100_000 + "\n" + json.dumps({"id": "a", "text": SENTENCE.format(n=1)}) + "\n",
                    encoding="utf-8")
    result = run_cli(["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert f"error: {path}:1: not an article record (nested too deep)" in result.output
    assert '"name":"a"' in result.output


# --- validate on folders and on the wrong article (issue 16's dead ends, met on the way) -----------

def test_validate_takes_folders_and_reports_an_empty_one(tmp_path, fake_model):
    out = tmp_path / "out"
    for k in range(2):
        article(tmp_path / "in" / f"{k}.txt", k)
    assert run_cli(["extract", str(tmp_path / "in"), "-o", f"{out}/", "-q"]).exit_code == 0
    (tmp_path / "empty").mkdir()
    result = run_cli(["validate", str(out)])
    assert result.exit_code == 0 and result.output == f"{out / '0.json'}: ok\n{out / '1.json'}: ok\n"
    result = run_cli(["validate", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "no .json/.jsonl files in this directory" in result.output


def test_validate_with_the_wrong_article_is_one_error(tmp_path, fake_model):
    one, other = article(tmp_path / "a.txt", 1), article(tmp_path / "b.txt", 22)
    out = tmp_path / "a.json"
    assert run_cli(["extract", str(one), "-o", str(out)]).exit_code == 0
    result = run_cli(["validate", str(out), "--input", str(other)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{out}: $.input.sha256: does not match the sha256 of the given text "
                                          "(a different or changed article: offsets not checked)"]


def test_extract_refuses_a_claims_file_and_points_to_report(tmp_path, fake_model):
    out = tmp_path / "a.json"
    assert run_cli(["extract", str(article(tmp_path / "a.txt")), "-o", str(out)]).exit_code == 0
    result = run_cli(["extract", str(out)])
    assert result.exit_code == 1
    assert result.output == (f"error: {out}: a claims file (attribution's output), not an article: use "
                             "`attribution report` or `attribution validate` on it\n")
    result = run_cli(["extract", "-"], input=out.read_text(encoding="utf-8"))
    assert result.exit_code == 1 and "<stdin>: a claims file" in result.output
    jsonl = tmp_path / "all.jsonl"
    assert run_cli(["extract", str(tmp_path / "a.txt"), "-o", str(jsonl)]).exit_code == 0
    result = run_cli(["extract", str(jsonl), "--format", "jsonl"])
    assert result.exit_code == 1 and result.output.count("a claims file") == 1


@pytest.mark.parametrize("suffix, first", [(".jsonl", "{"), (".csv", "input,"), (".json", "{\n")])
def test_the_output_suffix_sets_the_format(tmp_path, fake_model, suffix, first):
    out = tmp_path / f"claims{suffix}"
    src = tmp_path / "in"
    for k in range(2):
        article(src / f"{k}.txt", k)
    args = ["extract", str(src / "0.txt") if suffix == ".json" else str(src), "-o", str(out), "-q"]
    assert run_cli(args).exit_code == 0
    raw = out.read_text(encoding="utf-8")
    assert raw.startswith(first)
    if suffix == ".jsonl":
        assert len(raw.splitlines()) == 2


@pytest.mark.parametrize("pattern, message", [("empty", "no .txt/.html/.htm/.jsonl files in this directory"),
                                              ("nothing-*.txt", "no files match this pattern")])
def test_an_empty_folder_or_an_unmatched_glob_says_so(tmp_path, fake_model, pattern, message):
    (tmp_path / "empty").mkdir()
    result = run_cli(["extract", str(tmp_path / pattern)])
    assert result.exit_code == 1 and message in result.output and "several inputs" not in result.output


def test_stdin_carries_its_text_so_report_works_from_the_claims(tmp_path, fake_model):
    out = tmp_path / "stdin.json"
    assert run_cli(["extract", "-", "-o", str(out)], input=SENTENCE.format(n=3)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == SENTENCE.format(n=3)
    assert run_cli(["report", str(out), "-o", str(tmp_path / "page.html"), "-q"]).exit_code == 0


def test_report_finds_articles_in_subfolders_by_input_path(tmp_path, fake_model, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article(tmp_path / "news" / "sport" / "a.txt", 1)
    article(tmp_path / "news" / "world" / "b.txt", 2)
    assert run_cli(["extract", "news", "-o", "out/", "-q"]).exit_code == 0
    # right after extract, from where it ran: input.path leads to the articles
    assert run_cli(["report", "out", "-o", "page.html", "-q"]).exit_code == 0
    # elsewhere, with --articles pointing at the folder extract was given
    monkeypatch.chdir(tmp_path / "out")
    result = run_cli(["report", ".", "--articles", str(tmp_path / "news"), "-o", "page.html", "-q"])
    assert result.exit_code == 0, result.output


def test_model_that_is_not_a_choice_lists_the_choices(tmp_path, fake_model):
    from attribution.parse.pipeline import ModelNotFoundError, resolve_model
    with pytest.raises(ModelNotFoundError, match="choose bundled, the default; stanza"):
        resolve_model("bogus")


def test_dask_timeout_gives_up_on_a_missing_scheduler_quickly(tmp_path, fake_model):
    pytest.importorskip("distributed")
    start = time.monotonic()
    result = run_cli(["extract", str(article(tmp_path / "a.txt")), "--dask", "tcp://127.0.0.1:9",
                      "--dask-timeout", "1"])
    assert result.exit_code == 1 and "Error:" in result.output
    assert time.monotonic() - start < 10   # the old fixed 30 s wait


def test_the_page_numbers_paragraphs_as_the_json_does(tmp_path, fake_model):
    path = tmp_path / "a.txt"
    path.write_text("مقدمة.\n\n" + SENTENCE.format(n=1), encoding="utf-8")
    out = tmp_path / "a.json"
    assert run_cli(["extract", str(path), "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["claims"][0]["paragraph"] == 1
    assert run_cli(["report", str(out), "-o", str(tmp_path / "p.html"), "-q"]).exit_code == 0
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert "¶1 · c1" in page and "counted from 0, as in the JSON" in page


@pytest.mark.parametrize("command", ["extract", "validate", "report", "speakers", "evaluate", "parse", "schema",
                                     "models"])
def test_help_fits_an_80_column_terminal(command):
    result = CliRunner().invoke(main, [command, "--help"], terminal_width=80)
    assert result.exit_code == 0
    assert [line for line in result.output.splitlines() if len(line) > 80] == []

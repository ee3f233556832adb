#!/usr/bin/env python
"""Throughput and memory of attribution extraction; prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench.py all                 # the whole set, as in RESULTS.md
    .venv/bin/python benchmarks/bench.py all --sizes 1 10 --worker-n 10 --stream-n 100 1000   # a smoke run
    .venv/bin/python benchmarks/bench.py speed --n 100 --mode full   # one measurement, JSON on stdout

Every measurement runs in a fresh Python process, so its peak RSS (``ru_maxrss``) is its own
and no model cache or warm allocator carries over.  The corpus: consecutive paragraphs (one a
line) of ``shared/data/raw/ar-news-antcorpus-multisource.txt.gz`` grouped into articles of about
300 words, paragraphs separated by blank lines as the tool expects; deterministic.

* ``speed``: (a) ``bare``: the Stanza pipeline alone, ``nlp.bulk_process`` on the same paragraph
  batches our code sends; (b) ``full``: the whole extraction (``attribution.run.bulk.extract_stream``:
  batching, conversion, rules, claims documents serialised to JSON).  ``full`` also times its own
  parser calls, so b/a is given both across two runs and within one run (same data, same moment).
  The model is loaded, and one sentence parsed, before the clock starts (both timed apart).
* ``workers``: ``attribution.run.workers.extract_parallel`` with W processes of T torch threads each;
  wall time from start (incl. spawning and model loading) and from the first result.
* ``cli``: ``attribution extract DIR -o claims.jsonl --workers W`` in a fresh process, timed from
  launch to exit: the comparison a user makes between ``--workers 1`` (the pipeline in the
  command's own process, PyTorch's threads on every core) and ``--workers 2``; ``all`` alternates
  the two ``--cli-repeats`` times and ``report`` gives the ratio of their mean times.
* ``stream``: the reading / queueing / writing path: the files are written to a temporary
  directory, read back by ``iter_articles``, sent through ``run_batch`` with the worker pool (2
  processes) and written as JSONL by ``StreamSink`` -- the CLI's code.  By default the parser is
  :class:`attribution.run.workers.NullPipeline` (no sentences, so no claims), which reaches corpus
  sizes a full parse cannot; ``--parser bundled`` runs the real model (10,000 articles take
  ~35 min here).  It measures whether memory grows with the corpus; its rows carry a per-minute
  timeline of each process's lowest and highest RSS (``report`` shows the workers' lowest, i.e.
  what they hold between parser calls, early and late in the run).
* ``batches``: one process, resident memory after each parser batch and what each batch adds
  at its peak; ``--no-trim`` and ``ONEDNN_PRIMITIVE_CACHE_CAPACITY=1024`` show the behaviour
  before ``attribution/memory.py`` and the small kernel cache.
* ``rules``: one article of about ``--chars`` characters (default 1 MB: consecutive corpus articles
  joined by blank lines), parsed once, then the rules alone (cues → … → entities → claims) timed on
  its parse: the rules' cost must stay linear in the number of mentions, a few per cent of the parse.
* ``ner``: what the named-entity stage costs: ``speed --mode full`` (one thread) on the same
  articles with the bundled model as shipped and with a copy of it without ``ner.pt`` (the
  pipeline then has no ner stage), alternated ``--repeats`` times; the ratios of the best wall
  and CPU times are the stage's cost (issue 14: at most 1.15 on 300 articles; on a shared VM the
  CPU ratio is the steadier one).
* ``calls``: one process, what each parser call adds at its peak and what each Stanza stage in
  it adds; ``ATTRIBUTION_MEMORY=fast`` shows glibc's default allocation behaviour, and
  ``--longest-of 10000`` the articles with the longest paragraphs, the tail a long run meets.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
RAW = Path(os.environ.get("ATTRIBUTION_RAW", ROOT.parent / "shared" / "data" / "raw"))
CORPUS = "ar-news-antcorpus-multisource.txt.gz"
SEED = ROOT / "seeds" / "000_6f2a7d5983d4bb03.txt"
ARTICLE_WORDS = 300


# --- corpus ----------------------------------------------------------------------------------

def iter_corpus(words: int = ARTICLE_WORDS, path: Path | None = None) -> Iterator[str]:
    """Articles of about ``words`` words: whole paragraphs, consecutive, blank-line separated."""
    path = path or RAW / CORPUS
    if not path.exists():
        sys.exit(f"raw corpus not found: {path} (set ATTRIBUTION_RAW to the folder holding {CORPUS})")
    paragraphs, count = [], 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            paragraphs.append(line)
            count += len(line.split())
            if count >= words:
                yield "\n\n".join(paragraphs)
                paragraphs, count = [], 0


def corpus(n: int) -> list[str]:
    out = []
    for text in iter_corpus():
        out.append(text)
        if len(out) == n:
            break
    return out


def texts_for(n: int | str) -> list[str]:
    if n == "seed":
        return [SEED.read_bytes().decode("utf-8")]
    return corpus(int(n))


def words_of(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


# --- memory ----------------------------------------------------------------------------------

def peak_rss_mb() -> dict:
    """Peak resident memory so far of this process and of its largest finished child (Linux
    reports ru_maxrss in KiB)."""
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"peak_rss_mb": round(self_kb / 1024, 1), "peak_child_rss_mb": round(child_kb / 1024, 1)}


def reset_peak() -> None:
    """Reset this process's VmHWM to its current RSS (Linux)."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def proc_status_mb(key: str = "VmRSS") -> float:
    """This process's ``key`` line of /proc/self/status (VmRSS: resident now; VmHWM: its peak)."""
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(key + ":")) / 1024


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def cores_busy(cpu_s: float, seconds: float) -> float:
    """CPU seconds over the cores' seconds: 1.0 when every core worked the whole time."""
    from attribution.run.workers import cpu_count

    return round(cpu_s / (seconds * cpu_count()), 3)


def to_mb(size: int) -> float:
    return round(size / 2**20, 1)


class TreeSampler:
    """Samples the summed RSS of this process and its children (workers) every ``every`` s and
    keeps the maximum: ru_maxrss cannot add up processes that peak at different moments."""

    def __init__(self, every: float = 0.05, window: float = 60.0):
        import psutil

        self.me = psutil.Process()
        self.every = every
        self.peak = 0
        self.parts: list[int] = []  # each process's RSS at the moment of the peak, largest first
        # per window of ``window`` seconds, each process's lowest and highest RSS: the lowest is
        # what it holds between parser calls, so the timeline shows whether that creeps
        self.window = window
        self.timeline: list[dict] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        start = time.perf_counter()
        low: dict[int, int] = {}
        high: dict[int, int] = {}
        window_end = start + self.window
        while not self._stop.is_set():
            parts = {}
            try:
                procs = [self.me] + self.me.children(recursive=True)
                for p in procs:
                    try:
                        parts[p.pid] = p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            total = sum(parts.values())
            if total > self.peak:
                self.peak, self.parts = total, sorted(parts.values(), reverse=True)
            for pid, rss in parts.items():
                low[pid] = min(low.get(pid, rss), rss)
                high[pid] = max(high.get(pid, rss), rss)
            now = time.perf_counter()
            if now >= window_end:  # the last, partial window is closed after the loop
                self._close_window(now - start, low, high)
                low, high, window_end = {}, {}, now + self.window
            self._stop.wait(self.every)
        self._close_window(time.perf_counter() - start, low, high)

    def _close_window(self, seconds: float, low: dict[int, int], high: dict[int, int]) -> None:
        if not low:
            return
        pids = sorted(low)  # by pid: this process, then its children in the order they started
        self.timeline.append({"s": round(seconds), "low_mb": [to_mb(low[p]) for p in pids],
                              "high_mb": [to_mb(high[p]) for p in pids]})

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return to_mb(self.peak)

    @property
    def parts_mb(self) -> list[float]:
        return [to_mb(b) for b in self.parts]


# --- one measurement per process -------------------------------------------------------------

class TimedPipeline:
    """The real pipeline, timing the parse inside a full run: its bulk_process calls, and the ner
    stage's own calls where the extraction tags only the sentences its rules read."""

    def __init__(self, nlp):
        self.nlp, self.seconds = nlp, 0.0
        self.processors = dict(nlp.processors)
        if "ner" in self.processors:
            self.processors["ner"] = TimedProcessor(nlp.processors["ner"], self)

    def bulk_process(self, docs, **kwargs):
        t = time.perf_counter()
        try:
            return self.nlp.bulk_process(docs, **kwargs)
        finally:
            self.seconds += time.perf_counter() - t


class TimedProcessor:
    """One stage of a :class:`TimedPipeline`, called on its own (``process``), timed into it."""

    def __init__(self, processor, owner: TimedPipeline):
        self.processor, self.owner = processor, owner

    def process(self, doc):
        t = time.perf_counter()
        try:
            return self.processor.process(doc)
        finally:
            self.owner.seconds += time.perf_counter() - t


def measure_speed(n, mode: str, batch_size: int, threads: int | None, model: str | None = None) -> dict:
    import torch

    from attribution.run.bulk import extract_stream
    from attribution.parse.document import split_paragraphs
    from attribution.parse.pipeline import load_pipeline

    if threads:
        torch.set_num_threads(threads)
    texts = texts_for(n)
    t0 = time.perf_counter()
    nlp, spec = load_pipeline(model)
    load_s = time.perf_counter() - t0
    # the first call pays one-off costs (allocator, kernel selection); a long-running CLI pays
    # them once, so they are timed apart from the throughput
    t0 = time.perf_counter()
    nlp("قال الوزير إن الاجتماع سيعقد غدا.")
    warmup_s = time.perf_counter() - t0
    out: dict = {"kind": "speed", "n": n, "mode": mode, "batch_size": batch_size, "processors": list(nlp.processors),
                 "torch_threads": torch.get_num_threads(), "articles": len(texts), "words": words_of(texts),
                 "load_s": round(load_s, 2), "warmup_s": round(warmup_s, 2)}
    if mode == "bare":
        from stanza.models.common.doc import Document

        paragraphs = [p.text for t in texts for p in split_paragraphs(t)]
        t = time.perf_counter()
        for i in range(0, len(paragraphs), batch_size):
            nlp.bulk_process([Document([], text=p) for p in paragraphs[i:i + batch_size]])
        seconds = time.perf_counter() - t
    else:
        timed = TimedPipeline(nlp)
        claims = 0
        rss = []  # resident size after each result: does it creep up over the run?
        with open(os.devnull, "w", encoding="utf-8") as sink:
            t, cpu = time.perf_counter(), time.process_time()
            for result in extract_stream(texts, timed, spec.name, batch_size=batch_size):
                sink.write(result.document.model_dump_json() + "\n")
                claims += len(result.document.claims)
                rss.append(round(proc_status_mb(), 1))
            seconds = time.perf_counter() - t
            # CPU seconds: what other jobs on a shared VM disturb far less than wall time
            out["cpu_s"] = round(time.process_time() - cpu, 3)
        out.update(parse_s=round(timed.seconds, 3), claims=claims,
                   overhead_in_run=round(seconds / timed.seconds, 4) if timed.seconds else None,
                   rss_first_result_mb=rss[0], rss_last_result_mb=rss[-1], rss_max_between_results_mb=max(rss))
    out.update(seconds=round(seconds, 3), words_per_s=round(out["words"] / seconds, 1),
               articles_per_s=round(len(texts) / seconds, 3), **peak_rss_mb())
    return out


def measure_ner_cost(n: int, repeats: int, batch_size: int, timeout: float | None = None) -> dict:
    """The full extraction with and without the ner stage (see the module docstring)."""
    from attribution.parse.pipeline import BUNDLED_DIR, NER_FILE

    runs: dict[str, list[dict]] = {"with_ner": [], "without_ner": []}
    with tempfile.TemporaryDirectory() as tmp:
        for f in BUNDLED_DIR.iterdir():
            if f.name != NER_FILE:
                (Path(tmp) / f.name).symlink_to(f)
        base = ["speed", "--n", str(n), "--mode", "full", "--threads", "1", "--batch-size", str(batch_size)]
        for _ in range(repeats):  # alternated, so drift on the machine touches both alike
            runs["with_ner"].append(run_one(base, timeout))
            runs["without_ner"].append(run_one(base + ["--model", tmp], timeout))
    failed = [r for rs in runs.values() for r in rs if "error" in r]
    if failed:
        return {"kind": "ner", "error": failed[0]["error"], "args": failed[0].get("args")}
    best = {k: min(r["parse_s"] for r in rs) for k, rs in runs.items()}
    best_total = {k: min(r["seconds"] for r in rs) for k, rs in runs.items()}
    best_cpu = {k: min(r["cpu_s"] for r in rs) for k, rs in runs.items()}
    return {"kind": "ner", "n": n, "words": runs["with_ner"][0]["words"], "repeats": repeats,
            "parse_s": {k: [r["parse_s"] for r in rs] for k, rs in runs.items()},
            "seconds": {k: [r["seconds"] for r in rs] for k, rs in runs.items()},
            "cpu_s": {k: [r["cpu_s"] for r in rs] for k, rs in runs.items()},
            "claims": {k: rs[0]["claims"] for k, rs in runs.items()},
            "processors": {k: rs[0]["processors"] for k, rs in runs.items()},
            "peak_rss_mb": {k: max(r["peak_rss_mb"] for r in rs) for k, rs in runs.items()},
            # the extraction tags only the sentences its rules read (rules.extract.reads_entities)
            "selective": True,
            "parse_ratio": round(best["with_ner"] / best["without_ner"], 3),
            "total_ratio": round(best_total["with_ner"] / best_total["without_ner"], 3),
            "cpu_ratio": round(best_cpu["with_ner"] / best_cpu["without_ner"], 3)}


def measure_workers(n: int, workers: int, threads: int, batch_size: int) -> dict:
    from attribution.parse.pipeline import resolve_model
    from attribution.run.workers import extract_parallel

    texts = corpus(n)
    spec = resolve_model(None)
    parent_cpu0, children_cpu0 = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    with TreeSampler() as sampler:
        t0 = time.perf_counter()
        first = None
        ok = 0
        for result in extract_parallel(texts, workers=workers, model=spec, batch_size=batch_size, threads=threads):
            if first is None:
                first = time.perf_counter()
                first_words = len(texts[0].split())
            ok += result.ok
        end = time.perf_counter()
    # the pool is shut down (its processes reaped) when the loop ends, so their CPU time is in
    # RUSAGE_CHILDREN now; busy = CPU seconds over the cores' seconds: what the run left idle
    # (start-up in series, a tail, waiting for results in order) or spent in the parent
    parent_cpu = cpu_seconds(resource.RUSAGE_SELF) - parent_cpu0
    workers_cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - children_cpu0
    total_words = words_of(texts)
    steady = end - first
    return {"kind": "workers", "n": n, "workers": workers, "threads": threads, "batch_size": batch_size,
            "ok": ok, "words": total_words, "seconds": round(end - t0, 2),
            "first_result_s": round(first - t0, 2),
            "words_per_s": round(total_words / (end - t0), 1),
            "steady_words_per_s": round((total_words - first_words) / steady, 1) if steady > 0 else None,
            "articles_per_s": round(n / (end - t0), 3),
            "parent_cpu_s": round(parent_cpu, 2), "workers_cpu_s": round(workers_cpu, 2),
            "cores_busy": cores_busy(parent_cpu + workers_cpu, end - t0),
            "tree_peak_rss_mb": sampler.peak_mb,
            "tree_peak_parts_mb": sampler.parts_mb, **peak_rss_mb()}


def write_articles(folder: Path, n: int) -> tuple[int, int]:
    """The first n corpus articles as files 000000.txt, ... in ``folder``; (bytes, words)."""
    folder.mkdir()
    size = words = 0
    for k, text in enumerate(iter_corpus()):
        if k == n:
            break
        data = text.encode("utf-8")
        words += len(text.split())
        (folder / f"{k:06d}.txt").write_bytes(data)
        size += len(data)
    return size, words


def measure_cli(n: int, workers: str | None, batch_size: int, load: int = 0, env: dict | None = None) -> dict:
    """``attribution extract DIR -o claims.jsonl --format jsonl [--workers W]`` as a user runs it:
    a fresh process, wall time from launch to exit (start-up, model loading, reading, writing all
    included), so the default (``--workers auto``), ``--workers 1`` (the pipeline in the CLI's own
    process) and ``--workers 2`` compare as they are used.  ``load``: that many busy processes
    (one pure-Python spin loop each) share the machine for the whole run, as other jobs would;
    ``env``: extra environment (e.g. ``OMP_NUM_THREADS=1``)."""
    with tempfile.TemporaryDirectory(prefix="attr-bench-") as tmp:
        folder = Path(tmp) / "articles"
        size, words = write_articles(folder, n)
        out_path = Path(tmp) / "claims.jsonl"
        cmd = [sys.executable, str(ROOT / "cli.py"), "extract", str(folder), "-o", str(out_path),
               "--format", "jsonl", "--batch-size", str(batch_size), "--quiet"]
        if workers is not None:
            cmd += ["--workers", str(workers)]
        busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(load)]
        try:
            children_cpu0 = cpu_seconds(resource.RUSAGE_CHILDREN)
            with TreeSampler(every=0.25) as sampler:
                t = time.perf_counter()
                done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
                seconds = time.perf_counter() - t
            cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - children_cpu0
        finally:
            for proc in busy:
                proc.kill()
                proc.wait()
        if done.returncode != 0:
            raise RuntimeError(f"extract exited with {done.returncode}: {done.stderr.strip()[-500:]}")
        docs = [json.loads(line) for line in out_path.open(encoding="utf-8")]
    return {"kind": "cli", "n": n, "workers": workers or "auto (default)", "batch_size": batch_size,
            "load": load, "env": env or {}, "words": words,
            "input_mb": to_mb(size), "documents": len(docs), "claims": sum(len(d["claims"]) for d in docs),
            "seconds": round(seconds, 2), "words_per_s": round(words / seconds, 1),
            "articles_per_s": round(n / seconds, 3), "cpu_s": round(cpu, 2),
            "cores_busy": cores_busy(cpu, seconds),
            "tree_peak_rss_mb": sampler.peak_mb, "tree_peak_parts_mb": sampler.parts_mb}


def measure_stream(n: int, workers: int, batch_size: int, sink_kind: str = "cli", parser: str = "null") -> dict:
    """The CLI's reading, queueing and writing path at size n, by default with a parser that does
    nothing.  ``sink_kind="plain"`` reads the same files one by one by name (no directory listing)
    and writes the JSONL lines directly (no run_batch/StreamSink, which until run 5 remembered every
    (name, sha256) written), so growth in the pool and queue alone can be told apart from those.
    ``parser="bundled"`` runs the real model in the workers instead of the stand-in (slow)."""
    from attribution.run.batch import StreamSink, run_batch
    from attribution.run.inputs import iter_articles, read_article
    from attribution.run.workers import extract_parallel, null_loader, parallel_producer

    loader = null_loader if parser == "null" else None
    with tempfile.TemporaryDirectory(prefix="attr-bench-") as tmp:
        folder = Path(tmp) / "articles"
        size, words = write_articles(folder, n)
        out_path = Path(tmp) / "claims.jsonl"
        import psutil
        baseline = to_mb(psutil.Process().memory_info().rss)
        with TreeSampler() as sampler:
            t = time.perf_counter()
            if sink_kind == "cli":
                sink = StreamSink.to_file(out_path, "jsonl")
                try:
                    result = run_batch(iter_articles([str(folder)]), sink,
                                       parallel_producer(workers=workers, batch_size=batch_size, loader=loader))
                finally:
                    sink.close()
                written, failed = result.written, result.failed
            else:
                written = failed = 0
                with out_path.open("w", encoding="utf-8") as handle:
                    files = (read_article(folder / f"{k:06d}.txt") for k in range(n))
                    for r in extract_parallel(files, workers=workers, batch_size=batch_size, loader=loader):
                        if r.ok:
                            handle.write(r.document.model_dump_json() + "\n")
                            handle.flush()
                            written += 1
                        else:
                            failed += 1
            seconds = time.perf_counter() - t
        lines = sum(1 for _ in out_path.open("rb"))
    return {"kind": "stream", "sink": sink_kind, "parser": parser, "n": n, "workers": workers,
            "input_mb": to_mb(size), "words_per_s": round(words / seconds, 1),
            "written": written, "failed": failed, "jsonl_lines": lines, "seconds": round(seconds, 2),
            "rss_before_run_mb": baseline, "tree_peak_rss_mb": sampler.peak_mb,
            "tree_peak_parts_mb": sampler.parts_mb, "timeline": sampler.timeline, **peak_rss_mb()}


def measure_batches(n: int, limit: int, batch_size: int, trim: bool = True) -> dict:
    """Resident memory batch after batch in one process (Linux): RSS after each chunk, and each
    chunk's own peak (the kernel's high-water mark is reset before it).  ``trim=False`` skips
    :func:`attribution.parse.stanza_patches.memory.release_memory`; run with ``ONEDNN_PRIMITIVE_CACHE_CAPACITY=1024``
    for oneDNN's default kernel cache.  Shows whether memory creeps up over a run and how much one
    batch adds."""
    import attribution.parse.document as document
    from attribution.run.bulk import bundle_items, extract_bundle
    from attribution.parse.stanza_patches.memory import memory_mode
    from attribution.parse.pipeline import load_pipeline

    if not trim:
        document.release_memory = lambda: False
    texts = corpus(n)
    nlp, spec = load_pipeline()
    after, spikes = [], []
    t = time.perf_counter()
    for k, chunk in enumerate(bundle_items(texts, batch_size)):
        if k == limit:
            break
        reset_peak()
        before = proc_status_mb("VmRSS")
        extract_bundle(chunk, nlp, spec.name, batch_size)
        after.append(proc_status_mb("VmRSS"))
        spikes.append(proc_status_mb("VmHWM") - before)
    seconds = time.perf_counter() - t
    marks = sorted({0, len(after) // 4, len(after) // 2, 3 * len(after) // 4, len(after) - 1})
    return {"kind": "batches", "n": n, "batches": len(after), "batch_size": batch_size, "trim": trim,
            "onednn_cache": os.environ.get("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "64 (ours)"), "memory": memory_mode(),
            "seconds": round(seconds, 1), "rss_after_batch_mb": {k + 1: round(after[k]) for k in marks},
            "max_batch_adds_mb": round(max(spikes)), "peak_mb": round(max(a + b for a, b in zip(after, spikes)))}


def measure_rules(chars: int, batch_size: int) -> dict:
    from attribution.parse.document import parse_paragraphs
    from attribution.parse.pipeline import load_pipeline
    from attribution.rules.extract import extract_parsed, to_claims, to_entities

    texts, total = [], 0
    for text in iter_corpus():
        texts.append(text)
        total += len(text) + 2
        if total >= chars:
            break
    article = "\n\n".join(texts)
    nlp, _spec = load_pipeline()
    t = time.perf_counter()
    parsed = parse_paragraphs(nlp, article, batch_size=batch_size)
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    events = extract_parsed(parsed)
    claims, entities = to_claims(events, article), to_entities(events, article)
    rules_s = time.perf_counter() - t
    return {"kind": "rules", "chars": len(article), "words": words_of(texts), "sentences": len(parsed.sentences),
            "claims": len(claims), "entities": len(entities),
            "mentions": sum(len(e.mentions) for e in entities), "parse_s": round(parse_s, 2),
            "rules_s": round(rules_s, 3), "rules_share_of_parse": round(rules_s / parse_s, 4), **peak_rss_mb()}


def longest_articles(n: int, of: int) -> list[str]:
    """The ``n`` articles, of the first ``of``, with the longest paragraphs: the rare, costly calls
    a long run meets, gathered into a short one."""
    from attribution.parse.document import split_paragraphs

    return sorted(corpus(of), key=lambda t: -max(len(p.text) for p in split_paragraphs(t)))[:n]


def measure_calls(n: int, batch_size: int, longest_of: int | None = None) -> dict:
    """Memory of each parser call in one process (Linux): what the call added at its peak over
    the RSS before it, and for each Stanza stage what it added over the RSS it started from (the
    kernel's high-water mark is reset before each stage).  Their difference is what earlier stages
    of the call left held.  ``ATTRIBUTION_MEMORY=fast`` shows glibc's default.  ``longest_of``:
    take the n articles with the longest paragraphs of that many (:func:`longest_articles`)."""
    import statistics

    from attribution.run.bulk import bundle_items, extract_bundle
    from attribution.parse.stanza_patches.memory import memory_mode
    from attribution.parse.pipeline import load_pipeline

    nlp, spec = load_pipeline()
    calls, current = [], {}

    def watch(name, process):
        def watched(docs):
            reset_peak()
            start = proc_status_mb("VmRSS")
            out = process(docs)
            current[name] = (start, proc_status_mb("VmHWM"))
            return out
        return watched

    for name, processor in nlp.processors.items():
        processor.bulk_process = watch(name, processor.bulk_process)
    whole_call = nlp.bulk_process

    def watched_call(docs):
        current.clear()
        before = proc_status_mb("VmRSS")
        out = whole_call(docs)
        stages = dict(current)
        calls.append({"before": before, "added": max(peak for _, peak in stages.values()) - before,
                      "stages": {k: peak - start for k, (start, peak) in stages.items()},
                      "words": sum(len(s.words) for d in out for s in d.sentences),
                      "longest": max((len(s.words) for d in out for s in d.sentences), default=0)})
        return out

    nlp.bulk_process = watched_call
    t = time.perf_counter()
    for chunk in bundle_items(longest_articles(n, longest_of) if longest_of else corpus(n), batch_size):
        extract_bundle(chunk, nlp, spec.name, batch_size)
    seconds = time.perf_counter() - t
    added = sorted(c["added"] for c in calls)
    worst = max(calls, key=lambda c: c["added"])
    floor = statistics.median(c["before"] for c in calls)
    return {"kind": "calls", "n": n, "longest_of": longest_of, "batch_size": batch_size, "memory": memory_mode(),
            "calls": len(calls), "longest_sentence_words": max(c["longest"] for c in calls),
            "seconds": round(seconds, 1), "rss_before_call_median_mb": round(floor, 1),
            "call_adds_mb": {"max": round(added[-1], 1), "p90": round(added[int(0.9 * len(added))], 1),
                             "median": round(statistics.median(added), 1)},
            "stage_adds_max_mb": {k: round(max(c["stages"][k] for c in calls), 1) for k in calls[0]["stages"]},
            "worst_call": {"words": worst["words"], "longest_sentence_words": worst["longest"],
                           "stages_mb": {k: round(v, 1) for k, v in worst["stages"].items()}}}


def run_one(args: list[str], timeout: float | None = None, env: dict | None = None) -> dict:
    """A measurement in a fresh interpreter; its last stdout line is the JSON result."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **env} if env else None)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s", "args": args}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1], "args": args}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the whole set ---------------------------------------------------------------------------

def machine() -> dict:
    info = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "python": platform.python_version(),
            "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                           if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        import psutil
        info["ram_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
        info["load_avg"] = [round(x, 2) for x in os.getloadavg()]
    except ImportError:
        pass
    busy = subprocess.run(["pgrep", "-f", "stanza.models|attribution.training"], capture_output=True, text=True)
    info["training_running"] = bool(busy.stdout.strip())
    # versions without importing: an imported torch would sit in this parent's RSS, and Linux
    # carries a parent's peak RSS into each child's ru_maxrss across fork+exec
    from importlib.metadata import PackageNotFoundError, version
    for name in ("torch", "stanza", "dask", "distributed"):
        try:
            info[name] = version(name)
        except PackageNotFoundError:
            pass
    return info


def run_all(ns) -> list[dict]:
    rows: list[dict] = [{"kind": "machine", **machine()}]

    def show(row):
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        if ns.out:  # as it goes, so an interrupted run keeps what it measured
            with ns.out.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    if ns.out:
        ns.out.write_text("", encoding="utf-8")
    show(rows.pop())
    threads = ["--threads", str(ns.threads)] if ns.threads else []
    small = ["seed"] + [n for n in ns.sizes if int(n) <= ns.bare_max]
    large = [n for n in ns.sizes if int(n) > ns.bare_max]
    for n in small:
        for mode in ("bare", "full"):
            show(run_one(["speed", "--n", str(n), "--mode", mode, "--batch-size", str(ns.batch_size), *threads],
                         ns.timeout))
    for batch in ns.sweep:
        show(run_one(["speed", "--n", str(ns.worker_n), "--mode", "full", "--batch-size", str(batch), *threads],
                     ns.timeout))
    for _ in range(ns.cli_repeats):  # alternated, so drift on the machine touches both alike
        for workers in (1, 2):
            show(run_one(["cli", "--n", str(ns.cli_n), "--workers", str(workers),
                          "--batch-size", str(ns.batch_size)], ns.timeout))
    for config in ns.worker_configs:
        workers, per = config.split("x")
        show(run_one(["workers", "--n", str(ns.worker_n), "--workers", workers, "--threads", per,
                      "--batch-size", str(ns.batch_size)], ns.timeout))
    if ns.batches:
        # memory batch after batch: as shipped, then as before (no trim, oneDNN's default cache)
        show(run_one(["batches", "--limit", str(ns.batches), "--batch-size", str(ns.batch_size)], ns.timeout))
        show(run_one(["batches", "--limit", str(ns.batches), "--batch-size", str(ns.batch_size), "--no-trim"],
                     ns.timeout, env={"ONEDNN_PRIMITIVE_CACHE_CAPACITY": "1024"}))
        # memory of each parser call and stage: as shipped, then with glibc's default allocation
        for mode in ("bounded", "fast"):
            show(run_one(["calls", "--batch-size", str(ns.batch_size)], ns.timeout, env={"ATTRIBUTION_MEMORY": mode}))
        # the costly tail a long run meets: the 400 articles with the longest paragraphs of 10,000
        show(run_one(["calls", "--batch-size", str(ns.batch_size), "--longest-of", "10000"], ns.timeout))
    for sink in ("cli", "plain"):
        for n in ns.stream_n:
            show(run_one(["stream", "--n", str(n), "--batch-size", str(ns.batch_size), "--sink", sink,
                          "--parser", ns.stream_parser], ns.timeout))
    # last, so that a run cut short for time still has everything else
    for n in large:
        show(run_one(["speed", "--n", str(n), "--mode", "full", "--batch-size", str(ns.batch_size), *threads],
                     ns.timeout))
    show({"kind": "finished", **machine()})
    return rows


def markdown_table(header: list[str], cells: list[list]) -> list[str]:
    """The lines of one Markdown table, then a blank line."""
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(str(c) for c in row) + " |" for row in cells), ""]


def worker_floors(timeline: list[dict], worker_mb: float = 100) -> str:
    """The lowest RSS of each worker (a process that reached ``worker_mb``) in the second and the
    last full minute of a stream row's timeline: what the workers hold between parser calls, early
    and late in the run (the first minute holds their start-up).  Empty for runs of under 3 minutes."""
    if len(timeline) < 4:
        return ""
    def floors(window):
        return ", ".join(str(low) for low, high in zip(window["low_mb"], window["high_mb"]) if high >= worker_mb)
    return f"{floors(timeline[1])} / {floors(timeline[-2])}"


def cli_ratios(cli: list[dict]) -> list[list]:
    """Per N: the mean wall time of the --workers 1 and --workers 2 runs and their ratio (the
    throughput of 2 workers over that of 1)."""
    cells = []
    for n in sorted({r["n"] for r in cli}):
        times = {w: [r["seconds"] for r in cli if r["n"] == n and r["workers"] == w] for w in (1, 2)}
        if times[1] and times[2]:
            one, two = (sum(t) / len(t) for t in (times[1], times[2]))
            cells.append([n, f"{len(times[1])}, {one:.1f}", f"{len(times[2])}, {two:.1f}", f"{one / two:.3f}"])
    return cells


def render(rows: list[dict]) -> str:
    """The rows of ``all`` as Markdown tables (what RESULTS.md is made from)."""
    out = []
    speed = [r for r in rows if r.get("kind") == "speed"]
    if speed:
        out += markdown_table(
            ["N", "articles", "words", "mode", "batch", "torch threads", "seconds", "words/s", "articles/s",
             "parse s (in run)", "b/a in run", "claims", "peak RSS MB", "RSS after 1st / last result MB"],
            [[r["n"], r["articles"], r["words"], r["mode"], r["batch_size"], r["torch_threads"], r["seconds"],
              r["words_per_s"], r["articles_per_s"], r.get("parse_s", ""), r.get("overhead_in_run", ""),
              r.get("claims", ""), r["peak_rss_mb"],
              f"{r.get('rss_first_result_mb', '')} / {r.get('rss_last_result_mb', '')}"] for r in speed])
        pairs = {}
        for r in speed:
            pairs.setdefault((r["n"], r["batch_size"]), {})[r["mode"]] = r
        cells = [[n, p["bare"]["words_per_s"], p["full"]["words_per_s"],
                  round(p["full"]["seconds"] / p["bare"]["seconds"], 3), p["full"].get("overhead_in_run")]
                 for (n, _), p in pairs.items() if "bare" in p and "full" in p]
        if cells:
            out += markdown_table(["N", "(a) bare words/s", "(b) full words/s", "b/a across runs",
                                   "b/a within the full run"], cells)
    work = [r for r in rows if r.get("kind") == "workers"]
    if work:
        out += markdown_table(
            ["N", "workers x torch threads", "seconds (total)", "first result s", "words/s (total)",
             "words/s (after first result)", "articles/s", "cores busy", "peak RSS all processes MB"],
            [[r["n"], f"{r['workers']} x {r['threads']}", r["seconds"], r["first_result_s"], r["words_per_s"],
              r["steady_words_per_s"], r["articles_per_s"], r.get("cores_busy", ""), r["tree_peak_rss_mb"]]
             for r in work])
    cli = [r for r in rows if r.get("kind") == "cli"]
    if cli:
        out += markdown_table(
            ["N", "--workers", "seconds (launch to exit)", "words/s", "articles/s", "claims", "CPU s",
             "cores busy", "peak RSS all processes MB"],
            [[r["n"], r["workers"], r["seconds"], r["words_per_s"], r["articles_per_s"], r["claims"], r["cpu_s"],
              r["cores_busy"], r["tree_peak_rss_mb"]] for r in cli])
        ratios = cli_ratios(cli)
        if ratios:
            out += markdown_table(["N", "--workers 1: runs, mean s", "--workers 2: runs, mean s",
                                   "2 workers / 1 (ratio of mean times)"], ratios)
    stream = [r for r in rows if r.get("kind") == "stream"]
    if stream:
        out += markdown_table(
            ["path", "parser", "N articles", "input MB", "written", "seconds", "words/s", "parent peak RSS MB",
             "at the peak: each process MB", "workers' lowest RSS, 2nd / last full minute MB",
             "peak RSS all processes MB"],
            [[r.get("sink", "cli"), r.get("parser", "null"), r["n"], r["input_mb"], r["written"], r["seconds"],
              r.get("words_per_s", ""), r["peak_rss_mb"], " / ".join(map(str, r.get("tree_peak_parts_mb", []))),
              worker_floors(r.get("timeline", [])), r["tree_peak_rss_mb"]] for r in stream])
    batches = [r for r in rows if r.get("kind") == "batches"]
    if batches:
        out += markdown_table(
            ["ATTRIBUTION_MEMORY", "batches", "trim", "oneDNN cache", "seconds", "RSS MB after batch k (k: MB)",
             "most one batch adds MB", "peak MB"],
            [[r.get("memory", ""), r["batches"], r["trim"], r["onednn_cache"], r["seconds"],
              ", ".join(f"{k}: {v}" for k, v in r["rss_after_batch_mb"].items()), r["max_batch_adds_mb"],
              r["peak_mb"]] for r in batches])
    calls = [r for r in rows if r.get("kind") == "calls"]
    if calls:
        out += markdown_table(
            ["ATTRIBUTION_MEMORY", "articles", "calls", "seconds", "longest sentence (words)",
             "RSS before a call (median) MB", "one call adds MB: max / p90 / median", "one stage adds at most MB"],
            [[r["memory"], f"{r['n']} with the longest paragraphs of {r['longest_of']}" if r.get("longest_of") else r["n"],
              r["calls"], r["seconds"], r.get("longest_sentence_words", ""), r["rss_before_call_median_mb"],
              " / ".join(str(r["call_adds_mb"][k]) for k in ("max", "p90", "median")),
              ", ".join(f"{k} {v}" for k, v in r["stage_adds_max_mb"].items())] for r in calls])
    errors = [r for r in rows if "error" in r]
    for r in errors:
        out.append(f"- failed: {r['args']}: {r['error']}")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("all", help="every measurement, one process each; JSON lines on stdout")
    p.add_argument("--sizes", nargs="+", default=["1", "10", "100", "1000"])
    p.add_argument("--bare-max", type=int, default=1000, help="largest N that also gets a bare-Stanza run")
    p.add_argument("--worker-n", type=int, default=100)
    p.add_argument("--sweep", type=int, nargs="*", default=[], help="extra batch sizes for a full run at --worker-n")
    p.add_argument("--stream-n", type=int, nargs="+", default=[100, 10000])
    p.add_argument("--stream-parser", choices=["null", "bundled"], default="null",
                   help="parser for the stream runs (bundled: the real model, ~40 min for 10,000 articles: raise --timeout)")
    p.add_argument("--batches", type=int, default=100, help="parser batches for the memory-per-batch runs (0: skip them and the per-call runs)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--threads", type=int, default=None, help="torch threads for the speed runs (default: torch's)")
    p.add_argument("--worker-configs", nargs="+", default=["1x2", "1x1", "2x1"], metavar="WORKERSxTHREADS")
    p.add_argument("--cli-n", type=int, default=300, help="articles for the extract command, --workers 1 vs 2")
    p.add_argument("--cli-repeats", type=int, default=2, help="pairs of those runs (0: none)")
    p.add_argument("--timeout", type=float, default=900, help="seconds for one measurement")
    p.add_argument("--out", type=Path, default=None, help="also write the rows here (JSON lines)")
    p = sub.add_parser("report", help="Markdown tables from the JSON lines of `all --out`")
    p.add_argument("rows", type=Path)
    p = sub.add_parser("speed")
    p.add_argument("--n", default="seed")
    p.add_argument("--mode", choices=["bare", "full"], default="full")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--model", default=None, help="bundled (default), stanza, or a model directory")
    p = sub.add_parser("ner", help="the extraction's time with and without the named-entity stage")
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--timeout", type=float, default=1800)
    p = sub.add_parser("workers")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=32)
    p = sub.add_parser("cli", help="the extract command as a user runs it, start-up included")
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--workers", default=None, help="auto or N; default: the command's own default (auto)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--load", type=int, default=0, help="busy processes competing for the cores during the run")
    p.add_argument("--omp1", action="store_true", help="run with OMP_NUM_THREADS=1")
    p = sub.add_parser("batches", help="RSS after each parser batch in one process (Linux)")
    p.add_argument("--n", type=int, default=400, help="articles to draw batches from")
    p.add_argument("--limit", type=int, default=100, help="batches to run")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--no-trim", action="store_true", help="do not return freed memory after each batch")
    p = sub.add_parser("calls", help="memory of each parser call and of each Stanza stage in it (Linux)")
    p.add_argument("--n", type=int, default=400)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--longest-of", type=int, default=None, metavar="M",
                   help="the N articles with the longest paragraphs of the first M (the tail a long run meets)")
    p = sub.add_parser("rules", help="the rules' time on one long article against its parse time")
    p.add_argument("--chars", type=int, default=1_000_000)
    p.add_argument("--batch-size", type=int, default=32)
    p = sub.add_parser("stream")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--sink", choices=["cli", "plain"], default="cli")
    p.add_argument("--parser", choices=["null", "bundled"], default="null",
                   help="null: a stand-in that parses nothing (fast); bundled: the real model")
    ns = parser.parse_args()
    if ns.cmd == "all":
        rows = run_all(ns)
        print(render(rows))
        return
    if ns.cmd == "report":
        rows = [json.loads(line) for line in ns.rows.read_text(encoding="utf-8").splitlines() if line.strip()]
        print(render(rows))
        return
    if ns.cmd == "speed":
        row = measure_speed(ns.n, ns.mode, ns.batch_size, ns.threads, ns.model)
    elif ns.cmd == "ner":
        row = measure_ner_cost(ns.n, ns.repeats, ns.batch_size, ns.timeout)
    elif ns.cmd == "workers":
        row = measure_workers(ns.n, ns.workers, ns.threads, ns.batch_size)
    elif ns.cmd == "cli":
        row = measure_cli(ns.n, ns.workers, ns.batch_size, ns.load, {"OMP_NUM_THREADS": "1"} if ns.omp1 else None)
    elif ns.cmd == "batches":
        row = measure_batches(ns.n, ns.limit, ns.batch_size, trim=not ns.no_trim)
    elif ns.cmd == "calls":
        row = measure_calls(ns.n, ns.batch_size, ns.longest_of)
    elif ns.cmd == "rules":
        row = measure_rules(ns.chars, ns.batch_size)
    else:
        row = measure_stream(ns.n, ns.workers, ns.batch_size, ns.sink, ns.parser)
    print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

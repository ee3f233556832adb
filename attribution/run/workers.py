"""Extraction in N worker processes on one machine.

Each worker process loads the pipeline once (pool initializer) and then takes bundles of about
one parser batch (:func:`attribution.run.bulk.bundle_items`).  The parent reads the inputs lazily and
keeps at most ``window`` bundles in flight, so memory is bounded by a few bundles per worker
whatever the corpus size, and it yields outcomes strictly in input order (a slow bundle holds
back later ones, it never reorders them).

Why processes and not threads: the rules are pure Python and hold the GIL, and PyTorch on CPU
scales better with one single-threaded model per core than with one model using every core.
Why ``spawn``: forking a parent that has touched PyTorch's thread pools can deadlock the child;
the parent here never loads a model, and spawn makes that irrelevant anyway.
"""
from __future__ import annotations

import collections
import functools
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator

from attribution.run.bulk import Bundle, Result, bundle_errors, bundle_items, extract_bundle, pair_with_articles, top_up
from attribution.parse.pipeline import ModelSpec, resolve_model

# a loader returns (pipeline, model name); it must be picklable (a module-level function or a
# functools.partial of one) because it travels to spawned workers
Loader = Callable[[], tuple[Any, str]]

_STATE: dict[str, Any] = {}
MAX_POOL_RESTARTS = 3


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_threads(workers: int) -> int:
    """Torch threads per worker: the cores shared out, at least one; oversubscribing makes every
    worker slower than running fewer."""
    return max(1, cpu_count() // max(1, workers))


def set_torch_threads(threads: int | None) -> None:
    if not threads:
        return
    import torch

    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # only allowed before the first parallel op; harmless if too late
        pass


def load_spec(spec: ModelSpec) -> tuple[Any, str]:
    from attribution.parse.pipeline import load_pipeline

    nlp, spec = load_pipeline(spec)
    return nlp, spec.name


class NullPipeline:
    """A stand-in with Stanza's ``bulk_process`` that parses nothing (no sentences, so no
    claims).  For tests and benchmarks of the plumbing (reading, queueing, order, memory,
    writing) without the cost of a parse; never a model."""

    def bulk_process(self, docs):
        return docs


def null_loader() -> tuple[Any, str]:
    return NullPipeline(), "null"


def _watch_parent(parent: int, interval: float = 0.5) -> None:
    """Exit as soon as the parent is gone (killed with SIGKILL, say): an orphaned worker would
    hold its model's memory with nothing left to serve."""
    while True:
        time.sleep(interval)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(loader: Loader, threads: int | None, parent: int | None = None) -> None:
    # Ctrl-C reaches the whole process group; the parent decides (it stops the pool), so a
    # worker does not die mid-bundle and break the pool first
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="parent-watchdog").start()
    _STATE.clear()
    try:
        _STATE["nlp"], _STATE["model_name"] = loader()
    except Exception as err:  # reported per bundle, so the caller sees why instead of a dead pool
        _STATE["error"] = f"cannot load the pipeline in worker {os.getpid()}: {type(err).__name__}: {err}"
    # after the load, and only if it brought torch in: a stand-in pipeline need not pay for torch
    if "torch" in sys.modules:
        set_torch_threads(threads)


def _run_bundle(bundle: Bundle, batch_size: int) -> list[Result]:
    if "error" in _STATE:
        return bundle_errors(bundle, _STATE["error"])
    return extract_bundle(bundle, _STATE["nlp"], _STATE["model_name"], batch_size)


def extract_parallel(items: Iterable[Any], workers: int = 2, model: str | os.PathLike | ModelSpec | None = None,
                     batch_size: int = 32, threads: int | None = None, window: int | None = None,
                     max_articles: int = 256, loader: Loader | None = None,
                     start_method: str = "spawn") -> Iterator[Result]:
    """A :class:`~attribution.run.bulk.Result` per input item, in input order, computed by
    ``workers`` processes that each load the pipeline once.

    ``items``: the iterator from :func:`attribution.run.inputs.iter_articles`, or texts / ``(name,
    text)`` pairs / dicts; read lazily.  ``model``: as for ``--model``; it is resolved here, so a
    missing model raises :class:`~attribution.parse.pipeline.ModelNotFoundError` before any worker
    starts.  ``threads``: torch threads per worker (default: cores / workers).  ``window``:
    bundles in flight (default 4 per worker: output is in input order, so while the parent waits
    on a slow oldest bundle the workers still have queued bundles to go on with).  ``loader``:
    replaces the model loader (tests, benchmarks).

    Errors never raise: unreadable inputs, articles that fail, a worker that cannot load the
    model and a worker process that dies all come back as results with ``error`` set.
    """
    if loader is None:
        loader = functools.partial(load_spec, model if isinstance(model, ModelSpec) else resolve_model(model))
    workers = max(1, int(workers))
    threads = default_threads(workers) if threads is None else threads
    window = max(1, window or 4 * workers)
    context = multiprocessing.get_context(start_method)
    bundles = bundle_items(items, batch_size, max_articles)
    restarts = 0

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                   initargs=(loader, threads, os.getpid()))

    pool = new_pool()
    in_flight: collections.deque[tuple[Bundle, Future]] = collections.deque()
    finished = False
    try:
        exhausted = False
        while True:
            if not exhausted:
                exhausted = top_up(in_flight, bundles, window, lambda c: _submit(pool, c, batch_size))
            if not in_flight:
                finished = True
                return
            bundle, future = in_flight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # The pool is gone with every bundle in flight, but only one of them was on the
                # worker that died.  Each is run again alone in a fresh pool: the one that kills its
                # worker a second time is reported, the others are simply done late (in order).
                suspects = [bundle] + [b for b, _ in in_flight]
                in_flight.clear()
                pool = _replace(pool, new_pool)
                for suspect in suspects:
                    try:
                        yield from _submit(pool, suspect, batch_size).result()
                    except BrokenProcessPool as err:
                        yield from bundle_errors(suspect, f"worker process died ({err})")
                        restarts += 1
                        if restarts > MAX_POOL_RESTARTS:
                            for rest in bundles:
                                yield from bundle_errors(rest, "not processed: worker processes keep dying")
                            finished = True
                            return
                        pool = _replace(pool, new_pool)
                    except Exception as err:
                        yield from bundle_errors(suspect, f"worker failed: {type(err).__name__}: {err}")
                continue
            except Exception as err:  # e.g. a result that could not be pickled back
                results = bundle_errors(bundle, f"worker failed: {type(err).__name__}: {err}")
            yield from results
    finally:
        # also reached when the consumer stops early (generator closed, Ctrl-C): stop queued work
        for _, future in in_flight:
            future.cancel()
        if finished:
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            _terminate(pool)


def _replace(pool: ProcessPoolExecutor, new_pool: Callable[[], ProcessPoolExecutor]) -> ProcessPoolExecutor:
    pool.shutdown(wait=False, cancel_futures=True)
    return new_pool()


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool without waiting for the bundles its workers are on (an interrupted run must
    not take another minute to exit)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def _submit(pool: ProcessPoolExecutor, bundle: Bundle, batch_size: int) -> Future:
    try:
        return pool.submit(_run_bundle, bundle, batch_size)
    except BrokenProcessPool as err:
        failed: Future = Future()
        failed.set_exception(err)
        return failed


def parallel_producer(workers: int = 2, model: str | os.PathLike | ModelSpec | None = None, batch_size: int = 32,
                      threads: int | None = None, window: int | None = None, loader: Loader | None = None,
                      max_articles: int = 256):
    """:func:`extract_parallel` as an ``attribution.run.batch.Producer`` (for ``run_batch``): takes
    Articles, yields ``(article, ClaimsDocument or ExtractionError)`` in input order.  The model is
    resolved now, so a missing one raises ModelNotFoundError before any process starts.
    ``max_articles``: most articles per bundle (1: results come article by article)."""
    if loader is None:
        spec = model if isinstance(model, ModelSpec) else resolve_model(model)
        loader = functools.partial(load_spec, spec)

    def produce(articles):
        return pair_with_articles(articles, lambda items: extract_parallel(
            items, workers, batch_size=batch_size, threads=threads, window=window, max_articles=max_articles,
            loader=loader))
    return produce

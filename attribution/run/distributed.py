"""The same extraction on a ``dask.distributed`` cluster (``pip install 'attribution[dask]'``).

Two ways in:

* :func:`extract_dask` — the CLI's ``--dask tcp://scheduler:8786``: a stream of inputs in,
  results out in input order, at most ``window`` bundles on the cluster at a time, so the
  client's memory is bounded as with local workers.
* :func:`extract_bag` — for Dask users: map extraction over a ``dask.bag`` of documents
  (texts, ``(name, text)`` pairs, ``{"id"/"name", "text"}`` dicts or Articles) and get a bag of
  :class:`~attribution.run.bulk.Result`; each partition is parsed in ``batch_size`` batches.

One pipeline per worker process: tasks get it from :func:`worker_pipeline`, a per-process cache
keyed by the model argument, and :class:`PipelinePlugin` fills that cache when a worker joins so
the first task does not pay for the load.  A lock serialises parsing inside a worker process:
Stanza pipelines are not documented as thread-safe, and several threads sharing one CPU model
gain nothing anyway; run workers with ``--nthreads 1`` and one worker process per core.

The model argument travels as given (``None``, ``"bundled"``, ``"stanza"`` or a directory) and
is resolved on each worker, so a directory must exist at that path on the workers.  A worker
that cannot load it reports the error on every article it was given; nothing hangs.
"""
from __future__ import annotations

import collections
import os
import threading
from typing import Any, Iterable, Iterator

from attribution.run.bulk import Bundle, Result, bundle_errors, bundle_items, extract_bundle, pair_with_articles, top_up

_LOCK = threading.Lock()
_PIPELINES: dict[tuple, tuple[Any, str]] = {}


def _key(model) -> Any:
    from attribution.parse.pipeline import ModelSpec

    if isinstance(model, ModelSpec):
        return model
    return None if model in (None, "", "bundled") else os.fspath(model)


def worker_pipeline(model=None, threads: int | None = None) -> tuple[Any, str]:
    """``(nlp, model name)`` for this process, loaded on first use and kept."""
    key = _key(model)
    with _LOCK:
        if key not in _PIPELINES:
            from attribution.parse.pipeline import load_pipeline
            from attribution.run.workers import set_torch_threads

            set_torch_threads(threads)
            nlp, spec = load_pipeline(model)
            _PIPELINES[key] = (nlp, spec.name)
        return _PIPELINES[key]


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPluginBase
except ImportError:  # the module stays importable without Dask; only using it needs the extra
    _WorkerPluginBase = object


class PipelinePlugin(_WorkerPluginBase):
    """Loads the pipeline once in each worker as it joins (and in workers that join later).
    A load failure is kept quiet here: tasks then retry the load and report the error per
    article, which tells the user which articles were not done and why."""

    def __init__(self, model=None, threads: int | None = 1):
        self.model = model
        self.threads = threads
        # one plugin per model: registering the same one twice is then a no-op for Dask
        self.name = f"attribution-pipeline-{getattr(model, 'name', model) or 'bundled'}"

    def setup(self, worker=None):
        try:
            worker_pipeline(self.model, self.threads)
        except Exception:
            pass


def _run_bundle(bundle: Bundle, model, batch_size: int, threads: int | None) -> list[Result]:
    try:
        nlp, model_name = worker_pipeline(model, threads)
    except Exception as err:
        return bundle_errors(bundle, f"cannot load the pipeline on this worker: {type(err).__name__}: {err}")
    with _LOCK:
        return extract_bundle(bundle, nlp, model_name, batch_size)


class DaskUnavailableError(Exception):
    """Dask is not installed, or the scheduler cannot be reached; the message is one line."""


def _require_distributed():
    try:
        import distributed
    except ImportError:
        raise DaskUnavailableError("Dask is not installed: pip install 'attribution[dask]'") from None
    return distributed


def connect(address: str, timeout: float = 30):
    """A Client for ``tcp://host:port`` (what ``--dask`` takes).  Gives up after ``timeout``
    seconds with :class:`DaskUnavailableError` rather than waiting for a scheduler that is not
    there."""
    distributed = _require_distributed()
    try:
        return distributed.Client(address, timeout=timeout)
    except (OSError, ValueError, TypeError) as err:  # unreachable, or not an address at all
        first = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise DaskUnavailableError(f"cannot connect to the Dask scheduler at {address}: {first}") from None


def extract_dask(items: Iterable[Any], client_or_address, model=None, batch_size: int = 32,
                 window: int | None = None, threads: int | None = 1, max_articles: int = 256,
                 timeout: float | None = None, register_plugin: bool = True,
                 close_client: bool | None = None, connect_timeout: float = 30) -> Iterator[Result]:
    """A :class:`~attribution.run.bulk.Result` per input item, in input order, computed on a Dask
    cluster.  ``client_or_address``: a ``distributed.Client`` or a scheduler address (a client
    is then opened here, and closed at the end unless ``close_client`` is False).  ``window``:
    bundles on the cluster at once (default twice the cluster's worker threads).  ``timeout``:
    seconds to wait for one bundle; past it the bundle's articles get an error and the stream
    goes on.  Raises :class:`DaskUnavailableError` when there is no Dask or no scheduler.
    """
    _require_distributed()
    own = isinstance(client_or_address, str)
    client = connect(client_or_address, connect_timeout) if own else client_or_address
    own = own if close_client is None else close_client
    in_flight: collections.deque = collections.deque()
    try:
        if register_plugin:
            client.register_plugin(PipelinePlugin(model, threads))
        if window is None:
            window = 2 * max(1, sum(client.nthreads().values()))
        bundles = bundle_items(items, batch_size, max_articles)
        exhausted = False
        while True:
            if not exhausted:
                # pure=False: two identical bundles are still two jobs with their own results
                exhausted = top_up(in_flight, bundles, window, lambda c: client.submit(
                    _run_bundle, c, model, batch_size, threads, pure=False))
            if not in_flight:
                return
            bundle, future = in_flight.popleft()
            try:
                results = future.result(timeout=timeout)
            except Exception as err:  # timeout, lost worker, unpicklable result ...
                future.cancel()
                results = bundle_errors(bundle, f"dask task failed: {type(err).__name__}: {err}")
            finally:
                future.release()
            yield from results
    finally:
        for _, future in in_flight:
            future.cancel()
        if own:
            client.close()


def _extract_partition(partition: Iterable[Any], model, batch_size: int, threads: int | None) -> list[Result]:
    out: list[Result] = []
    for bundle in bundle_items(partition, batch_size):
        out.extend(_run_bundle(bundle, model, batch_size, threads))
    return out


def extract_bag(bag, model=None, batch_size: int = 32, threads: int | None = 1):
    """A bag of :class:`~attribution.run.bulk.Result` from a bag of documents, one per document
    in the same order (``Result.index`` counts within a partition).  Lazy, like any bag:
    ``.compute()`` it, or e.g. ``.map(lambda o: o.document.model_dump_json()).to_textfiles(...)``.
    Register :class:`PipelinePlugin` on the client to load the models before the first task."""
    return bag.map_partitions(_extract_partition, model, batch_size, threads)


def local_cluster(n_workers: int = 1, threads_per_worker: int = 1, processes: bool = True, **kwargs):
    """A ``LocalCluster`` bound to 127.0.0.1 with no dashboard: a cluster for one machine or a
    test, never listening beyond this host."""
    distributed = _require_distributed()
    kwargs.setdefault("dashboard_address", None)
    # tcp even in-process (processes=False would pick inproc://, which cannot take a host)
    kwargs.setdefault("protocol", "tcp://")
    return distributed.LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker,
                                    processes=processes, host="127.0.0.1", **kwargs)


def dask_producer(client_or_address, model=None, batch_size: int = 32, window: int | None = None,
                  threads: int | None = 1, timeout: float | None = None, connect_timeout: float = 30):
    """:func:`extract_dask` as an ``attribution.run.batch.Producer`` (for ``run_batch``): takes
    Articles, yields ``(article, ClaimsDocument or ExtractionError)`` in input order.  With an
    address, it connects now, so a missing Dask or an unreachable scheduler raises
    :class:`DaskUnavailableError` before any input is read; that client is closed when the
    run's results are exhausted."""
    own = isinstance(client_or_address, str)
    client = connect(client_or_address, connect_timeout) if own else client_or_address

    def produce(articles):
        return pair_with_articles(articles, lambda items: extract_dask(
            items, client, model, batch_size=batch_size, window=window, threads=threads,
            timeout=timeout, close_client=own))
    return produce

"""The one place that builds a Stanza pipeline.

* ``bundled`` (default): the compact models shipped in ``attribution/models/ar_attr``; no network.
* ``stanza``: the official Stanza Arabic models, when ``stanza.download('ar')`` has been run
  (looked up in ``$STANZA_RESOURCES_DIR`` or ``~/stanza_resources``).
* a directory: either a Stanza resources directory (holding ``resources.json`` and ``ar/``) or a
  directory laid out like the bundled one (``tokenizer.pt``, ``tagger.pt`` ...).
"""
from __future__ import annotations

import contextlib
import functools
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from .memory import bound_allocations
from .tokenfix import CliticMerger, load_vocabulary

BUNDLED_DIR = Path(__file__).resolve().parent / "models" / "ar_attr"
BUNDLED_FILES = {"tokenize": "tokenizer.pt", "pos": "tagger.pt", "lemma": "lemmatizer.pt",
                 "depparse": "parser.pt", "pretrain": "pretrain.pt"}
PROCESSORS = "tokenize,pos,lemma,depparse"


class ModelNotFoundError(Exception):
    """A chosen model is not installed; the message is one line that names what is missing."""


@dataclass(frozen=True)
class ModelSpec:
    kind: str  # "bundled" (our layout) or "stanza" (a Stanza resources directory)
    path: Path
    name: str  # what goes into the claims document's "model" field


def default_stanza_dir() -> Path:
    return Path(os.environ.get("STANZA_RESOURCES_DIR", Path.home() / "stanza_resources"))


def resolve_model(model: str | os.PathLike | None = None) -> ModelSpec:
    """Turn ``None``/``"bundled"``/``"stanza"``/a directory into a checked :class:`ModelSpec`."""
    if model in (None, "", "bundled"):
        spec = ModelSpec("bundled", BUNDLED_DIR, "bundled:ar_attr")
    elif model == "stanza":
        spec = ModelSpec("stanza", default_stanza_dir(), "stanza:ar")
    else:
        path = Path(model).expanduser()
        if not path.is_dir():
            raise ModelNotFoundError(f"model directory not found: {path}")
        kind = "stanza" if (path / "resources.json").exists() and (path / "ar").is_dir() else "bundled"
        spec = ModelSpec(kind, path.resolve(), f"{'stanza' if kind == 'stanza' else 'dir'}:{path}")
    check_model(spec)
    return spec


def check_model(spec: ModelSpec) -> None:
    if spec.kind == "bundled":
        missing = [name for name in BUNDLED_FILES.values() if not (spec.path / name).is_file()]
        if missing:
            raise ModelNotFoundError(f"model files missing in {spec.path}: {', '.join(missing)}"
                                     " (rebuild them with `python -m attribution.training`)")
    else:
        if not (spec.path / "resources.json").is_file() or not (spec.path / "ar").is_dir():
            raise ModelNotFoundError(f"official Stanza Arabic models not found in {spec.path} "
                                     "(run `attribution models download` with internet access, or set STANZA_RESOURCES_DIR)")


def available_models() -> list[dict]:
    """What ``attribution models`` lists: each known model and whether it is installed."""
    rows = []
    for name, spec in (("bundled", ModelSpec("bundled", BUNDLED_DIR, "bundled:ar_attr")),
                       ("stanza", ModelSpec("stanza", default_stanza_dir(), "stanza:ar"))):
        try:
            check_model(spec)
            status = "installed"
        except ModelNotFoundError as err:
            status = f"missing: {err}"
        rows.append({"name": name, "path": str(spec.path), "status": status})
    return rows


def _quiet_stanza() -> None:
    logging.getLogger("stanza").setLevel(logging.ERROR)


# oneDNN (PyTorch's CPU kernels) keeps a compiled kernel per tensor shape, up to 1,024 of them,
# and nearly every parser batch has new shapes, so with the default a long run's memory grew by
# ~0.6 MB a batch for hundreds of batches (benchmarks/RESULTS.md).  A cache of 64 kept it flat,
# but only after filling over the first ~30 batches (+25 MB), so a short run held less than a
# long one; 8 fills within ~15 batches and holds 16 MB less, at the same speed (60 batches:
# 78.0 s vs 78.6 s; 1,024 -> 64 had cost at most ~3%).  oneDNN reads the setting when it first
# compiles a kernel, i.e. at the first parse, after this is set; a value the user has set wins.
ONEDNN_CACHE_CAPACITY = "8"
# Words per batch inside Stanza's parser (else the parser model's own setting: 1,000 words for
# the bundled one, the batch size it was trained with).  The parser's memory followed the words
# of a batch (Stanza's label scorer held ~200 floats per word for each of its 41 labels, before
# parserlabels.py scored labels at the chosen heads only), the largest share of what one parser
# call added; 400 (Stanza's own advice for memory) halved that (most one batch added: 349 -> 172
# MB over 100 batches) and was no slower (118.8 s vs 122.1 s).
# 200, with the tagger's batches cut from 5,000 to 1,000 tokens, lowered the costliest calls by a
# fifth but not the peak of a long run, and cost one process with 2 threads 7% of its speed.
PARSER_BATCH_WORDS = 400


@contextlib.contextmanager
def _without_optimizers():
    """Stanza's tokenizer, tagger and lemmatizer build a training optimizer even to predict, and
    the first PyTorch optimizer made in a process imports ``torch._dynamo`` (800 more modules):
    loading took 2.6-3.1 s instead of 1.7-1.8 s, imports included, and the process held 441
    instead of 370 MB after its first parse, paid again by every worker process.  A pipeline
    never trains, so while it loads Stanza's optimizer factories make nothing (the trainers keep
    ``None`` or ``{}``; only their training methods would use it)."""
    from stanza.models.common import utils

    # get_split_optimizer returns {part: optimizer}, which the trainers iterate
    stand_ins = {"get_optimizer": lambda *args, **kwargs: None, "get_split_optimizer": lambda *args, **kwargs: {}}
    factories = {name: getattr(utils, name) for name in stand_ins if hasattr(utils, name)}
    for name in factories:
        setattr(utils, name, stand_ins[name])
    try:
        yield
    finally:
        for name, factory in factories.items():
            setattr(utils, name, factory)


@functools.lru_cache(maxsize=4)
def _build(spec: ModelSpec, pretokenized: bool, use_gpu: bool):
    with _without_optimizers():
        nlp = _build_pipeline(spec, pretokenized, use_gpu)
    # here, not at the top: a parent that never parses need not load numpy
    from . import parserlabels, treedecode

    treedecode.install()  # the parser's cycle search in linear time, same trees (treedecode.py)
    parserlabels.install(nlp)  # labels scored at the chosen heads only, same labels (parserlabels.py)
    return nlp


def _build_pipeline(spec: ModelSpec, pretokenized: bool, use_gpu: bool):
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", ONEDNN_CACHE_CAPACITY)
    bound_allocations()  # unless ATTRIBUTION_MEMORY=fast or the user set glibc's threshold (memory.py)
    import stanza

    _quiet_stanza()
    common = dict(processors=PROCESSORS, download_method=None, use_gpu=use_gpu,
                  tokenize_pretokenized=pretokenized, logging_level="ERROR",
                  depparse_batch_size=PARSER_BATCH_WORDS)
    if spec.kind == "stanza":
        return stanza.Pipeline(lang="ar", dir=str(spec.path), **common)
    files = {key: str(spec.path / name) for key, name in BUNDLED_FILES.items()}
    if not pretokenized:
        # the bundled tokenizer over-splits words that start with a clitic letter (وكالة → و + كالة)
        common["tokenize_postprocessor"] = CliticMerger(load_vocabulary(files["pretrain"]))
    # Stanza insists on reading a resources.json even with download_method=None; ours is empty.
    return stanza.Pipeline(lang="ar", dir=str(spec.path), allow_unknown_language=True,
                           tokenize_model_path=files["tokenize"], pos_model_path=files["pos"],
                           lemma_model_path=files["lemma"], depparse_model_path=files["depparse"],
                           pos_pretrain_path=files["pretrain"], depparse_pretrain_path=files["pretrain"],
                           **common)


def load_pipeline(model: str | os.PathLike | ModelSpec | None = None, pretokenized: bool = False,
                  use_gpu: bool = False):
    """Return ``(pipeline, spec)``; pipelines are cached, so a process loads each model once."""
    spec = model if isinstance(model, ModelSpec) else resolve_model(model)
    return _build(spec, pretokenized, use_gpu), spec

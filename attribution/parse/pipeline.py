"""The one place that builds a Stanza pipeline.

* ``bundled`` (default): the compact models shipped in ``attribution/models/ar_attr``; no network.
* ``stanza``: the official Stanza Arabic models, when ``stanza.download('ar')`` has been run
  (looked up in ``$STANZA_RESOURCES_DIR`` or ``~/stanza_resources``).
* a directory: either a Stanza resources directory (holding ``resources.json`` and ``ar/``) or a
  directory laid out like the bundled one (``tokenizer.pt``, ``tagger.pt`` ...).

Each runs a named-entity stage when the model has one: the bundled ``ner.pt`` (or a model
directory's), or the official models' ``ar/ner`` once downloaded; without it, parsing works as
before and words carry no entity tags.
"""
from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from attribution.parse import stanza_patches
from attribution.parse.tokenfix import CliticMerger, load_vocabulary, load_whole_words

BUNDLED_DIR = Path(__file__).resolve().parents[1] / "models" / "ar_attr"
BUNDLED_FILES = {"tokenize": "tokenizer.pt", "pos": "tagger.pt", "lemma": "lemmatizer.pt",
                 "depparse": "parser.pt", "pretrain": "pretrain.pt"}
NER_FILE = "ner.pt"  # optional: a model directory without it parses without named entities
# the character language models an ner.pt trained with them reads (attribution/training/charlm.py)
NER_CHARLM_FILES = {"forward": "ner_forward_charlm.pt", "backward": "ner_backward_charlm.pt"}


def ner_charlms(folder: Path) -> dict[str, Path] | None:
    """The character models in ``folder`` (NER_CHARLM_FILES), if both are there."""
    paths = {d: folder / name for d, name in NER_CHARLM_FILES.items()}
    return paths if all(p.is_file() for p in paths.values()) else None
PROCESSORS = "tokenize,pos,lemma,depparse"


class ModelNotFoundError(Exception):
    """A chosen model is not installed; the message is one line that names what is missing."""


@dataclass(frozen=True)
class ModelSpec:
    kind: str  # "bundled" (our layout) or "stanza" (a Stanza resources directory)
    path: Path
    name: str  # what goes into the claims document's "model" field

    @property
    def has_ner(self) -> bool:
        """Whether this model has a named-entity stage installed."""
        if self.kind == "bundled":
            return (self.path / NER_FILE).is_file()
        ner_dir = self.path / "ar" / "ner"
        return ner_dir.is_dir() and any(ner_dir.glob("*.pt"))


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
            raise ModelNotFoundError(f"--model {model}: not bundled, stanza, nor a model directory "
                                     "(choose bundled, the default; stanza, the official models; or a directory)")
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


@functools.lru_cache(maxsize=4)
def _build(spec: ModelSpec, pretokenized: bool, use_gpu: bool):
    with stanza_patches.loading():
        nlp = _build_pipeline(spec, pretokenized, use_gpu)
    stanza_patches.install(nlp)
    return nlp


def _build_pipeline(spec: ModelSpec, pretokenized: bool, use_gpu: bool):
    import stanza

    _quiet_stanza()
    processors = PROCESSORS + (",ner" if spec.has_ner else "")
    common = dict(processors=processors, download_method=None, use_gpu=use_gpu,
                  tokenize_pretokenized=pretokenized, logging_level="ERROR",
                  depparse_batch_size=stanza_patches.PARSER_BATCH_WORDS)
    if spec.kind == "stanza":
        return stanza.Pipeline(lang="ar", dir=str(spec.path), **common)
    files = {key: str(spec.path / name) for key, name in BUNDLED_FILES.items()}
    if spec.has_ner:
        # trained on the same word vectors as the tagger and parser (Stanza loads them once)
        common.update(ner_model_path=str(spec.path / NER_FILE), ner_pretrain_path=files["pretrain"])
        charlms = ner_charlms(spec.path)
        if charlms:
            common.update(ner_forward_charlm_path=str(charlms["forward"]),
                          ner_backward_charlm_path=str(charlms["backward"]))
    if not pretokenized:
        # the bundled tokenizer over-splits words at clitic letters (وكالة → و + كالة، عبدالله → عبدالل + ه)
        common["tokenize_postprocessor"] = CliticMerger(load_vocabulary(files["pretrain"]), load_whole_words())
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

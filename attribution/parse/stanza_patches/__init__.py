"""Everything this package changes inside Stanza, fenced in one place.

* ``treedecode``: the parser's cycle search in linear time, and its contraction step without
  ``np.pad`` (same trees);
* ``parserlabels``: relation labels scored at the chosen heads only (same labels);
* ``optimizers``: no training optimizers are built while a pipeline loads;
* ``memory``: glibc allocation settings, and the oneDNN kernel cache and parser batch size below;
* ``tokentext``: the tokenizer's postprocessor sees the text (so token merges never cross a space);
* ``lemmafocus``: the lemmatizer's sequence model only for the tags the caller reads (when asked);
* ``lookups``: vocabulary look-ups and padded index tensors with fewer Python calls (same numbers).

:func:`loading` wraps the building of a pipeline and :func:`install` patches the built one.  Both
check Stanza's version first: the replacements read Stanza's internals, so under a Stanza outside
the range they were written against (:data:`SUPPORTED_STANZA`, as in ``pyproject.toml``) they are
left out and Stanza runs its own code (same trees, slower), with a warning.
"""
from __future__ import annotations

import contextlib
import functools
import os
import warnings

from attribution.parse.stanza_patches.memory import bound_allocations
from attribution.parse.stanza_patches.optimizers import without_optimizers

SUPPORTED_STANZA = ((1, 9), (2, 0))  # [from, to): stanza>=1.9,<2

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


@functools.lru_cache(maxsize=1)
def stanza_supported() -> bool:
    import stanza

    try:
        version = tuple(int(part) for part in stanza.__version__.split(".")[:2])
    except ValueError:
        version = (0, 0)
    low, high = SUPPORTED_STANZA
    ok = low <= version < high
    if not ok:
        warnings.warn(f"stanza {stanza.__version__} is outside {low}-{high}: its parser runs unpatched", stacklevel=2)
    return ok


@contextlib.contextmanager
def loading():
    """Around ``stanza.Pipeline(...)``: no optimizers (when supported), then the memory settings."""
    with without_optimizers() if stanza_supported() else contextlib.nullcontext():
        os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", ONEDNN_CACHE_CAPACITY)
        bound_allocations()  # unless ATTRIBUTION_MEMORY=fast or the user set glibc's threshold (memory.py)
        yield


def install(nlp) -> None:
    """Patch a built pipeline (imported here, not at the top: a parent that never parses need not load numpy)."""
    if not stanza_supported():
        return
    from attribution.parse.stanza_patches import lemmafocus, lookups, parserlabels, tokentext, treedecode

    treedecode.install()  # the parser's cycle search and contraction, same trees (treedecode.py)
    parserlabels.install(nlp)  # labels scored at the chosen heads only, same labels (parserlabels.py)
    tokentext.install()  # CliticMerger merges only tokens that touch in the text (tokentext.py)
    lemmafocus.install(nlp)  # lemmas_for(): the lemmatizer's model for some tags only (lemmafocus.py)
    lookups.install()  # vocabulary look-ups and index tensors, same numbers (lookups.py)

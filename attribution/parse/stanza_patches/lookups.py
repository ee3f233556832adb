"""Stanza's vocabulary look-ups and padded index tensors with fewer Python calls, same numbers.

Every batch the tagger, parser and entity tagger see is first turned into indices: each word's
characters through ``BaseVocab.map``, which calls ``unit2id`` and ``normalize_unit`` per
character (about 900,000 calls for 60 raw articles), and each list of indices into a padded
tensor by ``get_long_tensor``, which builds one small tensor per row.  In a single-threaded
profile of those 60 articles (43 s of parsing) the look-ups took 2.4 s and the tensors 1.4 s.

:func:`vocab_map` does the same dictionary look-ups in one comprehension, for the vocabularies
whose ``unit2id`` and ``normalize_unit`` are ``BaseVocab``'s own (characters, tags, words
without an ignore list); any other (pretrained words, composite features) keeps its own
``map``.  :func:`long_tensor` pads the rows in Python and builds the tensor once, for the
two-level lists Stanza passes (one row of indices per sentence or word); anything else goes to
Stanza's ``get_long_tensor``.  Tests compare both with Stanza's on the same inputs.
"""
from __future__ import annotations

import importlib

import torch

# the modules that imported get_long_tensor by name, so each holds its own reference to replace
TENSOR_USERS = ("stanza.models.common.data", "stanza.models.common.char_model", "stanza.models.depparse.data",
                "stanza.models.pos.data", "stanza.models.ner.data", "stanza.models.ner.model",
                "stanza.models.lemma.data", "stanza.models.mwt.data")

_ORIGINAL: dict[str, object] = {}
_PLAIN_CLASSES: dict[type, bool | None] = {}  # True: BaseVocab's look-up; None: so with an empty ignore list
UNK = "<UNK>"  # stanza.models.common.vocab.UNK, set again by install()


def _plain(vocab) -> bool:
    """Whether a vocabulary looks units up exactly as ``BaseVocab`` does."""
    cls = type(vocab)
    plain = _PLAIN_CLASSES[cls] if cls in _PLAIN_CLASSES else _classify(cls)
    return plain or plain is None and not vocab.ignore  # a WordVocab's ignore list is its only change


def _classify(cls) -> bool | None:
    from stanza.models.common.vocab import BaseVocab
    from stanza.models.pos.vocab import WordVocab

    if cls.normalize_unit is not BaseVocab.normalize_unit:
        plain = False
    elif cls.unit2id is BaseVocab.unit2id:
        plain = True
    else:
        plain = None if cls.unit2id is WordVocab.unit2id else False
    _PLAIN_CLASSES[cls] = plain
    return plain


def vocab_map(self, units):
    """``BaseVocab.map``: the index of each unit, ``<UNK>``'s for one the vocabulary lacks."""
    if not _plain(self):
        return _ORIGINAL["map"](self, units)
    ids = self._unit2id
    unk = ids[UNK]
    if self.lower:
        return [ids.get(u.lower() if u is not None else None, unk) for u in units]
    return [ids.get(u, unk) for u in units]


def long_tensor(tokens_list, batch_size, pad_id=0):
    """``get_long_tensor``: the rows padded with ``pad_id`` to the longest, ``batch_size`` rows."""
    rows = tokens_list
    lists = isinstance(rows, list) and all(isinstance(row, list) for row in rows)
    first = next((row for row in rows if row), None) if lists else None
    if first is None or isinstance(first[0], (list, tuple)) or batch_size < len(rows):
        return _ORIGINAL["get_long_tensor"](tokens_list, batch_size, pad_id)
    width = max(len(row) for row in rows)
    padded = [row + [pad_id] * (width - len(row)) for row in rows]
    padded += [[pad_id] * width for _ in range(batch_size - len(rows))]
    return torch.tensor(padded, dtype=torch.long)


def install() -> bool:
    """Put :func:`vocab_map` on ``BaseVocab`` and :func:`long_tensor` in the modules that use
    ``get_long_tensor``; True when it did (also when it already had)."""
    global UNK
    from stanza.models.common import data, vocab

    UNK = vocab.UNK
    if "map" not in _ORIGINAL:
        _ORIGINAL["map"] = vocab.BaseVocab.map
        _ORIGINAL["get_long_tensor"] = data.get_long_tensor
    vocab.BaseVocab.map = vocab_map
    for name in TENSOR_USERS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "get_long_tensor", None) is _ORIGINAL["get_long_tensor"]:
            module.get_long_tensor = long_tensor
    return True

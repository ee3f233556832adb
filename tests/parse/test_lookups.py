"""lookups.py gives Stanza's own vocabulary indices and padded tensors, on the same inputs."""
from __future__ import annotations

import random

import pytest
import torch

from attribution.parse.stanza_patches import lookups


@pytest.fixture(scope="module")
def stanza_own():
    from stanza.models.common import data, vocab

    lookups.install()
    return lookups._ORIGINAL["map"], lookups._ORIGINAL["get_long_tensor"], vocab, data


def _vocabularies(vocab):
    from stanza.models.common.pretrain import PretrainedWordVocab
    from stanza.models.pos.vocab import WordVocab

    sentences = [[["Abc", "x"], ["قال", "y"], ["و", "z"]]]
    chars = vocab.CharVocab(sentences, idx=0)
    lower_words = WordVocab(sentences, idx=0, lower=True)
    ignoring = WordVocab(sentences, idx=0, ignore=["_"])
    pretrained = PretrainedWordVocab(["abc", "a b", "قال"], lower=True)
    return {"chars": chars, "lower-words": lower_words, "ignoring": ignoring, "pretrained": pretrained}


@pytest.mark.parametrize("name", ["chars", "lower-words", "ignoring", "pretrained"])
def test_vocab_map_is_stanzas(stanza_own, name):
    original_map, _, vocab, _ = stanza_own
    v = _vocabularies(vocab)[name]
    units = ["A", "b", "c", "ق", "ا", "ل", "؟", "Abc", "ABC", "قال", "a b", "_", None, ""]
    assert v.map(units) == original_map(v, units)
    assert vocab.BaseVocab.map is lookups.vocab_map  # installed, and the fast path taken or not per class


def test_only_plain_vocabularies_take_the_fast_path(stanza_own):
    vocabularies = _vocabularies(stanza_own[2])
    assert lookups._plain(vocabularies["chars"]) and lookups._plain(vocabularies["lower-words"])
    assert not lookups._plain(vocabularies["ignoring"]) and not lookups._plain(vocabularies["pretrained"])


def _rows(rng: random.Random, n: int, empty_first: bool) -> list[list[int]]:
    rows = [[rng.randrange(1, 50) for _ in range(rng.randrange(0, 9))] for _ in range(n)]
    if empty_first:
        rows[0] = []
    if not any(rows):
        rows[-1] = [7]
    return rows


@pytest.mark.parametrize("seed", range(20))
def test_long_tensor_is_stanzas(stanza_own, seed):
    _, original, _, _ = stanza_own
    rng = random.Random(seed)
    rows = _rows(rng, rng.randrange(1, 6), empty_first=seed % 3 == 0)
    batch = len(rows) + rng.randrange(0, 3)
    pad = rng.choice([0, 1, 3])
    ours, theirs = lookups.long_tensor(rows, batch, pad), original(rows, batch, pad)
    assert ours.dtype == theirs.dtype == torch.long and torch.equal(ours, theirs)


def test_long_tensor_leaves_other_shapes_to_stanza(stanza_own):
    _, original, _, _ = stanza_own
    chars = [[[1, 2], [3, 4]], [[5, 6]]]  # three levels (inner rows already even): Stanza's own code
    assert torch.equal(lookups.long_tensor(chars, 2), original(chars, 2))


def test_the_modules_that_pad_use_it(stanza_own):
    from stanza.models.depparse import data as depparse_data
    from stanza.models.pos import data as pos_data

    assert depparse_data.get_long_tensor is lookups.long_tensor and pos_data.get_long_tensor is lookups.long_tensor

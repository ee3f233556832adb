"""The parser's cycle search and contraction (attribution/parse/stanza_patches/treedecode.py)
against Stanza's own."""
import numpy as np
import pytest
from stanza.models.common import chuliu_edmonds

from attribution.parse.stanza_patches.treedecode import (contract_cycle, find_cycles, install, stanza_function,
                                                         stanza_tarjan)


@pytest.mark.parametrize("heads, cycles", [
    ([0], []),
    ([0, 4, 4, 4, 0], []),                                  # "This is a test"
    ([0, 2, 0, 4, 2, 2], []),                               # "Arthritis makes my hip hurt"
    ([0, 3, 1, 2], [[1, 2, 3]]),                            # Stanza's docstring example
    ([0, 2, 1, 4, 3], [[1, 2], [3, 4]]),                    # two loops, lowest node first
    ([0, 5, 1, 2, 3, 4], [[1, 2, 3, 4, 5]]),
    ([0, 0, 4, 2, 3, 2], [[2, 3, 4]]),                      # node 5 hangs off the loop, not in it
    ([0, 6, 5, 0, 3, 2, 1], [[1, 6], [2, 5]]),              # a loop found from a higher start
])
def test_find_cycles_table(heads, cycles):
    found = find_cycles(np.array(heads))
    assert [list(np.flatnonzero(mask)) for mask in found] == cycles
    assert all(mask.dtype == bool and len(mask) == len(heads) for mask in found)


def test_find_cycles_is_tarjan_on_random_head_arrays():
    tarjan = stanza_tarjan()
    assert tarjan is not find_cycles
    rng = np.random.default_rng(7)
    for _ in range(3000):
        n = int(rng.integers(1, 60))
        tree = rng.integers(0, n, size=n)
        tree[0] = 0
        expected, found = tarjan(tree), find_cycles(tree)
        assert len(found) == len(expected)
        assert all(np.array_equal(a, b) for a, b in zip(found, expected))


def test_contract_cycle_is_process_cycle_bit_for_bit():
    process_cycle = stanza_function("process_cycle")
    assert process_cycle is not contract_cycle
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(2000):
        n = int(rng.integers(3, 60))
        scores = np.log(rng.dirichlet(np.ones(n), size=n)).astype(np.float64)
        chuliu_edmonds.prepare_scores(scores)
        tree = np.argmax(scores, axis=1)
        for cycle in find_cycles(tree):
            expected, got = process_cycle(tree, cycle, scores.copy()), contract_cycle(tree, cycle, scores.copy())
            assert all(a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
                       for a, b in zip(expected, got))
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("ours", [("tarjan",), ("process_cycle",), ("tarjan", "process_cycle")])
def test_decoded_trees_are_stanzas(monkeypatch, ours):
    replacement = {"tarjan": find_cycles, "process_cycle": contract_cycle}
    rng = np.random.default_rng(11)
    for _ in range(300):
        n = int(rng.integers(2, 50))
        scores = np.log(rng.dirichlet(np.ones(n), size=n)).astype(np.float32)  # like the parser's
        for name in replacement:
            monkeypatch.setattr(chuliu_edmonds, name, stanza_function(name))
        expected = chuliu_edmonds.chuliu_edmonds_one_root(scores)
        for name in ours:
            monkeypatch.setattr(chuliu_edmonds, name, replacement[name])
        assert np.array_equal(chuliu_edmonds.chuliu_edmonds_one_root(scores), expected)


def test_install_replaces_stanzas_search_and_contraction(monkeypatch):
    monkeypatch.setattr(chuliu_edmonds, "tarjan", stanza_tarjan())
    monkeypatch.setattr(chuliu_edmonds, "process_cycle", stanza_function("process_cycle"))
    assert install() is True
    assert chuliu_edmonds.tarjan is find_cycles and chuliu_edmonds.process_cycle is contract_cycle
    assert install() is True and chuliu_edmonds.tarjan is find_cycles     # twice is harmless
    monkeypatch.delattr(chuliu_edmonds, "process_cycle")
    assert install() is False                                              # another Stanza: left alone

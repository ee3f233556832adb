"""A faster cycle search and contraction for the parser's tree decoding, with exactly Stanza's results.

Stanza's parser turns each sentence's arc scores into a tree with Chu-Liu-Edmonds
(``stanza.models.common.chuliu_edmonds``).  Its root reweighting leaves no word on the root at
first, so nearly every sentence has cycles to contract, and after each contraction the decoder
looks for cycles again with ``tarjan``: Tarjan's algorithm in pure Python and numpy, a few numpy
calls per word.  That search was most of the 3.9 s that decoding took in a 16.7 s single-threaded
extraction of 40 articles (`benchmarks/RESULTS.md`), and Python gains nothing from a second
thread.

In these graphs every word has exactly one head, so the strongly connected components of more
than one node are exactly the loops met by following heads, and Tarjan's search (which starts
from each node in index order and walks to dependents) finds each loop when it starts from the
loop's lowest node.  :func:`find_cycles` follows heads instead, once per node, and returns the
same boolean masks in the same order, so the decoder's steps, and its trees, stay the same
(tested against ``tarjan`` on random graphs and decodings; the claims of 41 articles were byte
for byte the same).
"""
from __future__ import annotations

import numpy as np


def find_cycles(tree) -> list:
    """``chuliu_edmonds.tarjan(tree)``: a boolean mask per cycle of the head array ``tree``
    (``tree[i]`` is the head of node i), cycles ordered by their lowest node."""
    heads = tree.tolist()
    walk_of = [-1] * len(heads)  # the walk (by its start node) that reached each node first
    found = []
    for start in range(len(heads)):
        if walk_of[start] != -1:
            continue
        path = []
        node = start
        while walk_of[node] == -1:
            walk_of[node] = start
            path.append(node)
            node = heads[node]
        if walk_of[node] == start:  # this walk came back on itself: a loop
            members = path[path.index(node):]
            if len(members) > 1:  # the root's own arc (0 -> 0) is not a cycle
                found.append((min(members), members))
    found.sort(key=lambda item: item[0])
    masks = []
    for _, members in found:
        mask = np.zeros(len(heads), dtype=bool)
        mask[members] = True
        masks.append(mask)
    return masks


def contract_cycle(tree, cycle, scores):
    """``chuliu_edmonds.process_cycle``: the scores of the graph with ``cycle`` contracted into
    one node, and what it takes to expand it again.  The same arithmetic on the same values in
    the same order, so the results are bit for bit Stanza's; the blocks are taken with one
    ``np.ix_`` index each instead of two fancy indexings, and the contracted matrix is filled in
    place instead of through ``np.pad`` (which was over half of the decoder's time)."""
    cycle_locs = np.flatnonzero(cycle)
    noncycle_locs = np.flatnonzero(~cycle)
    cycle_scores = scores[cycle_locs, tree[cycle_locs]]
    cycle_score = cycle_scores.sum()
    metanode_head_scores = scores[np.ix_(cycle_locs, noncycle_locs)] - cycle_scores[:, None] + cycle_score
    metanode_dep_scores = scores[np.ix_(noncycle_locs, cycle_locs)]
    metanode_heads = np.argmax(metanode_head_scores, axis=0)
    metanode_deps = np.argmax(metanode_dep_scores, axis=1)
    n = len(noncycle_locs)
    subscores = np.zeros((n + 1, n + 1), dtype=scores.dtype)
    subscores[:n, :n] = scores[np.ix_(noncycle_locs, noncycle_locs)]
    columns = np.arange(n)
    subscores[n, :n] = metanode_head_scores[metanode_heads, columns]
    subscores[:n, n] = metanode_dep_scores[columns, metanode_deps]
    return subscores, cycle_locs, noncycle_locs, metanode_heads, metanode_deps


_REPLACED: dict = {}


_OURS = {"tarjan": find_cycles, "process_cycle": contract_cycle}


def install() -> bool:
    """Make Stanza's tree decoder use :func:`find_cycles` and :func:`contract_cycle`; True when
    it does (also when it already did), False when this Stanza lacks either function (then
    nothing changes)."""
    from stanza.models.common import chuliu_edmonds

    if not all(callable(getattr(chuliu_edmonds, name, None)) for name in _OURS):
        return False
    for name, ours in _OURS.items():
        current = getattr(chuliu_edmonds, name)
        if current is not ours:
            _REPLACED[name] = current
            setattr(chuliu_edmonds, name, ours)
    return True


def stanza_tarjan():
    """Stanza's own cycle search, also after :func:`install` (for comparisons)."""
    return stanza_function("tarjan")


def stanza_function(name: str):
    """Stanza's own ``tarjan`` or ``process_cycle``, also after :func:`install`."""
    from stanza.models.common import chuliu_edmonds

    return _REPLACED.get(name, getattr(chuliu_edmonds, name))

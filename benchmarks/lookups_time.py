"""Time spent in Stanza's vocabulary look-ups and padded tensors during one parse; prints figures.

    .venv/bin/python benchmarks/lookups_time.py stanza   # Stanza's own BaseVocab.map and get_long_tensor
    .venv/bin/python benchmarks/lookups_time.py ours     # stanza_patches/lookups.py (the default)

One process, one thread, the extraction's parse (``parse_many``) of the benchmark's first 60
articles; both functions are wrapped with a timer, so ``map_s`` and ``tensor_s`` are the time
inside them and ``parse_s``/``cpu_s`` the whole parse.  Run the two alternately: the VM's speed
drifts by a few percent from run to run, the time inside the functions much less.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("code", choices=("stanza", "ours"))
    parser.add_argument("--n", type=int, default=60)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    import bench
    import attribution.run.bulk as bulk
    from attribution.parse.pipeline import load_pipeline
    from attribution.parse.stanza_patches import lookups
    from stanza.models.common import vocab

    texts = bench.corpus(args.n)
    nlp, _ = load_pipeline()
    modules = [importlib.import_module(name) for name in lookups.TENSOR_USERS]
    if args.code == "stanza":  # put Stanza's own functions back
        vocab.BaseVocab.map = lookups._ORIGINAL["map"]
        for module in modules:
            if getattr(module, "get_long_tensor", None) is lookups.long_tensor:
                module.get_long_tensor = lookups._ORIGINAL["get_long_tensor"]
    spent = {"map": 0.0, "tensor": 0.0}
    inner_map = vocab.BaseVocab.map

    def timed_map(self, units):
        start = time.perf_counter()
        out = inner_map(self, units)
        spent["map"] += time.perf_counter() - start
        return out

    vocab.BaseVocab.map = timed_map
    for module in modules:
        inner = getattr(module, "get_long_tensor", None)
        if inner is None:
            continue

        def timed(*a, _inner=inner, **k):
            start = time.perf_counter()
            out = _inner(*a, **k)
            spent["tensor"] += time.perf_counter() - start
            return out

        module.get_long_tensor = timed
    wall, cpu = time.perf_counter(), time.process_time()
    bulk.parse_many(nlp, texts, 32)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"kind": "lookups-time", "code": args.code, "articles": len(texts),
                      "words": bench.words_of(texts), "torch_threads": 1, "parse_s": round(wall, 2),
                      "cpu_s": round(cpu, 2), "map_s": round(spent["map"], 3), "tensor_s": round(spent["tensor"], 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

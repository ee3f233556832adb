"""``python -m attribution.training``: rebuild the bundled Arabic models from ``shared/data``.

    python -m attribution.training --work build/training            # everything, ~2 h on 2 cores
    python -m attribution.training --stages evaluate --models attribution/models/ar_attr

    python -m attribution.training --stages ner --work build/training   # the named-entity model, ~45 min
    python -m attribution.training --stages ner --work build/ner2 --models build/ner2/models \
        --continue-from attribution/models/ar_attr --ner-steps 6000   # carry the bundled ner.pt on

Stages: prep → vectors → train → pack → ner → evaluate.  Only ``shared/data/ud``, ``shared/data/raw``
and (for ``ner``) ``shared/data/ner`` are read; PADT v1 test is never trained or tuned on (it is used
by ``evaluate`` alone), nor is the held-out NewsFANE test split.  ``ner`` runs after ``pack``: its
model is built on the packed tokenizer and word vectors (with ``--ner-charlm`` it also reads two
character language models, trained first into ``WORK/charlm`` from ``shared/data/raw``, ~40 min); it
writes ``WORK/ner/model/ar_ner.pt`` with its scores in ``WORK/ner/ner_report.json``; the packed
model is then installed as ``MODELS/ner.pt`` (the character models beside it), which the pipeline
runs as its ``ner`` stage, with what it measured in ``MODELS/ner-report.json`` (the model card's
named-entity section; ``benchmarks/bench.py ner`` measures its cost in the pipeline).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import fields
from pathlib import Path

from .train import RecipeConfig

STAGES = ("prep", "vectors", "train", "pack", "ner", "evaluate")
PACKAGE_MODELS = Path(__file__).resolve().parent.parent / "models" / "ar_attr"


def default_shared() -> Path:
    return Path(__file__).resolve().parents[2].parent / "shared"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m attribution.training", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=default_shared(), help="folder holding data/ud and data/raw")
    parser.add_argument("--work", type=Path, default=Path("build/training"), help="scratch folder (data, logs, raw models)")
    parser.add_argument("--models", type=Path, default=PACKAGE_MODELS, help="where pack writes the final models")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {','.join(STAGES)}")
    parser.add_argument("--only", default=None, help="train only these models (tokenize,lemma,pos,depparse)")
    parser.add_argument("--no-vectors", action="store_true", help="train tagger and parser without word vectors")
    parser.add_argument("--continue-from", type=Path, default=None, metavar="DIR",
                        help="carry on training from the packed models in DIR (tagger.pt, parser.pt, pretrain.pt; "
                             "for the ner stage ner.pt): --tagger-steps/--parser-steps/--ner-steps count new steps")
    parser.add_argument("--ner-steps", type=int, default=None, help="ner: training steps (default 6000)")
    parser.add_argument("--ner-charlm", action="store_true",
                        help="ner: also read character language models (trained first into WORK/charlm, ~40 min)")
    for f in fields(RecipeConfig):
        if f.type in ("int", int):
            parser.add_argument("--" + f.name.replace("_", "-"), type=int, default=None, help=f"default {f.default}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    cfg = RecipeConfig(use_vectors=not args.no_vectors,
                       continue_from=str(args.continue_from) if args.continue_from else None)
    for f in fields(RecipeConfig):
        value = getattr(args, f.name, None)
        if value is not None and f.name != "continue_from":  # set above, as text (the settings are JSON)
            setattr(cfg, f.name, value)
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = set(stages) - set(STAGES)
    if unknown:
        print(f"error: unknown stage(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {}
    if "prep" in stages:
        from .prep import prepare
        report["data"] = prepare(args.shared / "data" / "ud", work)
    if "vectors" in stages and cfg.use_vectors:
        from .train import model_paths
        from .vectors import train_vectors
        report["vectors"] = train_vectors(args.shared / "data" / "raw", model_paths(work)["pretrain"],
                                          dim=cfg.vector_dim, max_vocab=cfg.vector_vocab,
                                          epochs=cfg.vector_epochs, seed=cfg.seed)
    if "train" in stages:
        from .train import train_all, write_settings
        only = set(args.only.split(",")) if args.only else None
        report["train"] = train_all(work, cfg, only)
        write_settings(work, cfg, report)
    if "pack" in stages:
        from .pack import pack_models
        report["pack"] = pack_models(work, args.models, cfg)
    if "ner" in stages:
        import shutil

        from attribution.parse.pipeline import NER_CHARLM_FILES, NER_FILE
        from .card import write_ner_report
        from .pack import record_sizes
        from .ner import run_ner
        packed = work / "ner" / "model" / "ar_ner.pt"
        from .ner import NerConfig
        ner_cfg = NerConfig(charlm=args.ner_charlm)
        if args.continue_from:
            start = args.continue_from / NER_FILE
            if not start.exists():
                print(f"error: --continue-from {args.continue_from}: no {NER_FILE} to carry on from", file=sys.stderr)
                return 2
            ner_cfg.continue_from = str(start.resolve())
        if args.ner_steps:
            ner_cfg.max_steps = args.ner_steps
        report["ner"] = run_ner(args.shared, work / "ner", args.models, ner_cfg, out_model=packed)
        shutil.copyfile(packed, args.models / NER_FILE)
        for name in NER_CHARLM_FILES.values():  # the character models it reads, if trained with them
            if (packed.parent / name).exists():
                shutil.copyfile(packed.parent / name, args.models / name)
            elif (args.models / name).exists():
                (args.models / name).unlink()
        write_ner_report(args.models, report["ner"])
        record_sizes(args.models)
    if "evaluate" in stages:
        from .card import write_model_card
        from .evaluate import evaluate_models
        report["evaluate"] = evaluate_models(args.models, work / "data")
        write_model_card(args.models, report["evaluate"])
    print(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

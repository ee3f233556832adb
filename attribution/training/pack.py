"""Copy the trained models into the package, compact: final weights only, stored as float16.

Stanza copies saved tensors into float32 parameters when it loads a model (``load_state_dict``
casts), so half-precision storage halves the size at no measurable cost in accuracy; the scores
in the model card are measured on the packed files.  Optimizer state and checkpoints are dropped.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import torch

from .train import RecipeConfig, model_paths

log = logging.getLogger(__name__)
PACKED_NAMES = {"tokenize": "tokenizer.pt", "lemma": "lemmatizer.pt", "pos": "tagger.pt",
                "depparse": "parser.pt", "pretrain": "pretrain.pt"}
DROP_KEYS = {"optimizer", "scheduler", "optimizer_state_dict", "scheduler_state_dict", "global_step_optimizer"}


def _half(obj):
    if isinstance(obj, torch.Tensor):
        return obj.half() if obj.dtype == torch.float32 else obj
    if isinstance(obj, dict):
        return {k: _half(v) for k, v in obj.items() if k not in DROP_KEYS}
    if isinstance(obj, list):
        return [_half(v) for v in obj]
    return obj


def pack_file(src: Path, dst: Path, half: bool = True) -> int:
    data = torch.load(src, map_location="cpu", weights_only=False)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in DROP_KEYS}
    if half:
        data = _half(data)
    torch.save(data, dst)
    return dst.stat().st_size


STEP_SCORE_RE = re.compile(r"step (\d+): train_loss = [\d.]+, dev_score = ([\d.]+)")


def dev_curve(log: Path) -> list[list]:
    """(step, dev score) pairs from a tagger or parser training log."""
    if not log.exists():
        return []
    return [[int(m.group(1)), float(m.group(2))] for m in STEP_SCORE_RE.finditer(log.read_text(encoding="utf-8"))]


def data_stats(data_dir: Path) -> dict:
    stats = {}
    for split in ("train", "dev", "test"):
        path = data_dir / f"{split}.conllu"
        if path.exists():
            blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
            words = sum(1 for b in blocks for line in b.splitlines() if line and not line.startswith("#"))
            stats[split] = {"sentences": len(blocks), "words": words}
    tok = data_dir / "tokenize" / "ar_attr.train.gold.conllu"
    if tok.exists() and "train" in stats:
        tok_sents = sum(1 for b in tok.read_text(encoding="utf-8").split("\n\n") if b.strip())
        padt_dev = stats["train"]["sentences"] - 900
        stats["tokenizer_train_padt_trusted"] = f"{tok_sents - 900}/{padt_dev}"
    return stats


def pack_models(work: Path, dest: Path, cfg: RecipeConfig | None = None) -> dict:
    dest.mkdir(parents=True, exist_ok=True)
    for key, src in model_paths(work).items():
        target = dest / PACKED_NAMES[key]
        packed = Path(cfg.continue_from) / PACKED_NAMES[key] if cfg is not None and cfg.continue_from else None
        if not src.exists() and packed is not None and packed.exists():
            # not retrained in a continued run: the models it continued from, already packed
            if packed.resolve() != target.resolve():
                shutil.copy(packed, target)
            continue
        if not src.exists():
            raise FileNotFoundError(f"trained model missing: {src}")
        if key == "pretrain":
            # the pretrain matrix feeds an nn.Embedding directly, so it stays float32
            shutil.copy(src, target)
        else:
            pack_file(src, target)
    (dest / "resources.json").write_text("{}\n", encoding="utf-8")  # Stanza insists on reading one
    settings = json.loads((work / "settings.json").read_text(encoding="utf-8")) if (work / "settings.json").exists() else {}
    if cfg is not None and cfg.continue_from:
        settings = continued_settings(Path(cfg.continue_from), settings, work)
    else:
        vectors = model_paths(work)["pretrain"].with_suffix(".json")
        if vectors.exists():
            settings["vectors"] = json.loads(vectors.read_text(encoding="utf-8"))
        settings["curves"] = {name: dev_curve(work / "logs" / f"{name}.log") for name in ("pos", "depparse")}
    settings["data"] = data_stats(work / "data")
    (dest / "training-settings.json").write_text(json.dumps(settings, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    sizes = record_sizes(dest)
    log.info("packed models: %s", sizes)
    return sizes


def continued_settings(source: Path, run: dict, work: Path) -> dict:
    """The training settings of the models a continued run started from (``source``), with the
    run's own trainings added under ``continued``: which models, from where, status, minutes,
    step budget and dev curve (its steps count from the restart).  The first run's settings and
    curves stay as they were: they describe how the continued models began."""
    path = source / "training-settings.json"
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    cfg = run.get("config", {})
    budgets = {"pos": cfg.get("tagger_steps"), "depparse": cfg.get("parser_steps")}
    settings["continued"] = list(settings.get("continued", [])) + [
        {**{k: v for k, v in r.items() if k != "log"}, "from": str(source), "steps": budgets.get(r["model"]),
         "curve": dev_curve(work / "logs" / f"{r['model']}.log")}
        for r in run.get("train", [])]
    return settings


def record_sizes(dest: Path) -> dict:
    """``sizes.json``: the MB of every bundled weights file in ``dest`` (the ner stage's ``ner.pt``
    included once it is there) and their total."""
    sizes = {f.name: round(f.stat().st_size / 1e6, 2) for f in sorted(dest.glob("*.pt"))}
    sizes["total_mb"] = round(sum(sizes.values()), 2)
    (dest / "sizes.json").write_text(json.dumps(sizes, indent=1) + "\n", encoding="utf-8")
    return sizes

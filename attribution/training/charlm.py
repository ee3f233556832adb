"""Character language models for the named-entity tagger, trained with Stanza's own trainer.

Stanza's NER tagger can read the hidden states of a forward and a backward character LSTM
language model (``--charlm``); its official Arabic model does, and they carry most of what a
tagger knows about unseen words: transliterated names (فرويد، دروغبا) are new words but
familiar letter sequences.  No Arabic character model can be downloaded here, so the recipe
trains a compact pair on the raw news of ``shared/data/raw`` (the ANT corpus, 2015-2018 news;
Tashkeela's classical text is left out), normalised as the word vectors are (no diacritics or
tatweel, punctuation split, words joined by single spaces), lines shuffled with a fixed seed and
the first ``dev_lines`` kept for Stanza's dev perplexity.

Size: hidden 256 (Stanza's default is 1024) and one epoch or so, which is what fits two CPU
cores in about 40 minutes (``stanza.models.charlm``, ~0.9 s a step of 100 x 250 characters on one
thread; both directions train side by side, one thread each).

Measured (2026-12-02): after 1,500 steps (30 minutes; dev perplexity 5.42 both ways) the NER
tagger reading them trailed the same tagger without them at every dev evaluation and took 1.5x
the time a step, so the recipe leaves them off (``--ner-charlm`` turns them on): a character
model this small and this briefly trained adds noise, not knowledge.  A larger one (Stanza's
1024 hidden units, several epochs) needs a GPU or many CPU hours.
"""
from __future__ import annotations

import concurrent.futures
import logging
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from attribution.parse.pipeline import NER_CHARLM_FILES

log = logging.getLogger(__name__)

SHORT = "ar_attr"
DIRECTIONS = ("forward", "backward")
NEWS_FILES = ("ar-news-antcorpus-multisource.txt.gz", "ar-news-antcorpus-jawharafm.txt.gz")
# the packed files, beside ner.pt in the model folder (the names the pipeline looks for)
PACKED = NER_CHARLM_FILES


@dataclass
class CharlmConfig:
    hidden_dim: int = 256
    emb_dim: int = 64
    batch_size: int = 100
    bptt_size: int = 250
    epochs: int = 2
    eval_steps: int = 500
    # characters seen fewer times become UNK (Stanza's default, 1000, assumes a far larger corpus)
    cutoff: int = 50
    dev_lines: int = 2000
    seed: int = 1234
    timeout_s: int = 2400


def write_corpus(raw_dir: Path, out_dir: Path, cfg: CharlmConfig) -> dict:
    """``train.txt`` and ``dev.txt`` under ``out_dir`` from the raw news; returns their sizes."""
    from .vectors import RawCorpus

    lines = [" ".join(tokens) for tokens in RawCorpus([raw_dir / name for name in NEWS_FILES])]
    random.Random(cfg.seed).shuffle(lines)
    out_dir.mkdir(parents=True, exist_ok=True)
    dev, train = lines[:cfg.dev_lines], lines[cfg.dev_lines:]
    (out_dir / "dev.txt").write_text("\n".join(dev) + "\n", encoding="utf-8")
    (out_dir / "train.txt").write_text("\n".join(train) + "\n", encoding="utf-8")
    return {"train_lines": len(train), "train_chars": sum(map(len, train)), "dev_lines": len(dev)}


def model_path(work: Path, direction: str) -> Path:
    return work / "models" / f"{SHORT}_{direction}_charlm.pt"


def log_path(work: Path, direction: str) -> Path:
    return work / "logs" / f"charlm_{direction}.log"


TRAIN_WRAPPER = ("import sys, torch; torch.set_num_threads(1); "
                 "from stanza.models import charlm; charlm.main(sys.argv[1:])")


def train_args(direction: str, data: Path, work: Path, cfg: CharlmConfig) -> list[str]:
    save = model_path(work, direction)
    return ["--mode", "train", "--shorthand", SHORT, "--direction", direction,
            "--train_file", str(data / "train.txt"), "--eval_file", str(data / "dev.txt"),
            "--char_hidden_dim", str(cfg.hidden_dim), "--char_emb_dim", str(cfg.emb_dim),
            "--batch_size", str(cfg.batch_size), "--bptt_size", str(cfg.bptt_size),
            "--epochs", str(cfg.epochs), "--eval_steps", str(cfg.eval_steps), "--cutoff", str(cfg.cutoff),
            "--report_steps", "50", "--seed", str(cfg.seed), "--save_dir", str(save.parent),
            "--save_name", save.name, "--vocab_save_name", f"{SHORT}_{direction}_vocab.pt", "--cpu"]


EVAL_RE = re.compile(r"eval checkpoint @ global step\s+(\d+).*ppl\s+([\d.]+)")


def dev_curve(log_path: Path) -> list[list]:
    """(step, dev perplexity) at each of Stanza's evaluations."""
    if not log_path.exists():
        return []
    return [[int(m.group(1)), float(m.group(2))] for m in EVAL_RE.finditer(log_path.read_text(encoding="utf-8"))]


def train_charlms(raw_dir: Path, work: Path, cfg: CharlmConfig | None = None) -> dict:
    """Both directions side by side (one thread each), each bounded by ``cfg.timeout_s``; Stanza
    saves the best-dev model at each evaluation, so a timeout keeps it."""
    from .train import run_logged

    cfg = cfg or CharlmConfig()
    data = work / "data"
    report: dict = {"config": cfg.__dict__.copy(), "data": write_corpus(raw_dir, data, cfg)}

    def one(direction: str) -> dict:
        cmd = [sys.executable, "-c", TRAIN_WRAPPER] + train_args(direction, data, work, cfg)
        result = run_logged(cmd, log_path(work, direction), cfg.timeout_s)
        return {**result, "dev_ppl": dev_curve(log_path(work, direction))}

    with concurrent.futures.ThreadPoolExecutor(len(DIRECTIONS)) as pool:
        report.update(zip(DIRECTIONS, pool.map(one, DIRECTIONS)))
    return report


def describe(work: Path) -> dict:
    """What the logs of an earlier ``train_charlms`` in ``work`` say (for a run that reuses its models)."""
    out = {}
    for direction in DIRECTIONS:
        curve = dev_curve(log_path(work, direction))
        if curve:
            out[direction] = {"dev_ppl": curve}
    return out


def summary(report: dict) -> dict:
    """The part of a charlm report worth keeping beside the model: no paths of the build machine."""
    kept = {k: report[k] for k in ("config", "data") if k in report}
    for direction in DIRECTIONS:
        if direction in report:
            kept[direction] = {k: report[direction][k] for k in ("status", "seconds", "dev_ppl")
                               if k in report[direction]}
    return kept


def pack_charlm(src: Path, dst: Path) -> dict:
    """The model's weights as float16 (Stanza casts them back on load), without optimizer state."""
    from .pack import pack_file

    dst.parent.mkdir(parents=True, exist_ok=True)
    return {"mb": round(pack_file(src, dst) / 1e6, 2)}

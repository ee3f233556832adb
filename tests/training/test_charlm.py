"""The character language models for the NER tagger (attribution/training/charlm.py): corpus,
trainer arguments, dev curve and packing, without training anything."""
from __future__ import annotations

import gzip

import torch

from attribution.parse.pipeline import NER_CHARLM_FILES, ner_charlms
from attribution.training.charlm import (NEWS_FILES, PACKED, CharlmConfig, dev_curve, pack_charlm, train_args,
                                         write_corpus)
from attribution.training.ner import NerConfig, charlm_args
from attribution.training.ner import train_args as ner_train_args


def test_corpus_is_normalised_shuffled_and_split(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = [f"قالَ الوزيرُ، في البيان رقم {i}." for i in range(30)]
    with gzip.open(raw / NEWS_FILES[0], "wt", encoding="utf-8") as out:
        out.write("\n".join(lines[:20]) + "\n\n")
    with gzip.open(raw / NEWS_FILES[1], "wt", encoding="utf-8") as out:
        out.write("\n".join(lines[20:]) + "\n")
    cfg = CharlmConfig(dev_lines=5)
    stats = write_corpus(raw, tmp_path / "data", cfg)
    assert stats["train_lines"] == 25 and stats["dev_lines"] == 5  # the blank line is dropped
    train = (tmp_path / "data" / "train.txt").read_text(encoding="utf-8").splitlines()
    dev = (tmp_path / "data" / "dev.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(train + dev) == sorted(f"قال الوزير ، في البيان رقم {i} ." for i in range(30))
    assert train != [f"قال الوزير ، في البيان رقم {i} ." for i in range(5, 30)]  # shuffled
    write_corpus(raw, tmp_path / "again", cfg)
    assert (tmp_path / "again" / "dev.txt").read_text(encoding="utf-8") == "\n".join(dev) + "\n"  # same seed


def test_train_args_name_direction_sizes_and_files(tmp_path):
    args = train_args("backward", tmp_path / "data", tmp_path, CharlmConfig(hidden_dim=128))
    pairs = dict(zip(args[::2], args[1::2]))
    assert pairs["--direction"] == "backward" and pairs["--char_hidden_dim"] == "128"
    assert pairs["--save_name"] == "ar_attr_backward_charlm.pt" and args[-1] == "--cpu"
    assert pairs["--train_file"].endswith("train.txt") and pairs["--eval_file"].endswith("dev.txt")


def test_dev_curve(tmp_path):
    log = tmp_path / "charlm.log"
    log.write_text("INFO: | epoch 1 | 50/2082 batches | loss 2.30 | ppl 9.96\n"
                   "INFO: | eval checkpoint @ global step        500 | time elapsed      4s | loss  1.98 | ppl     7.26\n"
                   "INFO: | eval checkpoint @ global step       1000 | time elapsed      3s | loss  1.76 | ppl     5.84\n",
                   encoding="utf-8")
    assert dev_curve(log) == [[500, 7.26], [1000, 5.84]]
    assert dev_curve(tmp_path / "missing.log") == []


def test_pack_halves_weights_and_keeps_the_rest(tmp_path):
    state = {"char_emb.weight": torch.randn(5, 4), "steps": torch.tensor([3])}
    torch.save({"model": {"vocab": {"char": ["a"]}, "args": {"char_hidden_dim": 4}, "state_dict": state,
                          "pad": [0], "is_forward_lm": True}, "epoch": 1, "global_step": 10,
                "optimizer": {"lr": 5}}, tmp_path / "lm.pt")
    pack_charlm(tmp_path / "lm.pt", tmp_path / "out" / "packed.pt")
    data = torch.load(tmp_path / "out" / "packed.pt", weights_only=False)
    assert "optimizer" not in data
    packed = data["model"]["state_dict"]
    assert packed["char_emb.weight"].dtype == torch.float16 and packed["steps"].dtype == torch.int64
    assert torch.allclose(packed["char_emb.weight"].float(), state["char_emb.weight"], atol=1e-2)
    assert data["model"]["is_forward_lm"] is True and data["model"]["vocab"] == {"char": ["a"]}


def test_ner_reads_the_character_models(tmp_path):
    charlms = {"forward": tmp_path / "f.pt", "backward": tmp_path / "b.pt"}
    assert charlm_args(None) == []
    args = ner_train_args({"train": "t.json", "dev": "d.json"}, tmp_path / "pretrain.pt", tmp_path / "ner.pt",
                          NerConfig(), charlms)
    pairs = dict(zip(args[1::2], args[2::2]))  # args[0] is the bare --charlm switch
    assert args[0] == "--charlm" and pairs["--charlm_forward_file"] == str(charlms["forward"])
    assert pairs["--charlm_backward_file"] == str(charlms["backward"]) and pairs["--charlm_shorthand"] == "ar_attr"


def test_charlms_are_found_only_as_a_pair(tmp_path):
    assert PACKED == NER_CHARLM_FILES  # the names the pipeline looks for
    assert ner_charlms(tmp_path) is None
    (tmp_path / PACKED["forward"]).write_bytes(b"")
    assert ner_charlms(tmp_path) is None
    (tmp_path / PACKED["backward"]).write_bytes(b"")
    assert ner_charlms(tmp_path) == {d: tmp_path / name for d, name in PACKED.items()}

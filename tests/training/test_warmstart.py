"""The tagger's warm start: its own arguments pass through, --continue_from is taken out."""
from __future__ import annotations

import pytest

from attribution.training.warmstart import split_continue_from


@pytest.mark.parametrize("argv, expected", [
    (["--mode", "train", "--continue_from", "m.pt", "--max_steps", "10"],
     ("m.pt", ["--mode", "train", "--max_steps", "10"])),
    (["--continue_from", "m.pt"], ("m.pt", [])),
])
def test_continue_from_is_split_off(argv, expected):
    assert split_continue_from(argv) == expected


@pytest.mark.parametrize("argv", [["--mode", "train"], ["--mode", "train", "--continue_from"]])
def test_a_missing_model_file_is_a_clear_error(argv):
    with pytest.raises(SystemExit, match="warmstart: --continue_from"):
        split_continue_from(argv)


def test_a_continued_run_packs_its_new_models_and_keeps_the_others(tmp_path):
    """``--continue-from DIR --only depparse``: pack takes the new parser from the work folder and
    the models it did not retrain from DIR, as they were packed."""
    import torch

    from attribution.training.pack import pack_models
    from attribution.training.train import RecipeConfig, model_paths

    work, old, dest = tmp_path / "work", tmp_path / "old", tmp_path / "dest"
    old.mkdir()
    for name in ("tokenizer.pt", "tagger.pt", "lemmatizer.pt", "parser.pt", "pretrain.pt"):
        (old / name).write_bytes(b"old " + name.encode())
    parser = model_paths(work)["depparse"]
    parser.parent.mkdir(parents=True)
    torch.save({"model": {"w": torch.ones(2, dtype=torch.float32)}}, parser)
    pack_models(work, dest, RecipeConfig(continue_from=str(old)))
    assert (dest / "tagger.pt").read_bytes() == b"old tagger.pt"
    assert (dest / "pretrain.pt").read_bytes() == b"old pretrain.pt"
    assert torch.load(dest / "parser.pt")["model"]["w"].dtype == torch.float16
    assert (dest / "sizes.json").exists()


def test_continue_from_reaches_both_trainers_with_the_models_vectors(tmp_path, monkeypatch):
    from attribution.training import train

    seen = {}
    monkeypatch.setattr(train, "_run", lambda name, args, work, timeout: seen.setdefault(name, args))
    cfg = train.RecipeConfig(continue_from="old")
    train.train_tagger(tmp_path, cfg)
    train.train_parser(tmp_path, cfg)
    tagger, parser = seen["pos"], seen["depparse"]
    assert tagger[0] == "attribution.training.warmstart" and parser[0] == "stanza.models.parser"
    for args, model in ((tagger, "tagger.pt"), (parser, "parser.pt")):
        assert args[args.index("--continue_from") + 1] == f"old/{model}"
        assert args[args.index("--wordvec_pretrain_file") + 1] == "old/pretrain.pt"
    seen.clear()
    train.train_tagger(tmp_path, train.RecipeConfig())
    assert seen["pos"][0] == "stanza.models.tagger" and "--continue_from" not in seen["pos"]


def test_a_continued_run_is_recorded_beside_the_first_and_shown_on_the_card(tmp_path):
    import json

    from attribution.training.card import _runs
    from attribution.training.pack import continued_settings

    source, work = tmp_path / "old", tmp_path / "work"
    source.mkdir()
    first = {"train": [{"model": "depparse", "status": "exit -15", "seconds": 5318}],
             "curves": {"depparse": [[3150, 0.8198], [3200, 0.8273]]}, "vectors": {"dim": 100}}
    (source / "training-settings.json").write_text(json.dumps(first), encoding="utf-8")
    (work / "logs").mkdir(parents=True)
    (work / "logs" / "depparse.log").write_text(
        "step 50: train_loss = 2.1, dev_score = 0.8221\nstep 100: train_loss = 2.0, dev_score = 0.8376\n", encoding="utf-8")
    run = {"config": {"parser_steps": 1800}, "train": [{"model": "depparse", "status": "ok", "seconds": 3593, "log": "/x"}]}
    settings = continued_settings(source, run, work)
    assert settings["curves"] == first["curves"] and settings["vectors"] == {"dim": 100}
    (entry,) = settings["continued"]
    assert entry == {"model": "depparse", "status": "ok", "seconds": 3593, "from": str(source), "steps": 1800,
                     "curve": [[50, 0.8221], [100, 0.8376]]}
    rows = _runs(settings).splitlines()
    assert rows[2] == "| depparse | stopped by hand (time budget); best dev model kept | 89 | 3200 | 0.8273 |"
    assert rows[3] == "| depparse, continued (steps from the restart) | ok | 60 | 100 | 0.8376 |"


def test_settings_of_a_continued_run_are_written(tmp_path):
    """The recipe writes its settings after training; a continued run's source folder, which the
    command line gives as a path, must not make that fail once the models are trained."""
    import json
    from pathlib import Path

    from attribution.training.train import RecipeConfig, write_settings

    cfg = RecipeConfig(continue_from=Path("attribution/models/ar_attr"))
    write_settings(tmp_path, cfg, {"train": [{"model": "pos", "status": "ok", "log": tmp_path / "pos.log"}]})
    settings = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert settings["config"]["continue_from"] == "attribution/models/ar_attr"
    assert settings["train"][0]["log"] == str(tmp_path / "pos.log")


def test_the_ner_tagger_carries_on_with_stanzas_finetune(tmp_path):
    from attribution.training.ner import NerConfig, train_args

    files = {"train": "t.json", "dev": "d.json"}
    fresh = train_args(files, tmp_path / "pretrain.pt", tmp_path / "ner.pt", NerConfig())
    assert "--finetune" not in fresh
    cfg = NerConfig(continue_from=str(tmp_path / "bundled" / "ner.pt"), max_steps=1500)
    carried = train_args(files, tmp_path / "pretrain.pt", tmp_path / "ner.pt", cfg)
    k = carried.index("--finetune")
    assert carried[k + 1:k + 3] == ["--finetune_load_name", cfg.continue_from]
    assert carried[carried.index("--max_steps") + 1] == "1500"  # the new steps only


def test_the_ner_stage_needs_a_model_to_carry_on_from(tmp_path, capsys):
    from attribution.training.__main__ import main

    assert main(["--stages", "ner", "--work", str(tmp_path / "work"), "--models", str(tmp_path / "models"),
                 "--continue-from", str(tmp_path)]) == 2
    assert "no ner.pt to carry on from" in capsys.readouterr().err

"""Score packed models on the held-out PADT v1 test set with Stanza's CoNLL 2018 scorer.

* gold tokens: UPOS, UFeats, Lemmas, UAS, LAS (tags, lemmas and trees all predicted);
* raw text: Tokens, Words and Sentences F1 (and LAS) from the rebuilt PADT text and from the 100
  held-out PUD sentences (real text, also used for early stopping, so slightly optimistic).
"""
from __future__ import annotations

import io
import json
import logging
import time
from pathlib import Path

log = logging.getLogger(__name__)
METRICS = ("Tokens", "Sentences", "Words", "UPOS", "UFeats", "Lemmas", "UAS", "LAS", "CLAS")


def _read_sentences(conllu: Path) -> list[list[str]]:
    sentences, current = [], []
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
        elif not line.startswith("#"):
            current.append(line.split("\t")[1])
    if current:
        sentences.append(current)
    return sentences


def _score(gold: Path, predicted_conllu: str) -> dict:
    from stanza.models.common.utils import ud_scores

    # the scorer insists on a blank line after the last sentence
    scores = ud_scores(str(gold), io.StringIO(predicted_conllu.rstrip("\n") + "\n\n"))
    return {m: round(scores[m].f1 * 100, 2) for m in METRICS if m in scores}


def evaluate_models(models_dir: Path, data_dir: Path) -> dict:
    import torch

    from attribution.parse.pipeline import ModelSpec, load_pipeline

    spec = ModelSpec("bundled", models_dir.resolve(), f"dir:{models_dir}")
    results = {}
    test = data_dir / "test.conllu"
    nlp_pretok, _ = load_pipeline(spec, pretokenized=True)
    sentences = _read_sentences(test)
    start = time.time()
    doc = nlp_pretok(sentences)
    seconds = time.time() - start
    gold_tokens = _score(test, "{:C}".format(doc))
    results["padt_test_gold_tokens"] = {k: v for k, v in gold_tokens.items() if k not in ("Tokens", "Sentences", "Words")}
    results["padt_test_gold_tokens"]["words_per_second"] = round(sum(map(len, sentences)) / seconds)
    results["padt_test_gold_tokens"]["threads"] = torch.get_num_threads()
    nlp_raw, _ = load_pipeline(spec)
    for name, txt, gold in (("padt_test_raw_text", data_dir / "tokenize" / "ar_attr.test.txt", test),
                            ("pud_dev_raw_text", data_dir / "tokenize" / "ar_attr.dev.txt", data_dir / "dev.conllu")):
        raw = txt.read_text(encoding="utf-8")
        parsed = nlp_raw(raw)
        results[name] = _score(gold, "{:C}".format(parsed))
    log.info("evaluation: %s", json.dumps(results))
    (models_dir / "scores.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return results

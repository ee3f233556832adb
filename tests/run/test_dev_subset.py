"""Regression guard on real news: the whole pipeline on ten committed development articles.

The floor is what this code measured when it was written (strict F1 0.894 on this subset; the
full development set is in the README); a change that lowers it fails here.  It is a guard, not a
target: raise the floor when the rules get better."""
from __future__ import annotations

from pathlib import Path

import pytest

from attribution.run.build import extract_text
from attribution.views.scoring import evaluate_dirs

SUBSET = Path(__file__).resolve().parents[1] / "data" / "dev_subset"
STRICT_F1_FLOOR = 0.89
SPEAKER_FLOOR = 0.93


@pytest.mark.model
def test_dev_subset_does_not_regress(nlp, tmp_path):
    for article in sorted((SUBSET / "articles").glob("*.txt")):
        doc = extract_text(article.read_text(encoding="utf-8"), nlp, "bundled:ar_attr", name=article.name)
        (tmp_path / f"{article.stem}.json").write_text(doc.model_dump_json(), encoding="utf-8")
    scores, _ = evaluate_dirs(SUBSET / "gold", SUBSET / "articles", tmp_path)
    summary = scores.summary()
    assert summary["gold"] == 62
    assert summary["strict"]["f1"] >= STRICT_F1_FLOOR, summary
    assert summary["speaker_accuracy"] >= SPEAKER_FLOOR, summary

"""The confidence fit and its calibration measures (attribution/training/confidence.py) on small tables."""
from __future__ import annotations

import json

import numpy as np
import pytest

from attribution.training.confidence import (Example, cross_validate, design, expected_calibration_error,
                                             fit_logistic, fit_final, folds_of, high_confidence, load_examples,
                                             measure, reliability)
from attribution.views.scoring import Event, judge_predictions


def test_reliability_table_bins_and_ece():
    conf = np.array([0.05, 0.15, 0.15, 0.55, 0.95, 0.95, 0.95, 0.95, 1.0, 0.9])
    right = np.array([0, 0, 1, 1, 1, 1, 1, 0, 1, 1], dtype=float)
    rows = reliability(conf, right)
    assert [r["claims"] for r in rows] == [1, 2, 0, 0, 0, 1, 0, 0, 0, 6]   # 1.0 falls in the last bin
    assert rows[1]["confidence"] == pytest.approx(0.15) and rows[1]["accuracy"] == 0.5
    assert rows[2]["confidence"] is None and rows[2]["accuracy"] is None
    assert rows[9]["confidence"] == pytest.approx((0.95 * 4 + 1.0 + 0.9) / 6)
    assert rows[9]["accuracy"] == pytest.approx(5 / 6)
    expected = (1 * 0.05 + 2 * 0.35 + 1 * 0.45 + 6 * abs((0.95 * 4 + 1.9) / 6 - 5 / 6)) / 10
    assert expected_calibration_error(conf, right) == pytest.approx(expected)
    assert high_confidence(conf, right) == {"threshold": 0.9, "claims": 6, "right": 5, "accuracy": pytest.approx(5 / 6)}


def test_perfect_calibration_has_zero_ece():
    conf = np.array([0.25] * 4 + [0.75] * 4)
    right = np.array([1, 0, 0, 0, 1, 1, 1, 0], dtype=float)
    assert expected_calibration_error(conf, right) == pytest.approx(0.0)


def test_logistic_fit_recovers_rates_and_penalty_shrinks():
    # feature a: right 9 times in 10; feature b: right 1 time in 2
    X = np.array([[1, 0]] * 10 + [[0, 1]] * 10, dtype=float)
    y = np.array([1] * 9 + [0] + [1] * 5 + [0] * 5, dtype=float)
    w, b = fit_logistic(X, y, l2=1e-6)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    assert p[0] == pytest.approx(0.9, abs=1e-3) and p[-1] == pytest.approx(0.5, abs=1e-3)
    w_strong, b_strong = fit_logistic(X, y, l2=100.0)
    assert abs(w_strong[0] - w_strong[1]) < abs(w[0] - w[1])


def _examples() -> list[Example]:
    out = []
    for a in range(10):
        for k in range(6):
            good = k < 5
            feats = {"speaker=nsubj-post-verbal" if good else "speaker=implicit": 1.0, "entity=person": 1.0}
            out.append(Example(f"{a:03d}", f"c{k}", feats, right=good or a % 2 == 0))
    return out


def test_folds_are_by_article():
    fold = folds_of([f"{a:03d}" for a in range(10)] * 3, 5)
    assert sorted(fold) == [f"{a:03d}" for a in range(10)]
    assert [fold[f"{a:03d}"] for a in range(10)] == [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]
    shuffled = folds_of([f"{a:03d}" for a in range(10)], 5, seed=1)
    assert sorted(shuffled.values()) == sorted(fold.values())


def test_cross_validation_scores_each_fold_with_a_model_that_did_not_see_it():
    examples = _examples()
    out = cross_validate(examples, 5, l2=1e-3)
    assert out.shape == (60,) and ((0 <= out) & (out <= 1)).all()
    # the implicit claims are right in half the articles: out of fold they score near 0.5
    implicit = np.array(["speaker=implicit" in e.features for e in examples])
    assert 0.3 < out[implicit].mean() < 0.7 and out[~implicit].min() > 0.9
    report = measure(examples, 5, 1e-3, repeats=2)
    assert report["claims"] == 60 and report["articles"] == 10 and report["right"] == 55
    assert sum(r["claims"] for r in report["reliability"]) == 60
    assert set(report["repeats"]) == {"deals", "ece_mean", "ece_max", "high_accuracy_mean", "high_accuracy_min"}


def test_final_model_is_json_that_names_features():
    examples = _examples()
    model = fit_final(examples, 1.0, measure(examples, 5, 1.0))
    again = json.loads(json.dumps(model))
    X, names = design(examples)
    assert sorted(again["weights"]) == names
    assert again["weights"]["speaker=nsubj-post-verbal"] > again["weights"]["speaker=implicit"]


GOLD_ARTICLE = "قال الوزير إن الخطة جاهزة.\n\nوأضاف أن الوفد سيصل غدا.\n\nوأشاد الرئيس بالجهود."


@pytest.mark.parametrize("predicted, verdicts", [
    # right speaker and content
    ([Event(0, "قال", "الخطة جاهزة", "الوزير")], [True]),
    # wrong speaker
    ([Event(0, "قال", "الخطة جاهزة", "الرئيس")], [False]),
    # right speaker, content shares too little
    ([Event(1, "وأضاف", "سيصل الوفد بعد أسبوع من الآن", "الوزير")], [False]),
    # not an event of the gold: wrong
    ([Event(0, "قال", "الخطة جاهزة", "الوزير"), Event(None, "إن", "شيء آخر تماما", "الوزير")], [True, False]),
    # matched to an optional gold event: not judged
    ([Event(2, "وأشاد", "بالجهود", "الرئيس")], [None]),
])
def test_judge_predictions_as_strict_precision_does(predicted, verdicts):
    gold = [Event(0, "قال", "الخطة جاهزة", "الوزير"), Event(1, "وأضاف", "الوفد سيصل غدا", "الوزير"),
            Event(2, "وأشاد", "بالجهود", "الرئيس", optional=True)]
    assert judge_predictions(gold, predicted, GOLD_ARTICLE) == verdicts


def test_load_examples_reads_claims_and_gold(tmp_path):
    gold_dir, articles, pred = tmp_path / "gold", tmp_path / "articles", tmp_path / "pred"
    for d in (gold_dir, articles, pred):
        d.mkdir()
    text = "قال الوزير إن الخطة جاهزة."
    (articles / "001.txt").write_text(text, encoding="utf-8")
    (gold_dir / "001.gold.json").write_text(json.dumps([{"paragraph": 0, "cue": "قال", "content": "الخطة جاهزة",
                                                         "speaker": "الوزير", "speaker_resolved": "الوزير"}]),
                                            encoding="utf-8")
    from reportdata import claim
    from attribution.run.build import build_document
    c = claim(text, 1, "قال", "الخطة جاهزة", "الوزير", "الوزير").model_copy(
        update={"evidence": ["cue:verb", "nsubj-post-verbal", "title", "complement:tree"]})
    (pred / "001.json").write_text(build_document(text, [c], "001.txt", "test").model_dump_json(), encoding="utf-8")
    [example] = load_examples(gold_dir, articles, pred)
    assert example.right is True and example.article == "001"
    assert example.features == {"cue=verb": 1.0, "speaker=nsubj-post-verbal": 1.0, "shape=title": 1.0,
                                "content=complement:tree": 1.0, "entity=none": 1.0}

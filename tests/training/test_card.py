"""The model card's named-entity section and the report the recipe keeps next to ner.pt."""
from __future__ import annotations

import json

from attribution.training.card import NER_REPORT, ner_cost_summary, ner_section, write_ner_report

REPORT = {
    "config": {"hidden_dim": 128, "char_hidden_dim": 100},
    "data": {"files": {"train": "/build/machine/path/train.json"},
             "stats": {"train_by_source": {"newsfane": {"sentences": 3808, "tokens": 137649}}}},
    "pack": {"mb": 7.22},
    "scores": {"newsfane_test_restored": {"precision": 72.79, "recall": 65.39, "f1": 68.89,
                                          "per_type_f1": {"LOC": 79.15, "MISC": 67.63, "ORG": 47.62, "PER": 56.8}}},
    "train": {"status": "stopped by timeout", "seconds": 2400, "log": "/build/machine/logs/ner.log"},
}
BENCH_ROW = {"kind": "ner", "n": 300, "words": 90000, "repeats": 2, "parse_ratio": 1.08, "total_ratio": 1.07,
             "seconds": {"with_ner": [150.0, 160.0], "without_ner": [140.0, 141.0]},
             "peak_rss_mb": {"with_ner": 500.0, "without_ner": 450.0}}


def test_ner_report_keeps_scores_and_cost_not_build_paths(tmp_path):
    path = write_ner_report(tmp_path, REPORT, ner_cost_summary(BENCH_ROW))
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert path.name == NER_REPORT
    assert "/build/machine" not in path.read_text(encoding="utf-8")
    assert kept["scores"] == REPORT["scores"] and kept["train"]["seconds"] == 2400
    assert kept["pipeline_cost"]["words_per_s_with"] == 600 and kept["pipeline_cost"]["words_per_s_without"] == 643
    # a later run without a benchmark row keeps the cost measured before
    again = json.loads(write_ner_report(tmp_path, REPORT).read_text(encoding="utf-8"))
    assert again["pipeline_cost"] == kept["pipeline_cost"]


def test_card_section_shows_each_split_and_the_cost(tmp_path):
    kept = json.loads(write_ner_report(tmp_path, REPORT, ner_cost_summary(BENCH_ROW)).read_text(encoding="utf-8"))
    section = ner_section(kept)
    assert "| NewsFANE test (held out: never trained or tuned on) | 72.79 | 65.39 | 68.89 | 56.8 | 47.62 | 79.15 | 67.63 |" \
        in section
    assert "| newsfane | 3808 | 137649 |" in section
    assert "40 min on one CPU core" in section and "1.07×" in section and "600 vs 643 words/s" in section
    assert ner_section({}) == ""


def test_sizes_list_every_bundled_weights_file(tmp_path):
    from attribution.training.pack import record_sizes
    (tmp_path / "parser.pt").write_bytes(b"x" * 2_000_000)
    (tmp_path / "ner.pt").write_bytes(b"x" * 500_000)
    (tmp_path / "MODEL_CARD.md").write_text("not weights")
    sizes = record_sizes(tmp_path)
    assert sizes == {"ner.pt": 0.5, "parser.pt": 2.0, "total_mb": 2.5}
    assert json.loads((tmp_path / "sizes.json").read_text()) == sizes

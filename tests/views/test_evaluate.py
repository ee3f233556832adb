"""The scorer: matching, optional events, speaker and content scores, CLI output."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from attribution.cli import main
from attribution.views.scoring import Event, score_article, speaker_matches, token_f1
from fakenlp import fake_model  # noqa: F401  (fixture)

ARTICLE = "قال الوزير إن الوضع صعب جدا.\n\nوأشاد بالجهود. وأضاف أن الحل قريب."


def gold(**kw):
    base = dict(paragraph=0, cue="قال", content="الوضع صعب جدا", speaker_resolved="الوزير أحمد", optional=False)
    base.update(kw)
    return Event(**base)


@pytest.mark.parametrize("a, b, expected", [
    ("الوضع صعب جدا", "إن الوضع صعب جدا", 1.0),          # complementizer ignored
    ("أن الحل قريب", "الحل قريب", 1.0),
    ("الوضع صعب", "الوضع سهل", 0.5),
    ("الوضع صعب", "شيء آخر", 0.0),
    ("الأمر", "الامر", 1.0),                             # letters normalised
])
def test_token_f1(a, b, expected):
    assert token_f1(a, b) == pytest.approx(expected)


@pytest.mark.parametrize("pred, gold_name, ok", [
    ("الوزير", "الوزير أحمد", True),
    ("آلن", "الجنرال جون الن", True),
    ("وزارة الدفاع", "الجنرال جون الن", False),
    (None, "الوزير", False),
])
def test_speaker_matches(pred, gold_name, ok):
    assert speaker_matches(pred, gold_name) is ok


def test_matching_is_one_to_one_and_optional_is_neutral():
    golds = [gold(), gold(paragraph=1, cue="وأضاف", content="الحل قريب"),
             gold(paragraph=1, cue="وأشاد", content="بالجهود", optional=True)]
    preds = [Event(0, "قال", "الوضع صعب جدا", "الوزير", cue_span=(0, 3)),
             Event(0, "قال", "الوضع صعب جدا", "الوزير", cue_span=(0, 3)),  # duplicate: a false positive
             Event(1, "وأشاد", "بالجهود", "الوزير")]                        # optional: neutral
    scores, details = score_article(golds, preds, ARTICLE)
    s = scores.summary()
    assert (s["gold"], s["predicted"], s["matched"]) == (2, 2, 1)
    assert s["detection"]["precision"] == 0.5 and s["detection"]["recall"] == 0.5
    assert any(d.get("missed") == "وأضاف" for d in details)


def test_wrong_speaker_is_detected_but_not_strict():
    scores, _ = score_article([gold()], [Event(0, "قال", "الوضع صعب جدا", "الرئيس", cue_span=(0, 3))], ARTICLE)
    s = scores.summary()
    assert s["detection"]["f1"] == 1.0 and s["speaker_accuracy"] == 0.0 and s["strict"]["f1"] == 0.0


def test_evaluate_cli_reports_per_article_and_summary_last(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "art").mkdir()
    (tmp_path / "pred").mkdir()
    (tmp_path / "art" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "gold" / "a.gold.json").write_text(json.dumps([
        {"paragraph": 0, "speaker": "الوزير", "speaker_resolved": "الوزير", "cue": "قال", "content": "الوضع صعب جدا",
         "type": "indirect", "optional": False}], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "pred" / "a.json").write_text(json.dumps({"claims": [{
        "cue": {"text": "قال", "start": 0, "end": 3}, "content": {"text": "الوضع صعب جدا", "start": 14, "end": 27},
        "speaker": {"text": "الوزير", "entity": "الوزير"}, "paragraph": 0}]}, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "gold"), "--articles",
                                       str(tmp_path / "art"), "--pred", str(tmp_path / "pred"), "-v"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("a: ") and lines[-1].startswith("summary: ") and "strict P=1.000" in lines[-1]


def test_evaluate_cli_bad_gold_is_one_line(tmp_path):
    for d in ("gold", "art", "pred"):
        (tmp_path / d).mkdir()
    (tmp_path / "gold" / "a.gold.json").write_text("[oops", encoding="utf-8")
    (tmp_path / "art" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(tmp_path / "gold"), "--articles",
                                       str(tmp_path / "art"), "--pred", str(tmp_path / "pred")])
    assert result.exit_code == 1 and "not JSON" in result.output and "Traceback" not in result.output


def _gold_event(cue="قال", content="الوضع صعب جدا", paragraph=0, speaker="الوزير"):
    return {"paragraph": paragraph, "speaker": speaker, "speaker_resolved": speaker, "cue": cue, "content": content,
            "type": "indirect", "optional": False}


def test_evaluate_reads_a_multi_article_export_beside_single_files(tmp_path):
    # the review page's export of several articles: {"articles": {stem: [events]}} in one .gold.json
    for d in ("gold", "art", "pred"):
        (tmp_path / d).mkdir()
    for stem in ("a", "b", "c"):
        (tmp_path / "art" / f"{stem}.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "gold" / "review.gold.json").write_text(json.dumps({"articles": {
        "a": [_gold_event()],
        "b": [_gold_event(), _gold_event("وأضاف", "الحل قريب", 1, None)]}}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "gold" / "c.gold.json").write_text(json.dumps([_gold_event()], ensure_ascii=False), encoding="utf-8")
    pred = [{"paragraph": 0, "cue": "قال", "content": "الوضع صعب جدا", "speaker_resolved": "الوزير"}]
    for stem in ("a", "b", "c"):
        (tmp_path / "pred" / f"{stem}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    args = ["evaluate", "--gold", str(tmp_path / "gold"), "--articles", str(tmp_path / "art"),
            "--pred", str(tmp_path / "pred"), "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert sorted(out["articles"]) == ["a", "b", "c"]
    assert out["articles"]["b"]["summary"]["detection"]["recall"] == 0.5
    assert (out["summary"]["gold"], out["summary"]["matched"]) == (4, 3)

    # the same article in two gold files is an error naming both, not a silent pick
    (tmp_path / "gold" / "a.gold.json").write_text(json.dumps([_gold_event()]), encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "gold for 'a' is also in a.gold.json" in result.output
    (tmp_path / "gold" / "a.gold.json").unlink()

    for bad, message in (({"articles": {"a": {"cue": "قال"}}}, "articles.a: gold must be a JSON list"),
                         ({"articles": {"../x": []}}, "not a file stem"),
                         ({"gold": []}, 'or {"articles"'), ([["قال"]], "must be a JSON object")):
        (tmp_path / "gold" / "review.gold.json").write_text(json.dumps(bad), encoding="utf-8")
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output, bad


def test_evaluate_takes_one_gold_file_and_finds_articles_through_the_predictions(tmp_path, fake_model,
                                                                               monkeypatch):
    """No dead end after the review loop on HTML/JSONL or folders of articles: --gold may name
    the exported file itself, and without --articles each article is found through its
    prediction (the text it carries, or the file its input names); the page's export takes the
    claims file's stem, so it pairs with the prediction even for a JSONL record."""
    import re

    monkeypatch.chdir(tmp_path)
    (tmp_path / "news" / "sub").mkdir(parents=True)
    (tmp_path / "news" / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "news" / "batch.jsonl").write_text(json.dumps({"id": "r1", "text": ARTICLE}, ensure_ascii=False)
                                                   + "\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["extract", "news", "-o", "claims/", "-q"]).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "claims").iterdir()) == ["a.json", "batch-r1.json"]
    page = tmp_path / "page.html"
    assert CliRunner().invoke(main, ["report", "claims", "-o", str(page)]).exit_code == 0
    assert sorted(re.findall(r'data-stem="([^"]+)"', page.read_text(encoding="utf-8"))) == ["a", "batch-r1"]

    export = tmp_path / "review.gold.json"   # what the page exports when every claim is marked correct
    export.write_text(json.dumps({"articles": {stem: [_gold_event()] for stem in ("a", "batch-r1")}},
                                 ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(export), "--pred", "claims", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert sorted(out["articles"]) == ["a", "batch-r1"] and out["summary"]["matched"] == 2

    (tmp_path / "news" / "sub" / "a.txt").write_text(ARTICLE + " تغير.", encoding="utf-8")   # not the text any more
    result = CliRunner().invoke(main, ["evaluate", "--gold", str(export), "--pred", "claims"])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: a: article for review.gold.json not found (nor through its "
                                     "prediction: pass --articles DIR)")

"""The bundled Stanza pipeline: offline loading, a reporting sentence, offsets, errors."""
from __future__ import annotations

import pytest

from attribution.document import parse_paragraphs, split_paragraphs
from attribution.pipeline import ModelNotFoundError, load_pipeline, resolve_model

SENTENCE = "وقال المتحدث إن الاجتماع سيعقد غدا."


def test_bundled_pipeline_parses_reporting_sentence_offline(nlp, monkeypatch):
    parsed = parse_paragraphs(nlp, SENTENCE)
    words = parsed.sentences[0].words
    verb = next(w for w in words if w.text == "قال")
    assert verb.upos == "VERB"
    subject = next(w for w in words if w.text == "المتحدث")
    assert subject.deprel == "nsubj" and subject.head == verb.id
    for w in words:  # offsets index the exact input, clitics included (و + قال)
        assert SENTENCE[w.start:w.end] == w.text


def test_offsets_survive_crlf_and_paragraphs(nlp):
    text = "قال الوزير إن الوضع صعب.\r\n\r\nوأضاف أن الحل قريب."
    parsed = parse_paragraphs(nlp, text)
    assert [p.index for p in parsed.paragraphs] == [0, 1]
    assert {s.paragraph for s in parsed.sentences} == {0, 1}
    for s in parsed.sentences:
        para = parsed.paragraph(s.paragraph)
        assert para.start <= s.start and s.end <= para.end  # no sentence crosses the blank line
        for w in s.words:
            assert text[w.start:w.end] == w.text


def test_missing_model_directory_is_one_clear_line(tmp_path):
    with pytest.raises(ModelNotFoundError) as err:
        resolve_model(tmp_path)
    message = str(err.value)
    assert "\n" not in message and "tokenizer.pt" in message and str(tmp_path) in message


def test_missing_official_models_name_the_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(ModelNotFoundError, match="official Stanza Arabic models not found"):
        load_pipeline("stanza")


def test_official_stanza_layout_is_recognised(tmp_path):
    (tmp_path / "ar").mkdir()
    (tmp_path / "resources.json").write_text("{}")
    assert resolve_model(tmp_path).kind == "stanza"


@pytest.mark.parametrize("text, expected", [
    ("أ\n\nب", ["أ", "ب"]),
    ("أ\n \n\n\nب\n", ["أ", "ب"]),
    ("أ\r\n\r\nب", ["أ", "ب"]),
    ("سطر\nوسطر\n\nفقرة", ["سطر\nوسطر", "فقرة"]),
    ("  \n\n  ", []),
])
def test_split_paragraphs(text, expected):
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == expected
    assert [text[p.start:p.end] for p in paragraphs] == expected

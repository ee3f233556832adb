"""Bad input gets one clear line, never a traceback; and random text never crashes extraction."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.run.build import extract_article
from attribution.run.inputs import Article
from attribution.cli import main
from attribution.claims.validate import offset_problems
from fakenlp import fake_model  # noqa: F401  (fixture)


def _run(args, **kw):
    result = CliRunner().invoke(main, args, **kw)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t  \n"])
def test_empty_or_whitespace_file_gives_zero_claims_and_a_note(tmp_path, fake_model, content):
    path = tmp_path / "e.txt"
    path.write_bytes(content)
    result = _run(["extract", str(path)])
    assert result.exit_code == 0
    assert f"note: {path}: empty input: no text to analyse" in result.output
    doc = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])
    assert doc["claims"] == [] and doc["notes"] == ["empty input: no text to analyse"]


def test_binary_file_is_one_line(tmp_path, fake_model):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = _run(["extract", str(path)])
    assert result.exit_code == 1
    assert result.output == f"error: {path}: binary file (NUL bytes), not text\n"


def test_non_utf8_names_file_and_byte_offset(tmp_path, fake_model):
    path = tmp_path / "cp1256.txt"
    path.write_bytes("قال ".encode() + "الوزير".encode("cp1256"))
    result = _run(["extract", str(path)])
    assert result.exit_code == 1
    assert result.output == f"error: {path}: not valid UTF-8 at byte offset 7\n"


def test_bom_and_crlf_offsets_index_the_text_as_read(tmp_path, nlp):
    text = "قال الوزير إن الاجتماع سيعقد غدا.\r\n\r\nوأضاف المتحدث أن \"الحل قريب\".\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    out = tmp_path / "crlf.json"
    result = _run(["extract", str(path), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["input"]["chars"] == len(text) and len(doc["claims"]) == 2
    assert offset_problems(doc, text) == []
    assert doc["claims"][1]["paragraph"] == 1
    result = _run(["validate", str(out), "--input", str(path)])
    assert result.exit_code == 0 and result.output == f"{out}: ok\n"


def test_one_megabyte_article_through_the_cli(tmp_path, fake_model):
    para = "قال المتحدث إن الاجتماع سيعقد غدا في العاصمة لبحث الملفات العالقة بين الطرفين. " * 5
    path = tmp_path / "big.txt"
    path.write_text((para + "\n\n") * 1400, encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    out = tmp_path / "big.json"
    result = _run(["extract", str(path), "-o", str(out)])
    assert result.exit_code == 0
    assert "note: " in result.output and "analysed in" in result.output and "parts" in result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["claims"]) == 7000 and doc["claims"][-1]["id"] == "c7000"


def test_non_arabic_text_warns_and_gives_zero_claims(tmp_path, fake_model):
    path = tmp_path / "en.txt"
    path.write_text("The minister said the meeting would be held tomorrow.", encoding="utf-8")
    result = _run(["extract", str(path)])
    assert result.exit_code == 0
    assert f"note: {path}: no Arabic text found: nothing to attribute" in result.output
    assert fake_model.calls == 0      # nothing is parsed


def test_validate_a_claims_file_that_is_not_json(tmp_path):
    path = tmp_path / "claims.json"
    path.write_text("<html>oops</html>", encoding="utf-8")
    result = _run(["validate", str(path)])
    assert result.exit_code == 1
    assert result.output == f"{path}: $: not JSON: Expecting value (line 1, column 1)\n"


@pytest.mark.parametrize("setup, message", [
    (lambda t: str(t / "missing.txt"), "{t}/missing.txt: no such file"),
    (lambda t: (t / "empty").mkdir() or str(t / "empty"), "{t}/empty: no .txt/.html/.htm/.jsonl files in this directory"),
    (lambda t: str(t / "*.nothing"), "{t}/*.nothing: no files match this pattern"),
])
def test_missing_inputs_are_one_line(tmp_path, fake_model, setup, message):
    result = _run(["extract", setup(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "error: " + message.format(t=tmp_path)


def test_unwritable_output_is_one_line(tmp_path, fake_model):
    (tmp_path / "a.txt").write_text("قال الوزير إن الأمر محسوم.", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = _run(["extract", str(tmp_path / "a.txt"), "-o", str(blocker / "out.jsonl"), "--format", "jsonl"])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and len(result.output.splitlines()) == 1


ARABIC = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى") + ["قال", " إن ", " أن ", "وأضاف", "بحسب",
                                                                        "الوزير", "المتحدث", ":"])
NOISE = st.sampled_from(list(" \n\r\t.,،؛؟!\"«»“”'()[]<>:-") + ["\n\n", "\u200f", "\u064b", "ـ", "1", "a", "\ufeff"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(ARABIC, NOISE, st.text(max_size=3)), max_size=40).map("".join))
def test_random_text_never_crashes_extract(nlp, text):
    doc = extract_article(Article("r.txt", "r", text), nlp, "bundled:ar_attr")
    assert doc.input.chars == len(text)
    assert offset_problems(doc.model_dump(), text) == []
    json.loads(doc.model_dump_json())

"""CSV export: one row a claim, offsets that index the text, BOM and formula guard for spreadsheets."""
from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from attribution.cli import main
from attribution.claims.csv_export import COLUMNS, to_csv
from attribution.run.build import build_document
from fakenlp import fake_model  # noqa: F401  (fixture)
from reportdata import INJECTED, injected_document


def _rows(payload: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(payload, newline="")))


def test_one_row_per_claim_with_offsets_into_the_text():
    doc = injected_document()
    payload = to_csv([doc])
    assert payload.splitlines()[0] == ",".join(COLUMNS)
    rows = _rows(payload)
    assert [r["claim_id"] for r in rows] == ["c1", "c2", "c3", "c4"]
    for row, claim in zip(rows, doc.claims):
        for part in ("cue", "content"):
            start, end = int(row[f"{part}_start"]), int(row[f"{part}_end"])
            assert INJECTED[start:end] == row[part]
        assert row["input"] == "evil.txt" and row["input_sha256"] == doc.input.sha256
        assert float(row["confidence"]) == claim.confidence and row["type"] == claim.type
    implicit = rows[2]
    assert implicit["speaker"] == "" and implicit["speaker_start"] == "" and implicit["speaker_implicit"] == "true"
    assert INJECTED[int(implicit["resolved_start"]):int(implicit["resolved_end"])] == implicit["resolved"]


def test_bom_and_formula_guard_for_spreadsheets():
    text = "=HYPERLINK(\"http://x\") قال الوزير إن -الأمر محسوم"
    doc = injected_document()
    doc = build_document(text, [], "=cmd.txt", "m")
    assert to_csv([doc], bom=True) == "\ufeff" + ",".join(COLUMNS) + "\r\n"
    payload = to_csv([injected_document("=evil.txt")], bom=True)
    assert payload.startswith("\ufeffinput,")
    assert _rows(payload[1:])[0]["input"] == "'=evil.txt"
    plain = _rows(to_csv([injected_document("=evil.txt")]))
    assert plain[0]["input"] == "=evil.txt"     # without --bom the data is exact


def test_multiline_content_survives_a_round_trip():
    doc = injected_document()
    content = doc.claims[0].content.model_copy(update={"text": "سطر\r\nسطر \"مقتبس\""})
    doc.claims[0] = doc.claims[0].model_copy(update={"content": content})
    assert _rows(to_csv([doc]))[0]["content"] == "سطر\r\nسطر \"مقتبس\""


def test_extract_format_csv_to_stdout_file_and_directory(tmp_path, fake_model):
    for k in range(2):
        (tmp_path / f"{k}.txt").write_text(f"قال الوزير إن الاجتماع {k} سيعقد غدا.", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(tmp_path / "0.txt"), "--format", "csv", "-q"])
    assert result.exit_code == 0 and len(_rows(result.output)) == 1
    out = tmp_path / "all.csv"
    result = runner.invoke(main, ["extract", str(tmp_path / "*.txt"), "--format", "csv", "--bom", "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = _rows(raw.decode("utf-8-sig"))
    assert [r["input"] for r in rows] == ["0.txt", "1.txt"]
    result = runner.invoke(main, ["extract", str(tmp_path / "*.txt"), "--format", "csv", "-o", str(tmp_path / "d") + "/",
                                  "-q"])
    assert result.exit_code == 0 and sorted(p.name for p in (tmp_path / "d").iterdir()) == ["0.csv", "1.csv"]
    # --resume on a CSV file: the input sha256 column says what is done
    result = runner.invoke(main, ["extract", str(tmp_path / "*.txt"), "--format", "csv", "--bom", "-o", str(out),
                                  "--resume"])
    assert result.exit_code == 0 and "2 already done" in result.output
    assert out.read_bytes() == raw


def test_bom_needs_csv(tmp_path, fake_model):
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--bom"])
    assert result.exit_code == 1 and "--bom applies to --format csv" in result.output


def test_evidence_is_the_last_column_space_separated():
    doc = injected_document()
    rules = ["cue:verb", "implicit", "antecedent:last-source", "sentences-back:1", "complement:tree"]
    doc = doc.model_copy(update={"claims": [c.model_copy(update={"evidence": rules if c.id == "c3" else []})
                                            for c in doc.claims]})
    assert COLUMNS[-1] == "evidence"
    rows = _rows(to_csv([doc]))
    assert [r["evidence"] for r in rows] == ["", "", " ".join(rules), ""]

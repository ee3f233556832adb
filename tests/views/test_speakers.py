"""Who said what: aggregation over documents, and the `speakers` command's table, CSV and JSON."""
from __future__ import annotations

import csv
import io
import json

import pytest

from click.testing import CliRunner

from attribution.cli import main
from attribution.views.who_said_what import who_said_what
from fakenlp import fake_model  # noqa: F401  (fixture)
from reportdata import EVIL_ENTITY, claim, injected_document
from attribution.run.build import build_document

SECOND = "قالت المتحدثة إن الوفد وصل.\n\nوقال [bold]مسؤول[/bold] إن الأمر انتهى.\n\nوأضاف أن الخطة جاهزة."


def _second_doc():
    t = SECOND
    claims = [claim(t, 1, "قالت", "الوفد وصل", "المتحدثة", "المتحدثة"),
              claim(t, 2, "وقال", "الأمر انتهى", "[bold]مسؤول[/bold]", "[bold]مسؤول[/bold]"),
              claim(t, 3, "وأضاف", "الخطة جاهزة", None, None)]
    return build_document(t, claims, "second.txt", "m")


def test_rows_count_claims_mentions_articles_and_first_claim():
    rows = who_said_what([injected_document(), _second_doc()])
    table = [(r.entity, r.claims, r.mentions, r.articles, r.first_claim, r.first_article) for r in rows]
    first_evil = injected_document().claims[0].content.text
    assert table == [
        ("المتحدثة", 3, 3, 2, "الخطة جاهزة", "evil.txt"),
        (EVIL_ENTITY, 2, 1, 1, first_evil, "evil.txt"),      # the implicit claim resolves to the same mention
        ("[bold]مسؤول[/bold]", 1, 1, 1, "الأمر انتهى", "second.txt"),
        (None, 1, 0, 1, "الخطة جاهزة", "second.txt"),         # unresolved last
    ]
    assert rows[0].forms == ["المتحدثة"]


def _claim_files(tmp_path):
    paths = []
    for doc in (injected_document(), _second_doc()):
        path = tmp_path / f"{doc.input.name}.json"
        path.write_text(doc.model_dump_json(), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_speakers_command_formats(tmp_path):
    paths = _claim_files(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["speakers", *paths, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["entity"] for d in data] == ["المتحدثة", EVIL_ENTITY, "[bold]مسؤول[/bold]", None]
    assert set(data[0]) >= {"entity", "mentions", "claims", "first_claim"}

    result = runner.invoke(main, ["speakers", *paths, "--format", "csv", "--bom"])
    assert result.output.startswith("\ufeffentity,kind,mentions,claims,articles,first_claim,first_article")
    rows = list(csv.DictReader(io.StringIO(result.output[1:])))
    assert rows[0]["entity"] == "المتحدثة" and rows[0]["claims"] == "3" and rows[-1]["entity"] == ""

    result = runner.invoke(main, ["speakers", *paths])
    assert result.exit_code == 0
    assert "المتحدثة" in result.output and "(unresolved)" in result.output
    assert "[bold]مسؤول[/bold]" in result.output     # article text is not read as rich markup
    assert "first claim" in result.output and "mentions" in result.output


def test_speakers_from_an_article_and_a_bad_file(tmp_path, fake_model):
    article = tmp_path / "a.txt"
    article.write_text("قال الوزير إن الاجتماع سيعقد غدا.", encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["speakers", str(article), str(broken), "--format", "json"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"error: {broken}: not JSON (Expecting property name enclosed in double quotes, line 1, column 2)" in lines
    data = json.loads("\n".join(line for line in lines if not line.startswith("error:")))
    assert data[0]["entity"] == "الوزير" and data[0]["claims"] == 1


def _doc_with(name: str, entity: str, kind: str):
    from attribution.claims.model import ClaimsDocument
    text = f"قال {entity} إن الأمر انتهى."
    start = 4
    span = {"text": entity, "start": start, "end": start + len(entity)}
    return ClaimsDocument.model_validate({
        "tool": {"version": "0"}, "model": "test",
        "input": {"name": name, "sha256": "0" * 64, "chars": len(text)},
        "claims": [{"id": "c1", "type": "indirect", "cue": {"text": "قال", "start": 0, "end": 3, "lemma": "قال"},
                    "speaker": {**span, "implicit": False, "resolved": span, "entity": entity, "entity_id": "e1"},
                    "content": {"text": "الأمر انتهى", "start": start + len(entity) + 4,
                                "end": start + len(entity) + 15},
                    "paragraph": 0, "sentence": 0, "confidence": 0.9}],
        "entities": [{"id": "e1", "name": entity, "kind": kind, "mentions": [span]}]})


@pytest.mark.parametrize("entity, kind, rows", [
    ("الشرطة", "unknown", 2),        # the police of two cities are two speakers
    ("مصادر", "anonymous", 2),       # generic sources never merge across articles
    ("نور الدين الطبوبي", "person", 1),   # a named person is one speaker across articles
    ("وزارة الدفاع", "organisation", 1),
])
def test_speakers_group_by_entity_across_articles(entity, kind, rows):
    table = who_said_what([_doc_with("a.txt", entity, kind), _doc_with("b.txt", entity, kind)])
    assert len(table) == rows
    assert sum(r.claims for r in table) == 2 and {r.kind for r in table} == {kind}

"""The claims model, its generated schema, and `attribution validate`."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.claims.model import ClaimsDocument
from attribution.cli import main
from attribution.run.build import build_document
from attribution.claims.schema import SCHEMA_PATH, schema_json
from attribution.claims.validate import offset_problems, reference_problems, schema_problems

TEXT = "وقال المتحدث إن الاجتماع سيعقد غدا."


def sample_document(text: str = TEXT) -> dict:
    claim = {
        "id": "c1", "type": "indirect",
        "cue": {"text": "وقال", "start": 0, "end": 4, "lemma": "قال"},
        "speaker": {"text": "المتحدث", "start": 5, "end": 12, "implicit": False,
                    "resolved": {"text": "المتحدث", "start": 5, "end": 12}, "entity": "المتحدث"},
        "content": {"text": "الاجتماع سيعقد غدا", "start": 16, "end": 34},
        "paragraph": 0, "sentence": 0, "confidence": 0.9,
    }
    doc = build_document(text, [], "x.txt", "bundled:ar_attr").model_dump()
    doc["claims"] = [claim]
    return doc


def test_committed_schema_matches_the_models():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_json(), \
        "schemas/claims.schema.json drifted: run `attribution schema --write`"


def test_schema_is_2020_12_and_accepts_a_model_dump():
    schema = json.loads(schema_json())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    doc = sample_document()
    ClaimsDocument.model_validate(doc)
    assert schema_problems(doc) == [] and offset_problems(doc, TEXT) == []


@pytest.mark.parametrize("mutate, path", [
    (lambda d: d["claims"][0].pop("cue"), "$.claims[0]"),
    (lambda d: d["claims"][0].__setitem__("type", "rumour"), "$.claims[0].type"),
    (lambda d: d["claims"][0]["content"].__setitem__("start", -1), "$.claims[0].content.start"),
    (lambda d: d["input"].__setitem__("sha256", "xyz"), "$.input.sha256"),
    (lambda d: d["claims"][0].__setitem__("confidence", 1.5), "$.claims[0].confidence"),
    (lambda d: d.__setitem__("extra", 1), "$"),
])
def test_schema_errors_carry_their_json_path(mutate, path):
    doc = sample_document()
    mutate(doc)
    problems = schema_problems(doc)
    assert problems and any(p.path == path for p in problems), problems


def test_offset_errors_name_the_span():
    doc = sample_document()
    doc["claims"][0]["content"]["start"] = 17
    problems = offset_problems(doc, TEXT)
    assert [p.path for p in problems] == ["$.claims[0].content"]
    assert offset_problems(sample_document(), TEXT + " ")[0].path == "$.input.sha256"


def with_entity(doc: dict) -> dict:
    doc["claims"][0]["speaker"]["entity_id"] = "e1"
    doc["entities"] = [{"id": "e1", "name": "المتحدث", "kind": "person",
                        "mentions": [{"text": "المتحدث", "start": 5, "end": 12}]}]
    return doc


def test_entity_mentions_and_references_are_checked():
    doc = with_entity(sample_document())
    assert schema_problems(doc) == [] and offset_problems(doc, TEXT) == [] and reference_problems(doc) == []
    doc["entities"][0]["mentions"][0]["start"] = 6
    assert [p.path for p in offset_problems(doc, TEXT)] == ["$.entities[0].mentions[0]"]
    doc = with_entity(sample_document())
    doc["claims"][0]["speaker"]["entity_id"] = "e9"
    assert [p.path for p in reference_problems(doc)] == ["$.claims[0].speaker.entity_id"]
    doc = with_entity(sample_document())
    doc["entities"].append(dict(doc["entities"][0]))
    assert [p.path for p in reference_problems(doc)] == ["$.entities[1].id"]
    doc = with_entity(sample_document())
    doc["entities"][0]["kind"] = "celebrity"
    assert any(p.path == "$.entities[0].kind" for p in schema_problems(doc))


def test_schema_1_0_documents_still_validate():
    doc = sample_document()
    doc["schema_version"] = "1.0"
    doc.pop("entities")
    assert schema_problems(doc) == [] and reference_problems(doc) == []


def test_validate_cli(tmp_path):
    good, bad, broken, article = (tmp_path / n for n in ("good.json", "bad.jsonl", "broken.json", "a.txt"))
    article.write_text(TEXT, encoding="utf-8")
    good.write_text(json.dumps(sample_document(), ensure_ascii=False), encoding="utf-8")
    wrong = sample_document()
    wrong["claims"][0]["cue"]["end"] = 3
    bad.write_text(json.dumps(sample_document(), ensure_ascii=False) + "\n" + json.dumps(wrong, ensure_ascii=False)
                   + "\n", encoding="utf-8")
    broken.write_text("{not json", encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(good), "--input", str(article)])
    assert ok.exit_code == 0 and "ok" in ok.output
    result = runner.invoke(main, ["validate", str(good), str(bad), str(broken), "--input", str(article)])
    assert result.exit_code == 1
    assert "line 2: $.claims[0].cue" in result.output
    assert "broken.json: $: not JSON" in result.output
    assert "Traceback" not in result.output


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("قال إن أن الوزير\n\r\"«»:،.ًّ") + ["\ufeff"]), max_size=80),
       st.integers(0, 80), st.integers(0, 80))
def test_offsets_check_holds_for_any_span(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    doc = sample_document(text)
    claim = doc["claims"][0]
    for key in ("cue", "content"):
        claim[key].update(text=text[start:end], start=start, end=end)
    claim["speaker"].update(text=None, start=None, end=None, implicit=True, resolved=None)
    assert offset_problems(doc, text) == []

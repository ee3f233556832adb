"""Schema 1.3's claim details (anonymous, title, name, stance, setting, sentence_span, content
parts) in the model and the schema, and `attribution validate` checking every one of their offsets."""
from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from attribution.claims.model import SCHEMA_VERSION, ClaimsDocument
from attribution.claims.validate import document_problems, schema_problems
from attribution.cli import main
from attribution.run.build import build_document

TEXT = ('"لن نتراجع"، قال نائب وزير العدل رود روزنستاين في مؤتمر صحفي، "وسنواصل التحقيق". '
        'ونفى مصدر مطلع طلب عدم الكشف عن هويته أن يكون التحقيق قد توقف.')


def span(piece: str, after: int = 0) -> dict:
    start = TEXT.index(piece, after)
    return {"text": piece, "start": start, "end": start + len(piece)}


def sample() -> dict:
    first, second = span("لن نتراجع"), span("وسنواصل التحقيق")
    speaker = span("نائب وزير العدل رود روزنستاين")
    source = span("مصدر مطلع")
    claims = [{
        "id": "c1", "type": "direct", "cue": {**span("قال"), "lemma": "قال"},
        "speaker": {**speaker, "implicit": False, "resolved": dict(speaker), "entity": "رود روزنستاين",
                    "anonymous": False, "title": span("نائب وزير العدل"), "name": span("رود روزنستاين")},
        "content": {"text": TEXT[first["start"]:second["end"]], "start": first["start"], "end": second["end"],
                    "parts": [first, second]},
        "stance": "assertion", "setting": span("في مؤتمر صحفي"),
        "paragraph": 0, "sentence": 0, "sentence_span": span(TEXT[:TEXT.index(". ") + 1]), "confidence": 0.9,
    }, {
        "id": "c2", "type": "indirect", "cue": {**span("ونفى"), "lemma": "نفي"},
        "speaker": {**source, "implicit": False, "resolved": dict(source), "entity": "مصدر مطلع",
                    "anonymous": True, "title": None, "name": None},
        "content": {**span("يكون التحقيق قد توقف"), "parts": []},
        "stance": "denial", "setting": None,
        "paragraph": 0, "sentence": 1, "sentence_span": span(TEXT[TEXT.index("ونفى"):]), "confidence": 0.9,
    }]
    doc = build_document(TEXT, [], "x.txt", "bundled:ar_attr").model_dump()
    doc["claims"] = claims
    return doc


def problems(doc: dict, text: str | None = TEXT) -> list[str]:
    return [p.path for p in document_problems(doc, text, 50)[0]]


def test_a_1_3_document_with_every_detail_validates():
    doc = sample()
    assert doc["schema_version"] == SCHEMA_VERSION == "1.3"
    assert problems(doc) == []
    parsed = ClaimsDocument.model_validate(doc)
    assert [p.text for p in parsed.claims[0].content.parts] == ["لن نتراجع", "وسنواصل التحقيق"]
    assert (parsed.claims[1].stance, parsed.claims[1].speaker.anonymous) == ("denial", True)


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_older_documents_without_the_details_still_validate(version):
    doc = sample()
    doc["schema_version"] = version
    for claim in doc["claims"]:
        for key in ("stance", "setting", "sentence_span"):
            claim.pop(key)
        for key in ("anonymous", "title", "name"):
            claim["speaker"].pop(key)
        claim["content"].pop("parts")
    assert problems(doc) == []
    parsed = ClaimsDocument.model_validate(doc).claims[0]
    assert (parsed.stance, parsed.setting, parsed.sentence_span, parsed.speaker.anonymous, parsed.speaker.title,
            parsed.content.parts) == ("assertion", None, None, False, None, [])


@pytest.mark.parametrize("path", [
    "$.claims[0].speaker.title", "$.claims[0].speaker.name", "$.claims[0].setting", "$.claims[0].sentence_span",
    "$.claims[0].content.parts[0]", "$.claims[0].content.parts[1]", "$.claims[1].sentence_span",
])
def test_every_new_offset_is_checked_against_the_text(path):
    doc = sample()
    target = doc
    for key in path[2:].replace("[", ".").replace("]", "").split("."):
        target = target[int(key)] if key.isdigit() else target[key]
    target["text"] = target["text"][:-1] + "x"
    assert problems(doc) == [path]


@pytest.mark.parametrize("mutate, path", [
    (lambda c: c["speaker"]["title"].update(span("مؤتمر")), "$.claims[0].speaker.title"),   # outside resolved
    (lambda c: c["speaker"]["name"].update(span("قال")), "$.claims[0].speaker.name"),
    (lambda c: c["content"]["parts"][1].update(span("ونفى")), "$.claims[0].content.parts[1]"),  # outside content
    (lambda c: c["content"]["parts"].reverse(), "$.claims[0].content.parts[1]"),           # out of order
    (lambda c: c["sentence_span"].update(span("قال نائب")), "$.claims[0].content"),        # content outside it
], ids=["title", "name", "part-outside", "parts-order", "sentence-span"])
def test_sub_spans_lie_inside_their_spans(mutate, path):
    doc = sample()
    mutate(doc["claims"][0])
    assert path in problems(doc) and path in problems(doc, None)  # no text needed for this check


@pytest.mark.parametrize("mutate, path", [
    (lambda c: c.__setitem__("stance", "doubt"), "$.claims[0].stance"),
    (lambda c: c["speaker"].__setitem__("anonymous", "yes"), "$.claims[0].speaker.anonymous"),
    (lambda c: c["content"]["parts"][0].pop("end"), "$.claims[0].content.parts[0]"),
    (lambda c: c["setting"].__setitem__("start", -1), "$.claims[0].setting"),  # a Span or null
])
def test_schema_types_of_the_details(mutate, path):
    doc = sample()
    mutate(doc["claims"][0])
    assert any(p.path == path for p in schema_problems(doc)), schema_problems(doc)


def test_validate_cli_reports_a_wrong_setting(tmp_path):
    article, good, bad = tmp_path / "a.txt", tmp_path / "good.json", tmp_path / "bad.json"
    article.write_text(TEXT, encoding="utf-8")
    good.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    wrong = copy.deepcopy(sample())
    wrong["claims"][0]["setting"]["start"] += 1
    bad.write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(good), "--input", str(article)]).exit_code == 0
    result = runner.invoke(main, ["validate", str(bad), "--input", str(article)])
    assert result.exit_code == 1 and "$.claims[0].setting" in result.output


def test_csv_carries_the_details():
    import csv
    import io

    from attribution.claims.csv_export import to_csv

    rows = list(csv.DictReader(io.StringIO(to_csv([ClaimsDocument.model_validate(sample())]), newline="")))
    first, second = rows
    assert (first["speaker_title"], first["speaker_name"], first["setting"], first["stance"]) == \
        ("نائب وزير العدل", "رود روزنستاين", "في مؤتمر صحفي", "assertion")
    assert [TEXT[int(a):int(b)] for a, b in (p.split(":") for p in first["content_parts"].split())] == \
        ["لن نتراجع", "وسنواصل التحقيق"]
    assert TEXT[int(first["setting_start"]):int(first["setting_end"])] == "في مؤتمر صحفي"
    assert TEXT[int(second["sentence_start"]):int(second["sentence_end"])].startswith("ونفى")
    assert (second["stance"], second["speaker_anonymous"], second["speaker_title"], second["setting"]) == \
        ("denial", "true", "", "")

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
        ("المتحدثة", 2, 2, 1, "الخطة جاهزة", "evil.txt"),      # a bare title: one row per article
        (EVIL_ENTITY, 2, 1, 1, first_evil, "evil.txt"),      # the implicit claim resolves to the same mention
        ("[bold]مسؤول[/bold]", 1, 1, 1, "الأمر انتهى", "second.txt"),
        ("المتحدثة", 1, 1, 1, "الوفد وصل", "second.txt"),
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
    assert [d["entity"] for d in data] == ["المتحدثة", EVIL_ENTITY, "[bold]مسؤول[/bold]", "المتحدثة", None]
    assert set(data[0]) >= {"entity", "mentions", "claims", "first_claim"}

    result = runner.invoke(main, ["speakers", *paths, "--format", "csv", "--bom"])
    assert result.output.startswith("\ufeffentity,kind,mentions,claims,articles,first_claim,first_article")
    rows = list(csv.DictReader(io.StringIO(result.output[1:])))
    assert rows[0]["entity"] == "المتحدثة" and rows[0]["claims"] == "2" and rows[-1]["entity"] == ""

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


def _doc(name: str, *speakers: tuple[str, str], entities: bool = True):
    """One article, one paragraph per speaker (قال <speaker> إن الأمر انتهى.), each speaker its
    own entity of the kind given (``entities=False``: a schema 1.0 document, names only)."""
    from attribution.claims.model import ClaimsDocument
    paragraphs, claims, found = [], [], []
    offset = 0
    for i, (entity, kind) in enumerate(speakers, 1):
        paragraph = f"قال {entity} إن الأمر انتهى."
        start = offset + 4
        span = {"text": entity, "start": start, "end": start + len(entity)}
        claims.append({"id": f"c{i}", "type": "indirect",
                       "cue": {"text": "قال", "start": offset, "end": offset + 3, "lemma": "قال"},
                       "speaker": {**span, "implicit": False, "resolved": span, "entity": entity,
                                   "entity_id": f"e{i}" if entities else None},
                       "content": {"text": "الأمر انتهى", "start": start + len(entity) + 4,
                                   "end": start + len(entity) + 15},
                       "paragraph": i - 1, "sentence": i - 1, "confidence": 0.9})
        found.append({"id": f"e{i}", "name": entity, "kind": kind, "mentions": [span]})
        paragraphs.append(paragraph)
        offset += len(paragraph) + 2
    text = "\n\n".join(paragraphs)
    data = {"tool": {"version": "0"}, "model": "test", "input": {"name": name, "sha256": "0" * 64, "chars": len(text)},
            "claims": claims}
    if entities:
        data["entities"] = found
    else:
        data["schema_version"] = "1.0"
    return ClaimsDocument.model_validate(data)


def _groups(rows) -> set[str]:
    """Each row as "a:name b:name", its claims' article letter and written speaker, sorted."""
    return {" ".join(sorted(f"{c['article'][0]}:{c['mention']}" for c in r.claim_list)) for r in rows}


P, O, U, A = "person", "organisation", "unknown", "anonymous"

# articles a, b, c, each a list of (speaker, kind); the rows expected
GROUPING = [
    # generic names never merge across articles, whatever kind the entity says
    ("police", [[("الشرطة", O)], [("الشرطة", O)]], {"a:الشرطة", "b:الشرطة"}),
    ("police unknown", [[("الشرطة", U)], [("الشرطة", U)]], {"a:الشرطة", "b:الشرطة"}),
    ("sources as an organisation", [[("مصادر", O)], [("مصادر", O)]], {"a:مصادر", "b:مصادر"}),
    ("an official", [[("مسؤول", P)], [("مسؤول", P)]], {"a:مسؤول", "b:مسؤول"}),
    ("a ministry of no country", [[("وزارة الدفاع", O)], [("وزارة الدفاع", O)]], {"a:وزارة الدفاع", "b:وزارة الدفاع"}),
    ("a spokesman of no country", [[("المتحدث باسم الخارجية", P)], [("المتحدث باسم الخارجية", P)]],
     {"a:المتحدث باسم الخارجية", "b:المتحدث باسم الخارجية"}),
    ("a prime minister", [[("رئيس الوزراء", P)], [("رئيس الوزراء", P)]], {"a:رئيس الوزراء", "b:رئيس الوزراء"}),
    ("local police", [[("الشرطة المحلية", O)], [("الشرطة المحلية", O)]], {"a:الشرطة المحلية", "b:الشرطة المحلية"}),
    ("و before a generic word", [[("الشرطة والجيش", O)], [("الشرطة والجيش", O)]],
     {"a:الشرطة والجيش", "b:الشرطة والجيش"}),
    # a specific word (a name, a country) makes one speaker across articles
    ("a named person", [[("نور الدين الطبوبي", P)], [("نور الدين الطبوبي", P)]],
     {"a:نور الدين الطبوبي b:نور الدين الطبوبي"}),
    ("a ministry of a country", [[("وزارة الدفاع الروسية", O)], [("وزارة الدفاع الروسية", O)]],
     {"a:وزارة الدفاع الروسية b:وزارة الدفاع الروسية"}),
    ("hamza, alif maqsura, diacritics", [[("أحمد عيسى", P)], [("احمد عيسي", P)], [("أَحْمد عيسى", P)]],
     {"a:أحمد عيسى b:احمد عيسي c:أَحْمد عيسى"}),
    ("عبد joined", [[("عبد الفتاح السيسي", P)], [("عبدالفتاح السيسي", P)]],
     {"a:عبد الفتاح السيسي b:عبدالفتاح السيسي"}),
    ("a title before a name", [[("الرئيس ترامب", P)], [("دونالد ترامب", P)], [("ترامب", U)]],
     {"a:الرئيس ترامب b:دونالد ترامب c:ترامب"}),
    ("titles that are the description stay", [[("نائب وزير الخارجية الفرنسي", P)], [("وزير الخارجية الفرنسي", P)]],
     {"a:نائب وزير الخارجية الفرنسي", "b:وزير الخارجية الفرنسي"}),
    # a name alone joins the one longer person name ending with it
    ("surname of unknown kind", [[("ترامب", U)], [("دونالد ترامب", P)]], {"a:ترامب b:دونالد ترامب"}),
    ("full name after a title", [[("الرئيس المصري عبدالفتاح السيسي", P)], [("عبدالفتاح السيسي", P)]],
     {"a:الرئيس المصري عبدالفتاح السيسي b:عبدالفتاح السيسي"}),
    ("ambiguous surname", [[("ترامب", U)], [("دونالد ترامب", P)], [("ميلانيا ترامب", P)]],
     {"a:ترامب", "b:دونالد ترامب", "c:ميلانيا ترامب"}),
    ("longer names first", [[("الرئيس الأمريكي دونالد ترامب", P)], [("دونالد ترامب", P)], [("ترامب", U)]],
     {"a:الرئيس الأمريكي دونالد ترامب b:دونالد ترامب c:ترامب"}),
    ("only person names take surnames", [[("ترامب", U)], [("منظمة ترامب", O)]], {"a:ترامب", "b:منظمة ترامب"}),
    ("a description is no surname", [[("مدير المخابرات الأمريكية", P)], [("نائب مدير المخابرات الأمريكية", P)]],
     {"a:مدير المخابرات الأمريكية", "b:نائب مدير المخابرات الأمريكية"}),
    # kinds
    ("a person is no organisation", [[("فورد", P)], [("فورد", O)]], {"a:فورد", "b:فورد"}),
    ("unknown joins an organisation", [[("رويترز", U)], [("رويترز", O)]], {"a:رويترز b:رويترز"}),
    ("unknown between a person and an organisation", [[("فورد", U)], [("فورد", P)], [("فورد", O)]],
     {"a:فورد", "b:فورد", "c:فورد"}),
    ("unknown alone stays per article", [[("إسرائيل", U)], [("إسرائيل", U)]], {"a:إسرائيل", "b:إسرائيل"}),
    ("anonymous never merges", [[("مصادر يمنية", A)], [("مصادر يمنية", A)]], {"a:مصادر يمنية", "b:مصادر يمنية"}),
    # within one article, two entities of one name
    ("one article", [[("السيسي", U), ("الرئيس المصري عبدالفتاح السيسي", P)]],
     {"a:الرئيس المصري عبدالفتاح السيسي a:السيسي"}),
]


@pytest.mark.parametrize("case, articles, expected", GROUPING, ids=[row[0] for row in GROUPING])
def test_speakers_group_by_name_across_articles(case, articles, expected):
    docs = [_doc(f"{letter}.txt", *speakers) for letter, speakers in zip("abc", articles)]
    rows = who_said_what(docs)
    assert _groups(rows) == expected
    assert sum(r.claims for r in rows) == sum(len(s) for s in articles)


@pytest.mark.parametrize("name, rows", [
    ("الشرطة", {"a:الشرطة", "b:الشرطة"}),                        # generic: per document
    ("دونالد ترامب", {"a:دونالد ترامب b:دونالد ترامب"}),          # specific: by name
])
def test_speakers_group_schema_1_0_documents_by_name(name, rows):
    docs = [_doc(f"{letter}.txt", (name, U), entities=False) for letter in "ab"]
    assert _groups(who_said_what(docs)) == rows


def test_a_merged_row_shows_its_fullest_name_and_the_person_kind():
    rows = who_said_what([_doc("a.txt", ("ترامب", U)), _doc("b.txt", ("دونالد ترامب", P))])
    assert [(r.entity, r.kind, r.claims, r.articles, r.forms) for r in rows] == [
        ("دونالد ترامب", P, 2, 2, ["ترامب", "دونالد ترامب"])]


def _write(tmp_path, *docs):
    paths = []
    for doc in docs:
        path = tmp_path / f"{doc.input.name}.json"
        path.write_text(doc.model_dump_json(), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_speakers_table_tells_rows_of_one_name_apart(tmp_path):
    paths = _write(tmp_path, _doc("london.txt", ("الشرطة", O)), _doc("foggia.txt", ("الشرطة", O)))
    result = CliRunner().invoke(main, ["speakers", *paths])
    assert result.exit_code == 0, result.output
    assert "الشرطة (london.txt)" in result.output and "الشرطة (foggia.txt)" in result.output


def test_speakers_all_lists_every_claim(tmp_path):
    paths = _write(tmp_path, _doc("a.txt", ("دونالد ترامب", P), ("الشرطة", O)), _doc("b.txt", ("ترامب", U)))
    runner = CliRunner()

    result = runner.invoke(main, ["speakers", *paths, "--all"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any("cue: claim" in line for line in lines)
    trump = next(n for n, line in enumerate(lines) if "دونالد ترامب" in line)
    assert "a.txt ¶1" in lines[trump + 1] and "قال: الأمر انتهى" in lines[trump + 1]
    assert "b.txt ¶1" in lines[trump + 2]
    assert "a.txt ¶2" in lines[trump + 4]            # under الشرطة, after its own row

    result = runner.invoke(main, ["speakers", *paths, "--all", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["entity", "kind", "mentions", "claims", "articles", "article", "claim_id", "paragraph",
                             "sentence", "type", "confidence", "cue", "mention", "content"]
    assert [(r["entity"], r["claims"], r["article"], r["claim_id"], r["paragraph"], r["mention"]) for r in rows] == [
        ("دونالد ترامب", "2", "a.txt", "c1", "0", "دونالد ترامب"),
        ("دونالد ترامب", "2", "b.txt", "c1", "0", "ترامب"),
        ("الشرطة", "1", "a.txt", "c2", "1", "الشرطة")]

    result = runner.invoke(main, ["speakers", *paths, "--all", "--format", "json"])
    data = json.loads(result.output)
    assert [(d["entity"], d["claims"], len(d["claim_list"])) for d in data] == [("دونالد ترامب", 2, 2), ("الشرطة", 1, 1)]
    assert data[0]["claim_list"][1] == {"article": "b.txt", "claim_id": "c1", "paragraph": 0, "sentence": 0,
                                        "type": "indirect", "confidence": 0.9, "cue": "قال", "mention": "ترامب",
                                        "content": "الأمر انتهى"}
    result = runner.invoke(main, ["speakers", *paths, "--format", "json"])
    assert "claim_list" not in json.loads(result.output)[0]       # without --all, rows only


def test_speakers_all_escapes_the_claims(tmp_path):
    doc = _doc("a.txt", ("دونالد ترامب", P))
    text = "قال دونالد ترامب إن \x1b]0;pwned\x07 انتهى."
    claim = doc.claims[0].model_copy(update={"content": doc.claims[0].content.model_copy(
        update={"text": text[20:], "start": 20, "end": len(text)})})
    doc = doc.model_copy(update={"claims": [claim], "input": doc.input.model_copy(update={"chars": len(text)})})
    result = CliRunner().invoke(main, ["speakers", *_write(tmp_path, doc), "--all"])
    assert "\x1b" not in result.output and "\\x1b]0;pwned\\x07" in result.output

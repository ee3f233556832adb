"""`attribution validate` as a strict, bounded validator: issue 18, rows V1 to V8.

Each hostile file gives one-line errors with a JSON path and position, exit status 1, and no
traceback; the output stays short whatever the size of the input."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from attribution.claims.read import MAX_DEPTH, StrictJSONError, loads, parse_records
from attribution.claims.validate import COUNT_LIMIT, _validator, validate_file
from attribution.cli import main
from test_schema_validate import TEXT, sample_document

LONGEST_LINE = 400


document = sample_document   # one valid one-claim document, shared with the schema tests

GOOD = json.dumps(document(), ensure_ascii=False)


def replaced(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def with_field(key: str, value) -> str:
    doc = document()
    doc[key] = value
    return json.dumps(doc)   # ensure_ascii: a lone surrogate is written as the escape \ud800


# (id, file content, what the error line says)
CASES = [
    ("V1 offset 3.0", replaced('"start": 16', '"start": 16.0'),
     "$.claims[0].content.start: 16.0 is not of type 'integer'"),
    ("V2 5,000-digit integer", replaced('"end": 34', '"end": ' + "7" * 5000),
     "$.claims[0].content.end: an integer of 5,000 digits (at most 30) (line 1, column "),
    ("V3 100k nested [", '{"claims": ' + "[" * 100_000,
     f"$: nested deeper than {MAX_DEPTH} levels (line 1, column 75)"),
    ("V3 100k nested {", '{"claims": ' + '{"a": ' * 100_000,
     f"$: nested deeper than {MAX_DEPTH} levels (line 1, column "),
    ("V4 lone surrogate in text", with_field("text", "\ud800" + TEXT),
     "$.text: a lone surrogate '\\ud800' in a string: not Unicode text"),
    ("V5 NaN confidence", replaced('"confidence": 0.9', '"confidence": NaN'),
     "$.claims[0].confidence: NaN is not a JSON number (line 1, column "),
    ("V5 Infinity", replaced('"confidence": 0.9', '"confidence": -Infinity'),
     "$.claims[0].confidence: -Infinity is not a JSON number"),
    ("V5 1e999", replaced('"confidence": 0.9', '"confidence": 1e999'),
     "$.claims[0].confidence: 1e999 is out of range (infinite)"),
    ("V6 duplicate claims key", '{"claims": [], ' + GOOD[1:],
     "$.claims: duplicate key 'claims': the object gives it twice (line 1, column "),
    ("V6 duplicate nested key", replaced('"end": 34', '"end": 34, "end": 35'),
     "$.claims[0].content.end: duplicate key 'end'"),
    ("V7 claims a 5 MB string", with_field("claims", "ab" * 2_500_000),
     "$.claims: 'ababab"),
]


def run_validate(tmp_path, content: str, *args: str, name: str = "claims.json"):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), *args])
    return result, [line.removeprefix(f"{path}: ") for line in result.output.splitlines()]


def assert_clean_failure(result, lines):
    assert result.exit_code == 1, result.output[:2000]
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert all(len(line) <= LONGEST_LINE for line in lines), max(len(line) for line in lines)


@pytest.mark.parametrize("case, content, expected", CASES, ids=[c[0] for c in CASES])
def test_hostile_json_is_one_clear_error(tmp_path, case, content, expected):
    result, lines = run_validate(tmp_path, content)
    assert_clean_failure(result, lines)
    assert len(lines) == 1 and lines[0].startswith(expected), lines


@pytest.mark.parametrize("case, content, expected", CASES, ids=[c[0] for c in CASES])
def test_hostile_jsonl_line_is_one_clear_error(tmp_path, case, content, expected):
    """The same documents as lines 2 of JSONL files: the error names the line; lines 1 and 3 are fine."""
    result, lines = run_validate(tmp_path, f"{GOOD}\n{content}\n{GOOD}\n", name="claims.jsonl")
    assert_clean_failure(result, lines)
    assert len(lines) == 1, lines
    head, _, rest = expected.partition(" (line 1, ")
    assert lines[0].startswith(f"line 2: {head}"), lines
    if rest:
        assert " (column " in lines[0]


def test_a_clean_file_still_passes(tmp_path):
    result, lines = run_validate(tmp_path, GOOD)
    assert result.exit_code == 0 and lines == ["ok"]
    result, lines = run_validate(tmp_path, GOOD + "\n" + GOOD + "\n", name="c.jsonl")
    assert result.exit_code == 0 and lines == ["ok"]


def bad_claims(n: int) -> str:
    doc = document()
    doc["claims"] = [{"id": i, "tx": 1} for i in range(n)]
    return json.dumps(doc)


def test_V8_many_invalid_claims_give_max_errors_lines_and_a_count(tmp_path):
    content = bad_claims(3000)
    total = sum(1 for _ in _validator().iter_errors(json.loads(content)))
    assert total > 20_000
    result, lines = run_validate(tmp_path, content)
    assert_clean_failure(result, lines)
    assert len(lines) == 21, lines[:3]
    assert lines[-1] == f"$: … and {total - 20:,} more errors in this document (--max-errors lists more)"
    assert lines[0].startswith("$.claims[0]")
    result, lines = run_validate(tmp_path, content, "--max-errors", "3")
    assert len(lines) == 4 and lines[-1].startswith(f"$: … and {total - 3:,} more errors")


def test_V8_counting_stops_at_the_count_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("attribution.claims.validate.COUNT_LIMIT", 50)
    result, lines = run_validate(tmp_path, bad_claims(100))
    assert len(lines) == 21 and lines[-1] == "$: … and more than 50 more errors in this document (counting stopped there)"
    assert COUNT_LIMIT >= 100_000


def test_V8_per_document_in_jsonl(tmp_path):
    result, lines = run_validate(tmp_path, bad_claims(50) + "\n" + GOOD + "\n" + bad_claims(2) + "\n",
                                 "--max-errors", "5", name="c.jsonl")
    assert_clean_failure(result, lines)
    assert [line.split(":")[0] for line in lines] == ["line 1"] * 6 + ["line 3"] * 5 + ["line 3"]
    assert lines[5].startswith("line 1: … and ") and lines[-1].startswith("line 3: … and ")


def test_max_errors_is_in_the_help():
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert "--max-errors N" in result.output and "Strict" in result.output
    assert CliRunner().invoke(main, ["validate", "--max-errors", "0", "x.json"]).exit_code == 2


def test_long_values_in_messages_are_excerpts(tmp_path):
    """Whatever the keyword (type, enum, pattern, additionalProperties, offsets), a 1 MB value is cut."""
    big = "ق" * 1_000_000
    doc = document()
    doc["claims"][0]["type"] = big                      # enum
    doc["input"]["sha256"] = big                        # pattern
    doc["claims"][0][big] = 1                           # additionalProperties, a 1 MB key
    doc["claims"][0]["cue"]["lemma"] = [big]            # type
    result, lines = run_validate(tmp_path, json.dumps(doc, ensure_ascii=False))
    assert_clean_failure(result, lines)
    assert len(lines) == 4 and all("…" in line for line in lines), lines
    doc = document()
    doc["text"] = TEXT                                   # carried: offsets are checked against it
    doc["claims"][0]["content"]["text"] = big
    result, lines = run_validate(tmp_path, json.dumps(doc, ensure_ascii=False))
    assert_clean_failure(result, lines)
    assert len(lines) == 1 and lines[0].startswith("$.claims[0].content: text[16:34] is 'الاجتماع سيعقد غدا', not 'ققق")


def test_errors_with_escape_sequences_are_escaped(tmp_path):
    doc = document()
    doc["claims"][0]["\x1b]0;pwned\x07"] = 1
    name = "bad\x1b[2J.json"
    result, lines = run_validate(tmp_path, json.dumps(doc), name=name)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "bad\\x1b[2J.json: $.claims[0]: Additional properties are not allowed ('\\x1b]0;pwned\\x07' was " \
           "unexpected)" in result.output


def test_not_utf8_and_syntax_errors_keep_their_wording(tmp_path):
    result, lines = run_validate(tmp_path, "")
    (tmp_path / "b.json").write_bytes(b'{"a": "\xff"}')
    out = CliRunner().invoke(main, ["validate", str(tmp_path / "b.json")]).output
    assert out.strip().endswith("b.json: $: not UTF-8 (byte 7)")
    (tmp_path / "b.jsonl").write_bytes(GOOD.encode() + b'\n{"a": "\xff"}\n')
    out = CliRunner().invoke(main, ["validate", str(tmp_path / "b.jsonl")]).output
    assert out.strip().endswith(f"b.jsonl: line 2: not UTF-8 (byte {len(GOOD.encode()) + 1 + 7:,})")
    assert validate_file(tmp_path / "nothing-here.json")[0].message.startswith("cannot read")


# --- the strict reader, also used by report, speakers and --resume -----------------------------

@pytest.mark.parametrize("text, path, message", [
    ('{"a": [1, {"b": NaN}]}', "$.a[1].b", "NaN is not a JSON number"),
    ('[1, 2, Infinity]', "$[2]", "Infinity is not a JSON number"),
    ('{"a": {"k": 1, "k": 2}}', "$.a.k", "duplicate key 'k'"),
    ('{"a": ' + "1" * 31 + "}", "$.a", "an integer of 31 digits"),
    ('{"a": -' + "1" * 31 + "}", "$.a", "an integer of 31 digits"),
    ('{"t": "x\\udc00"}', "$.t", "a lone surrogate '\\udc00'"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "$", f"nested deeper than {MAX_DEPTH} levels"),
])
def test_strict_loads_refuses(text, path, message):
    with pytest.raises(StrictJSONError) as caught:
        loads(text)
    assert caught.value.path == path and caught.value.msg.startswith(message)


@pytest.mark.parametrize("text", [
    '{"a": ' + "1" * 30 + "}",                             # 30 digits are fine
    "[" * MAX_DEPTH + "]" * MAX_DEPTH,                     # so is MAX_DEPTH
    '{"a": "' + "[" * 1000 + '"}',                         # brackets in a string are not nesting
    '{"t": "\\ud83d\\ude00 \\\\ud800"}',                   # a surrogate pair; an escaped backslash
    '{"k": 1, "K": 2, "x": {"k": 1}}',                     # same key in two objects
])
def test_strict_loads_accepts(text):
    assert loads(text) == json.loads(text)


def test_jsonl_records_split_at_newlines_only():
    """U+2028 and U+0085 are line breaks to str.splitlines() but may stand raw in a JSON string
    (pydantic writes them so): a JSONL line holding one is one record."""
    raw = '{"t": "a\u2028b\x85c"}\n{"t": 2}\r\n'
    records = list(parse_records(raw, jsonl=True))
    assert [r.data for r in records] == [{"t": "a\u2028b\x85c"}, {"t": 2}] and [r.line for r in records] == [1, 2]

"""Terminal safety (issue 18, row R1): text from inputs and claims files reaches the terminal with
its control characters escaped (``speakers``, ``report``, ``validate``, ``extract``'s lines);
files written keep the data as it is."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from attribution.cli import main
from attribution.run.batch import Progress
from attribution.run.build import build_document
from attribution.termsafe import clip, excerpt, printable
from fakenlp import fake_model  # noqa: F401  (fixture)
from reportdata import claim

TITLE = "\x1b]0;pwned\x07"       # retitles the terminal window
CLEAR = "\x1b[2J"                 # clears the screen
CSI8 = "\x9b31m"                  # the one-byte CSI of C1
TEXT = f"قال {TITLE}الوزير إن {CLEAR}الأمر محسوم{CSI8}.\n\nوأضاف أن الخطة جاهزة."
RAW = ("\x1b", "\x07", "\x9b")


@pytest.mark.parametrize("text, one_line, multiline", [
    ("plain ASCII", "plain ASCII", "plain ASCII"),
    ("قال الوزير إن الأمر محسوم", "قال الوزير إن الأمر محسوم", "قال الوزير إن الأمر محسوم"),
    ("\u200fمرحبا\u200c\u061c", "\u200fمرحبا\u200c\u061c", "\u200fمرحبا\u200c\u061c"),   # marks, ZWNJ: kept
    (TITLE, "\\x1b]0;pwned\\x07", "\\x1b]0;pwned\\x07"),
    (CLEAR, "\\x1b[2J", "\\x1b[2J"),
    ("a\x00b\x7fc\x9bd\x85e", "a\\x00b\\x7fc\\x9bd\\x85e", "a\\x00b\\x7fc\\x9bd\\x85e"),
    ("tab\tkept", "tab\tkept", "tab\tkept"),
    ("one\ntwo\r\nthree\rover", "one\\ntwo\\r\\nthree\\rover", "one\ntwo\r\nthree\\rover"),
    ("\u202eتجاوز\u202c \u2066عزل\u2069", "\\u202eتجاوز\\u202c \\u2066عزل\\u2069",
     "\\u202eتجاوز\\u202c \\u2066عزل\\u2069"),                                            # bidi overrides
    ("line\u2028sep", "line\\u2028sep", "line\\u2028sep"),
    ("lone \ud800", "lone \\ud800", "lone \\ud800"),
])
def test_printable(text, one_line, multiline):
    assert printable(text) == one_line
    assert printable(text, newlines=True) == multiline
    printable(text).encode("utf-8")        # always writable, lone surrogates included


def test_excerpt_and_clip_are_bounded():
    assert len(excerpt("x" * 10_000_000)) <= 82 and excerpt("x" * 10_000_000).count("…") == 1
    assert excerpt(TITLE) == "'\\x1b]0;pwned\\x07'"
    assert len(excerpt({"k": ["v" * 1000] * 1000})) < 200
    assert clip("abc") == "abc" and len(clip("z" * 1000, 80)) == 80


def hostile_document(name: str = "hostile.txt"):
    t = TEXT
    claims = [claim(t, 1, "قال", f"{CLEAR}الأمر محسوم{CSI8}", f"{TITLE}الوزير", f"{TITLE}الوزير"),
              claim(t, 2, "وأضاف", "الخطة جاهزة", None, None)]
    return build_document(t, claims, name, "test:fake", notes=[f"note with {TITLE} and {CLEAR}"], carry_text=True)


@pytest.fixture()
def claims_file(tmp_path):
    path = tmp_path / f"claims{CLEAR}.json"
    path.write_text(hostile_document().model_dump_json(), encoding="utf-8")
    return path


def invoke(args, on_terminal=False, monkeypatch=None):
    if monkeypatch is not None:
        monkeypatch.setattr("attribution.cli._on_terminal", lambda: on_terminal)
    return CliRunner().invoke(main, [str(a) for a in args])


# (row, arguments given the claims file and tmp_path, whether stdout counts as a terminal, what shows, escaped)
R1 = [
    ("speakers table", lambda f, d: ["speakers", f], False, "│ \\x1b]0;pwned\\x07ال"),   # the 80 columns cut it
    ("speakers table: first claim", lambda f, d: ["speakers", f], False, "محسوم\\x9b31m"),
    ("speakers csv on a terminal", lambda f, d: ["speakers", f, "--format", "csv"], True,
     "\\x1b]0;pwned\\x07الوزير"),
    ("speakers json on a terminal", lambda f, d: ["speakers", f, "--format", "json"], True, "\\x9b31m"),
    ("speakers: the note", lambda f, d: ["speakers", f], False, "note with \\x1b]0;pwned\\x07 and \\x1b[2J"),
    ("report: the note", lambda f, d: ["report", f, "-o", d / "r.html"], False,
     "note with \\x1b]0;pwned\\x07 and \\x1b[2J"),
    ("report: the file name in a note", lambda f, d: ["report", f, "-o", d / "r.html"], False,
     "claims\\x1b[2J.json: note"),
    ("report: wrote FILE", lambda f, d: ["report", f, "-o", d / f"r{TITLE}.html"], False,
     "r\\x1b]0;pwned\\x07.html: 1 articles"),
    ("report: cannot write FILE", lambda f, d: ["report", f, "-o", d / f"no{CLEAR}" / "r.html"], False,
     "no\\x1b[2J/r.html: cannot write"),
    ("report: error for an input", lambda f, d: ["report", f, d / f"gone{TITLE}.json", "-o", d / "r.html"], False,
     "gone\\x1b]0;pwned\\x07.json"),
    ("validate: the file name", lambda f, d: ["validate", f], False, "claims\\x1b[2J.json: ok"),
]


@pytest.mark.parametrize("row, args, on_terminal, shown", R1, ids=[r[0] for r in R1])
def test_R1_no_raw_escapes_reach_the_terminal(claims_file, tmp_path, monkeypatch, row, args, on_terminal, shown):
    result = invoke(args(claims_file, tmp_path), on_terminal, monkeypatch)
    assert "Traceback" not in result.output
    for raw in RAW:
        assert raw not in result.output, (row, result.output)
    assert shown in result.output, result.output


def test_outputs_written_keep_the_data(claims_file, tmp_path, monkeypatch):
    """Not a terminal (a pipe, a file): CSV and JSON rows are data and stay as they are."""
    piped = invoke(["speakers", claims_file, "--format", "csv"], False, monkeypatch)
    assert f"{TITLE}الوزير" in piped.output
    out = tmp_path / "s.json"
    invoke(["speakers", claims_file, "--format", "json", "-o", out], True, monkeypatch)
    assert json.loads(out.read_text(encoding="utf-8"))[0]["entity"] == f"{TITLE}الوزير"


def test_extract_lines_and_progress_are_escaped(tmp_path, fake_model):
    src = tmp_path / "in"
    src.mkdir()
    (src / f"a{TITLE}.txt").write_text("قال الوزير إن الأمر محسوم.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(src), "--format", "jsonl", "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0, result.output
    assert "a\\x1b]0;pwned\\x07.txt: " in result.output and not any(raw in result.output for raw in RAW)


def test_progress_bar_and_its_lines_are_escaped():
    stream = io.StringIO()
    with Progress(stream=stream, total=2, progress=True) as reporter:
        reporter.info(f"note: x{CLEAR}.txt: {TITLE}")
        reporter.error(f"b{TITLE}.txt: cannot read")
        reporter.advance(f"c{TITLE}[/bold].txt")      # a file name is not rich markup either
    out = stream.getvalue()
    assert "\x07" not in out and "]0;pwned" not in out.replace("\\x1b]0;pwned", "") and "\x1b[2J" not in out
    assert "note: x\\x1b[2J.txt: \\x1b]0;pwned\\x07" in out and "error: b\\x1b]0;pwned\\x07.txt" in out
    plain = io.StringIO()
    Progress(stream=plain, progress=False).info(f"x{CLEAR}\ny")
    assert plain.getvalue() == "x\\x1b[2J\\ny\n"

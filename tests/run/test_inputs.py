"""Reading inputs: .txt (BOM, CRLF), .html via trafilatura, .jsonl records, globs, directories, stdin."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from attribution.cli import main
from attribution.run.inputs import Article, InputError, article_files, count_articles, iter_articles, read_article
from attribution.claims.validate import offset_problems
from fakenlp import fake_model  # noqa: F401  (fixture)

ARTICLE = "قال الوزير إن الاجتماع سيعقد غدا."
PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head><body>
<nav><a href="/">الرئيسية</a> | <a href="/news">أخبار</a></nav>
<article><h1>{title}</h1>
<p>قال وزير الخارجية إن الاجتماع سيعقد غدا في القاهرة لبحث الأزمة مع الوفود المشاركة كلها.</p>
<p>وأضاف أن "الحل قريب" وأن المفاوضات &lt;script&gt;alert(1)&lt;/script&gt; ستستمر حتى نهاية الأسبوع.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def _page(tmp_path, name="page.html", charset="utf-8", title="الوزير يعلن موعد الاجتماع"):
    path = tmp_path / name
    path.write_bytes(PAGE.format(charset=charset, title=title).encode(charset))
    return path


def test_txt_drops_bom_keeps_crlf(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "سطر\r\n\r\nسطر".encode())
    article = read_article(path)
    assert article.text == "سطر\r\n\r\nسطر" and not article.carry_text and article.stem == "a"


def test_html_main_text_in_paragraphs_with_title(tmp_path):
    article = read_article(_page(tmp_path))
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "الوزير يعلن موعد الاجتماع"
    assert paragraphs[1].startswith("قال وزير الخارجية")
    assert "<script>alert(1)</script>" in paragraphs[2]      # entities decoded: it is article text now
    assert "الرئيسية" not in article.text and "الحقوق" not in article.text   # boilerplate dropped
    assert article.carry_text and article.name == "page.html"


def test_html_in_windows_1256_is_decoded_by_its_meta_charset(tmp_path):
    article = read_article(_page(tmp_path, charset="windows-1256"))
    assert "قال وزير الخارجية" in article.text


def test_html_without_article_text_is_an_error(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    items = list(iter_articles([str(path)]))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert str(items[0]) == f"{path}: no article text found in this HTML page"


def test_html_extract_carries_text_and_offsets_index_it(tmp_path, fake_model):
    out = tmp_path / "page.json"
    result = CliRunner().invoke(main, ["extract", str(_page(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["text"] and doc["text"].startswith("الوزير يعلن") and doc["claims"]
    assert offset_problems(doc, None) == []


def test_jsonl_records_and_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "a/1", "text": ARTICLE}, ensure_ascii=False), "", "{not json",
             json.dumps({"id": 7, "text": "نص"}, ensure_ascii=False), json.dumps({"text": "بلا معرف"}),
             json.dumps({"id": "x", "text": ["list"]}), '{"id": "s", "text": "\\ud800"}', "[1, 2]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_articles([str(path)]))
    good = [i for i in items if isinstance(i, Article)]
    bad = [str(i) for i in items if isinstance(i, InputError)]
    assert [(a.name, a.stem, a.text, a.carry_text) for a in good] == [
        ("a/1", "batch-a_1", ARTICLE, True), ("7", "batch-7", "نص", True)]
    assert good[0].source == f"{path}:1"
    assert bad == [f"{path}:3: not JSON (Expecting property name enclosed in double quotes, column 2)",
                   f"{path}:5: missing \"id\" (a string or number)",
                   f"{path}:6: \"text\" must be a string",
                   f"{path}:7: \"text\" holds an unpaired surrogate at character 0",
                   f"{path}:8: expected an object with \"id\" and \"text\""]
    assert count_articles([str(path)]) == 7


def test_directories_recurse_globs_expand_and_report_misses(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.txt", "sub/c.txt", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    _page(tmp_path / "sub", "d.html")
    names = [i.name for i in iter_articles([str(tmp_path)])]
    assert names == ["a.txt", "b.txt", "c.txt", "d.html"]
    assert [i.name for i in iter_articles([str(tmp_path / "*.txt")])] == ["a.txt", "b.txt"]
    assert [i.name for i in iter_articles([str(tmp_path / "**" / "*.txt")])] == ["a.txt", "b.txt", "c.txt"]
    missing = list(iter_articles([str(tmp_path / "*.xml"), str(tmp_path / "nope.txt")]))
    assert [str(m) for m in missing] == [f"{tmp_path / '*.xml'}: no files match this pattern",
                                         f"{tmp_path / 'nope.txt'}: no such file"]


def test_directory_listing_in_path_order_whatever_the_names(tmp_path):
    # '-' and '.' sort before '/' as characters but a directory's files come before its neighbours'
    names = ["a-b.txt", "a/z.txt", "a/b/c.TXT", "a.b/x.htm", "A.txt", "b.jsonl", "a/.tmp.txt", "a/skip.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    expected = sorted(p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith(".")
                      and p.suffix.lower() in (".txt", ".html", ".htm", ".jsonl"))
    assert [Path(p) for p in reversed(article_files(tmp_path))] == expected
    first = [a for a, _ in zip(iter_articles([str(tmp_path)]), range(3))]
    assert [a.path for a in first] == expected[:3]


def test_stdin_as_text_html_and_jsonl(fake_model):
    runner = CliRunner()
    result = runner.invoke(main, ["extract", "-", "-q"], input=ARTICLE.encode())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["input"]["name"] == "-"
    html = PAGE.format(charset="utf-8", title="عنوان").encode()
    result = runner.invoke(main, ["extract", "-", "--input-format", "html", "-q"], input=html)
    doc = json.loads(result.output)
    assert result.exit_code == 0 and doc["text"].startswith("عنوان") and doc["claims"]
    records = "\n".join(json.dumps({"id": n, "text": ARTICLE}, ensure_ascii=False) for n in ("x", "y"))
    result = runner.invoke(main, ["extract", "-", "--input-format", "jsonl", "--format", "jsonl", "-q"],
                           input=records.encode())
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["input"]["name"] for line in result.output.splitlines()] == ["x", "y"]


def test_count_articles_stops_at_its_limit(tmp_path):
    from attribution.run.inputs import count_articles

    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": "نص"}) + "\n" for k in range(100)), encoding="utf-8")
    for k in range(5):
        (tmp_path / f"{k}.txt").write_text("نص", encoding="utf-8")
    assert count_articles([str(tmp_path)]) == 105
    assert count_articles([str(tmp_path)], limit=12) == 12
    assert count_articles([str(tmp_path / "0.txt"), str(path)], limit=30) == 30
    assert count_articles([str(tmp_path / "0.txt"), "-"], limit=30) is None


# --- headline, address and date (issue 16 item 4) ------------------------------------------------

META_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>الوزير يعلن موعد الاجتماع</title>
<link rel="canonical" href="https://example.com/news/2018/06/12/meeting.html">
<meta property="article:published_time" content="2018-06-12T09:30:00+03:00"></head><body>
<article><h1>الوزير يعلن موعد الاجتماع</h1>
<p>قال وزير الخارجية إن الاجتماع سيعقد غدا في القاهرة لبحث الأزمة مع الوفود المشاركة كلها.</p>
<p>وأضاف أن المفاوضات ستستمر حتى نهاية الأسبوع المقبل مع كل الأطراف المعنية بالملف.</p>
</article></body></html>"""


def test_html_page_metadata_is_read_with_its_text(tmp_path):
    path = tmp_path / "meeting.html"
    path.write_text(META_PAGE, encoding="utf-8")
    article = read_article(path)
    assert article.meta == {"title": "الوزير يعلن موعد الاجتماع",
                            "url": "https://example.com/news/2018/06/12/meeting.html", "date": "2018-06-12"}
    assert read_article(_page(tmp_path)).meta == {"title": "الوزير يعلن موعد الاجتماع"}   # no link, no date


@pytest.mark.parametrize("fields, meta", [
    ({"title": "عنوان", "url": "https://x.test/a", "date": "2018-06-12"},
     {"title": "عنوان", "url": "https://x.test/a", "date": "2018-06-12"}),
    ({"headline": " عنوان آخر "}, {"title": "عنوان آخر"}),               # headline read as the title
    ({"title": "الأول", "headline": "الثاني"}, {"title": "الأول"}),
    ({"date": 20180612}, {"date": "20180612"}),                          # a number date as written
    ({"title": "", "url": None}, {}),                                   # empty or null: nothing to keep
    ({}, None),
])
def test_jsonl_title_url_and_date_are_kept(tmp_path, fields, meta):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": 1, "text": ARTICLE, **fields}, ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = iter_articles([str(path)])
    assert isinstance(article, Article) and (article.meta or None) == (meta or None)


@pytest.mark.parametrize("fields, message", [
    ({"title": ["a"]}, '"title" must be a string'),
    ({"url": 5}, '"url" must be a string'),
    ({"date": True}, '"date" must be a string'),
])
def test_jsonl_metadata_of_the_wrong_type_is_a_one_line_error(tmp_path, fields, message):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": 1, "text": ARTICLE, **fields}) + "\n" +
                    json.dumps({"id": 2, "text": ARTICLE}) + "\n", encoding="utf-8")
    first, second = iter_articles([str(path)])
    assert isinstance(first, InputError) and str(first) == f"{path}:1: {message}"
    assert isinstance(second, Article)


def test_metadata_reaches_the_claims_input_and_the_review_page(tmp_path, fake_model):
    src = tmp_path / "batch.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": ARTICLE, "title": "الوزير يتحدث",
                               "url": "https://example.com/a1", "date": "2018-06-12"}, ensure_ascii=False) + "\n" +
                   json.dumps({"id": "a2", "text": ARTICLE, "url": "javascript:alert(1)"}) + "\n",
                   encoding="utf-8")
    html = tmp_path / "meeting.html"
    html.write_text(META_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(src), str(html), "-o", str(out) + "/", "-q"])
    assert result.exit_code == 0, result.output
    docs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.iterdir()}
    assert {k: docs["batch-a1.json"]["input"][k] for k in ("title", "url", "date")} == \
        {"title": "الوزير يتحدث", "url": "https://example.com/a1", "date": "2018-06-12"}
    assert docs["meeting.json"]["input"]["date"] == "2018-06-12"
    assert docs["batch-a2.json"]["input"]["title"] is None
    page = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["report", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html_text = page.read_text(encoding="utf-8")
    assert '<h2 dir="auto">الوزير يتحدث</h2>' in html_text          # the headline, not the id
    assert '<time dir="ltr">2018-06-12</time>' in html_text
    assert '<a href="https://example.com/a1" dir="ltr" rel="noopener noreferrer">' in html_text
    assert 'href="javascript:' not in html_text and "<bdi>javascript:alert(1)</bdi>" in html_text

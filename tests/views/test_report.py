"""The review page as HTML: escaping, self-containment, highlights, index; the `report` command."""
from __future__ import annotations

import base64
import hashlib
import html
import re

import pytest
from click.testing import CliRunner

from attribution.cli import main
from attribution.views.review_page import ReportItem, render_report
from fakenlp import fake_model  # noqa: F401  (fixture)
from reportdata import EVIL_ENTITY, INJECTED, injected_document


def _page(doc=None, text=INJECTED):
    doc = doc or injected_document()
    return render_report([ReportItem(doc, text, "evil.txt")])


def _text_div(page: str) -> str:
    return re.search(r'<div class="text">(.*?)</div>', page, re.S).group(1)


def test_article_markup_is_escaped_everywhere():
    page = _page()
    assert page.count("<script") == 1 and page.count("</script>") == 1          # ours only
    for tag in ("<img", "<svg", "<iframe", "</textarea", "<b "):
        assert tag not in page, tag
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=y onerror=&quot;window.__pwned=5&quot;&gt;الوزير" in page   # entity name too


def test_page_is_self_contained_and_locked_down_by_csp():
    page = _page()
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    markup = page.replace(script, "")
    assert not re.search(r"""(src|href)\s*=|url\(|@import|https?://""", markup.replace("&quot;", '"')
                         .replace(html.escape(INJECTED), "").replace(html.escape(EVIL_ENTITY), "")
                         .replace("src=x", "").replace("src=y", "").replace("src=javascript", ""))
    # the script loads nothing either: the one link it makes is the export's download of a Blob
    assert not re.search(r"https?://|\.src\b|fetch\(|XMLHttpRequest|import\(|innerHTML|insertAdjacentHTML|"
                         r"document\.write", script)
    assert re.findall(r"\w+\.href = \w+", script) == ["link.href = url"]
    assert "var url = URL.createObjectURL(new Blob(" in script
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp
    assert '<html lang="ar" dir="rtl">' in page and "Noto Naskh Arabic" in page


def test_highlights_rebuild_the_exact_text_and_mark_every_span():
    doc = injected_document()
    page = _page(doc)
    body = _text_div(page)
    # drop the implicit-speaker markers and our tags (the text has no raw "<" left), unescape: the article
    without_markers = re.sub(r'<span class="implicit"[^>]*>.*?</span>', "", body)
    assert html.unescape(re.sub(r"<[^>]+>", "", without_markers)) == INJECTED
    segments = re.findall(r'<span class="hl ([^"]+)" data-claims="([^"]+)" data-entities="([^"]+)" data-o="\d+">'
                          r'(.*?)</span>', body, re.S)
    for k, claim in enumerate(doc.claims, 1):
        key = f"d0-k{k}"
        cue = "".join(html.unescape(t) for cls, keys, _, t in segments if "r-cue" in cls and key in keys.split())
        assert cue == claim.cue.text
        covered = "".join(html.unescape(t) for cls, keys, _, t in segments if key in keys.split())
        assert claim.content.text in covered
    # implicit speaker of c3 right after its cue, with the resolved canonical name
    marker = re.search(r'>(وأكد)</span><span class="implicit" data-claims="d0-k3" data-entities="e1" '
                       r'data-at="(\d+)" title="[^"]+">([^<]*)</span>', body)
    assert marker and html.unescape(marker.group(3)) == EVIL_ENTITY
    assert int(marker.group(2)) == doc.claims[2].cue.end   # where it stands, for the review's offsets


def test_speaker_index_counts_and_claim_cards():
    page = _page()
    index = re.findall(r'data-entity="([^"]+)" aria-pressed="[a-z]+"><span class="name">([^<]*)</span>'
                       r'<span class="count">(\d+)</span>', page)
    assert [(e, html.unescape(n), c) for e, n, c in index] == [
        ("all", "الكل", "4"), ("e1", EVIL_ENTITY, "2"), ("e2", "المتحدثة", "2")]
    cards = re.findall(r'<li class="claim" id="(d0-k\d)" data-entity="(e\d)" data-type="([a-z_]+)"', page)
    assert cards == [("d0-k1", "e1", "mixed"), ("d0-k2", "e2", "indirect"), ("d0-k3", "e1", "indirect"),
                     ("d0-k4", "e2", "indirect")]
    assert page.count('<span class="confidence" title="confidence">0.90</span>') == 3
    assert '<span class="confidence" title="confidence">0.75</span>' in page
    assert 'title="mixed">مختلط</span>' in page


def test_speaker_index_groups_as_the_speakers_command_does():
    """The page's index and `speakers` agree: a bare surname joins the one longer person name it
    ends (ترامب with دونالد ترامب, across articles), a generic name stays per article."""
    from test_speakers import _doc
    from attribution.views.who_said_what import who_said_what

    docs = [_doc("a.txt", ("دونالد ترامب", "person"), ("الشرطة", "organisation")),
            _doc("b.txt", ("ترامب", "unknown"), ("الشرطة", "organisation"))]
    page = render_report([ReportItem(doc, "\n\n".join(f"قال {c.speaker.text} إن الأمر انتهى." for c in doc.claims))
                          for doc in docs])
    index = re.findall(r'data-entity="(e\d+)" aria-pressed="[a-z]+"><span class="name">([^<]*)</span>'
                       r'<span class="count">(\d+)</span>', page)
    assert sorted((html.unescape(n), c) for _, n, c in index) == [
        ("الشرطة", "1"), ("الشرطة", "1"), ("دونالد ترامب", "2")]
    rows = who_said_what(docs)
    assert sorted((r.entity, r.claims) for r in rows) == [("الشرطة", 1), ("الشرطة", 1), ("دونالد ترامب", 2)]
    trump = next(e for e, n, _ in index if html.unescape(n) == "دونالد ترامب")
    cards = re.findall(r'<li class="claim" id="(d\d-k\d)" data-entity="(e\d+)"', page)
    assert sorted(k for k, e in cards if e == trump) == ["d0-k1", "d1-k1"]


def test_claim_cards_show_an_anonymous_source_a_denial_the_setting_and_the_pieces_of_a_split_quote():
    from attribution.claims.model import ClaimsDocument

    text = '"الوضع صعب"، قال مصدر مطلع في بيان، "والحل بعيد".\n\nونفى الوزير أن يكون الاتفاق قد فشل.'

    def at(needle):
        start = text.index(needle)
        return {"text": needle, "start": start, "end": start + len(needle)}

    def speaker(needle, anonymous=False):
        return {**at(needle), "implicit": False, "resolved": at(needle), "entity": needle, "anonymous": anonymous}

    first, second = at("الوضع صعب"), at("والحل بعيد")
    whole = {"text": text[first["start"]:second["end"]], "start": first["start"], "end": second["end"],
             "parts": [first, second]}
    claims = [
        {"id": "c1", "type": "direct", "cue": {**at("قال"), "lemma": "قال"}, "speaker": speaker("مصدر مطلع", True),
         "content": whole, "setting": at("في بيان"), "paragraph": 0, "sentence": 0, "confidence": 0.8},
        {"id": "c2", "type": "indirect", "cue": {**at("ونفى"), "lemma": "نفى"}, "speaker": speaker("الوزير"),
         "content": at("يكون الاتفاق قد فشل"), "stance": "denial", "paragraph": 1, "sentence": 1,
         "confidence": 0.9}]
    doc = ClaimsDocument.model_validate({"tool": {"version": "0"}, "model": "test", "claims": claims,
                                         "input": {"name": "a.txt", "sha256": "0" * 64, "chars": len(text)}})
    page = render_report([ReportItem(doc, text)])
    c1 = page[page.index('id="d0-k1"'):page.index('id="d0-k2"')]
    c2 = page[page.index('id="d0-k2"'):]
    assert 'title="anonymous source">مصدر مجهول</span>' in c1 and "denial" not in c1
    assert '<div class="setting" title="setting: where or how it was said">في بيان</div>' in c1
    assert "<blockquote>الوضع صعب … والحل بعيد</blockquote>" in c1
    assert 'title="denial">نفي</span>' in c2 and "anonymous source" not in c2
    # in the article only the quoted pieces are highlighted as content, not the cue and source between
    content = re.findall(r'<span class="hl [^"]*r-content[^"]*" data-claims="([^"]*)"[^>]*>([^<]*)</span>', page)
    assert [piece for keys, piece in content if "d0-k1" in keys.split()] == ["الوضع صعب", "والحل بعيد"]


def test_empty_document_and_notes_render():
    from attribution.run.build import build_document
    doc = build_document("Hello <b>world</b>", [], "en.txt", "m", ["no Arabic text found: nothing to attribute"])
    page = render_report([ReportItem(doc, "Hello <b>world</b>")])
    assert "لا توجد ادعاءات" in page and "no Arabic text found" in page and "Hello &lt;b&gt;world" in page


def test_report_command_from_claims_files_and_articles(tmp_path, fake_model):
    article = tmp_path / "a.txt"
    article.write_text("قال الوزير إن الاجتماع سيعقد غدا.\n\nوأضاف أن <b>الحل</b> قريب.", encoding="utf-8")
    runner = CliRunner()
    claims_dir = tmp_path / "claims"
    assert runner.invoke(main, ["extract", str(article), "-o", str(claims_dir) + "/", "-q"]).exit_code == 0
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    claims_file = claims_dir / "a.json"
    claims_file.rename(moved / "a.json")
    claims_file = moved / "a.json"
    (tmp_path / "src").mkdir()
    article = article.rename(tmp_path / "src" / "a.txt")   # not where input.path says any more

    out = tmp_path / "report.html"
    result = runner.invoke(main, ["report", str(claims_file), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert f"error: {claims_file}: article 'a.txt' not found (or changed since extraction): pass --articles DIR" \
        in result.output

    result = runner.invoke(main, ["report", str(claims_file), "--articles", str(tmp_path / "src"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('class="claim"') == 2 and "&lt;b&gt;الحل&lt;/b&gt;" in page

    article.write_text("نص آخر", encoding="utf-8")     # the article changed since: sha256 no longer matches
    result = runner.invoke(main, ["report", str(claims_file), "--articles", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1 and "not found (or changed since extraction)" in result.output

    page_html = tmp_path / "p.html"
    page_html.write_text("<html><head><title>خبر</title></head><body><article><p>قال الوزير إن الوفد سيصل "
                         "غدا إلى العاصمة لبحث الملفات العالقة بين البلدين.</p></article></body></html>",
                         encoding="utf-8")
    result = runner.invoke(main, ["report", str(page_html), str(article), "-o", str(out), "--title", "<i>t</i>"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<article class="doc"') == 2 and "<title>&lt;i&gt;t&lt;/i&gt;</title>" in page
    assert "wrote" in result.output and "2 articles" in result.output


def test_report_with_the_real_pipeline(tmp_path, nlp):
    article = tmp_path / "r.txt"
    article.write_text("قال الوزير إن الاجتماع سيعقد غدا.", encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(article), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<span class="hl r-cue" data-claims="d0-k1" data-entities="e1" data-o="0">قال</span>' in page
    assert '<span class="name">الوزير</span><span class="count">1</span>' in page
    assert page.count('class="claim"') == 1


def test_other_mentions_of_a_speaker_are_marked_for_its_filter():
    from attribution.claims.model import ClaimsDocument
    text = "قال وزير الدفاع، جون، إن الأمر انتهى. وكان جون في المؤتمر."
    speaker = {"text": "وزير الدفاع، جون", "start": 4, "end": 20}
    later = {"text": "جون", "start": text.rindex("جون"), "end": text.rindex("جون") + 3}
    doc = ClaimsDocument.model_validate({
        "tool": {"version": "0"}, "model": "test", "input": {"name": "a.txt", "sha256": "0" * 64, "chars": len(text)},
        "claims": [{"id": "c1", "type": "indirect", "cue": {"text": "قال", "start": 0, "end": 3, "lemma": "قال"},
                    "speaker": {**speaker, "implicit": False, "resolved": speaker, "entity": "جون", "entity_id": "e1"},
                    "content": {"text": "الأمر انتهى", "start": 25, "end": 36},
                    "paragraph": 0, "sentence": 0, "confidence": 0.9}],
        "entities": [{"id": "e1", "name": "جون", "kind": "person", "mentions": [speaker, later]}]})
    page = render_report([ReportItem(doc, text, "a.txt")])
    at = later["start"]
    assert f'<span class="hl r-mention" data-claims="" data-entities="e1" data-o="{at}">جون</span>' in page
    assert re.sub(r"<[^>]+>", "", _text_div(page)) == html.escape(text, quote=False).replace("&#x27;", "'")


def _with_evidence(doc):
    """The injected document with evidence on its claims, one of them markup."""
    evidence = {"c1": ["cue:verb", "nsubj-post-verbal", "title", "quoted-complement", "complement:tree"],
                "c3": ["cue:verb", "implicit", "antecedent:last-source", "sentences-back:2", "complement:tree",
                       '<b onmouseover="window.__pwned=6">rule</b>']}
    claims = [c.model_copy(update={"evidence": evidence.get(c.id, [])}) for c in doc.claims]
    return doc.model_copy(update={"claims": claims})


def test_claim_cards_carry_confidence_and_show_evidence_escaped():
    page = _page(_with_evidence(injected_document()))
    confidences = re.findall(r'<li class="claim" id="(d0-k\d)"[^>]* data-confidence="([0-9.]+)"', page)
    assert confidences == [("d0-k1", "0.90"), ("d0-k2", "0.90"), ("d0-k3", "0.75"), ("d0-k4", "0.90")]
    cards = re.findall(r'<li class="claim" id="(d0-k\d)"(.*?)</li>', page, re.S)
    rules = [(k, re.search(r'<div class="evidence" dir="ltr"[^>]*>(.*?)</div>', card, re.S)) for k, card in cards]
    assert [(k, re.findall(r'<span class="rule">(.*?)</span>', m.group(1))) for k, m in rules if m] == [
        ("d0-k1", ["cue:verb", "nsubj-post-verbal", "title", "quoted-complement", "complement:tree"]),
        ("d0-k3", ["cue:verb", "implicit", "antecedent:last-source", "sentences-back:2", "complement:tree",
                   "&lt;b onmouseover=&quot;window.__pwned=6&quot;&gt;rule&lt;/b&gt;"])]
    assert "<b " not in page
    # claims without evidence (documents before 1.2) show none
    assert page.count('class="evidence"') == 2


def test_confidence_filter_offers_thresholds_with_their_counts():
    page = _page()
    select = re.search(r'<label for="min-confidence">[^<]*</label><select id="min-confidence">(.*?)</select>',
                       page, re.S).group(1)
    options = [(v, html.unescape(t)) for v, t in re.findall(r'<option value="([0-9.]+)"[^>]*>([^<]*)</option>', select)]
    assert options == [("0", "الكل (4)"), ("0.5", "≥ 0.5 (4)"), ("0.7", "≥ 0.7 (4)"), ("0.8", "≥ 0.8 (3)"),
                       ("0.9", "≥ 0.9 (3)"), ("0.95", "≥ 0.95 (0)")]
    assert '<option value="0" selected>' in select


@pytest.mark.parametrize("n, noun, expected", [
    (0, "ادعاء", "0 ادعاء"), (1, "ادعاء", "ادعاء واحد"), (2, "ادعاء", "ادعاءان"), (3, "ادعاء", "3 ادعاءات"),
    (10, "ادعاء", "10 ادعاءات"), (11, "ادعاء", "11 ادعاءً"), (99, "ادعاء", "99 ادعاءً"), (100, "ادعاء", "100 ادعاء"),
    (103, "ادعاء", "103 ادعاءات"), (40, "مقال", "40 مقالًا"), (2, "مقال", "مقالان"), (5, "متحدث", "5 متحدثين"),
    (1, "متحدث", "متحدث واحد"), (123, "متحدث", "123 متحدثًا"),
])
def test_arabic_counts_take_the_form_the_number_asks_for(n, noun, expected):
    from attribution.views.review_page import arabic_count
    assert arabic_count(n, noun) == expected


def test_docs_show_the_review_loop_with_a_screenshot():
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    for doc in ("README.md", "docs/workflow.md"):
        text = (root / doc).read_text(encoding="utf-8")
        assert "extract → report → review → export → evaluate" in text, doc
        assert "review.png" in text, doc
    png = root / "docs" / "review.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size < 300_000


def _police_document(name: str, title: str | None = None):
    from attribution.claims.model import ClaimsDocument
    text = "وقالت الشرطة إن الحادث وقع ليلا."
    police = {"text": "الشرطة", "start": 6, "end": 12}
    return ClaimsDocument.model_validate({
        "tool": {"version": "0"}, "model": "test",
        "input": {"name": name, "sha256": "0" * 64, "chars": len(text), "title": title},
        "claims": [{"id": "c1", "type": "indirect", "cue": {"text": "وقالت", "start": 0, "end": 5, "lemma": "قال"},
                    "speaker": {**police, "implicit": False, "resolved": police, "entity": "الشرطة",
                                "entity_id": "e1"},
                    "content": {"text": "الحادث وقع ليلا", "start": 16, "end": 31},
                    "paragraph": 0, "sentence": 0, "confidence": 0.9}],
        "entities": [{"id": "e1", "name": "الشرطة", "kind": "organisation", "mentions": [police]}]}), text


def test_speaker_index_says_which_article_a_name_of_several_entities_is_in():
    (a, text), (b, _) = _police_document("a.txt", "حادث في روما"), _police_document("b.txt")
    page = render_report([ReportItem(a, text, "a.txt"), ReportItem(b, text, "b.txt")])
    entries = re.findall(r'<li class="speaker-entry">.*?<span class="name">([^<]*)</span><span class="count">(\d+)'
                         r'</span>(.*?)</button>', page)
    assert [(n, c) for n, c, _ in entries] == [("الشرطة", "1"), ("الشرطة", "1")]   # generic: one per article
    assert [re.findall(r"<bdi>([^<]*)</bdi>", rest) for _, _, rest in entries] == [["حادث في روما"], ["b.txt"]]
    page = render_report([ReportItem(a, text, "a.txt")])
    assert 'class="where"' not in page

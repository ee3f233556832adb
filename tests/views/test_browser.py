"""The review page in a real headless Chromium, driven over the DevTools protocol.

Skipped (with the reason) when no Chromium is installed; `.ci/run` installs Debian's `chromium`.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from attribution.views.review_page import ReportItem, render_report
from reportdata import EVIL_ENTITY, INJECTED, injected_document

websocket = pytest.importorskip("websocket", reason="websocket-client is not installed (pip install -e '.[test]')")


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not found (apt-get install chromium, "
                                                         "or set CHROMIUM=/path/to/chrome)")


class Page:
    """A minimal DevTools-protocol client: commands by id, events collected as they arrive."""

    def __init__(self, ws_url: str):
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        self.sent_at = 0

    def send(self, method: str, **params) -> dict:
        self.next_id += 1
        self.sent_at = len(self.events)   # events after this index came after this command
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired", since=self.sent_at)

    def wait_event(self, method: str, timeout: float = 30, since: int = 0) -> dict:
        deadline = time.monotonic() + timeout
        for event in self.events[since:]:
            if event.get("method") == method:
                return event
        while time.monotonic() < deadline:
            message = json.loads(self.ws.recv())
            self.events.append(message)
            if message.get("method") == method:
                return message
        raise TimeoutError(method)

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click at the element's centre (as a person would), not element.click()."""
        box = self.js(f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
                      " el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
                      " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], button="left", clickCount=1)

    def problems(self) -> list[str]:
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                found.append(f"console.{params['type']}: {[a.get('value') for a in params.get('args', [])]}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                found.append(f"log {params['entry'].get('source')}: {params['entry'].get('text')}")
        return found


@pytest.fixture()
def browser(tmp_path):
    profile = tmp_path / "profile"
    profile.mkdir()
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
         "--remote-debugging-port=0", "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # Chromium writes the port it picked here once DevTools is listening
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None:
                pytest.fail(f"Chromium exited with status {proc.returncode} before DevTools started")
            if time.monotonic() > deadline:
                pytest.fail("Chromium did not start DevTools within 60 s")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.load(response)
        page = Page(next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page"))
        for domain in ("Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        yield page
        page.ws.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)   # the group we started: Chromium and its helpers
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_report_in_chromium_highlights_filters_and_keeps_markup_inert(browser, tmp_path):
    doc = injected_document()
    html_file = tmp_path / "report.html"
    html_file.write_text(render_report([ReportItem(doc, INJECTED, "evil.txt")]), encoding="utf-8")

    browser.events.clear()
    browser.navigate(html_file.as_uri())
    time.sleep(0.5)  # let an injected onerror/onload (if any were live) have its chance to run

    # injected markup stayed text: nothing ran, no element was created from it
    assert browser.js("typeof window.__pwned") == "undefined"
    assert browser.js("document.querySelectorAll('img, svg, iframe, textarea').length") == 0
    assert browser.js("document.scripts.length") == 1
    body_text = browser.js("document.querySelector('article.doc .text').textContent")
    assert body_text.replace("⟵ ", "").replace(EVIL_ENTITY, "") == INJECTED
    assert "<script>window.__pwned = 1</script>" in body_text

    # page is right to left, in Arabic
    assert browser.js("document.documentElement.dir") == "rtl"
    assert browser.js("getComputedStyle(document.querySelector('.text')).direction") == "rtl"

    # every span of every claim is highlighted, with the exact text
    for claim in doc.claims:
        key = browser.js(f"document.querySelectorAll('.claim')[{doc.claims.index(claim)}].id")
        for role, part in (("cue", claim.cue), ("content", claim.content)):
            got = browser.js(f"Array.from(document.querySelectorAll('.hl.r-{role}[data-claims~=\"{key}\"]'))"
                             ".map(e => e.textContent).join('')")
            if role == "content":
                # a cue or speaker inside content is drawn in its own colour; all of it is still marked
                got = browser.js(f"Array.from(document.querySelectorAll('.hl[data-claims~=\"{key}\"]'))"
                                 ".filter(e => e.classList.contains('r-content')).map(e => e.textContent).join('')")
            assert got == part.text, (role, claim.id)
    assert browser.js("document.querySelectorAll('.hl.r-speaker').length") >= 3
    # the implicit speaker of c3 is shown at its cue with its resolved name
    marker = browser.js("(() => { const m = document.querySelector('.implicit');"
                        " return [m.previousElementSibling.textContent, m.textContent]; })()")
    assert marker == ["وأكد", EVIL_ENTITY]
    colours = browser.js("['.r-cue', '.r-speaker', '.r-content:not(.r-cue):not(.r-speaker)'].map("
                         "s => getComputedStyle(document.querySelector('.hl' + s)).backgroundColor)")
    assert len(set(colours)) == 3, colours

    # the speaker index: counts, and a click filters the claims (and dims other speakers' spans)
    names = browser.js("Array.from(document.querySelectorAll('.speaker-filter .name')).map(e => e.textContent)")
    assert names == ["الكل", EVIL_ENTITY, "المتحدثة"]
    browser.click('.speaker-filter[data-entity="e2"]')
    assert browser.js("document.querySelector('.speaker-filter[data-entity=\"e2\"]').getAttribute('aria-pressed')") \
        == "true"
    visible = browser.js("Array.from(document.querySelectorAll('.claim')).filter(c => !c.hidden && "
                         "c.offsetParent !== null).map(c => c.querySelector('blockquote').textContent)")
    assert visible == ["الخطة جاهزة", "الوفد سيصل غدا"]
    assert browser.js("document.querySelectorAll('.hl.dim').length") > 0
    assert browser.js("Array.from(document.querySelectorAll('.hl.r-speaker:not(.dim)')).map(e => e.textContent)") \
        == ["المتحدثة", "المتحدثة"]
    screenshot = tmp_path / "report-filtered.png"
    screenshot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))

    browser.click('.speaker-filter[data-entity="all"]')
    assert browser.js("Array.from(document.querySelectorAll('.claim')).filter(c => !c.hidden).length") == 4
    # clicking a highlight selects its claim
    browser.click('.hl.r-cue')
    assert browser.js("document.querySelector('.claim.active') && document.querySelector('.claim.active').id") \
        == browser.js("document.querySelector('.hl.r-cue').dataset.claims.split(' ')[0]")

    browser.navigate(html_file.as_uri())  # fresh load for the overview screenshot
    shot = tmp_path / "report.png"
    shot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
    assert shot.stat().st_size > 10_000 and screenshot.stat().st_size > 10_000
    assert browser.js("typeof window.__pwned") == "undefined"
    assert browser.problems() == []
    if os.environ.get("REPORT_SCREENSHOT_DIR"):  # for looking at it by hand
        for png in (shot, screenshot):
            shutil.copy(png, Path(os.environ["REPORT_SCREENSHOT_DIR"]) / png.name)


def test_confidence_filter_in_chromium_hides_low_claims_and_combines_with_the_speaker(browser, tmp_path):
    doc = injected_document()   # c3 (the implicit speaker of وأكد) has confidence 0.75, the others 0.90
    evidence = {"c1": ["cue:verb", "nsubj-post-verbal", "title", "quoted-complement", "complement:tree"],
                "c3": ["cue:verb", "implicit", "antecedent:last-source", "sentences-back:2", "complement:tree"]}
    doc = doc.model_copy(update={"claims": [c.model_copy(update={"evidence": evidence.get(c.id, [])})
                                            for c in doc.claims]})
    html_file = tmp_path / "report.html"
    html_file.write_text(render_report([ReportItem(doc, INJECTED, "evil.txt")]), encoding="utf-8")
    browser.events.clear()
    browser.navigate(html_file.as_uri())

    def visible() -> list[str]:
        return browser.js("Array.from(document.querySelectorAll('.claim')).filter(c => !c.hidden && "
                          "c.offsetParent !== null).map(c => c.querySelector('blockquote').textContent)")

    def choose(value: str) -> None:
        # the way a keyboard picks an option: focus the select, set it, and the page hears "change"
        browser.js(f"(() => {{ const s = document.getElementById('min-confidence'); s.focus(); s.value = '{value}';"
                   " s.dispatchEvent(new Event('change', {bubbles: true})); })()")

    # the evidence is shown on the card, left to right
    chips = browser.js("Array.from(document.querySelectorAll('.claim')[2].querySelectorAll('.evidence .rule'))"
                       ".map(e => e.textContent)")
    assert chips == evidence["c3"]
    assert browser.js("getComputedStyle(document.querySelector('.evidence')).direction") == "ltr"
    assert len(visible()) == 4

    choose("0.8")
    assert visible() == [doc.claims[0].content.text, "الخطة جاهزة", "الوفد سيصل غدا"]
    # the hidden claim's highlights and its implicit-speaker marker are dimmed, the others are not
    assert browser.js("document.querySelector('.implicit').classList.contains('dim')") is True
    assert browser.js("Array.from(document.querySelectorAll('.hl[data-claims~=\"d0-k3\"]'))"
                      ".every(e => e.classList.contains('dim'))") is True
    assert browser.js("Array.from(document.querySelectorAll('.hl.r-cue:not(.dim)')).map(e => e.textContent)") \
        == ["قال", "وأضافت", "وقالت"]
    assert "≥ 0.8" in browser.js("document.getElementById('filter-status').textContent")

    # with a speaker as well: only that speaker's claims at or above the threshold
    browser.click('.speaker-filter[data-entity="e1"]')
    assert visible() == [doc.claims[0].content.text]
    choose("0")
    assert visible() == [doc.claims[0].content.text, doc.claims[2].content.text]
    choose("0.95")
    assert visible() == []
    assert browser.js("document.querySelector('article.doc').hidden") is True
    browser.click('.speaker-filter[data-entity="all"]')
    choose("0")
    assert len(visible()) == 4 and browser.js("document.querySelectorAll('.dim').length") == 0
    assert browser.js("document.getElementById('filter-status').textContent") == ""
    assert browser.problems() == []


# ---- the review loop: verdicts, corrections and missed claims by selection, export, evaluate

# an astral character before the claims: Python offsets count it once, JavaScript strings twice
EMOJI_TEXT = "😀 قال الوزير إن الوضع صعب جدا.\n\n😀😀 وأضاف أن الحل قريب. 😀 والتقى الوفد."


def emoji_document():
    from reportdata import claim

    from attribution.run.build import build_document

    t = EMOJI_TEXT
    claims = [claim(t, 1, "قال", "الوضع صعب جدا", "الوزير", "الوزير"),
              claim(t, 2, "وأضاف", "الحل قريب", None, "الوزير", resolved="الوزير")]
    return build_document(t, claims, "emoji.txt", "test:fake")


# select the nth occurrence of a string in an article's text as a person would see it (the
# implicit-speaker markers are not article text), found in the DOM, not through the page's data-o
SELECT_JS = """((art, needle, nth) => {
  const root = document.querySelectorAll('article.doc')[art].querySelector('.text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement.closest('.implicit') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const nodes = []; let all = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
  let pos = -1;
  for (let i = 0; i <= nth; i++) { pos = all.indexOf(needle, pos + 1); }
  if (pos < 0) { throw new Error('not in the text: ' + needle); }
  const at = (p, end) => { for (let i = nodes.length - 1; i >= 0; i--) {
    const [n, o] = nodes[i]; if (end ? o < p : o <= p) { return [n, p - o]; } } };
  const [sn, so] = at(pos, false), [en, eo] = at(pos + needle.length, true);
  const r = document.createRange(); r.setStart(sn, so); r.setEnd(en, eo);
  const s = getSelection(); s.removeAllRanges(); s.addRange(r);
  document.dispatchEvent(new Event('selectionchange'));
})"""


class Review:
    """The review page of two articles (the injected one and one with astral characters), with the
    tool's predictions and the articles written where `evaluate` reads them."""

    def __init__(self, browser, tmp_path):
        self.browser, self.tmp = browser, tmp_path
        self.docs = [injected_document(), emoji_document()]
        self.texts = [INJECTED, EMOJI_TEXT]
        for d in ("articles", "pred"):
            (tmp_path / d).mkdir()
        for doc, text in zip(self.docs, self.texts):
            stem = doc.input.name[:-4]
            (tmp_path / "articles" / f"{stem}.txt").write_text(text, encoding="utf-8")
            (tmp_path / "pred" / f"{stem}.json").write_text(doc.model_dump_json(), encoding="utf-8")
        self.page = tmp_path / "review.html"
        self.page.write_text(render_report([ReportItem(d, t, d.input.name) for d, t in zip(self.docs, self.texts)]),
                             encoding="utf-8")
        self.exports = 0

    def open(self):
        self.browser.navigate(self.page.as_uri())

    def card(self, art: int, k: int) -> str:
        return f"#d{art}-k{k}"

    def verdict(self, art: int, k: int, value: str) -> None:
        self.browser.click(f'{self.card(art, k)} .verdict[data-verdict="{value}"]')

    def pressed(self) -> list[list[str | None]]:
        return self.browser.js("Array.from(document.querySelectorAll('article.doc')).map(a => Array.from("
                               "a.querySelectorAll('.claim')).map(c => { const b = c.querySelector("
                               "'.verdict[aria-pressed=\"true\"]'); return b ? b.dataset.verdict : null; }))")

    def select(self, art: int, needle: str, nth: int = 0) -> str:
        self.browser.js(f"{SELECT_JS}({art}, {json.dumps(needle)}, {nth})")
        return self.browser.js("document.getElementById('selection-text').textContent")

    def export(self):
        """Click the export button; the downloaded file's name and its JSON."""
        self.exports += 1
        folder = self.tmp / f"download{self.exports}"
        folder.mkdir()
        self.browser.send("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(folder))
        self.browser.click("#export-gold")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            done = [p for p in folder.iterdir() if not p.name.endswith(".crdownload")]
            if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
                assert len(done) == 1, done
                return done[0].name, json.loads(done[0].read_text(encoding="utf-8"))
            time.sleep(0.1)
        status = self.browser.js("document.getElementById('review-status').textContent")
        raise AssertionError(f"no download; status: {status}")

    def evaluate(self, name: str, data) -> dict:
        """`attribution evaluate` with the export as gold, against the tool's own predictions."""
        from click.testing import CliRunner

        from attribution.cli import main
        gold = self.tmp / f"gold{self.exports}"
        gold.mkdir()
        (gold / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        result = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--articles", str(self.tmp / "articles"),
                                           "--pred", str(self.tmp / "pred"), "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)


def _prf(out: dict, key: str = "detection") -> tuple:
    s = out["summary"]
    return s[key]["precision"], s[key]["recall"]


def test_review_marks_persist_and_the_export_round_trips_through_evaluate(browser, tmp_path):
    review = Review(browser, tmp_path)
    browser.events.clear()
    review.open()
    cards = browser.js("Array.from(document.querySelectorAll('.claim')).map(c => Array.from("
                       "c.querySelectorAll('.review .verdict')).map(b => [b.dataset.verdict, b.title, "
                       "b.getAttribute('aria-pressed')]))")
    assert len(cards) == 6 and all(c == [["correct", "correct", "false"], ["speaker", "wrong speaker", "false"],
                                         ["content", "wrong content", "false"], ["not_claim", "not a claim", "false"],
                                         ["borderline", "borderline: exported optional", "false"]]
                                   for c in cards)
    assert browser.js("document.querySelector('.claim .review').getAttribute('role')") == "group"
    assert browser.js("document.getElementById('review-progress').dataset.done") == "0"

    # nothing reviewed: nothing to export, and the page says so
    browser.click("#export-gold")
    assert "nothing reviewed" in browser.js("document.getElementById('review-status').textContent")

    # marking, with real clicks; a reload keeps it (localStorage under the document's sha256)
    review.verdict(0, 1, "correct")
    review.verdict(0, 2, "not_claim")
    review.verdict(0, 3, "speaker")
    review.verdict(0, 3, "speaker")        # pressed again: no verdict
    assert review.pressed() == [["correct", "not_claim", None, None], [None, None]]
    storage_key = f"attribution-review:{review.docs[0].input.sha256}"
    stored = json.loads(browser.js(f"localStorage.getItem('{storage_key}')"))
    keys = [f"{c.id}@{c.cue.start}-{c.cue.end}/{c.content.start}-{c.content.end}" for c in review.docs[0].claims]
    assert stored["verdicts"] == {keys[0]: {"verdict": "correct"}, keys[1]: {"verdict": "not_claim"}}
    # what else is stored there is checked before use: a verdict for a claim whose spans have changed
    # (a new extraction), an unknown verdict, a correction outside the text are not applied
    stored["verdicts"].update({"c3@1-2/3-4": {"verdict": "correct"}, keys[3]: {"verdict": "maybe"}})
    stored["verdicts"][keys[0]]["content"] = [0, 10 ** 6]
    stored["added"] = [{"cue": [0, 3], "content": [-1, 5], "type": "direct"}, {"cue": [0, 3], "type": "x"}]
    browser.js(f"localStorage.setItem('{storage_key}', {json.dumps(json.dumps(stored))})")
    review.open()
    assert review.pressed() == [["correct", "not_claim", None, None], [None, None]]
    assert browser.js("document.querySelector('#d0-k1 .correction').textContent") == ""
    assert browser.js("document.querySelectorAll('.added li').length") == 0
    assert browser.js("document.getElementById('review-progress').dataset.done") == "2"
    assert browser.js("document.querySelector('#d0-k2').dataset.verdict") == "not_claim"

    # an export holds the reviewed claims only, of the reviewed article only: its gold list
    name, data = review.export()
    assert name == "evil.gold.json"
    c1 = review.docs[0].claims[0]
    assert data == [{"paragraph": 0, "speaker": "الوزير", "speaker_resolved": EVIL_ENTITY, "cue": "قال",
                     "content": c1.content.text, "type": "mixed", "optional": False}]
    assert "2 بلا حكم" in browser.js("document.getElementById('review-status').textContent")

    # the rest correct, one "not a claim": evaluate against the tool's own claims, precision 3/4
    browser.click("#d0 .rest-correct")
    assert review.pressed()[0] == ["correct", "not_claim", "correct", "correct"]
    name, data = review.export()
    assert name == "evil.gold.json" and len(data) == 3
    out = review.evaluate(name, data)
    assert _prf(out) == (0.75, 1.0) and out["summary"]["gold"] == 3 and out["summary"]["predicted"] == 4

    # every claim of both articles correct: one file for the two articles; P = R = 1, strict too
    review.verdict(0, 2, "correct")
    browser.click("#d1 .rest-correct")
    name, data = review.export()
    assert name == "review.gold.json" and sorted(data["articles"]) == ["emoji", "evil"]
    assert [e["cue"] for e in data["articles"]["emoji"]] == ["قال", "وأضاف"]
    assert data["articles"]["emoji"][1]["speaker"] is None and data["articles"]["emoji"][1]["paragraph"] == 1
    out = review.evaluate(name, data)
    assert _prf(out) == (1.0, 1.0) and _prf(out, "strict") == (1.0, 1.0) and out["summary"]["gold"] == 6

    # borderline: exported as an optional event, which evaluate neither rewards nor penalises
    review.verdict(0, 2, "borderline")
    name, data = review.export()
    assert [e["optional"] for e in data["articles"]["evil"]] == [False, True, False, False]
    out = review.evaluate(name, data)
    assert _prf(out) == (1.0, 1.0) and out["summary"]["gold"] == 5

    # clearing takes two clicks and forgets everything, also after a reload
    browser.click("#clear-review")
    assert browser.js("document.getElementById('review-progress').dataset.done") == "6"
    browser.click("#clear-review")
    assert browser.js("document.getElementById('review-progress').dataset.done") == "0"
    assert browser.js("localStorage.length") == 0
    review.open()
    assert review.pressed() == [[None] * 4, [None, None]]
    assert browser.js("typeof window.__pwned") == "undefined"
    assert browser.problems() == []


def test_review_corrects_and_adds_claims_from_a_selection_with_exact_offsets(browser, tmp_path):
    review = Review(browser, tmp_path)
    browser.events.clear()
    review.open()
    evil, emoji = review.docs[0], review.docs[1]

    # a selection maps back to the article's own offsets: across highlights, across the implicit
    # speaker's marker (not article text), after astral characters (one code point, two UTF-16 units)
    start = INJECTED.index("وأكد")
    end = INJECTED.index("الاتفاق") + len("الاتفاق")
    assert review.select(0, "وأكد أن الاتفاق") == f"«{INJECTED[start:end]}» ({start}–{end})"
    at = EMOJI_TEXT.index("الحل")
    assert review.select(1, "الحل قريب") == f"«الحل قريب» ({at}–{at + 9})"
    at = EMOJI_TEXT.index("والتقى")    # inside a piece of text that holds an astral character before it
    assert review.select(1, "والتقى") == f"«والتقى» ({at}–{at + 6})"
    # whitespace at the ends of a selection is dropped
    at = INJECTED.index("الوفد")
    assert review.select(0, " الوفد ") == f"«الوفد» ({at}–{at + 5})"

    # wrong speaker, corrected: the selected text is the speaker (a real double-click selects the word)
    review.verdict(0, 4, "speaker")
    assert browser.js("getComputedStyle(document.querySelector('#d0-k4 .fix')).display") == "flex"
    assert browser.js("getComputedStyle(document.querySelector('#d0-k1 .fix')).display") == "none"
    box = browser.js("(() => { const el = document.querySelector('#d0 .hl.r-speaker'); el.scrollIntoView({block: 'center'});"
                     " const r = el.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()")
    for count in (1, 2):
        for kind in ("mousePressed", "mouseReleased"):
            browser.send("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], button="left", clickCount=count)
    assert browser.js("getSelection().toString()") == "الوزير"
    browser.click('#d0-k4 [data-fix="speaker"]')
    assert "«الوزير»" in browser.js("document.querySelector('#d0-k4 .correction').textContent")
    # wrong content, corrected; another claim's content wrong and left uncorrected
    review.verdict(1, 1, "content")
    review.select(1, "الوضع صعب")
    browser.click('#d1-k1 [data-fix="content"]')
    review.verdict(1, 2, "content")
    assert "uncorrected" in browser.js("document.querySelector('#d1-k2 .correction').textContent")
    # a fix with no selection in that article says so and changes nothing
    review.select(0, "الخطة")
    browser.click('#d1-k2 [data-fix="content"]')
    assert "select the text in this article first" in browser.js("document.querySelector('#d1-k2 .correction')"
                                                                 ".textContent")

    # a missed claim: cue, who (not written: the mention it refers to), content, type
    browser.click("#d0 .add-confirm")
    assert "a cue and a content are needed" in browser.js("document.querySelector('#d0 .add-status').textContent")
    for needle, nth, pick in (("قريب", 0, "cue"), ("الوزير", 0, "resolved"), ("الاتفاق", 0, "content")):
        review.select(0, needle, nth)
        browser.click(f'#d0 [data-pick="{pick}"]')
    assert browser.js("document.querySelector('#d0 output[data-show=\"cue\"]').textContent") == "«قريب»"
    browser.js("(() => { const s = document.querySelector('#d0 .add-type'); s.value = 'direct';"
               " s.dispatchEvent(new Event('change', {bubbles: true})); })()")
    browser.click("#d0 .add-confirm")
    assert browser.js("document.querySelectorAll('#d0 .added li').length") == 1
    assert browser.js("document.querySelector('#d0 output[data-show=\"cue\"]').textContent") == ""
    browser.click("#d0 .rest-correct")
    browser.click("#d1 .rest-correct")    # nothing left without a verdict there: changes nothing

    review.open()   # all of it survives a reload
    assert review.pressed() == [["correct", "correct", "correct", "speaker"], ["content", "content"]]
    assert browser.js("document.querySelectorAll('#d0 .added li').length") == 1
    name, data = review.export()
    assert name == "review.gold.json"
    c4, e1 = evil.claims[3], emoji.claims[0]
    assert data["articles"]["evil"][3] == {"paragraph": 3, "speaker": "الوزير", "speaker_resolved": "الوزير",
                                           "cue": "وقالت", "content": c4.content.text, "type": "indirect",
                                           "optional": False}
    assert data["articles"]["evil"][4] == {"paragraph": 2, "speaker": None, "speaker_resolved": "الوزير",
                                           "cue": "قريب", "content": "الاتفاق", "type": "direct", "optional": False}
    assert data["articles"]["emoji"] == [
        {"paragraph": 0, "speaker": "الوزير", "speaker_resolved": "الوزير", "cue": "قال", "content": "الوضع صعب",
         "type": e1.type, "optional": False},
        {"paragraph": 1, "speaker": None, "speaker_resolved": "الوزير", "cue": "وأضاف", "content": None,
         "type": "indirect", "optional": False}]
    # every string is the article's own text at the place the selection was made
    for event in data["articles"]["evil"] + data["articles"]["emoji"]:
        for field in ("cue", "content", "speaker"):
            assert event[field] is None or event[field] in INJECTED + EMOJI_TEXT

    out = review.evaluate(name, data)
    evil_scores = out["articles"]["evil"]["summary"]
    # the added claim is gold the tool missed: recall 4/5; the corrected speaker costs strict precision
    assert (evil_scores["gold"], evil_scores["predicted"], evil_scores["matched"]) == (5, 4, 4)
    assert evil_scores["detection"]["recall"] == 0.8 and evil_scores["strict"]["precision"] == 0.75
    assert {"missed": "قريب", "paragraph": 2, "content": "الاتفاق"} in out["articles"]["evil"]["details"]
    emoji_scores = out["articles"]["emoji"]["summary"]
    assert emoji_scores["detection"]["recall"] == 1.0 and emoji_scores["strict"]["precision"] == 0.5

    # an added claim can be removed again
    browser.click("#d0 .remove-added")
    assert browser.js("document.querySelectorAll('#d0 .added li').length") == 0
    assert json.loads(browser.js(f"localStorage.getItem('attribution-review:{evil.input.sha256}')"))["added"] == []
    assert browser.problems() == []


def test_speaker_index_search_folds_arabic_spellings_and_lists_each_entitys_forms(browser, tmp_path):
    html_file = tmp_path / "report.html"
    html_file.write_text(render_report([ReportItem(injected_document(), INJECTED, "evil.txt")]), encoding="utf-8")
    browser.events.clear()
    browser.navigate(html_file.as_uri())

    def shown() -> list[str]:
        return browser.js("Array.from(document.querySelectorAll('.speaker-entry')).filter(li => !li.hidden && "
                          "li.offsetParent !== null).map(li => li.querySelector('.name').textContent)")

    def type_(text: str) -> None:
        browser.js("(() => { const s = document.getElementById('speaker-search'); s.focus(); s.select(); })()")
        if text:
            browser.send("Input.insertText", text=text)
        else:
            browser.send("Input.dispatchKeyEvent", type="keyDown", key="Backspace", code="Backspace",
                         windowsVirtualKeyCode=8)
            browser.send("Input.dispatchKeyEvent", type="keyUp", key="Backspace", code="Backspace",
                         windowsVirtualKeyCode=8)

    # grouped by entity: one entry each, with the other spellings it goes by under its name
    assert shown() == [EVIL_ENTITY, "المتحدثة"]
    assert browser.js("document.querySelector('.speaker-filter[data-entity=\"e1\"] .forms').textContent") == "الوزير"
    type_("المتحدثه")                    # taa marbuta typed as haa
    assert shown() == ["المتحدثة"]
    type_("الْوَزِير")                   # with diacritics: found by its other spelling
    assert shown() == [EVIL_ENTITY]
    type_("أحمد")
    assert shown() == [] and browser.js("document.getElementById('search-status').textContent") == "لا متحدث بهذا الاسم"
    type_("")
    assert shown() == [EVIL_ENTITY, "المتحدثة"]
    # the search filters the index, not the claims; a speaker found is still a filter
    type_("متحدث")
    browser.click('.speaker-filter[data-entity="e2"]')
    assert browser.js("Array.from(document.querySelectorAll('.claim')).filter(c => !c.hidden).length") == 2
    assert browser.problems() == []

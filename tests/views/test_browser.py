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

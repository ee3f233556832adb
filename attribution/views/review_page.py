"""The review page: one self-contained HTML file (no network at view time), right to left.

Article text is untrusted: every piece of it goes through :func:`html.escape` on its way into the
page, the page's only script is our own (pinned by hash in a Content-Security-Policy that also
forbids loading anything), and the script reads ``data-*`` attributes we generate, never text.
So markup inside an article (``<script>``, ``"><img onerror=…>``) is shown as the text it is.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Iterable

from attribution import __version__
from attribution.claims.model import Claim, ClaimsDocument
from attribution.views.who_said_what import speaker_key

TYPE_LABELS = {
    "direct": "اقتباس مباشر",
    "indirect": "نقل غير مباشر",
    "mixed": "مختلط",
    "according_to": "بحسب",
}
UNRESOLVED_LABEL = "(متحدث غير محدد)"

# Arabic counted nouns: (one, two, three to ten, eleven to ninety-nine); a hundred and more
# take the plain singular, as does zero
COUNTED = {
    "ادعاء": ("ادعاء واحد", "ادعاءان", "ادعاءات", "ادعاءً"),
    "مقال": ("مقال واحد", "مقالان", "مقالات", "مقالًا"),
    "متحدث": ("متحدث واحد", "متحدثان", "متحدثين", "متحدثًا"),
}


def arabic_count(n: int, noun: str) -> str:
    """``n`` with ``noun`` in the form Arabic grammar asks for that number (1 ادعاء واحد,
    2 ادعاءان, 3–10 ادعاءات, 11–99 ادعاءً, 100 ادعاء ...)."""
    one, two, few, many = COUNTED[noun]
    if n == 1:
        return one
    if n == 2:
        return two
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n} {few}"
    if 11 <= rest <= 99:
        return f"{n} {many}"
    return f"{n} {noun}"
# the confidence filter's thresholds: "confidence >= x" hides the claims below x
CONFIDENCE_STEPS = (0.5, 0.7, 0.8, 0.9, 0.95)
# later wins in CSS: a cue inside content looks like a cue; "mention" marks every other mention of a
# speaker entity, visible only while that speaker is selected
ROLE_ORDER = ("mention", "content", "speaker", "cue")


@dataclass
class ReportItem:
    doc: ClaimsDocument
    text: str          # the text the offsets index
    source: str = ""   # the file it came from, shown under the title


def _asset(name: str) -> str:
    return resources.files("attribution.views").joinpath("assets", name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def speaker_name(claim: Claim) -> str:
    sp = claim.speaker
    if sp.entity:
        return sp.entity
    if sp.resolved is not None:
        return sp.resolved.text
    if sp.text:
        return sp.text
    return UNRESOLVED_LABEL


class _Entities:
    """Speaker entities across the report, grouped as ``speakers`` groups them (:func:`speaker_key`:
    the document's entity ids), each with a generated id (e1, e2 ...) that the page's filter uses,
    so names never need to appear in selectors or attributes."""

    def __init__(self, items: list[ReportItem]):
        counts: dict[tuple | None, int] = {}
        self.names: dict[tuple | None, str | None] = {}
        for n, item in enumerate(items):
            for claim in item.doc.claims:
                key = speaker_key(n, item.doc, claim)
                counts[key] = counts.get(key, 0) + 1
                self.names.setdefault(key, claim.speaker.entity)
        ordered = sorted(counts, key=lambda k: (k is None, -counts[k], self.names[k] or ""))
        self.counts = counts
        self.ordered = ordered
        self.ids = {k: ("unresolved" if k is None else f"e{n}") for n, k in enumerate(ordered, 1)}

    def id(self, n: int, doc: ClaimsDocument, claim: Claim) -> str:
        return self.ids[speaker_key(n, doc, claim)]


def _segments(text: str, spans: list[tuple[int, int, str, str, str]], inserts: dict[int, list[str]]) -> str:
    """The text as escaped HTML with highlights.  ``spans`` are (start, end, role, claim key,
    entity id) and may nest or overlap; the text is cut at every boundary and each piece is one
    <span> carrying all the roles, claims and entities covering it.  ``inserts`` are ready HTML
    fragments to place at an offset (markers for implicit speakers)."""
    events: dict[int, list[tuple[int, tuple]]] = {}
    for span in spans:
        start, end = span[0], span[1]
        if end <= start:
            continue
        events.setdefault(start, []).append((1, span))
        events.setdefault(end, []).append((-1, span))
    cuts = sorted(set(events) | set(inserts) | {0, len(text)})
    active: dict[tuple, None] = {}   # insertion-ordered set
    out: list[str] = list(inserts.get(0, ()))
    for pos, nxt in zip(cuts, cuts[1:]):
        for kind, span in events.get(pos, ()):
            if kind < 0:
                active.pop(span, None)
        for kind, span in events.get(pos, ()):
            if kind > 0:
                active[span] = None
        piece = text[pos:nxt]
        if active:
            roles = {s[2] for s in active}
            classes = " ".join(f"r-{r}" for r in ROLE_ORDER if r in roles)
            claim_keys = " ".join(dict.fromkeys(s[3] for s in active))
            entities = " ".join(dict.fromkeys(s[4] for s in active))
            out.append(f'<span class="hl {classes}" data-claims="{claim_keys}" data-entities="{entities}">'
                       f"{_e(piece)}</span>")
        elif piece:
            out.append(_e(piece))
        # a marker goes right after the text that ends at its offset (the cue)
        out.extend(inserts.get(nxt, ()))
    return "".join(out)


def _claim_card(claim: Claim, key: str, entity_id: str) -> str:
    sp = claim.speaker
    who = _e(speaker_name(claim))
    written = ""
    if sp.text and sp.text != speaker_name(claim):
        written = f' <span class="written">({_e(sp.text)})</span>'
    implicit = ' <span class="badge implicit-b" title="implicit speaker">ضمني</span>' if sp.implicit else ""
    label = TYPE_LABELS.get(claim.type, claim.type)
    # the rules behind the claim, in their (Latin) names, left to right
    evidence = "".join(f'<span class="rule">{_e(rule)}</span>' for rule in claim.evidence)
    evidence_html = (f'<div class="evidence" dir="ltr" title="evidence: the rules that produced this claim">'
                     f"{evidence}</div>" if evidence else "")
    return (
        f'<li class="claim" id="{key}" data-entity="{entity_id}" data-type="{_e(claim.type)}" '
        f'data-confidence="{claim.confidence:.2f}" tabindex="0">'
        f'<div class="head"><span class="who">{who}{written}</span>{implicit}'
        f'<span class="badge t-{_e(claim.type)}" title="{_e(claim.type)}">{_e(label)}</span>'
        f'<span class="confidence" title="confidence">{claim.confidence:.2f}</span>'
        f'<span class="cue-word" title="cue">{_e(claim.cue.text)}</span>'
        f'<span class="meta" title="paragraph {claim.paragraph} (counted from 0, as in the JSON)">'
        f'¶{claim.paragraph} · {_e(claim.id)}</span></div>'
        f"<blockquote>{_e(claim.content.text)}</blockquote>{evidence_html}</li>")


def _article(item: ReportItem, n: int, entities: _Entities) -> str:
    doc, text = item.doc, item.text
    spans, inserts, cards = [], {}, []
    shown: dict[str, str] = {}   # the document's entity id -> the page's speaker id
    for k, claim in enumerate(sorted(doc.claims, key=lambda c: (c.cue.start, c.id)), 1):
        key = f"d{n}-k{k}"
        eid = entities.id(n, doc, claim)
        if claim.speaker.entity_id:
            shown[claim.speaker.entity_id] = eid
        spans.append((claim.content.start, claim.content.end, "content", key, eid))
        spans.append((claim.cue.start, claim.cue.end, "cue", key, eid))
        sp = claim.speaker
        if sp.start is not None and sp.end is not None:
            spans.append((sp.start, sp.end, "speaker", key, eid))
        if sp.implicit:
            name = speaker_name(claim)
            inserts.setdefault(claim.cue.end, []).append(
                f'<span class="implicit" data-claims="{key}" data-entities="{eid}" '
                f'title="implicit speaker, resolved">{_e(name)}</span>')
        cards.append(_claim_card(claim, key, eid))
    for entity in doc.entities:  # every mention of a speaker, shown when that speaker is selected
        if entity.id in shown:
            spans.extend((m.start, m.end, "mention", "", shown[entity.id]) for m in entity.mentions)
    notes = "".join(f"<li>{_e(note)}</li>" for note in doc.notes)
    notes_html = f'<ul class="notes">{notes}</ul>' if notes else ""
    claims_html = (f'<ol>{"".join(cards)}</ol>' if cards
                   else '<p class="empty">لا توجد ادعاءات منسوبة في هذا النص.</p>')
    # <bdi>/dir=auto: a Latin file name inside right-to-left text would otherwise be reordered
    meta = (f"<bdi>{_e(item.source or doc.input.name)}</bdi> · {arabic_count(len(doc.claims), 'ادعاء')} · "
            f"<bdi>{_e(doc.model)}</bdi>")
    return (f'<article class="doc" id="d{n}" lang="ar" dir="rtl"><h2 dir="auto">{_e(doc.input.name)}</h2>'
            f'<p class="meta">{meta}</p>{notes_html}'
            f'<div class="text">{_segments(text, spans, inserts)}</div>'
            f'<section class="claims"><h3>الادعاءات</h3>{claims_html}</section></article>')


def _confidence_filter(items: list[ReportItem]) -> str:
    """A select "confidence >= x" (each option with the number of claims it keeps)."""
    values = [round(c.confidence, 2) for item in items for c in item.doc.claims]
    options = [f'<option value="0" selected>الكل ({len(values)})</option>']
    options += [f'<option value="{step}">≥ {step} ({sum(v >= step for v in values)})</option>'
                for step in CONFIDENCE_STEPS]
    return ('<div class="confidence-filter"><label for="min-confidence">الثقة</label>'
            f'<select id="min-confidence">{"".join(options)}</select></div>')


def _speaker_index(entities: _Entities, total: int, items: list[ReportItem]) -> str:
    rows = [f'<li><button type="button" class="speaker-filter" data-entity="all" aria-pressed="true">'
            f'<span class="name">الكل</span><span class="count">{total}</span></button></li>']
    for key in entities.ordered:
        eid = entities.ids[key]
        name = entities.names[key] if key is not None else UNRESOLVED_LABEL
        extra = " unresolved" if key is None else ""
        rows.append(f'<li><button type="button" class="speaker-filter{extra}" data-entity="{eid}" '
                    f'aria-pressed="false"><span class="name">{_e(name)}</span>'
                    f'<span class="count">{entities.counts[key]}</span></button></li>')
    return ('<nav id="speakers" aria-label="المتحدثون">'
            f'{_confidence_filter(items)}<h2>المتحدثون</h2>'
            f'<ul>{"".join(rows)}</ul><p id="filter-status" aria-live="polite"></p></nav>')


def render_report(items: Iterable[ReportItem], title: str = "من قال ماذا") -> str:
    items = list(items)
    entities = _Entities(items)
    total = sum(len(i.doc.claims) for i in items)
    script = _asset("report.js")
    articles = "".join(_article(item, n, entities) for n, item in enumerate(items))
    speakers = len([k for k in entities.ordered if k is not None])
    legend = ('<ul class="legend"><li><span class="swatch cue">فعل القول</span> cue</li>'
              '<li><span class="swatch speaker">المتحدث</span> speaker</li>'
              '<li><span class="swatch content">المضمون</span> content</li>'
              '<li><span class="swatch implicit-s">⟵ متحدث ضمني</span> implicit speaker (resolved)</li></ul>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="attribution {_e(__version__)}">'
        f"<title>{_e(title)}</title><style>{_asset('report.css')}</style></head>"
        f'<body data-filter="all"><header><h1>{_e(title)}</h1>'
        f'<p class="summary">{arabic_count(len(items), "مقال")} · {arabic_count(total, "ادعاء")} · '
        f'{arabic_count(speakers, "متحدث")}</p>{legend}</header>'
        f'<div class="layout">{_speaker_index(entities, total, items)}<main>{articles}</main></div>'
        f"<script>{script}</script></body></html>\n")

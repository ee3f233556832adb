"""The review page: one self-contained HTML file (no network at view time), right to left.

Article text is untrusted: every piece of it goes through :func:`html.escape` on its way into the
page, the page's only script is our own (pinned by hash in a Content-Security-Policy that also
forbids loading anything), and the script reads ``data-*`` attributes we generate, never text.
So markup inside an article (``<script>``, ``"><img onerror=…>``) is shown as the text it is.
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from html import escape
from importlib import resources
from typing import Iterable

from attribution import __version__
from attribution.claims.model import Claim, ClaimsDocument
from attribution.parse.document import split_paragraphs
from attribution.views.who_said_what import SpeakerGroups

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

# The review loop (report.js): a verdict per claim, corrections and missed claims taken from a
# selection in the article, kept in localStorage under the document's sha256, exported in the gold
# format of shared/eval/README.md.  Labels in Arabic, the English in title attributes.
VERDICTS = (("correct", "صحيح", "correct"), ("speaker", "المتحدث خطأ", "wrong speaker"),
            ("content", "المضمون خطأ", "wrong content"), ("not_claim", "ليس ادعاءً", "not a claim"),
            ("borderline", "حدّي", "borderline: exported optional"))
REVIEW_CONTROLS = (
    '<div class="review" role="group" aria-label="الحكم (verdict)">'
    + "".join(f'<button type="button" class="verdict v-{value}" data-verdict="{value}" aria-pressed="false" '
              f'title="{english}">{label}</button>' for value, label, english in VERDICTS)
    + '</div><div class="fix">'
    '<button type="button" class="fix-speaker" data-fix="speaker" title="the selected text is the speaker, '
    'as written">المتحدث ← التحديد</button>'
    '<button type="button" class="fix-speaker" data-fix="resolved" title="the speaker is not written here; '
    'the selected text names who it is">متحدث ضمني ← التحديد</button>'
    '<button type="button" class="fix-content" data-fix="content" title="the selected text is the content">'
    'المضمون ← التحديد</button></div><p class="correction" aria-live="polite"></p>')
ADD_PANEL = (
    '<div class="picks">'
    '<button type="button" data-pick="cue" title="cue: select the reporting word, then click">'
    'فعل القول ← التحديد</button><output data-show="cue"></output>'
    '<button type="button" data-pick="speaker" title="speaker as written (leave empty when not written)">'
    'المتحدث ← التحديد</button><output data-show="speaker"></output>'
    '<button type="button" data-pick="resolved" title="who the speaker is, when it is not written or '
    'written as a pronoun or title: select a mention of the name">المقصود ← التحديد</button>'
    '<output data-show="resolved"></output>'
    '<button type="button" data-pick="content" title="content: select what is attributed">'
    'المضمون ← التحديد</button><output data-show="content"></output></div>'
    '<div class="add-actions"><label>النوع <select class="add-type" title="type">'
    + "".join(f'<option value="{value}">{label}</option>' for value, label in TYPE_LABELS.items())
    + '</select></label><button type="button" class="add-confirm" title="add the missed claim">أضف الادعاء</button>'
    '<button type="button" class="add-reset" title="start over">ابدأ من جديد</button></div>'
    '<p class="add-status" aria-live="polite"></p><ol class="added"></ol>')

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
    stem: str = ""     # its claims file's stem (what `evaluate --pred` pairs the exported gold with)


def _asset(name: str) -> str:
    return resources.files("attribution.views").joinpath("assets", name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def gold_speaker(claim: Claim) -> str | None:
    """The claim's speaker as ``evaluate`` reads a prediction's (entity, else resolved mention,
    else the written source): what the review exports as ``speaker_resolved``."""
    sp = claim.speaker
    return sp.entity or (sp.resolved.text if sp.resolved is not None else None) or sp.text


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
    """Speaker entities across the report, grouped exactly as ``speakers`` groups them
    (:class:`~attribution.views.who_said_what.SpeakerGroups`: named persons and organisations
    across articles, generic names per article), each with a generated id (e1, e2 ...) that the
    page's filter uses, so names never need to appear in selectors or attributes."""

    def __init__(self, items: list[ReportItem]):
        self.groups = SpeakerGroups([item.doc for item in items])
        counts: dict[tuple | None, int] = {}
        self.names: dict[tuple | None, str | None] = {}
        # every spelling the entity goes by (written sources, resolved mentions, the entity's
        # mentions), shown under its name in the index and searched with it
        self.forms: dict[tuple | None, dict[str, None]] = {}
        self.articles: dict[tuple | None, dict[int, None]] = {}   # the documents it speaks in
        for n, item in enumerate(items):
            for claim in item.doc.claims:
                key = self.groups.key(n, item.doc, claim)
                counts[key] = counts.get(key, 0) + 1
                self.articles.setdefault(key, {})[n] = None
                self.names.setdefault(key, None if key is None else self.groups.label(key)[0])
                forms = self.forms.setdefault(key, {})
                sp, entity = claim.speaker, item.doc.entity_of(claim)
                for form in ([sp.text, sp.resolved.text if sp.resolved else None]
                             + [m.text for m in (entity.mentions if entity else ())]):
                    if form and form != self.names[key]:
                        forms[" ".join(form.split())] = None
        ordered = sorted(counts, key=lambda k: (k is None, -counts[k], self.names[k] or ""))
        self.counts = counts
        self.ordered = ordered
        self.ids = {k: ("unresolved" if k is None else f"e{n}") for n, k in enumerate(ordered, 1)}

    def id(self, n: int, doc: ClaimsDocument, claim: Claim) -> str:
        return self.ids[self.groups.key(n, doc, claim)]


def _segments(text: str, spans: list[tuple[int, int, str, str, str]], inserts: dict[int, list[str]]) -> str:
    """The text as escaped HTML with highlights.  ``spans`` are (start, end, role, claim key,
    entity id) and may nest or overlap; the text is cut at every boundary and each piece is one
    <span> carrying all the roles, claims and entities covering it.  ``inserts`` are ready HTML
    fragments to place at an offset (markers for implicit speakers).

    Every piece of article text is one element with ``data-o``, the offset (a Python index: code
    points) of its first character, so the page's script maps a selection back to exact offsets;
    inserted markers are not article text and carry ``data-at`` instead."""
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
            out.append(f'<span class="hl {classes}" data-claims="{claim_keys}" data-entities="{entities}" '
                       f'data-o="{pos}">{_e(piece)}</span>')
        elif piece:
            out.append(f'<span data-o="{pos}">{_e(piece)}</span>')
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
    # what a fact-checker weighs first: an unnamed source, a denial, and where it was said
    if sp.anonymous:
        implicit += ' <span class="badge anonymous-b" title="anonymous source">مصدر مجهول</span>'
    if claim.stance == "denial":
        implicit += ' <span class="badge denial-b" title="denial">نفي</span>'
    setting = (f'<div class="setting" title="setting: where or how it was said">{_e(claim.setting.text)}</div>'
               if claim.setting is not None else "")
    # a quotation the cue interrupts shows its pieces, not the cue and source between them
    quoted = " … ".join(part.text for part in claim.content.parts) or claim.content.text
    label = TYPE_LABELS.get(claim.type, claim.type)
    # the rules behind the claim, in their (Latin) names, left to right
    evidence = "".join(f'<span class="rule">{_e(rule)}</span>' for rule in claim.evidence)
    evidence_html = (f'<div class="evidence" dir="ltr" title="evidence: the rules that produced this claim">'
                     f"{evidence}</div>" if evidence else "")
    # what the review exports for this claim (gold format): spans as offsets, the page slices the text
    spans = f'data-cue="{claim.cue.start} {claim.cue.end}" data-content="{claim.content.start} {claim.content.end}"'
    if sp.start is not None and sp.end is not None:
        spans += f' data-speaker="{sp.start} {sp.end}"'
    resolved = gold_speaker(claim)
    if resolved is not None:
        spans += f' data-resolved="{_e(resolved)}"'
    return (
        f'<li class="claim" id="{key}" data-entity="{entity_id}" data-type="{_e(claim.type)}" '
        f'data-confidence="{claim.confidence:.2f}" data-id="{_e(claim.id)}" data-paragraph="{claim.paragraph}" '
        f'{spans} tabindex="0">'
        f'<div class="head"><span class="who">{who}{written}</span>{implicit}'
        f'<span class="badge t-{_e(claim.type)}" title="{_e(claim.type)}">{_e(label)}</span>'
        f'<span class="confidence" title="confidence">{claim.confidence:.2f}</span>'
        f'<span class="cue-word" title="cue">{_e(claim.cue.text)}</span>'
        f'<span class="meta" title="paragraph {claim.paragraph} (counted from 0, as in the JSON)">'
        f'¶{claim.paragraph} · {_e(claim.id)}</span></div>'
        f"{setting}<blockquote>{_e(quoted)}</blockquote>{evidence_html}{REVIEW_CONTROLS}</li>")


def _published(doc: ClaimsDocument) -> str:
    """The article's date and address (from JSONL fields or HTML metadata), for its header line;
    the address is a link only when it is http(s), so a javascript: URL stays text."""
    parts = []
    date, url = doc.input.date, doc.input.url
    if date:
        parts.append(f'<time dir="ltr">{_e(date)}</time>')
    if url:
        if re.match(r"https?://", url, re.IGNORECASE):
            parts.append(f'<a href="{_e(url)}" dir="ltr" rel="noopener noreferrer">{_e(url)}</a>')
        else:
            parts.append(f'<bdi>{_e(url)}</bdi>')
    return "".join(f" · {part}" for part in parts)


def _article(item: ReportItem, n: int, entities: _Entities) -> str:
    doc, text = item.doc, item.text
    spans, inserts, cards = [], {}, []
    shown: dict[str, str] = {}   # the document's entity id -> the page's speaker id
    for k, claim in enumerate(sorted(doc.claims, key=lambda c: (c.cue.start, c.id)), 1):
        key = f"d{n}-k{k}"
        eid = entities.id(n, doc, claim)
        if claim.speaker.entity_id:
            shown[claim.speaker.entity_id] = eid
        for part in claim.content.parts or [claim.content]:   # the quoted pieces of a split quotation
            spans.append((part.start, part.end, "content", key, eid))
        spans.append((claim.cue.start, claim.cue.end, "cue", key, eid))
        sp = claim.speaker
        if sp.start is not None and sp.end is not None:
            spans.append((sp.start, sp.end, "speaker", key, eid))
        if sp.implicit:
            name = speaker_name(claim)
            inserts.setdefault(claim.cue.end, []).append(
                f'<span class="implicit" data-claims="{key}" data-entities="{eid}" data-at="{claim.cue.end}" '
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
    meta = (f"<bdi>{_e(item.source or doc.input.name)}</bdi>{_published(doc)} · "
            f"{arabic_count(len(doc.claims), 'ادعاء')} · <bdi>{_e(doc.model)}</bdi>")
    # for the review: where each paragraph starts (as evaluate counts them), the name the gold file
    # takes, and the sha256 the verdicts are stored under
    starts = " ".join(str(p.start) for p in split_paragraphs(text))
    review = (f'<section class="add-claim" aria-label="ادعاء فائت (add a missed claim)"><h3>ادعاء فائت</h3>'
              f'{ADD_PANEL}</section>')
    rest = ('<button type="button" class="rest-correct" title="mark every claim without a verdict correct">'
            'الباقي صحيح</button>')
    return (f'<article class="doc" id="d{n}" lang="ar" dir="rtl" data-sha256="{_e(doc.input.sha256)}" '
            f'data-stem="{_e(item.stem or gold_stem(doc.input.name))}" data-paragraphs="{starts}" '
            f'data-len="{len(text)}">'
            f'<h2 dir="auto">{_e(doc.input.title or doc.input.name)}</h2>'
            f'<p class="meta">{meta}</p>{notes_html}'
            f'<div class="text">{_segments(text, spans, inserts)}</div>'
            f'<section class="claims"><h3>الادعاءات {rest}</h3>{claims_html}</section>{review}</article>')


def gold_stem(name: str) -> str:
    """The name a gold file for this input takes, ``<stem>.gold.json``, as ``evaluate`` pairs it with
    ``<stem>.txt`` and the prediction ``<stem>.json``: the input name without .txt/.html/.htm."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".txt", ".html", ".htm"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


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
    # a name that stands for several entities (الشرطة of two articles) says which article each is
    named = [entities.names[k] for k in entities.ordered if k is not None]
    for key in entities.ordered:
        eid = entities.ids[key]
        name = entities.names[key] if key is not None else UNRESOLVED_LABEL
        where = ""
        if key is not None and named.count(name) > 1:
            titles = (items[n].doc.input.title or items[n].doc.input.name for n in entities.articles[key])
            where = f'<span class="where" title="in">{" · ".join(f"<bdi>{_e(t)}</bdi>" for t in titles)}</span>'
        extra = " unresolved" if key is None else ""
        forms = [f for f in entities.forms.get(key, {}) if f != name]
        forms_html = (f'<span class="forms" title="also written">{" · ".join(_e(f) for f in forms)}</span>'
                      if forms else "")
        rows.append(f'<li class="speaker-entry"><button type="button" class="speaker-filter{extra}" '
                    f'data-entity="{eid}" aria-pressed="false"><span class="name">{_e(name)}</span>'
                    f'<span class="count">{entities.counts[key]}</span>{forms_html}{where}</button></li>')
    search = ('<input type="search" id="speaker-search" autocomplete="off" placeholder="ابحث عن متحدث" '
              'aria-label="ابحث عن متحدث (search the speakers)" title="search names and spellings; '
              'hamza, alif maqsura, taa marbuta and diacritics are ignored">')
    return ('<nav id="speakers" aria-label="المتحدثون">'
            f'{_review_panel()}{_confidence_filter(items)}<h2>المتحدثون</h2>{search}'
            f'<ul>{"".join(rows)}</ul><p id="search-status" aria-live="polite"></p>'
            '<p id="filter-status" aria-live="polite"></p></nav>')


def _review_panel() -> str:
    """Progress of the review, the export and the clear control (report.js fills them in)."""
    return ('<section id="review-panel" aria-label="المراجعة (review)"><h2>المراجعة</h2>'
            '<p id="review-progress" aria-live="polite"></p>'
            '<p id="selection" title="the text selected in an article, with its offsets">'
            '<span class="label">التحديد:</span> <bdi id="selection-text">—</bdi></p>'
            '<div class="review-actions">'
            '<button type="button" id="export-gold" title="download the verdicts as gold JSON for '
            'attribution evaluate">تصدير (gold JSON)</button>'
            '<button type="button" id="clear-review" title="forget every verdict on this page (click twice)">'
            'مسح المراجعة</button></div><p id="review-status" aria-live="polite"></p></section>')


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

(function () {
  "use strict";
  // Everything here reads data-* attributes that the generator wrote; article text is never
  // turned back into markup (no HTML parsing: textContent only), so it stays text.
  var filters = Array.prototype.slice.call(document.querySelectorAll(".speaker-filter"));
  var claims = Array.prototype.slice.call(document.querySelectorAll(".claim"));
  var marks = Array.prototype.slice.call(document.querySelectorAll(".hl, .implicit"));
  var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var status = document.getElementById("filter-status");
  var minimum = document.getElementById("min-confidence");
  // the two filters combine: a claim shows when it is the selected speaker's and its confidence
  // is at least the chosen threshold
  var state = { entity: "all", label: "", min: 0 };

  function apply() {
    var all = state.entity === "all";
    var filtering = !all || state.min > 0;
    filters.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.entity === state.entity)); });
    var shown = 0;
    var visible = {};
    claims.forEach(function (c) {
      var hide = (!all && c.dataset.entity !== state.entity) || Number(c.dataset.confidence) < state.min;
      c.hidden = hide;
      if (!hide) { shown += 1; visible[c.id] = true; }
    });
    marks.forEach(function (m) {
      var keys = (m.dataset.claims || "").split(" ").filter(Boolean);
      var ents = (m.dataset.entities || "").split(" ");
      var speakerMention = !all && ents.indexOf(state.entity) >= 0 && m.classList.contains("r-mention");
      var on = keys.length ? keys.some(function (k) { return visible[k]; }) || speakerMention
                           : all || ents.indexOf(state.entity) >= 0;
      m.classList.toggle("dim", !on);
    });
    docs.forEach(function (d) {
      d.hidden = filtering && !d.querySelector(".claim:not([hidden])");
    });
    document.body.dataset.filter = state.entity;
    document.body.dataset.minConfidence = String(state.min);
    var parts = [];
    if (!all) { parts.push(state.label); }
    if (state.min > 0) { parts.push("≥ " + state.min); }
    status.textContent = filtering ? shown + " ⟵ " + parts.join(" · ") : "";
  }

  function select(entity, label) {
    state.entity = entity;
    state.label = label;
    apply();
  }

  if (minimum) {
    minimum.addEventListener("change", function () {
      state.min = Number(minimum.value) || 0;
      apply();
    });
  }

  function activate(key) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    document.querySelectorAll('[data-claims~="' + key + '"]').forEach(function (el) { el.classList.add("active"); });
    var card = document.getElementById(key);
    if (card) { card.classList.add("active"); }
    return card;
  }

  filters.forEach(function (b) {
    b.addEventListener("click", function () {
      var name = b.querySelector(".name");
      select(b.dataset.entity, name ? name.textContent : "");
    });
  });

  document.addEventListener("click", function (event) {
    // the review's own controls, and the end of a drag that selected text, select no claim
    if (event.target.closest("button, input, select, label, output, .add-claim")) { return; }
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed) { return; }
    var mark = event.target.closest(".hl, .implicit");
    if (mark) {
      var key = (mark.dataset.claims || "").split(" ")[0];
      if (!key) { return; }  // another mention of a speaker, not part of a claim
      var card = activate(key);
      if (card && !card.hidden) { card.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
      return;
    }
    var claim = event.target.closest(".claim");
    if (claim) {
      activate(claim.id);
      var first = document.querySelector('.hl[data-claims~="' + claim.id + '"]');
      if (first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); }
    }
  });

  // ---- the speaker index's search: names and spellings, compared as the tool compares Arabic
  // (hamza and alif forms, alif maqsura, taa marbuta, diacritics and tatweel ignored)
  function fold(s) {
    return (s || "").normalize("NFC").replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, "")
      .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627").replace(/\u0649/g, "\u064A").replace(/\u0629/g, "\u0647")
      .replace(/\u0624/g, "\u0648").replace(/\u0626/g, "\u064A").toLowerCase().replace(/\s+/g, " ").trim();
  }
  var search = document.getElementById("speaker-search");
  var searchStatus = document.getElementById("search-status");
  var entries = Array.prototype.slice.call(document.querySelectorAll(".speaker-entry")).map(function (li) {
    return { li: li, key: fold(li.textContent) };
  });
  if (search) {
    search.addEventListener("input", function () {
      var q = fold(search.value);
      var found = 0;
      entries.forEach(function (e) {
        var hit = !q || e.key.indexOf(q) >= 0;
        e.li.hidden = !hit;
        if (hit) { found += 1; }
      });
      searchStatus.textContent = !q ? "" : (found ? found + " / " + entries.length : "لا متحدث بهذا الاسم");
    });
  }

  // ---- the review: verdicts, corrections and missed claims, kept in localStorage under the
  // document's sha256 and exported in the gold format (shared/eval/README.md).  Offsets are Python
  // string indices (code points): each piece of article text carries data-o, its first offset.
  var VERDICTS = ["correct", "speaker", "content", "not_claim", "borderline"];
  var TYPES = ["direct", "indirect", "mixed", "according_to"];
  var STORE = "attribution-review:";
  var progress = document.getElementById("review-progress");
  var reviewStatus = document.getElementById("review-status");
  var selectionText = document.getElementById("selection-text");
  var current = null;   // the last selection inside an article: {doc, start, end}

  function codePoints(s) {
    var n = 0;
    for (var i = 0; i < s.length; i += 1) {
      var c = s.charCodeAt(i);
      if (c < 0xDC00 || c > 0xDFFF) { n += 1; }   // a low surrogate ends a pair already counted
    }
    return n;
  }
  function span(value) {
    var p = (value || "").split(" ").map(Number);
    return p.length === 2 && p[0] < p[1] ? p : null;
  }

  var reviewDocs = docs.map(function (el) {
    var textEl = el.querySelector(".text");
    var pieces = Array.prototype.slice.call(textEl.querySelectorAll("[data-o]"));
    var doc = {
      el: el, textEl: textEl, sha: el.dataset.sha256, stem: el.dataset.stem || el.id,
      chars: Array.from(pieces.map(function (p) { return p.textContent; }).join("")),
      len: Number(el.dataset.len),
      paragraphs: (el.dataset.paragraphs || "0").split(" ").map(Number),
      cards: Array.prototype.slice.call(el.querySelectorAll(".claim")),
      panel: el.querySelector(".add-claim"), draft: {}
    };
    doc.review = load(doc);
    return doc;
  });

  // a verdict belongs to the claim as it was marked: its id with its cue and content spans, so a
  // new extraction of the same text that changes a claim does not inherit another claim's verdict
  function key(card) {
    return card.dataset.id + "@" + card.dataset.cue.replace(" ", "-") + "/" + card.dataset.content.replace(" ", "-");
  }
  function slice(doc, s) { return s ? doc.chars.slice(s[0], s[1]).join("") : null; }
  function valid(doc, s) {
    return Array.isArray(s) && s.length === 2 && s.every(function (x) { return x === Math.floor(x); }) &&
      s[0] >= 0 && s[0] < s[1] && s[1] <= doc.chars.length;
  }
  function empty() { return { verdicts: {}, added: [], reviewed: false }; }
  function load(doc) {
    // what another page (or a hand) left there is checked before use: known verdicts, spans inside the text
    var got = empty(), data = null;
    try { data = JSON.parse(localStorage.getItem(STORE + doc.sha) || "null"); } catch (e) { data = null; }
    if (!data || typeof data !== "object") { return got; }
    Object.keys(data.verdicts || {}).forEach(function (id) {
      var v = data.verdicts[id];
      if (!v || VERDICTS.indexOf(v.verdict) < 0) { return; }
      var clean = { verdict: v.verdict };
      ["speaker", "resolved", "content"].forEach(function (f) { if (valid(doc, v[f])) { clean[f] = v[f]; } });
      got.verdicts[id] = clean;
    });
    (Array.isArray(data.added) ? data.added : []).forEach(function (a) {
      if (a && valid(doc, a.cue) && valid(doc, a.content) && TYPES.indexOf(a.type) >= 0) {
        got.added.push({ cue: a.cue, content: a.content, type: a.type,
                         speaker: valid(doc, a.speaker) ? a.speaker : null,
                         resolved: valid(doc, a.resolved) ? a.resolved : null });
      }
    });
    got.reviewed = data.reviewed === true;
    return got;
  }
  function save(doc) {
    var r = doc.review;
    try {
      if (!Object.keys(r.verdicts).length && !r.added.length && !r.reviewed) {
        localStorage.removeItem(STORE + doc.sha);
      } else {
        localStorage.setItem(STORE + doc.sha, JSON.stringify(r));
      }
    } catch (e) {
      reviewStatus.textContent = "تعذّر الحفظ في المتصفح (not saved: " + e.name + "); صدّر المراجعة قبل الإغلاق";
    }
  }

  // a selection's end as an offset into the article text, or null when it is not in this text
  function offsetAt(doc, node, offset) {
    if (!doc.textEl.contains(node)) { return null; }
    if (node.nodeType === 3) {
      var holder = node.parentElement;
      if (holder.dataset.o !== undefined) { return Number(holder.dataset.o) + codePoints(node.data.slice(0, offset)); }
      node = holder;
      offset = 0;
    }
    if (node === doc.textEl) {
      var child = node.childNodes[offset];
      if (!child) { return doc.chars.length; }
      node = child;
      offset = 0;
    }
    if (node.nodeType === 1 && node.dataset.o !== undefined) {
      return Number(node.dataset.o) + (offset === 0 ? 0 : codePoints(node.textContent));
    }
    var marker = node.nodeType === 1 ? node.closest("[data-at]") : null;   // an implicit-speaker marker
    return marker ? Number(marker.dataset.at) : null;
  }
  function readSelection() {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
    var article = start && start.closest("article.doc");
    var doc = reviewDocs.filter(function (d) { return d.el === article; })[0];
    if (!doc) { return; }
    var s = offsetAt(doc, range.startContainer, range.startOffset);
    var e = offsetAt(doc, range.endContainer, range.endOffset);
    if (s === null || e === null) { return; }
    while (s < e && /\s/.test(doc.chars[s])) { s += 1; }
    while (e > s && /\s/.test(doc.chars[e - 1])) { e -= 1; }
    if (e <= s) { return; }
    current = { doc: doc, start: s, end: e };
    selectionText.textContent = "«" + slice(doc, [s, e]) + "» (" + s + "–" + e + ")";
  }
  document.addEventListener("selectionchange", readSelection);
  function takeSelection(doc, statusEl) {
    readSelection();
    if (!current || current.doc !== doc) {
      statusEl.textContent = "حدّد النص في هذا المقال أولًا (select the text in this article first)";
      return null;
    }
    var got = [current.start, current.end];
    current = null;
    selectionText.textContent = "—";
    window.getSelection().removeAllRanges();
    statusEl.textContent = "";
    return got;
  }

  function paragraphOf(doc, offset) {
    var n = 0;
    doc.paragraphs.forEach(function (start, i) { if (start <= offset) { n = i; } });
    return n;
  }
  function cardEvent(doc, card, v) {
    // a claim as a gold event: as the tool found it, with the reviewer's corrections; a field marked
    // wrong and not corrected is exported unknown (null), so the event counts for detection only
    var speaker = slice(doc, span(card.dataset.speaker));
    var resolved = card.dataset.resolved !== undefined ? card.dataset.resolved : null;
    var content = slice(doc, span(card.dataset.content));
    if (v.speaker) {
      speaker = slice(doc, v.speaker);
      resolved = speaker;
    } else if (v.resolved) {
      speaker = null;
      resolved = slice(doc, v.resolved);
    } else if (v.verdict === "speaker") {
      speaker = null;
      resolved = null;
    }
    if (v.content) { content = slice(doc, v.content); } else if (v.verdict === "content") { content = null; }
    return { paragraph: Number(card.dataset.paragraph), speaker: speaker, speaker_resolved: resolved,
             cue: slice(doc, span(card.dataset.cue)), content: content, type: card.dataset.type,
             optional: v.verdict === "borderline" };  // the gold format's borderline event: neither rewarded nor penalised
  }
  function addedEvent(doc, a) {
    var speaker = slice(doc, a.speaker);
    return { paragraph: paragraphOf(doc, a.cue[0]), speaker: speaker,
             speaker_resolved: a.resolved ? slice(doc, a.resolved) : speaker,
             cue: slice(doc, a.cue), content: slice(doc, a.content), type: a.type, optional: false };
  }
  function touched(doc) {
    var r = doc.review;
    return r.reviewed || r.added.length > 0 || doc.cards.some(function (c) { return r.verdicts[key(c)]; });
  }
  function goldOf(doc) {
    var events = [];
    doc.cards.forEach(function (card) {
      var v = doc.review.verdicts[key(card)];
      if (v && v.verdict !== "not_claim") { events.push(cardEvent(doc, card, v)); }
    });
    doc.review.added.forEach(function (a) { events.push(addedEvent(doc, a)); });
    return events;
  }

  function exportGold() {
    var articles = {}, names = [], events = 0, unreviewed = 0;
    reviewDocs.forEach(function (doc) {
      if (!touched(doc)) { return; }
      var name = doc.stem, k = 2;
      while (Object.prototype.hasOwnProperty.call(articles, name)) { name = doc.stem + "-" + k; k += 1; }
      articles[name] = goldOf(doc);
      names.push(name);
      events += articles[name].length;
      unreviewed += doc.cards.filter(function (c) { return !doc.review.verdicts[key(c)]; }).length;
    });
    if (!names.length) {
      reviewStatus.textContent = "لا شيء للتصدير بعد: احكم على ادعاء أولًا (nothing reviewed yet)";
      return null;
    }
    // one article: its gold list, <stem>.gold.json; several: {"articles": {stem: list}} in one file
    var single = names.length === 1;
    var file = single ? names[0] + ".gold.json" : "review.gold.json";
    var json = JSON.stringify(single ? articles[names[0]] : { articles: articles }, null, 1) + "\n";
    var url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = file;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    reviewStatus.textContent = file + " · الادعاءات: " + events + " · المقالات: " + names.length +
      (unreviewed ? " · " + unreviewed + " بلا حكم لم تُصدَّر (unreviewed, left out)" : "");
    return { file: file, json: json };
  }

  function label(doc, s) { return "«" + slice(doc, s) + "»"; }
  function renderCard(doc, card) {
    var v = doc.review.verdicts[key(card)];
    if (v) { card.dataset.verdict = v.verdict; } else { delete card.dataset.verdict; }
    card.querySelectorAll(".verdict").forEach(function (b) {
      b.setAttribute("aria-pressed", String(!!v && b.dataset.verdict === v.verdict));
    });
    var parts = [];
    if (v && v.speaker) { parts.push("المتحدث: " + label(doc, v.speaker)); }
    if (v && v.resolved) { parts.push((v.speaker ? "المقصود: " : "المتحدث (ضمني): ") + label(doc, v.resolved)); }
    if (v && v.content) { parts.push("المضمون: " + label(doc, v.content)); }
    if (v && v.verdict === "speaker" && !v.speaker && !v.resolved) {
      parts.push("حدّد المتحدث الصحيح في النص ثم اضغط ← (uncorrected: exported with the speaker unknown)");
    }
    if (v && v.verdict === "content" && !v.content) {
      parts.push("حدّد المضمون الصحيح في النص ثم اضغط ← (uncorrected: exported with the content unknown)");
    }
    card.querySelector(".correction").textContent = parts.join(" · ");
  }
  function renderAdded(doc) {
    var list = doc.panel.querySelector(".added");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    doc.review.added.forEach(function (a, i) {
      var li = document.createElement("li");
      var e = addedEvent(doc, a);
      var text = document.createElement("span");
      text.textContent = "¶" + e.paragraph + " " + e.cue + " — " + (e.speaker || "(غير مكتوب)") +
        (e.speaker_resolved && e.speaker_resolved !== e.speaker ? " ⟵ " + e.speaker_resolved : "") +
        " — «" + e.content + "» (" + e.type + ")";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "remove-added";
      remove.dataset.index = String(i);
      remove.title = "remove this added claim";
      remove.textContent = "حذف";
      li.appendChild(text);
      li.appendChild(remove);
      list.appendChild(li);
    });
  }
  function renderDraft(doc) {
    doc.panel.querySelectorAll("output[data-show]").forEach(function (o) {
      var s = doc.draft[o.dataset.show];
      o.textContent = s ? label(doc, s) : "";
    });
  }
  function renderProgress() {
    var total = 0, done = 0, added = 0;
    reviewDocs.forEach(function (doc) {
      total += doc.cards.length;
      done += doc.cards.filter(function (c) { return doc.review.verdicts[key(c)]; }).length;
      added += doc.review.added.length;
    });
    progress.textContent = "بحكم: " + done + " / " + total + " · مضاف: " + added;
    progress.dataset.done = String(done);
    progress.dataset.added = String(added);
  }
  function renderAll() {
    reviewDocs.forEach(function (doc) {
      doc.cards.forEach(function (card) { renderCard(doc, card); });
      renderAdded(doc);
      renderDraft(doc);
    });
    renderProgress();
  }
  function docOf(el) {
    var article = el.closest("article.doc");
    return reviewDocs.filter(function (d) { return d.el === article; })[0];
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var doc = docOf(button);
    var card = button.closest(".claim");
    if (doc && card && button.dataset.verdict) {
      var id = key(card), old = doc.review.verdicts[id];
      var next = button.dataset.verdict;
      if (old && old.verdict === next) {
        delete doc.review.verdicts[id];           // pressed again: no verdict
      } else if (next === "speaker" || next === "content") {
        var keep = { verdict: next };             // corrections survive a switch between the two
        if (old) { ["speaker", "resolved", "content"].forEach(function (f) { if (old[f]) { keep[f] = old[f]; } }); }
        doc.review.verdicts[id] = keep;
      } else {
        doc.review.verdicts[id] = { verdict: next };
      }
    } else if (doc && card && button.dataset.fix) {
      var got = takeSelection(doc, card.querySelector(".correction"));
      if (!got) { return; }
      var v = doc.review.verdicts[key(card)] || {};
      if (button.dataset.fix === "content") {
        v.content = got;
      } else if (button.dataset.fix === "speaker") {
        v.speaker = got;
        delete v.resolved;
      } else {
        v.resolved = got;
        delete v.speaker;
      }
      if (v.verdict !== "speaker" && v.verdict !== "content") {
        v.verdict = button.dataset.fix === "content" ? "content" : "speaker";
      }
      doc.review.verdicts[key(card)] = v;
    } else if (doc && button.classList.contains("rest-correct")) {
      doc.cards.forEach(function (c) {
        if (!doc.review.verdicts[key(c)]) { doc.review.verdicts[key(c)] = { verdict: "correct" }; }
      });
      doc.review.reviewed = true;
    } else if (doc && button.dataset.pick) {
      var picked = takeSelection(doc, doc.panel.querySelector(".add-status"));
      if (!picked) { return; }
      doc.draft[button.dataset.pick] = picked;
      renderDraft(doc);
      return;
    } else if (doc && button.classList.contains("add-reset")) {
      doc.draft = {};
      doc.panel.querySelector(".add-status").textContent = "";
      renderDraft(doc);
      return;
    } else if (doc && button.classList.contains("add-confirm")) {
      var d = doc.draft, status = doc.panel.querySelector(".add-status");
      if (!d.cue || !d.content) {
        status.textContent = "حدّد فعل القول والمضمون على الأقل (a cue and a content are needed)";
        return;
      }
      doc.review.added.push({ cue: d.cue, speaker: d.speaker || null, resolved: d.resolved || null,
                              content: d.content, type: doc.panel.querySelector(".add-type").value });
      doc.draft = {};
      status.textContent = "أُضيف (added)";
    } else if (doc && button.classList.contains("remove-added")) {
      doc.review.added.splice(Number(button.dataset.index), 1);
    } else if (button.id === "export-gold") {
      exportGold();
      return;
    } else if (button.id === "clear-review") {
      if (button.dataset.armed !== "true") {
        button.dataset.armed = "true";
        button.textContent = "اضغط ثانية للمسح";
        setTimeout(function () { button.dataset.armed = "false"; button.textContent = "مسح المراجعة"; }, 5000);
        return;
      }
      button.dataset.armed = "false";
      button.textContent = "مسح المراجعة";
      reviewDocs.forEach(function (x) { x.review = empty(); x.draft = {}; save(x); });
      reviewStatus.textContent = "مُسحت المراجعة (cleared)";
      renderAll();
      return;
    } else {
      return;
    }
    save(doc);
    renderAll();
  });
  renderAll();
})();

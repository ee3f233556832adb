(function () {
  "use strict";
  // Everything here reads data-* attributes that the generator wrote; article text is never
  // turned back into markup (no innerHTML), so it stays text.
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
})();

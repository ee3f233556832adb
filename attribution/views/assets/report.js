(function () {
  "use strict";
  // Everything here reads data-* attributes that the generator wrote; article text is never
  // turned back into markup (no innerHTML), so it stays text.
  var filters = Array.prototype.slice.call(document.querySelectorAll(".speaker-filter"));
  var claims = Array.prototype.slice.call(document.querySelectorAll(".claim"));
  var marks = Array.prototype.slice.call(document.querySelectorAll(".hl, .implicit"));
  var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var status = document.getElementById("filter-status");

  function select(entity, label) {
    var all = entity === "all";
    filters.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.entity === entity)); });
    var shown = 0;
    claims.forEach(function (c) {
      var hide = !all && c.dataset.entity !== entity;
      c.hidden = hide;
      if (!hide) { shown += 1; }
    });
    marks.forEach(function (m) {
      var ents = (m.dataset.entities || "").split(" ");
      m.classList.toggle("dim", !all && ents.indexOf(entity) < 0);
    });
    docs.forEach(function (d) {
      d.hidden = !all && !d.querySelector(".claim:not([hidden])");
    });
    document.body.dataset.filter = entity;
    status.textContent = all ? "" : shown + " ⟵ " + label;
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

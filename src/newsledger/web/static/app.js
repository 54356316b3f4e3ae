// newsledger: small page behaviour. No inline scripts anywhere (the CSP forbids them).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Hovering a statement in the text lights its row in the table, and the other way round.
  const pairs = (id) => document.querySelectorAll(`[data-statement="${CSS.escape(id)}"]`);
  document.querySelectorAll("[data-statement]").forEach((el) => {
    const id = el.getAttribute("data-statement");
    el.addEventListener("mouseenter", () => pairs(id).forEach((p) => p.classList.add("active")));
    el.addEventListener("mouseleave", () => pairs(id).forEach((p) => p.classList.remove("active")));
  });
  // Selecting a statement in the text shows its details (speaker, source, cue, probability
  // range, deadline, condition) beside it. Without this script the links do it by #target.
  const select = (id) => {
    document.querySelectorAll(".detail.shown").forEach((d) => d.classList.remove("shown"));
    document.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
    const detail = document.getElementById("detail-" + id);
    if (!detail) return false;
    detail.classList.add("shown");
    pairs(id).forEach((p) => { if (p.tagName === "MARK") p.classList.add("selected"); });
    return true;
  };
  document.querySelectorAll("a.sel").forEach((link) => {
    link.addEventListener("click", (event) => {
      const mark = link.querySelector("mark[data-statement]");
      if (mark && select(mark.getAttribute("data-statement"))) {
        event.preventDefault();
        history.replaceState(null, "", "#detail-" + mark.getAttribute("data-statement"));
      }
    });
  });
  if (location.hash.startsWith("#detail-")) select(location.hash.slice("#detail-".length));
  // The analyzer can take a few seconds on its first run: say so.
  const form = document.querySelector("form.analyze");
  if (form) {
    form.addEventListener("submit", () => {
      const busy = document.getElementById("busy");
      if (busy) busy.hidden = false;
    });
  }
  document.body.dataset.ready = "1";
});

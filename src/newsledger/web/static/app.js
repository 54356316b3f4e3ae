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
  // A marked statement in the text opens its own page on click.
  const text = document.getElementById("text");
  const stored = !text || text.dataset.stored === "yes";
  document.querySelectorAll(stored ? "mark[data-statement]" : "mark.none").forEach((mark) => {
    mark.addEventListener("click", () => {
      window.location.href = "/statements/" + encodeURIComponent(mark.getAttribute("data-statement"));
    });
  });
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

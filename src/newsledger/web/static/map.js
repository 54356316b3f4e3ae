// newsledger: pan and zoom for the event map by changing its SVG viewBox. No inline
// scripts anywhere (the CSP forbids them); without this file the map is still whole.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("figure.map").forEach((figure) => {
    const svg = figure.querySelector("svg.map");
    const controls = figure.querySelector(".map-controls");
    if (!svg || !controls) return;
    const parse = (text) => (text || "").split(/\s+/).map(Number);
    const world = parse(figure.dataset.world);
    const fit = parse(figure.dataset.view);
    if (world.length !== 4 || fit.length !== 4 || fit.some(Number.isNaN)) return;
    let view = fit.slice();
    const show = () => {
      svg.setAttribute("viewBox", view.map((v) => v.toFixed(1)).join(" "));
      // Markers stay one size on screen: zooming in spreads a crowded spot apart.
      svg.style.setProperty("--k", (view[2] / fit[2]).toFixed(4));
    };
    const zoom = (factor) => {
      const [x, y, w, h] = view;
      const nw = Math.min(w * factor, world[2]);
      const nh = nw * (h / w);
      view = [x + (w - nw) / 2, y + (h - nh) / 2, nw, nh];
    };
    controls.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      const [, , w, h] = view;
      const step = { w: [-w / 3, 0], e: [w / 3, 0], n: [0, -h / 3], s: [0, h / 3] };
      if (button.dataset.zoom === "in") zoom(0.5);
      else if (button.dataset.zoom === "out") zoom(2);
      else if (button.dataset.zoom === "fit") view = fit.slice();
      else if (button.dataset.zoom === "world") view = world.slice();
      else if (step[button.dataset.pan]) {
        view[0] += step[button.dataset.pan][0];
        view[1] += step[button.dataset.pan][1];
      }
      show();
      figure.dataset.zoomed = "1";
    });
    // Dragging the map pans it (a click on a marker still follows its link).
    let drag = null;
    svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || event.target.closest("a")) return;
      drag = { x: event.clientX, y: event.clientY, view: view.slice() };
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const scale = drag.view[2] / svg.getBoundingClientRect().width;
      view = [drag.view[0] - (event.clientX - drag.x) * scale,
              drag.view[1] - (event.clientY - drag.y) * scale, drag.view[2], drag.view[3]];
      show();
      figure.dataset.zoomed = "1";
    });
    const stop = () => { drag = null; };
    svg.addEventListener("pointerup", stop);
    svg.addEventListener("pointercancel", stop);
    svg.classList.add("draggable");
    controls.hidden = false;  // the buttons only appear where they work
  });
});

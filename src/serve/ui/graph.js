// A small force-directed graph drawn in SVG: nodes repel, edges pull, the centre holds.
// Used by the query page (results as a graph) and the network page.
"use strict";
const SVG_NS = "http://www.w3.org/2000/svg";
const COLOURS = { center: "#d9480f", corpus: "#1f6fb2", cited: "#8d99a6", literal: "#2b8a3e" };

function drawGraph(svg, nodes, edges, opts) {
  opts = opts || {};
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const W = svg.clientWidth || 900, H = svg.clientHeight || 560;
  const byId = new Map();
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, nodes.length);
    n.x = W / 2 + (W / 3) * Math.cos(a) * Math.random();
    n.y = H / 2 + (H / 3) * Math.sin(a) * Math.random();
    n.vx = 0; n.vy = 0;
    byId.set(n.id, n);
  });
  const links = edges.filter(e => byId.has(e.source) && byId.has(e.target))
    .map(e => ({ s: byId.get(e.source), t: byId.get(e.target), label: e.label }));
  const defs = document.createElementNS(SVG_NS, "defs");
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="17" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#9aa5b1"/></marker>';
  svg.appendChild(defs);
  const lineEls = links.map(l => {
    const el = document.createElementNS(SVG_NS, "line");
    el.setAttribute("marker-end", "url(#arrow)");
    if (l.label) { const t = document.createElementNS(SVG_NS, "title"); t.textContent = l.label; el.appendChild(t); }
    svg.appendChild(el);
    return el;
  });
  const nodeEls = nodes.map(n => {
    const g = document.createElementNS(SVG_NS, "g");
    const c = document.createElementNS(SVG_NS, "circle");
    c.setAttribute("r", n.cls === "center" ? 9 : 6);
    c.setAttribute("fill", COLOURS[n.cls] || COLOURS.cited);
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = n.title || n.label;
    c.appendChild(title);
    const t = document.createElementNS(SVG_NS, "text");
    t.setAttribute("dx", 10); t.setAttribute("dy", 4);
    t.textContent = n.label.length > 40 ? n.label.slice(0, 39) + "…" : n.label;
    g.appendChild(c); g.appendChild(t);
    svg.appendChild(g);
    let dragging = false, moved = false;
    c.addEventListener("mousedown", e => { dragging = true; moved = false; n.fixed = true; e.preventDefault(); });
    svg.addEventListener("mousemove", e => {
      if (!dragging) return;
      const r = svg.getBoundingClientRect();
      n.x = e.clientX - r.left; n.y = e.clientY - r.top; moved = true; render();
    });
    window.addEventListener("mouseup", () => { dragging = false; });
    c.addEventListener("click", () => { if (!moved && opts.onClick) opts.onClick(n); });
    return g;
  });
  function render() {
    links.forEach((l, i) => {
      const el = lineEls[i];
      el.setAttribute("x1", l.s.x); el.setAttribute("y1", l.s.y);
      el.setAttribute("x2", l.t.x); el.setAttribute("y2", l.t.y);
    });
    nodes.forEach((n, i) => nodeEls[i].setAttribute("transform", `translate(${n.x},${n.y})`));
  }
  // Spring-electric layout, a fixed number of steps so it always ends.
  const k = Math.sqrt((W * H) / Math.max(1, nodes.length)) * 0.6;
  let step = 0;
  function tick() {
    const temp = 1 - step / 300;
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy || 0.01;
        const f = (k * k) / d2 * 0.05;
        a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
      }
    }
    links.forEach(l => {
      const dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = (d - k) / d * 0.05;
      l.s.vx += dx * f; l.s.vy += dy * f; l.t.vx -= dx * f; l.t.vy -= dy * f;
    });
    nodes.forEach(n => {
      n.vx += (W / 2 - n.x) * 0.005; n.vy += (H / 2 - n.y) * 0.005;
      if (!n.fixed) {
        n.x += Math.max(-20, Math.min(20, n.vx * temp));
        n.y += Math.max(-20, Math.min(20, n.vy * temp));
      }
      n.x = Math.max(10, Math.min(W - 10, n.x)); n.y = Math.max(10, Math.min(H - 10, n.y));
      n.vx *= 0.5; n.vy *= 0.5;
    });
    render();
    if (++step < 300) requestAnimationFrame(tick);
  }
  tick();
}

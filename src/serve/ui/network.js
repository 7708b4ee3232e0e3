// The network page: the citations around one document, from /api/network.
"use strict";
(async function () {
  const svg = document.getElementById("net");
  const iri = svg.dataset.iri;
  const resp = await fetch("/api/network?iri=" + encodeURIComponent(iri));
  if (!resp.ok) { svg.insertAdjacentText("afterend", await resp.text()); return; }
  const data = await resp.json();
  const nodes = data.nodes.map(n => ({
    id: n.id, label: n.label, title: n.label + (n.inCorpus ? "" : " (cited, not in the corpus)"),
    href: n.href, cls: n.center ? "center" : n.inCorpus ? "corpus" : "cited",
  }));
  drawGraph(svg, nodes, data.edges, {
    onClick: n => { location.href = n.cls === "center" ? n.href : "/network" + n.href; },
  });
  const p = document.createElement("p");
  p.className = "note";
  p.textContent = `${nodes.length} documents, ${data.edges.length} citation links.`;
  svg.after(p);
})();

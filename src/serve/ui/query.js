// The query page: an editor with SPARQL highlighting, the queries/ library as examples,
// results as a table or a graph. Talks to /sparql like any other SPARQL client.
"use strict";
(function () {
  const q = document.getElementById("q"), hl = document.getElementById("hl");
  const status = document.getElementById("status"), results = document.getElementById("results");
  const graphSvg = document.getElementById("graph"), examples = document.getElementById("examples");
  const purpose = document.getElementById("purpose");
  let base = "", last = null, view = "table";

  // ---- highlighting: one pass of a tokenising regex over the text ----
  const KW = /^(select|construct|describe|ask|where|prefix|base|optional|filter|union|minus|graph|service|bind|values|as|order|by|group|having|limit|offset|distinct|reduced|from|named|not|exists|in|asc|desc|a|count|sum|min|max|avg|sample|group_concat|separator|str|lang|langmatches|datatype|iri|uri|bnode|strafter|strbefore|contains|strstarts|strends|regex|coalesce|if|bound|true|false|undef|insert|delete|data|with|using|load|clear|drop|create|silent)$/i;
  const TOKENS = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"\s]*>)|([?$][A-Za-z0-9_\u00C0-\uFFFF]+)|([A-Za-z][\w.-]*:[\w.%-]*|:[\w.%-]+)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_]+)/g;
  const escHtml = s => s.replace(/[&<>]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" }[c]));
  function highlight() {
    const src = q.value;
    let out = "", last = 0, m;
    TOKENS.lastIndex = 0;
    while ((m = TOKENS.exec(src))) {
      out += escHtml(src.slice(last, m.index));
      const t = escHtml(m[0]);
      const cls = m[1] ? "com" : m[2] ? "str" : m[3] ? "iri" : m[4] ? "var" : m[5] ? "pn" : m[6] ? "num" : KW.test(m[0]) ? "kw" : null;
      out += cls ? `<span class="tok-${cls}">${t}</span>` : t;
      last = TOKENS.lastIndex;
    }
    hl.innerHTML = out + escHtml(src.slice(last)) + "\n";
    hl.scrollTop = q.scrollTop; hl.scrollLeft = q.scrollLeft;
  }
  q.addEventListener("input", highlight);
  q.addEventListener("scroll", () => { hl.scrollTop = q.scrollTop; hl.scrollLeft = q.scrollLeft; });
  q.addEventListener("keydown", e => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    if (e.key === "Tab") { e.preventDefault(); document.execCommand("insertText", false, "  "); }
  });

  // ---- the library ----
  const SAMPLE = { symbol: "A/RES/79/319", body: "UNODC", from: "A/RES/79/319", to: "A/RES/70/1", instrument: "2030 Agenda" };
  let library = [];
  fetch("/api/queries").then(r => r.json()).then(data => {
    base = data.base; library = data.queries;
    for (const item of library) {
      const o = document.createElement("option");
      o.value = item.name; o.textContent = item.name;
      examples.appendChild(o);
    }
    const wanted = new URLSearchParams(location.search).get("example");
    if (wanted) { examples.value = wanted; choose(); }
  });
  // A library query's parameters become a VALUES row at the top of its WHERE clause, which the
  // reader can see and edit.
  function choose() {
    const item = library.find(x => x.name === examples.value);
    if (!item) return;
    let text = item.text;
    if (item.params.length) {
      const vars = item.params.map(p => "?" + p).join(" ");
      const vals = item.params.map(p => JSON.stringify(SAMPLE[p] || "")).join(" ");
      text = text.replace(/WHERE\s*\{/i, m => `${m}\n  VALUES (${vars}) { (${vals}) }`);
    }
    q.value = text;
    purpose.textContent = item.purpose;
    highlight();
  }
  examples.addEventListener("change", choose);

  // ---- running ----
  async function run() {
    status.className = ""; status.textContent = "Running…";
    const t0 = performance.now();
    let resp;
    try {
      resp = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, application/n-triples;q=0.9" },
        body: new URLSearchParams({ query: q.value }),
      });
    } catch (e) { status.className = "error"; status.textContent = "Network error: " + e; return; }
    const ms = Math.round(performance.now() - t0);
    const body = await resp.text();
    if (!resp.ok) {
      status.className = "error";
      status.textContent = `${resp.status} ${resp.statusText}: ${body}`;
      results.textContent = ""; last = null; return;
    }
    const cap = resp.headers.get("X-SPARQL-MaxRows");
    const ct = resp.headers.get("Content-Type") || "";
    last = ct.includes("json") ? { kind: "json", data: JSON.parse(body) } : { kind: "triples", data: parseNTriples(body) };
    const n = last.kind === "json" ? (last.data.results ? last.data.results.bindings.length : 1) : last.data.length;
    status.textContent = `${n} ${last.kind === "triples" ? "triples" : "results"} in ${ms} ms` + (cap ? ` (cut at the server's limit of ${cap})` : "");
    show();
  }
  document.getElementById("run").addEventListener("click", run);

  function parseNTriples(text) {
    const term = "(<[^>]*>|_:\\S+|\"(?:[^\"\\\\]|\\\\.)*\"(?:@[\\w-]+|\\^\\^<[^>]*>)?)";
    const re = new RegExp(`^${term}\\s+${term}\\s+${term}\\s*\\.\\s*$`);
    const out = [];
    for (const line of text.split("\n")) {
      const m = re.exec(line.trim());
      if (m) out.push([m[1], m[2], m[3]].map(ntTerm));
    }
    return out;
  }
  function ntTerm(t) {
    if (t.startsWith("<")) return { type: "uri", value: t.slice(1, -1) };
    if (t.startsWith("_:")) return { type: "bnode", value: t.slice(2) };
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(t);
    return { type: "literal", value: m ? JSON.parse('"' + m[1] + '"') : t };
  }

  function label(cell) {
    if (!cell) return "";
    if (cell.type === "uri" && base && cell.value.startsWith(base + "work/")) return decodeURIComponent(cell.value.slice(base.length + 5)).replace(/_/g, " ");
    return cell.value;
  }
  function cellNode(cell) {
    if (!cell) return document.createTextNode("");
    if (cell.type === "uri") {
      const a = document.createElement("a");
      a.href = base && cell.value.startsWith(base) ? "/" + cell.value.slice(base.length) : cell.value;
      a.textContent = label(cell);
      return a;
    }
    return document.createTextNode(cell.value + (cell["xml:lang"] ? " @" + cell["xml:lang"] : ""));
  }

  function show() {
    document.getElementById("tab-table").classList.toggle("on", view === "table");
    document.getElementById("tab-graph").classList.toggle("on", view === "graph");
    results.hidden = view !== "table"; graphSvg.hidden = view !== "graph";
    if (!last) return;
    let head, rows;
    if (last.kind === "json" && !last.data.results) { head = ["boolean"]; rows = [[{ type: "literal", value: String(last.data.boolean) }]]; }
    else if (last.kind === "json") { head = last.data.head.vars; rows = last.data.results.bindings.map(b => head.map(v => b[v])); }
    else { head = ["subject", "predicate", "object"]; rows = last.data; }
    if (view === "table") {
      const table = document.createElement("table"), thead = table.createTHead(), tr = thead.insertRow();
      head.forEach(h => { const th = document.createElement("th"); th.textContent = h; tr.appendChild(th); });
      const tbody = table.createTBody();
      rows.slice(0, 5000).forEach(r => { const row = tbody.insertRow(); r.forEach(c => row.insertCell().appendChild(cellNode(c))); });
      results.replaceChildren(table);
    } else {
      // Triples: subject → object labelled by the predicate. Solutions: first column → second.
      const nodes = new Map(), edges = [];
      const node = c => { const id = c.type + ":" + c.value; if (!nodes.has(id)) nodes.set(id, { id, label: label(c), cls: c.type === "literal" ? "literal" : "corpus" }); return id; };
      for (const r of rows.slice(0, 400)) {
        const [a, b] = last.kind === "triples" ? [r[0], r[2]] : [r[0], r[1]];
        if (!a || !b) continue;
        edges.push({ source: node(a), target: node(b), label: last.kind === "triples" ? r[1].value : head[1] });
      }
      drawGraph(graphSvg, [...nodes.values()], edges, {});
    }
  }
  document.getElementById("tab-table").addEventListener("click", () => { view = "table"; show(); });
  document.getElementById("tab-graph").addEventListener("click", () => { view = "graph"; show(); });
  highlight();
})();

// Opens an HTML export of `unkg export --format html` in headless Chromium and checks that the
// page works offline: no console error and no failed request, the graph is drawn (screenshot),
// and clicking a document's node lists its citations with their quoted words.
//
// usage: node tests/browser/html_export.mjs PAGE.html SCREENSHOT.png [SYMBOL]
// The browser is the system's Chromium (CHROMIUM, default /usr/bin/chromium).

import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { statSync } from "node:fs";

const [page_path, shot, wanted] = process.argv.slice(2);
if (!page_path || !shot) {
  console.error("usage: node html_export.mjs PAGE.html SCREENSHOT.png [SYMBOL]");
  process.exit(2);
}
let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) { passed++; console.log(`ok   ${what}`); } else { failed++; console.log(`FAIL ${what}`); }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [], requests = [];
  page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", e => errors.push(String(e)));
  page.on("request", r => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  const t0 = Date.now();
  await page.goto(pathToFileURL(page_path).href, { waitUntil: "load", timeout: 180000 });
  await page.waitForFunction(() => window.unkgViewer && window.unkgViewer.cy.nodes().length > 0, null, { timeout: 180000 });
  const loaded = (Date.now() - t0) / 1000;
  const n = await page.evaluate(() => window.unkgViewer.cy.nodes().length);
  const e = await page.evaluate(() => window.unkgViewer.cy.edges().length);
  console.log(`page ${page_path} (${(statSync(page_path).size / 1e6).toFixed(1)} MB): ${n} nodes, ${e} edges, laid out in ${loaded.toFixed(1)} s`);
  check(n > 0 && e > 0, "the graph has nodes and edges");
  check(requests.length === 0, `no network request (${requests.slice(0, 3).join(" ")})`);

  // A real click on the node of SYMBOL (or of the document citing most), at its rendered place.
  const target = await page.evaluate(w => {
    const cy = window.unkgViewer.cy;
    let node = w ? cy.getElementById(w) : null;
    if (!node || node.empty()) node = cy.nodes().max(x => x.outdegree()).ele;
    // The force layout may leave another node over this one: draw it on top, where a user
    // zooming in on it would see it.
    node.style("z-index", 999);
    cy.zoom(4); cy.center(node);
    const p = node.renderedPosition();
    const box = cy.container().getBoundingClientRect();
    return { id: node.id(), x: box.left + p.x, y: box.top + p.y };
  }, wanted || null);
  await page.mouse.click(target.x, target.y);
  await page.waitForTimeout(500);
  const shown = await page.locator("#info .sym").innerText().catch(() => "");
  check(shown === target.id, `clicking ${target.id} shows it in the panel (${shown})`);
  const info = await page.locator("#info").innerText();
  check(/Citations \(\d+/.test(info) && (await page.locator("#info .cit mark").count()) > 0,
    "the panel lists its citations with their quoted words");
  await page.evaluate(() => window.unkgViewer.cy.fit());
  await page.screenshot({ path: shot });
  check(statSync(shot).size > 20000, `screenshot ${shot} is not blank`);

  // The year slider hides documents after the chosen year.
  const hidden = await page.evaluate(() => {
    const s = document.getElementById("year");
    s.value = String(+s.min + Math.floor((+s.max - +s.min) / 2));
    s.dispatchEvent(new Event("input"));
    return window.unkgViewer.cy.nodes(".hidden").length;
  });
  check(hidden > 0, `the year slider hides later documents (${hidden})`);
  check(errors.length === 0, `no console error (${errors.slice(0, 3).join(" | ")})`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

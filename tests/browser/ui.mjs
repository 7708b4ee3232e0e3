// Drives the unkg web UI in headless Chromium: runs a query of the library on the query page
// (table and graph), opens the page of A/RES/79/319 and its citation network, takes
// screenshots, and fails on any console error, page error or failed request.
// Usage: node ui.mjs URL [SCREENSHOT_DIR]   (see run.sh, which starts the server)
import { chromium } from "playwright-core";

const url = process.argv[2];
const out = process.argv[3] || ".";
if (!url) { console.error("usage: node ui.mjs URL [DIR]"); process.exit(2); }
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on("console", m => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
page.on("pageerror", e => errors.push(`page error: ${e}`));
page.on("requestfailed", r => errors.push(`request failed: ${r.url()}`));
page.on("response", r => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });

let passed = 0, failed = 0;
function check(what, ok, detail = "") {
  if (ok) { passed++; console.log(`ok   ${what}`); }
  else { failed++; console.log(`FAIL ${what} ${detail}`); }
}

try {
  // The query page: pick `cites` from the library, run it, see a table, then the graph.
  await page.goto(`${url}/query`);
  await page.waitForSelector("#examples option[value='cites']", { state: "attached" });
  await page.selectOption("#examples", "cites");
  const text = await page.inputValue("#q");
  check("the library query is in the editor with its parameter", text.includes('VALUES (?symbol) { ("A/RES/79/319") }'));
  check("the editor highlights keywords", (await page.locator("#hl .tok-kw").count()) > 5);
  await page.click("#run");
  await page.waitForSelector("#results table tbody tr", { timeout: 60000 });
  const rows = await page.locator("#results tbody tr").count();
  check("the query gives rows", rows >= 20, `${rows} rows`);
  const table = await page.textContent("#results");
  check("the cited resolution 70/1 is among them", table.includes("A/RES/70/1"));
  check("the status line counts the results", /\d+ results in \d+ ms/.test(await page.textContent("#status")));
  await page.click("#tab-graph");
  await page.waitForSelector("#graph circle");
  await page.waitForTimeout(1500);
  check("the graph view draws nodes", (await page.locator("#graph circle").count()) > 5);
  await page.screenshot({ path: `${out}/query.png`, fullPage: true });

  // A malformed query shows the parser's message.
  await page.click("#tab-table");
  await page.fill("#q", "SELECT ?x WHERE { ?x }");
  await page.click("#run");
  await page.waitForSelector("#status.error");
  check("a bad query shows the 400 and the parser's message", (await page.textContent("#status")).includes("400"));
  errors.splice(0, errors.length, ...errors.filter(e => !e.includes("HTTP 400") && !e.includes("400 (Bad Request)")));

  // The document page of A/RES/79/319.
  await page.goto(`${url}/work/A/RES/79/319`);
  check("the document page has the symbol as title", (await page.textContent("h1")).includes("A/RES/79/319"));
  const cites = await page.locator("#cites + table tbody tr").count();
  check("outgoing citations are listed", cites >= 20, `${cites}`);
  check("quoted text is highlighted", (await page.locator("table.cit mark").count()) >= 20);
  check("both language versions are listed", (await page.locator("ul.langs li").count()) >= 2);
  await page.screenshot({ path: `${out}/document.png`, fullPage: true });

  // Following a citation to the cited document, which lists A/RES/79/319 among its citers.
  await page.click("#cites + table a[href='/work/A/RES/70/1']");
  await page.waitForURL(/\/work\/A\/RES\/70\/1$/);
  check("the cited document lists its citer", (await page.textContent("#cited-by + table")).includes("A/RES/79/319"));

  // The network around A/RES/79/319.
  await page.goto(`${url}/network/work/A/RES/79/319`);
  await page.waitForSelector("#net circle");
  await page.waitForTimeout(2500);
  check("the network view draws the neighbourhood", (await page.locator("#net circle").count()) > 5);
  await page.screenshot({ path: `${out}/network.png` });

  // The home page lists the corpus.
  await page.goto(url);
  check("the home page lists documents", (await page.locator("#docs tbody tr").count()) > 20);
} catch (e) {
  failed++;
  console.log(`FAIL ${e}`);
}
check("no console errors, page errors or failed requests", errors.length === 0, errors.join("\n"));
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// Browser tests of the web page: Debian's chromium, driven by playwright-core
// (web/node_modules), against `herald serve` on a database built from
// examples/. Run by tests/browser/run.sh, which skips cleanly without node,
// chromium or the npm packages.
//
// Environment: HERALD (the binary, default build/herald); HERALD_WEB_SERVER=mock
// to use tests/browser/mock_server.py instead of `herald serve`;
// HERALD_UPDATE_SCREENSHOT=1 to write docs/screenshot.png as well.
"use strict";
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { spawn, execFileSync } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const { chromium } = require(path.join(ROOT, "web", "node_modules", "playwright-core"));
const HERALD = path.resolve(ROOT, process.env.HERALD || "build/herald");
const ARTIFACTS = path.join(ROOT, "build", "browser-artifacts");
// The flags of ../shared/recipes/chromium-shot.sh: no reaching for the
// network, and running as root.
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let tmp, server, serverLog = "", base, browser;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, proc) {
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}):\n${serverLog}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer ${url} within 15 s:\n${serverLog}`);
}

async function getJSON(p) {
  const res = await fetch(base + p);
  assert.equal(res.status, 200, `${p}: status ${res.status}`);
  return res.json();
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "herald-web-"));
  const db = path.join(tmp, "examples.db");
  execFileSync(HERALD, ["run", "--db", db, path.join(ROOT, "examples")], { stdio: "ignore" });
  const port = await freePort();
  const cmd = process.env.HERALD_WEB_SERVER === "mock"
    ? ["python3", [path.join(__dirname, "mock_server.py"), "--db", db, "--herald", HERALD, "--port", String(port)]]
    : [HERALD, ["serve", "--db", db, "--bind", "127.0.0.1", "--port", String(port),
      "--static", path.join(ROOT, "web", "dist")]];
  server = spawn(cmd[0], cmd[1], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout.on("data", (d) => { serverLog += d; });
  server.stderr.on("data", (d) => { serverLog += d; });
  base = `http://127.0.0.1:${port}`;
  await waitForServer(`${base}/api/timeline`, server);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) server.kill("SIGTERM");
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// A new page that records console errors, uncaught exceptions and failed
// requests; open(query) loads the page and waits until every view is drawn.
async function newPage(width = 1280, height = 1000) {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`status ${r.status()}: ${r.url()}`); });
  pageProblems.set(page, problems);
  return { page, problems };
}

const pageProblems = new WeakMap();

// Waits until every view is drawn (main.js sets body[data-ready]); when it
// never is, says what went wrong in the page.
async function ready(page) {
  try {
    await page.waitForSelector("body[data-ready='1']", { timeout: 15000 });
  } catch (err) {
    const seen = (pageProblems.get(page) || []).join("\n");
    throw new Error(`the page was not drawn within 15 s${seen ? `:\n${seen}` : ""}`);
  }
}

async function open(page, query = "") {
  await page.goto(`${base}/${query}`);
  await ready(page);
}

// Runs an action that changes the page's state, and waits for the redraw.
async function act(page, action) {
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await action();
  await ready(page);
}

async function tableTotal(page) {
  if (await page.locator("#table p.empty").count()) return 0;
  const text = await page.textContent("#table-range");
  const m = /of (\d+)$/.exec(text.trim());
  assert.ok(m, `pager text: ${text}`);
  return Number(m[1]);
}

function shot(page, name) {
  return page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test("the page loads with no console errors and draws every view", async () => {
  const { page, problems } = await newPage();
  await open(page);
  assert.deepEqual(problems, []);
  assert.equal(await page.locator(".error").count(), 0, "a view shows an error");
  assert.equal(await page.title(), "Herald events");
  const { total } = await getJSON("/api/events?limit=1");
  assert.ok(total > 0);
  assert.equal(await tableTotal(page), total);
  const rows = await page.locator("table.events tbody tr").count();
  assert.ok(rows > 0 && rows <= total);
  assert.match(await page.textContent("#table-range"), new RegExp(`^Events 1–${rows} of ${total}$`));
  const network = await getJSON("/api/network");
  assert.equal(await page.locator("#network .nodes g").count(), network.nodes.length);
  assert.equal(await page.locator("#network .edges path").count(), network.edges.length);
  // every form control has a label
  const unlabelled = await page.$$eval("input, select", (els) => els.filter((e) =>
    !e.labels.length && !e.getAttribute("aria-label")).map((e) => e.id || e.name));
  assert.deepEqual(unlabelled, []);
  await shot(page, "home");
  await page.locator("#network").screenshot({ path: path.join(ARTIFACTS, "network.png") });
  await page.locator("#timeline").screenshot({ path: path.join(ARTIFACTS, "timeline.png") });
  if (process.env.HERALD_UPDATE_SCREENSHOT === "1")
    await page.screenshot({ path: path.join(ROOT, "docs", "screenshot.png") });
  await page.close();
});

test("the timeline shows the counts of /api/timeline, and every dated event in them", async () => {
  const { page, problems } = await newPage();
  await open(page);
  const drawn = await page.$$eval("#timeline rect[data-date]", (rs) => rs.map((r) =>
    [r.dataset.date, Number(r.dataset.quad), Number(r.dataset.count)]));
  const { days } = await getJSON("/api/timeline");
  const expected = [];
  for (const d of days) d.quad.forEach((c, i) => { if (c) expected.push([d.date, i + 1, c]); });
  assert.ok(expected.length > 0);
  assert.deepEqual(drawn, expected);
  // each event dated to a day is counted on its day and quad class
  const { events } = await getJSON("/api/events?limit=1000");
  const byDay = new Map();
  for (const e of events.filter((x) => x.date.precision === "day")) {
    const key = `${e.date.value} ${e.quad}`;
    byDay.set(key, (byDay.get(key) || 0) + 1);
  }
  const counted = new Map(expected.map(([d, q, c]) => [`${d} ${q}`, c]));
  for (const [key, n] of byDay) assert.ok((counted.get(key) || 0) >= n, `timeline ${key}: ${counted.get(key)} < ${n}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("brushing the timeline sets the dates and narrows the table", async () => {
  const { page, problems } = await newPage();
  await open(page);
  const before = await tableTotal(page);
  // drag across the day with the most events, from 15 pixels before it
  const box = await page.locator("#timeline .brush .overlay").boundingBox();
  const busiest = await page.$$eval("#timeline rect[data-date]", (rs) => {
    const best = rs.reduce((a, r) => (Number(r.dataset.count) > Number(a.dataset.count) ? r : a));
    const b = best.getBoundingClientRect();
    return { x: b.x + b.width / 2, date: best.dataset.date };
  });
  await act(page, async () => {
    await page.mouse.move(Math.max(box.x + 1, busiest.x - 15), box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(Math.min(box.x + box.width - 1, busiest.x + 15), box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  });
  const url = new URL(page.url());
  const from = url.searchParams.get("from"), to = url.searchParams.get("to");
  assert.match(from || "", /^\d{4}-\d{2}-\d{2}$/);
  assert.match(to || "", /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(from <= busiest.date && busiest.date <= to, `${from}..${to} misses ${busiest.date}`);
  assert.equal(await page.inputValue("#f-from"), from);
  const after = await tableTotal(page);
  assert.ok(after > 0 && after < before, `brushed: ${after} events, before ${before}`);
  const { total } = await getJSON(`/api/events?limit=1&from=${from}&to=${to}`);
  assert.equal(after, total);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a filter narrows the table to matching events", async () => {
  const { page, problems } = await newPage();
  await open(page);
  const before = await tableTotal(page);
  await page.fill("#f-actor", "ARM");
  await act(page, () => page.click("#filters button[type=submit]"));
  assert.equal(new URL(page.url()).searchParams.get("actor"), "ARM");
  const after = await tableTotal(page);
  const { total } = await getJSON("/api/events?limit=1&actor=ARM");
  assert.equal(after, total);
  assert.ok(after > 0 && after < before, `actor=ARM: ${after} of ${before}`);
  const rows = await page.$$eval("table.events tbody tr", (trs) => trs.map((tr) =>
    [tr.children[1].textContent, tr.children[2].textContent]));
  for (const [s, t] of rows) assert.ok(s.startsWith("ARM") || t.startsWith("ARM"), `${s} → ${t}`);
  // a quad class on top narrows it again, and Clear brings all back
  await page.selectOption("#f-quad", "4");
  await act(page, () => page.click("#filters button[type=submit]"));
  const both = await tableTotal(page);
  assert.equal(both, (await getJSON("/api/events?limit=1&actor=ARM&quad=4")).total);
  assert.ok(both < after);
  await shot(page, "filtered");
  await act(page, () => page.click("#f-clear"));
  assert.equal(await tableTotal(page), before);
  assert.deepEqual(problems, []);
  await page.close();
});

test("sorting and paging the table follow the API", async () => {
  const { page, problems } = await newPage();
  await open(page);
  await act(page, () => page.click("button.sort[data-sort=goldstein]"));
  const first = await page.getAttribute("table.events tbody tr", "data-id");
  const api = await getJSON("/api/events?limit=1&sort=goldstein");
  assert.equal(first, api.events[0].id);
  assert.equal(await page.getAttribute("th[aria-sort=ascending] button", "data-sort"), "goldstein");
  const total = await tableTotal(page);
  const size = await page.locator("table.events tbody tr").count();
  if (total > size) {
    await act(page, () => page.click("nav.pager button:has-text('Next')"));
    assert.match(await page.textContent("#table-range"), new RegExp(`^Events ${size + 1}–`));
    const second = await getJSON(`/api/events?limit=${size}&offset=${size}&sort=goldstein`);
    assert.equal(await page.getAttribute("table.events tbody tr", "data-id"), second.events[0].id);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test("an event page shows its source sentences with the actors and verb marked", async () => {
  const { page, problems } = await newPage(1280, 1400);
  // an event with both actors, reported by more than one article if any
  const { events } = await getJSON("/api/events?limit=1000&sort=-mentions");
  const pick = events.find((e) => e.source && e.target);
  assert.ok(pick, "no event with two actors");
  await open(page);
  await act(page, () => page.click(`table.events a[href*='event=${pick.id}']`).catch(async () => {
    await page.goto(`${base}/?event=${pick.id}`);
  }));
  const ev = await getJSON(`/api/event/${pick.id}`);
  await page.waitForSelector("#event-view ol.sources > li");
  assert.equal(await page.locator("#event-view ol.sources > li").count(), ev.sources.length);
  const quotes = await page.$$eval("#event-view ol.sources > li blockquote", (bs) => bs.map((b) => ({
    text: b.textContent,
    source: b.querySelector("mark.m-source")?.textContent ?? null,
    target: b.querySelector("mark.m-target")?.textContent ?? null,
    verb: b.querySelector("mark.m-verb")?.textContent ?? null,
  })));
  ev.sources.forEach((s, i) => {
    assert.equal(quotes[i].text, s.text, `source ${i}: sentence`);
    if (s.source && s.source.text) assert.equal(quotes[i].source, s.source.text, `source ${i}: source actor`);
    if (s.target && s.target.text) assert.equal(quotes[i].target, s.target.text, `source ${i}: target actor`);
    if (s.verb && s.verb.span[1] > s.verb.span[0]) assert.ok(quotes[i].verb, `source ${i}: no verb marked`);
  });
  // links to the articles that have a URL
  const urls = ev.sources.filter((s) => s.url).map((s) => s.url);
  const hrefs = await page.$$eval("#event-view ol.sources a", (as) => as.map((a) => a.href));
  for (const u of urls) assert.ok(hrefs.includes(u), `no link to ${u}`);
  assert.match(await page.textContent("#event-title"), new RegExp(`event ${ev.code}`));
  await page.locator("#event-view").screenshot({ path: path.join(ARTIFACTS, "event.png") });
  assert.deepEqual(problems, []);
  await page.close();
});

test("the flags of an event are explained in words", async () => {
  const { events } = await getJSON("/api/events?limit=1000&background=1");
  const claim = events.find((e) => e.flags.claim_by);
  const background = events.find((e) => e.flags.background);
  const { page, problems } = await newPage();
  for (const [e, words] of [[claim, /A claim|as a claim/], [background, /Background: every mention restates/]]) {
    if (!e) continue;
    await open(page, `?background=1&event=${e.id}`);
    assert.match(await page.textContent("#event-view ul.flags"), words);
  }
  assert.ok(claim || background, "the examples have no flagged event");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the map draws a marker per place of /api/map", async () => {
  const { page, problems } = await newPage();
  await open(page);
  const { points } = await getJSON("/api/map");
  const places = new Set(points.map((p) => `${p.lat},${p.lon},${p.place}`));
  assert.ok(places.size > 0, "no event with a place");
  assert.equal(await page.locator("#map circle.marker").count(), places.size);
  const drawnEvents = await page.$$eval("#map circle.marker", (cs) => cs.reduce((a, c) => a + Number(c.dataset.events), 0));
  assert.equal(drawnEvents, points.length);
  assert.ok(await page.locator("#map .countries path").count() > 100, "no country shapes");
  // markers lie inside the drawing
  const inside = await page.$$eval("#map circle.marker", (cs) => cs.every((c) => {
    const svg = c.ownerSVGElement.viewBox.baseVal;
    return +c.getAttribute("cx") >= 0 && +c.getAttribute("cx") <= svg.width && +c.getAttribute("cy") >= 0 && +c.getAttribute("cy") <= svg.height;
  }));
  assert.ok(inside, "a marker is outside the map");
  await page.locator("#map").screenshot({ path: path.join(ARTIFACTS, "map.png") });
  // clicking a marker filters by its place
  const place = await page.getAttribute("#map circle.marker", "data-place");
  // (dispatched to the element: dots of nearby places may overlap)
  await act(page, () => page.locator("#map circle.marker").first().dispatchEvent("click"));
  assert.equal(new URL(page.url()).searchParams.get("place"), place);
  assert.equal(await tableTotal(page), (await getJSON(`/api/events?limit=1&place=${encodeURIComponent(place)}`)).total);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the search box finds sentences and marks the words", async () => {
  const { page, problems } = await newPage();
  await open(page);
  await page.fill("#search-q", "ceasefire");
  await act(page, () => page.click("#search-form button"));
  const { results } = await getJSON("/api/search?q=ceasefire&limit=100");
  assert.ok(results.length > 0, "no sentence with 'ceasefire' in the examples");
  assert.equal(await page.locator("#search-view ol.results > li").count(), results.length);
  const marks = await page.$$eval("#search-view mark.m-word", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.length >= results.length && marks.every((m) => m === "ceasefire"));
  await act(page, () => page.click("#search-view ol.results a"));
  assert.ok(new URL(page.url()).searchParams.get("event"));
  await page.waitForSelector("#event-view ol.sources > li");
  assert.deepEqual(problems, []);
  await page.close();
});

// End-to-end tests: the built dist/ served over HTTP (at the root and under a
// sub-path), driven in Debian's headless Chromium with playwright-core.
// Run by `cargo xtask test`; prints `e2e: N passed, M failed` last.
//
// Environment: KPI_DIST (the built site), KPI_CHROMIUM (the browser binary),
// KPI_SCREENSHOTS (where to write screenshots).

import { createServer } from "node:http";
import { readFile, mkdir } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

const DIST = resolve(process.env.KPI_DIST ?? "dist");
const BROWSER = process.env.KPI_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = resolve(process.env.KPI_SCREENSHOTS ?? "target/e2e");
const SUB_PATH = "/some/sub/path/";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

// A plain static host: dist/ at "/" and again at SUB_PATH, nothing else
// (no rewrites), so a page that asks for an absolute asset URL gets a 404.
function serve() {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.startsWith(SUB_PATH)) path = "/" + path.slice(SUB_PATH.length);
    else if (path.startsWith("/some/")) path = "/missing";
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: BROWSER,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
await mkdir(SHOTS, { recursive: true });

// A fresh browser profile per test, with the given browser language; it
// records failed requests and page errors, which fail the test.
async function page(locale = "en-US") {
  const context = await browser.newContext({ locale, viewport: { width: 1200, height: 760 } });
  const p = await context.newPage();
  p.problems = [];
  p.on("pageerror", (err) => p.problems.push(`page error: ${err.message}`));
  p.on("response", (r) => r.status() >= 400 && p.problems.push(`${r.status()} ${r.url()}`));
  p.on("requestfailed", (r) => p.problems.push(`failed ${r.url()}`));
  return p;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function text(p, testId) {
  return (await p.getByTestId(testId).textContent({ timeout: 10_000 }))?.trim();
}

function noProblems(p) {
  check(p.problems.length === 0, `problems while loading:\n  ${p.problems.join("\n  ")}`);
}

const tests = [
  ["the app loads from a sub-path of a static host", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH);
    check((await text(p, "app-name")) === "KPI Scorecard", "product name shown");
    check((await text(p, "version")).match(/\d+\.\d+\.\d+/), "version in the footer");
    check((await p.title()) === "KPI Scorecard", "document title");
    noProblems(p);
    await p.screenshot({ path: join(SHOTS, "shell-en.png"), fullPage: true });
    await p.context().close();
  }],
  ["the app loads from the root too", async () => {
    const p = await page();
    await p.goto(origin + "/");
    check((await text(p, "app-name")) === "KPI Scorecard", "product name shown");
    noProblems(p);
    await p.context().close();
  }],
  ["a language choice survives a reload", async () => {
    const p = await page("en-US");
    await p.goto(origin + SUB_PATH);
    check((await text(p, "app-name")) === "KPI Scorecard", "starts in the browser's language");
    await p.getByTestId("lang-zh").click();
    check((await text(p, "app-name")) === "KPI 绩效计分卡", "switched to Chinese");
    await p.reload();
    await p.getByTestId("app-name").waitFor();
    check((await text(p, "app-name")) === "KPI 绩效计分卡", "still Chinese after reload");
    check((await p.getAttribute("html", "lang")) === "zh", "html lang follows");
    check((await text(p, "nav-scorecards")) === "计分卡", "navigation translated");
    noProblems(p);
    await p.screenshot({ path: join(SHOTS, "shell-zh.png"), fullPage: true });
    await p.getByTestId("lang-en").click();
    await p.reload();
    await p.getByTestId("app-name").waitFor();
    check((await text(p, "app-name")) === "KPI Scorecard", "back to English after reload");
    await p.context().close();
  }],
  ["a Chinese browser starts in Chinese", async () => {
    const p = await page("zh-CN");
    await p.goto(origin + SUB_PATH);
    check((await text(p, "app-name")) === "KPI 绩效计分卡", "follows the browser language");
    await p.context().close();
  }],
  ["each area is reachable by URL, by link and by the back button", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH + "#/data");
    await p.getByTestId("area-data").waitFor({ timeout: 10_000 });
    check((await p.getByTestId("nav-data").getAttribute("aria-current")) === "page", "data marked current");
    await p.getByTestId("nav-scorecards").click();
    await p.getByTestId("area-scorecards").waitFor({ timeout: 5_000 });
    check(new URL(p.url()).hash === "#/scorecards", `URL names the area: ${p.url()}`);
    check(new URL(p.url()).pathname === SUB_PATH, "stays under the sub-path");
    await p.goBack();
    await p.getByTestId("area-data").waitFor({ timeout: 5_000 });
    await p.reload();
    await p.getByTestId("area-data").waitFor({ timeout: 10_000 });
    noProblems(p);
    await p.screenshot({ path: join(SHOTS, "shell-data.png"), fullPage: true });
    await p.context().close();
  }],
];

let passed = 0;
let failed = 0;
for (const [name, run] of tests) {
  try {
    await run();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(err.message ?? err).replaceAll("\n", "\n     ")}`);
  }
}
await browser.close();
server.close();
console.log(`screenshots in ${SHOTS}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// End-to-end tests: the built dist/ served over HTTP (at the root and under a
// sub-path), driven in Debian's headless Chromium with playwright-core.
// Run by `cargo xtask test`; prints `e2e: N passed, M failed` last.
//
// Environment: KPI_DIST (the built site), KPI_CHROMIUM (the browser binary),
// KPI_SCREENSHOTS (where to write screenshots), KPI_CLI (the `kpi` binary,
// whose results the page's export is checked against).

import { execFileSync } from "node:child_process";
import { readFile, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium, serveFiles } from "../support/browser.mjs";

import { layoutTests } from "./layout.mjs";
import { projectTests } from "./projects.mjs";

// SheetJS writes the test workbook, as a user's Excel would.
const XLSX = createRequire(import.meta.url)("xlsx");

const DIST = resolve(process.env.KPI_DIST ?? "dist");
const BROWSER = process.env.KPI_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = resolve(process.env.KPI_SCREENSHOTS ?? "target/e2e");
const CLI = resolve(process.env.KPI_CLI ?? "target/debug/kpi");
const SUB_PATH = "/some/sub/path/";

// A plain static host: dist/ at "/" and again at SUB_PATH, nothing else
// (no rewrites), so a page that asks for an absolute asset URL gets a 404.
const { server, origin } = await serveFiles(DIST, {
  map: (path) => {
    if (path.startsWith(SUB_PATH)) return "/" + path.slice(SUB_PATH.length);
    if (path.startsWith("/some/")) return "/missing";
    return path;
  },
});
const browser = await launchChromium(BROWSER);
await mkdir(SHOTS, { recursive: true });

// Every page opened in a test: after it, none may have seen a violation of
// the Content-Security-Policy or asked for anything but the page's own files.
let opened = [];

// Records what must never happen on a page: a CSP violation, a request to
// another origin (the page talks to nothing but its own files).
async function watch(p) {
  p.problems = [];
  p.violations = [];
  await p.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  p.on("console", (m) => m.text().startsWith("CSP violation") && p.violations.push(m.text()));
  p.on("request", (r) => {
    const url = new URL(r.url());
    if (!["http:", "https:"].includes(url.protocol)) return;
    if (url.origin !== origin) p.violations.push(`request to another origin: ${r.url()}`);
  });
  p.on("pageerror", (err) => p.problems.push(`page error: ${err.message}`));
  p.on("response", (r) => r.status() >= 400 && p.problems.push(`${r.status()} ${r.url()}`));
  // A favicon request or a chunk fetched ahead (when the browser is idle)
  // cut off by a navigation is the browser's doing.
  p.on("requestfailed", (r) => {
    const aborted = r.failure()?.errorText === "net::ERR_ABORTED" && /favicon\.ico$|\/kpi-split-[^/]+\/[^/]+\.wasm$/.test(r.url());
    if (!aborted) p.problems.push(`failed ${r.url()} (${r.failure()?.errorText})`);
  });
  opened.push(p);
  return p;
}

// A fresh browser profile per test, with the given browser language; it
// records failed requests and page errors, which fail the test. Service
// workers are off unless a test is about them: a cached file would hide a
// request a test blocks on purpose.
async function page(locale = "en-US", { serviceWorkers = "block", viewport = { width: 1200, height: 760 } } = {}) {
  const context = await browser.newContext({ locale, viewport, serviceWorkers });
  return watch(await context.newPage());
}

// A second page in the same browser profile (another tab).
async function tab(p) {
  const q = await p.context().newPage();
  return watch(q);
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
  ["a GBK CSV is detected, imported with its problems named, and kept after a reload", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH + "#/data");
    // 客服,组别,接待量,满意度评分 / 王芳,A组,"1,234",4.8 / 李强,B组,980,无 /
    // 张伟,B组,１１２０,4.5 — saved by Excel on a Chinese Windows (GBK).
    const gbk = Buffer.from(
      "bfcdb7fe2cd7e9b1f02cbdd3b4fdc1bf2cc2fad2e2b6c8c6c0b7d60d0acdf5b7bc2c41d7e92c22312c323334222c342e380d0a" +
        "c0eec7bf2c42d7e92c3938302ccede0d0ad5c5ceb02c42d7e92ca3b1a3b1a3b2a3b02c342e350d0a",
      "hex",
    );
    await p.getByTestId("file-input").setInputFiles({ name: "十月.csv", mimeType: "text/csv", buffer: gbk });
    await p.getByTestId("preview").waitFor({ timeout: 10_000 });
    const summary = await text(p, "preview-summary");
    check(summary.includes("GBK") && summary.includes("Rows: 3 · columns: 4"), `read as GBK: ${summary}`);
    check((await p.getByTestId("map-agent").inputValue()) === "客服", "agent column matched");
    check((await p.getByTestId("map-input-csat").inputValue()) === "满意度评分", "input matched by Chinese name");
    await p.getByTestId("period-input").fill("2026-10");
    await p.screenshot({ path: join(SHOTS, "data-preview-en.png"), fullPage: true });
    await p.getByTestId("import-button").click();
    await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });
    check((await text(p, "dataset-summary")).startsWith("Agents: 3 · rows: 3"), "three agents imported");
    // 无 is missing, not a problem; full-width digits are read.
    const problems = await text(p, "issues-table");
    check(!problems.includes("无") && !problems.includes("１１２０"), `no value problems: ${problems}`);
    await p.screenshot({ path: join(SHOTS, "data-imported-en.png"), fullPage: true });

    // The problems download opens in Excel: BOM, headers in the user's language.
    await p.getByTestId("lang-zh").click();
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.getByTestId("issues-download").click(),
    ]);
    const csv = await readFile(await download.path(), "utf8");
    check(csv.startsWith("\uFEFF级别,行,列,客服"), `problems CSV header: ${csv.slice(0, 40)}`);
    check(csv.includes("没有列对应到"), "messages in Chinese");
    await p.screenshot({ path: join(SHOTS, "data-imported-zh.png"), fullPage: true });

    await p.reload();
    // Typed again after the reload, as a job: wait for the counts.
    await p.waitForFunction(
      () => document.querySelector('[data-testid="dataset-summary"]')?.textContent.startsWith("客服 3 位"),
      null,
      { timeout: 10_000 },
    );
    check((await text(p, "source-0")).includes("十月.csv"), "the source is named");
    noProblems(p);
    await p.context().close();
  }],
  ["an Excel workbook: the sheet is chosen and a title row is skipped", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH + "#/data");
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["notes"], ["nothing here"]]), "Readme");
    XLSX.utils.book_append_sheet(
      book,
      XLSX.utils.aoa_to_sheet([
        ["October report"],
        ["agent", "desk", "calls handled", "qa", "aht_s"],
        ["Ann", "A", 1234, 91.5, "3:20"],
        ["Bo", "B", 980, "n/a", "00:04:05"],
      ]),
      "Figures",
    );
    const buffer = XLSX.write(book, { type: "buffer", bookType: "xlsx" });
    await p.getByTestId("file-input").setInputFiles({
      name: "october.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer,
    });
    await p.getByTestId("sheet-select").waitFor({ timeout: 10_000 });
    await p.getByTestId("sheet-select").selectOption("Figures");
    await p.waitForFunction(
      () => document.querySelector('[data-testid="preview-summary"]')?.textContent.includes("Figures"),
      null,
      { timeout: 10_000 },
    );
    const summary = await text(p, "preview-summary");
    check(summary.includes("Rows: 2 · columns: 5") && summary.includes("row 2"), `title row skipped: ${summary}`);
    check((await p.getByTestId("map-input-aht_s").inputValue()) === "aht_s", "aht mapped");
    await p.screenshot({ path: join(SHOTS, "data-workbook.png"), fullPage: true });
    await p.getByTestId("import-button").click();
    await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });
    check((await text(p, "dataset-summary")).startsWith("Agents: 2"), "two agents imported");
    noProblems(p);
    await p.context().close();
  }],
  ["a dropped template maps back by itself", async () => {
    const p = await page("zh-CN");
    await p.goto(origin + SUB_PATH + "#/data");
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.getByTestId("template-download").click(),
    ]);
    const template = await readFile(await download.path(), "utf8");
    check(template.startsWith("\uFEFF客服,"), `template in Chinese with a BOM: ${template.slice(0, 30)}`);
    // Fill one row and drop the file on the drop zone.
    const headers = template.replace("\uFEFF", "").trim().split(",");
    const row = headers.map((_, i) => (i === 0 ? "王芳" : i === 1 ? "A" : String(i)));
    const csv = template.trim() + "\r\n" + row.join(",") + "\r\n";
    await p.evaluate((csv) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([csv], "模板.csv", { type: "text/csv" }));
      const zone = document.querySelector('[data-testid="drop-zone"]');
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, csv);
    await p.getByTestId("preview").waitFor({ timeout: 10_000 });
    check((await p.getByTestId("unmapped").count()) === 0, "every input mapped from the template");
    check((await p.getByTestId("extras").count()) === 0, "no extra columns");
    noProblems(p);
    await p.context().close();
  }],
  ["each preset's sample team downloads as CSV for Excel", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH + "#/data");
    for (const id of ["cs-department", "ecommerce", "reception", "call-centre", "credit-card"]) {
      const [download] = await Promise.all([
        p.waitForEvent("download"),
        p.getByTestId(`preset-sample-${id}`).click(),
      ]);
      check(download.suggestedFilename() === `${id}-sample.csv`, download.suggestedFilename());
      const csv = await readFile(await download.path(), "utf8");
      const lines = csv.trim().split(/\r?\n/);
      check(csv.startsWith("\uFEFF") && lines[0].split(",").includes("agent"), `${id}: a BOM and the agent column`);
      check(lines.length >= 13, `${id}: at least 12 agents (${lines.length - 1} rows)`);
    }
    // One click starts a project with the preset and its sample team.
    await p.getByTestId("preset-start-ecommerce").click();
    await p.getByTestId("team-row").first().waitFor({ timeout: 20_000 });
    check((await text(p, "current-project")).includes("E-commerce"), await text(p, "current-project"));
    check((await p.getByTestId("team-row").count()) >= 12, "the sample team scored");
    noProblems(p);
    await p.context().close();
  }],
  ["a cancelled read stops the worker, and the next read starts a fresh one", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH + "#/data");
    // About 12 MB: long enough to catch it reading.
    const rows = ["agent,calls,qa"];
    for (let i = 0; i < 600_000; i++) rows.push(`agent${i},${i % 700},${i % 100}.5`);
    await p.getByTestId("file-input").setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    await p.getByTestId("progress").waitFor({ timeout: 10_000 });
    await p.getByTestId("progress").getByRole("button").click();
    await p.getByTestId("progress").waitFor({ state: "detached", timeout: 5_000 });
    await p.waitForTimeout(500);
    check((await p.getByTestId("preview").count()) === 0, "no preview after cancel");
    await p.getByTestId("paste-input").fill("agent,calls\nAnn,12\n");
    await p.getByTestId("paste-read").click();
    await p.getByTestId("preview").waitFor({ timeout: 10_000 });
    check((await text(p, "preview-summary")).includes("Rows: 1"), "the next read works");
    noProblems(p);
    await p.context().close();
  }],
  ["a binary file is refused as not text, and what was imported stays", async () => {
    const p = await page("zh-CN");
    await p.goto(origin + SUB_PATH + "#/data");
    await p.getByTestId("paste-input").fill("agent,calls\nAnn,12\n");
    await p.getByTestId("paste-read").click();
    await p.getByTestId("import-button").click({ timeout: 10_000 });
    await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });
    const before = await text(p, "dataset-summary");
    // 64 KB of bytes 1-255 from a fixed seed: no zero byte, so only the
    // share of unreadable characters tells it from text.
    let seed = 12345;
    const bytes = Buffer.alloc(65_536, 0).map(() => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return 1 + (seed % 255);
    });
    await p.getByTestId("file-input").setInputFiles({ name: "photo.csv", mimeType: "text/csv", buffer: bytes });
    await p.getByTestId("read-error").waitFor({ timeout: 10_000 });
    check((await text(p, "read-error")).includes("这不是文本文件"), await text(p, "read-error"));
    check((await p.getByTestId("preview").count()) === 0, "no preview of the bytes");
    check((await text(p, "dataset-summary")) === before, "the imported figures are as they were");
    noProblems(p);
    await p.context().close();
  }],
  ["the first screen needs no chunk; a chunk that cannot be fetched says so, changes nothing, and a retry loads it", async () => {
    const p = await page();
    const chunk = "**/kpi-split-*/*.wasm";
    // Every chunk refused: the Scheme area still opens whole.
    await p.route(chunk, (route) => route.abort());
    await p.goto(origin + SUB_PATH + "#/scheme");
    await p.getByTestId("area-scheme").waitFor({ timeout: 10_000 });
    check((await text(p, "scheme-status")).startsWith("The scheme is valid"), await text(p, "scheme-status"));
    check((await p.getByTestId("dimension-0-name-en").inputValue()) !== "", "the designer is there");

    // A preset's scheme cannot come: nothing changes, and the toolbar says so.
    await p.getByTestId("preset-select").selectOption("ecommerce");
    await p.getByTestId("preset-load").click();
    await p.getByTestId("preset-failed").waitFor({ timeout: 10_000 });
    check((await text(p, "current-project")).includes("Call centre"), `still the demo: ${await text(p, "current-project")}`);
    // An area without its chunk says so; the rest of the page goes on.
    await p.getByTestId("nav-data").click();
    await p.getByTestId("chunk-failed").waitFor({ timeout: 10_000 });
    check((await text(p, "chunk-failed")).includes("could not be loaded"), await text(p, "chunk-failed"));

    // Back online: each is fetched again (a failure is not remembered).
    await p.unroute(chunk);
    await p.getByTestId("chunk-retry").click();
    await p.getByTestId("paste-input").waitFor({ timeout: 10_000 });
    await p.getByTestId("nav-scheme").click();
    await p.getByTestId("preset-select").selectOption("ecommerce");
    await p.getByTestId("preset-load").click();
    await p.waitForFunction(() => document.querySelector('[data-testid="current-project"]')?.textContent.includes("E-commerce"), null, { timeout: 10_000 });
    check(!(await p.getByTestId("preset-failed").isVisible()), "the failure note goes");
    await p.getByTestId("indicator-0-0-edit").click();
    await p.getByTestId("indicator-title").waitFor({ timeout: 10_000 });
    await p.getByTestId("nav-scorecards").click();
    await p.getByTestId("area-scorecards").waitFor({ timeout: 10_000 });
    const errors = p.problems.filter((problem) => !/\/kpi-split-[^/]+\/[^/]+\.wasm/.test(problem));
    check(errors.length === 0, `problems besides the refused chunks:\n  ${errors.join("\n  ")}`);
    await p.context().close();
  }],
  ["without the import worker, the page says so and keeps the paste", async () => {
    const p = await page();
    await p.route("**/import-worker_loader.js", (route) => route.abort());
    await p.goto(origin + SUB_PATH + "#/data");
    await p.getByTestId("paste-input").fill("agent,calls\nAnn,12\n");
    await p.getByTestId("paste-read").click();
    await p.getByTestId("read-error").waitFor({ timeout: 10_000 });
    check((await text(p, "read-error")).includes("import helper could not run"), await text(p, "read-error"));
    check((await p.getByTestId("paste-input").inputValue()) === "agent,calls\nAnn,12\n", "paste kept");
    await p.context().close();
  }],
  ["a two-dimension scheme built from nothing scores three pasted agents", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH + "#/scheme");
    await p.getByTestId("preset-select").selectOption("empty");
    await p.getByTestId("preset-load").click();
    await p.getByTestId("no-dimensions").waitFor({ timeout: 10_000 });

    // Two inputs, then two dimensions of one indicator each.
    await p.getByTestId("input-add").click();
    await p.getByTestId("input-add").click();
    await p.getByTestId("input-0-id").fill("qa");
    await p.getByTestId("input-0-name-en").fill("QA score");
    await p.getByTestId("input-1-id").fill("aht");
    await p.getByTestId("input-1-name-en").fill("Handle time");
    await p.getByTestId("dimension-add").click();
    // The first dimension takes the whole 100; the next what is left (0).
    check((await p.getByTestId("dimension-0-weight").inputValue()) === "100", "the first dimension weighs 100");
    await p.getByTestId("dimension-0-name-en").fill("Quality");
    await p.getByTestId("indicator-name-en").fill("QA");
    await p.getByTestId("indicator-column").selectOption("qa");
    await p.getByTestId("dimension-add").click();
    check((await p.getByTestId("dimension-1-weight").inputValue()) === "0", "the second finds nothing left");
    await p.getByTestId("dimension-1-name-en").fill("Speed");
    await p.getByTestId("indicator-name-en").fill("Handle time");
    await p.getByTestId("indicator-column").selectOption("aht");
    await p.getByTestId("indicator-direction").selectOption("lower");
    await p.getByTestId("curve-worst").fill("600");
    await p.getByTestId("curve-best").fill("200");
    await p.getByTestId("dimension-0-weight").fill("60");
    check((await text(p, "dimension-weights")).includes("60, not 100"), "the running sum");
    await p.getByTestId("dimension-1-weight").fill("40");
    check(
      (await text(p, "scheme-status")).startsWith("The scheme is valid and its weights add up. Dimensions: 2 · indicators: 2."),
      await text(p, "scheme-status"),
    );

    await p.getByTestId("nav-data").click();
    await p.getByTestId("paste-input").fill("agent\tqa\taht\nAnn\t90\t300\nBo\t70\t500\nCy\t80\t200\n");
    await p.getByTestId("paste-read").click();
    await p.getByTestId("import-button").click({ timeout: 10_000 });
    await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });

    await p.getByTestId("nav-scheme").click();
    await p.getByTestId("totals-table").waitFor({ timeout: 10_000 });
    // 60% QA (linear 0..100) + 40% handle time (linear 600 s..200 s):
    // Ann 54 + 30, Bo 42 + 10, Cy 48 + 40.
    const rows = await p.getByTestId("totals-row").evaluateAll((rows) =>
      rows.map((row) => [row.dataset.agent, row.querySelector('[data-testid="totals-total"]').textContent, row.cells[0].textContent]),
    );
    const expected = [["Cy", "88.00", "1"], ["Ann", "84.00", "2"], ["Bo", "52.00", "3"]];
    check(JSON.stringify(rows) === JSON.stringify(expected), `totals: ${JSON.stringify(rows)}`);
    await p.getByTestId("indicator-1-0-edit").click();
    await p.getByTestId("curve-canvas").waitFor({ timeout: 5_000 });
    noProblems(p);
    await p.screenshot({ path: join(SHOTS, "scheme-built-en.png"), fullPage: true });

    // The scheme and the figures are there after a reload, in Chinese too.
    await p.getByTestId("lang-zh").click();
    await p.reload();
    await p.getByTestId("totals-table").waitFor({ timeout: 10_000 });
    check((await p.getByTestId("dimension-0-name-en").inputValue()) === "Quality", "kept after a reload");
    check((await text(p, "scheme-status")).startsWith("方案有效"), await text(p, "scheme-status"));
    await p.getByTestId("dimension-0-weight").fill("70");
    check((await text(p, "scheme-status")).startsWith("方案无效"), "invalid in Chinese");
    check((await text(p, "totals-invalid")).startsWith("暂无总分"), "no stale totals");
    await p.screenshot({ path: join(SHOTS, "scheme-invalid-zh.png"), fullPage: true });
    await p.context().close();
  }],
  ["a preset's profiles compare side by side on its sample team", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH + "#/scheme");
    await p.getByTestId("preset-select").selectOption("cs-department");
    await p.getByTestId("preset-load").click();
    await p.getByTestId("nav-data").click();
    await p.getByTestId("sample-try").click();
    await p.getByTestId("import-button").click({ timeout: 10_000 });
    await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });
    await p.getByTestId("nav-scheme").click();
    await p.getByTestId("compare-b").selectOption("mature-business");
    await p.getByTestId("compare-a").selectOption("new-business");
    await p.getByTestId("slope-chart").waitFor({ timeout: 10_000 });
    const moved = await text(p, "moved-most");
    check(moved.startsWith("Moved most:") || moved === "No one changes rank.", moved);
    check((await p.getByTestId("compare-row").count()) >= 12, "every agent of the sample");
    // The top and bottom three, each with the smallest weight change that
    // moves them (the engine's tests check each one really does).
    await p.getByTestId("sensitivity-run").click();
    await p.getByTestId("sensitivity-table").waitFor({ timeout: 30_000 });
    check((await p.getByTestId("sensitivity-row").count()) === 6, "top and bottom three");
    const changes = await p.getByTestId("sensitivity-change").allTextContents();
    check(changes.some((c) => c.includes("→")), `some rank can move: ${changes}`);
    await p.getByTestId("dimension-0-weight").fill("21");
    check(await p.getByTestId("sensitivity-stale").isVisible(), "an edit makes it out of date");
    await p.getByTestId("undo").click();
    noProblems(p);
    await p.screenshot({ path: join(SHOTS, "scheme-compare-en.png"), fullPage: true });
    await p.getByTestId("lang-zh").click();
    await p.screenshot({ path: join(SHOTS, "scheme-compare-zh.png"), fullPage: true });
    await p.context().close();
  }],
  ["a preset's sample team scores in the page as on the command line, exported as CSV", async () => {
    const p = await page();
    await p.goto(origin + SUB_PATH + "#/scheme");
    await p.getByTestId("preset-select").selectOption("cs-department");
    await p.getByTestId("preset-load").click();
    // The scheme and the figures, as the page hands them to the user.
    const save = async (testId) => {
      const [download] = await Promise.all([p.waitForEvent("download"), p.getByTestId(testId).click()]);
      const path = join(SHOTS, download.suggestedFilename());
      await writeFile(path, await readFile(await download.path()));
      return path;
    };
    const schemeFile = await save("scheme-download");
    await p.getByTestId("nav-data").click();
    const figuresFile = await save("sample-download");
    await p.getByTestId("sample-try").click();
    await p.getByTestId("import-button").click({ timeout: 10_000 });
    await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });
    await p.getByTestId("nav-scorecards").click();
    await p.getByTestId("team-table").waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([p.waitForEvent("download"), p.getByTestId("export-csv").click()]);
    check(download.suggestedFilename() === "cs-department-results.csv", download.suggestedFilename());
    const bytes = await readFile(await download.path());
    check(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, "UTF-8 with a BOM, for Excel and WPS");
    const exported = bytes.toString("utf8").slice(1);
    const cli = execFileSync(CLI, ["score", "--scheme", schemeFile, "--figures", figuresFile], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    // Same header, same agents, and every number equal to the CLI's.
    const rows = (csv) => csv.trim().split("\r\n").map((line) => line.split(","));
    const [ours, theirs] = [rows(exported), rows(cli)];
    check(ours[0].join() === theirs[0].join(), `header:\n${ours[0]}\n${theirs[0]}`);
    check(ours.length === theirs.length && ours.length > 12, `${ours.length} rows, CLI ${theirs.length}`);
    const numbers = ["total", "rank", "bonus"].map((name) => ours[0].indexOf(name));
    check(numbers.every((i) => i >= 0), `columns ${ours[0]}`);
    for (let r = 1; r < ours.length; r++) {
      for (let c = 0; c < ours[0].length; c++) {
        const [a, b] = [ours[r][c], theirs[r][c]];
        const same = a === b || (a !== "" && b !== "" && Math.abs(Number(a) - Number(b)) < 1e-9);
        check(same, `row ${r + 1}, ${ours[0][c]}: page ${a}, CLI ${b}`);
      }
    }
    check(exported === cli, "the same bytes as the CLI's output, after the BOM");
    // The table shows the same totals as the export.
    const totalAt = ours[0].indexOf("total");
    const agentAt = ours[0].indexOf("agent");
    const first = ours.slice(1).find((row) => row[ours[0].indexOf("rank")] === "1");
    const shown = await p.locator(`[data-testid=team-row][data-agent="${first[agentAt]}"] [data-testid=team-total]`).textContent();
    check(Math.abs(Number(shown) - Number(first[totalAt])) < 0.005, `table ${shown}, export ${first[totalAt]}`);
    noProblems(p);
    await p.screenshot({ path: join(SHOTS, "scorecards-team-en.png"), fullPage: true });
    await p.getByTestId("open-card").first().click();
    await p.getByTestId("card-table").waitFor();
    await p.getByTestId("lang-zh").click();
    await p.screenshot({ path: join(SHOTS, "scorecards-card-zh.png"), fullPage: true });
    // The printed report: a summary page and one page per agent.
    await p.evaluate(() => { window.print = () => {}; });
    await p.getByTestId("print").click();
    await p.getByTestId("print-report").waitFor({ state: "attached", timeout: 10_000 });
    check((await p.getByTestId("print-card").count()) === ours.length - 1, "one page per agent");
    await p.emulateMedia({ media: "print" });
    await p.screenshot({ path: join(SHOTS, "scorecards-print-zh.png"), fullPage: true });
    const pdf = await p.pdf({ format: "A4" }).catch(() => null);
    if (pdf) await writeFile(join(SHOTS, "scorecards-report.pdf"), pdf);
    await p.context().close();
  }],
];

tests.push(
  ...projectTests({
    page,
    tab,
    check,
    text,
    noProblems,
    origin,
    SUB_PATH,
    SHOTS,
    FIXTURES: fileURLToPath(new URL("../fixtures/storage/v1/", import.meta.url)),
  }),
);

tests.push(...layoutTests({ page, check, text, noProblems, origin, SUB_PATH, SHOTS, join }));

// KPI_E2E_ONLY=text runs only the tests whose name holds it (while working
// on them; `cargo xtask test` runs every one).
const only = process.env.KPI_E2E_ONLY;
let passed = 0;
let failed = 0;
for (const [name, run] of tests.filter(([name]) => !only || name.includes(only))) {
  try {
    opened = [];
    await run();
    const violations = opened.flatMap((p) => p.violations);
    check(violations.length === 0, `CSP violations or foreign requests:\n  ${violations.join("\n  ")}`);
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

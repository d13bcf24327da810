// How the built app behaves while importing a large file: 100,000 rows x 30
// columns dropped on the Data area, in headless Chromium. Prints the time to
// the preview, to the imported figures and to the Scorecards table, and
// every long task (the page not answering input) during each, from the
// browser's own Long Tasks API. A benchmark: it prints figures and asserts
// nothing about time.
//
// Usage: node benches/browser/import_page.mjs  (after `cargo xtask dist`)
// Environment: KPI_DIST (default dist), KPI_CHROMIUM, KPI_ROWS (100000),
// KPI_BENCH_JSON (a file to write the figures to).

import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";

import { inMemory, launchChromium, serveFiles } from "../../tests/support/browser.mjs";

const DIST = resolve(process.env.KPI_DIST ?? "dist");
const BROWSER = process.env.KPI_CHROMIUM ?? "/usr/bin/chromium";
const ROWS = Number(process.env.KPI_ROWS ?? 100_000);

// A per-agent export of the call-centre example scheme's inputs, with the
// forms real exports hold: thousands separators, percentages, durations,
// blanks, and 29 columns of figures besides the agent.
function generate(rows) {
  const inputs = [
    "calls", "fcr_calls", "excluded", "repeat_pct", "csat", "surveys", "qa", "aht_s",
    "answer_pct", "load_pct", "r_customer", "r_supervisor", "r_peer", "r_self",
  ];
  const extras = Array.from({ length: 29 - 1 - inputs.length }, (_, i) => `extra_${i + 1}`);
  const header = ["agent", "desk", ...inputs, ...extras];
  const lines = [header.join(",")];
  for (let r = 0; r < rows; r++) {
    const cells = [`agent${String(r).padStart(6, "0")}`, r % 2 ? "A" : "B"];
    for (let c = 0; c < inputs.length + extras.length; c++) {
      switch ((r + c) % 6) {
        case 0: cells.push(`"${1 + (r % 9)},${String((r * 7 + c) % 1000).padStart(3, "0")}"`); break;
        case 1: cells.push(`${(r * 3 + c) % 100}.5%`); break;
        case 2: cells.push(`${r % 9}:${String(c % 60).padStart(2, "0")}`); break;
        case 3: cells.push(""); break;
        default: cells.push(String((r * 31 + c) % 5000));
      }
    }
    lines.push(cells.join(","));
  }
  return Buffer.from(lines.join("\n") + "\n");
}

const csv = generate(ROWS);
const { server, origin } = await serveFiles(DIST, { handle: inMemory("/bench-figures.csv", csv) });

const browser = await launchChromium(BROWSER);
const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
});
await page.goto(origin + "/#/data");
await page.getByTestId("file-input").waitFor();
// The file is fetched into the page first and then dropped, so that what
// is measured is the app, not the test driver handing over 15 MB.
await page.evaluate(async () => {
  const blob = await (await fetch("bench-figures.csv")).blob();
  window.__file = new File([blob], "figures.csv", { type: "text/csv" });
});
// Let the worker load, then start counting.
await page.waitForTimeout(1000);
const takeLongTasks = () => page.evaluate(() => window.__longTasks.splice(0));
await takeLongTasks();

const t0 = Date.now();
await page.evaluate(() => {
  const transfer = new DataTransfer();
  transfer.items.add(window.__file);
  const zone = document.querySelector('[data-testid="drop-zone"]');
  zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
});
let sawProgress = false;
try {
  await page.getByTestId("progress").waitFor({ timeout: 5_000 });
  sawProgress = true;
} catch {}
await page.getByTestId("preview").waitFor({ timeout: 300_000 });
const readMs = Date.now() - t0;
const readTasks = await takeLongTasks();

const t1 = Date.now();
await page.getByTestId("import-button").click();
await page.getByTestId("dataset-summary").waitFor({ timeout: 300_000 });
const importMs = Date.now() - t1;
const summary = await page.getByTestId("dataset-summary").textContent();
const problems = await page.locator('[data-testid="issues-count"], [data-testid="issues-none"]').textContent();

const t2 = Date.now();
await page.getByTestId("nav-scorecards").click();
await page.getByTestId("team-row").first().waitFor({ timeout: 300_000 });
const scorecardsMs = Date.now() - t2;
// Long tasks that end after the table shows still count: wait for them.
await page.waitForTimeout(500);
const importTasks = await takeLongTasks();

const describe = (tasks) => {
  const max = tasks.length ? Math.max(...tasks) : 0;
  const over100 = tasks.filter((d) => d > 100).length;
  return `${tasks.length} long tasks, longest ${max.toFixed(0)} ms, ${over100} over 100 ms`;
};
console.log(`Chromium ${browser.version()}; ${ROWS} rows x 30 columns, ${(csv.length / 1e6).toFixed(1)} MB`);
console.log(`progress bar shown while reading: ${sawProgress ? "yes" : "no"}`);
console.log(`read (worker) to preview: ${readMs} ms; ${describe(readTasks)}`);
console.log(`import (typing in slices): ${importMs} ms, then to the Scorecards table ${scorecardsMs} ms; ` +
  `${describe(importTasks)}`);
console.log(`drop to the Scorecards table: ${readMs + importMs + scorecardsMs} ms ` +
  "(the click on Import after the preview is the user's; no wait is counted for it)");
console.log(`long tasks while reading (ms): ${readTasks.map((d) => d.toFixed(0)).join(", ") || "none"}`);
console.log(`long tasks while importing (ms): ${importTasks.map((d) => d.toFixed(0)).join(", ") || "none"}`);
console.log(`result: ${summary} ${problems}`);
const version = browser.version();
await browser.close();
server.close();

if (process.env.KPI_BENCH_JSON) {
  const all = [...readTasks, ...importTasks];
  const figures = {
    browser: version,
    rows: ROWS,
    bytes: csv.length,
    read_ms: readMs,
    import_ms: importMs,
    scorecards_ms: scorecardsMs,
    drop_to_scorecards_ms: readMs + importMs + scorecardsMs,
    longest_task_ms: all.length ? Math.max(...all) : 0,
    tasks_over_100_ms: all.filter((d) => d > 100).length,
  };
  await writeFile(process.env.KPI_BENCH_JSON, JSON.stringify(figures, null, 2) + "\n");
}

// How long the built app takes from a cold start to its first scorecard:
// each run opens the page in a fresh browser context (no cache, no storage,
// no service worker), starts a project from the call-centre preset in the
// Projects area as a user would, and waits for the first row of the team
// table. Served from this machine, so the network costs nothing: what is
// timed is fetching, compiling and starting the page, then scoring the
// preset's sample team. A benchmark: it prints figures and asserts nothing.
//
// Usage: node benches/browser/cold_load.mjs  (after `cargo xtask dist`)
// Environment: KPI_DIST (default dist), KPI_CHROMIUM, KPI_RUNS (default 10),
// KPI_BENCH_JSON (a file to write the figures to).

import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";

import { launchChromium, serveFiles } from "../../tests/support/browser.mjs";

const DIST = resolve(process.env.KPI_DIST ?? "dist");
const BROWSER = process.env.KPI_CHROMIUM ?? "/usr/bin/chromium";
const RUNS = Number(process.env.KPI_RUNS ?? 10);
const PRESET = "call-centre";

const { server, origin } = await serveFiles(DIST);
const browser = await launchChromium(BROWSER);
const version = browser.version();

const runs = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(origin + "/#/projects");
  await page.getByTestId("project-list").waitFor({ timeout: 60_000 });
  const ready = Date.now() - t0;
  await page.getByTestId("project-new-from").selectOption(PRESET);
  const t1 = Date.now();
  await page.getByTestId("project-create").click();
  await page.getByTestId("team-row").first().waitFor({ timeout: 60_000 });
  const scored = Date.now() - t1;
  runs.push({ ready, scored, total: ready + scored });
  await context.close();
}
await browser.close();
server.close();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const figures = {
  browser: version,
  preset: PRESET,
  runs: runs.length,
  ready_ms: median(runs.map((r) => r.ready)),
  scored_ms: median(runs.map((r) => r.scored)),
  total_ms: median(runs.map((r) => r.total)),
};
console.log(`Chromium ${figures.browser}; cold start to the first scorecard of the ${PRESET} preset, ` +
  `median of ${figures.runs} fresh contexts:`);
console.log(`  page ready ${figures.ready_ms} ms + project created and scored ${figures.scored_ms} ms ` +
  `= ${figures.total_ms} ms (medians of each; the total's median is of the per-run sums)`);
if (process.env.KPI_BENCH_JSON) {
  await writeFile(process.env.KPI_BENCH_JSON, JSON.stringify(figures, null, 2) + "\n");
}

// How long a weight edit takes to reach the screen in the built app, with a
// large team: the synthetic scheme (5 dimensions x 6 indicators, a bonus
// pool) and 1,000 agents, imported through the Data area as a user would,
// then edited from the Scorecards area's weights panel. Each edit is timed
// from the input event to the first frame after the team table shows the
// new totals (the table, the charts and the bonus are redrawn by then).
// A benchmark: it prints figures and asserts nothing about time.
//
// Usage: node benches/browser/live_edit.mjs  (after `cargo xtask dist` and
// `cargo run --release -p kpi-engine --example synthetic_team`)
// Environment: KPI_DIST (default dist), KPI_CHROMIUM, KPI_LIVE_DATA (the
// example's output, default target/live-data), KPI_EDITS (default 40),
// KPI_BENCH_JSON (a file to write the figures to).

import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

import { inMemory, launchChromium, serveFiles } from "../../tests/support/browser.mjs";

const DIST = resolve(process.env.KPI_DIST ?? "dist");
const DATA = resolve(process.env.KPI_LIVE_DATA ?? "target/live-data");
const BROWSER = process.env.KPI_CHROMIUM ?? "/usr/bin/chromium";
const EDITS = Number(process.env.KPI_EDITS ?? 40);

const scheme = await readFile(join(DATA, "scheme.json"), "utf8");
const figures = await readFile(join(DATA, "figures.csv"));
const { server, origin } = await serveFiles(DIST, { handle: inMemory("/live-figures.csv", figures) });

const browser = await launchChromium(BROWSER);
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
// The scheme as if the user had built it; the figures through the Data area.
await page.goto(origin + "/");
await page.evaluate((json) => {
  localStorage.clear();
  localStorage.setItem("kpi-scorecard.scheme", json);
  localStorage.setItem("kpi-scorecard.settings", JSON.stringify({ version: 1, locale: "en" }));
}, scheme);
// A new hash alone would not reload the page: reload, so it reads the scheme.
await page.goto(origin + "/#/data");
await page.reload();
await page.getByTestId("file-input").waitFor();
await page.evaluate(async () => {
  const blob = await (await fetch("live-figures.csv")).blob();
  const transfer = new DataTransfer();
  transfer.items.add(new File([blob], "figures.csv", { type: "text/csv" }));
  const zone = document.querySelector('[data-testid="drop-zone"]');
  zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
});
await page.getByTestId("import-button").click({ timeout: 60_000 });
await page.getByTestId("dataset-summary").waitFor({ timeout: 60_000 });
await page.getByTestId("nav-scorecards").click();
await page.getByTestId("team-table").waitFor({ timeout: 60_000 });
await page.waitForTimeout(500);
const shown = await page.getByTestId("team-count").textContent();

// Each edit moves the first dimension's weight (the others rescale to keep
// 100, as the panel does), alternating so every edit changes the totals.
const times = await page.evaluate(async (edits) => {
  const input = document.querySelector('[data-testid="panel-dimension-0-weight"]');
  const firstTotal = () => document.querySelector('[data-testid="team-total"]')?.textContent;
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const base = Number(input.value);
  const times = [];
  for (let i = 0; i < edits; i++) {
    const before = firstTotal();
    const t0 = performance.now();
    input.value = String(base + (i % 2 === 0 ? 7 : -7) + (i % 5));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    // Until the table shows new totals, then the frame that paints them.
    while (firstTotal() === before && performance.now() - t0 < 5000) {
      await new Promise((done) => setTimeout(done, 0));
    }
    await frame();
    times.push(performance.now() - t0);
    input.dispatchEvent(new Event("blur"));
  }
  return times;
}, EDITS);

const sorted = [...times].sort((x, y) => x - y);
const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(`Chromium ${browser.version()}; ${shown}`);
console.log(`weight edit to painted table, charts and bonus (${times.length} edits):`);
console.log(`  median ${pick(0.5).toFixed(1)} ms, 90th percentile ${pick(0.9).toFixed(1)} ms, worst ${sorted.at(-1).toFixed(1)} ms`);
const version = browser.version();
await browser.close();
server.close();

if (process.env.KPI_BENCH_JSON) {
  const figures = {
    browser: version,
    team: shown,
    edits: times.length,
    median_ms: pick(0.5),
    p90_ms: pick(0.9),
    worst_ms: sorted.at(-1),
  };
  await writeFile(process.env.KPI_BENCH_JSON, JSON.stringify(figures, null, 2) + "\n");
}

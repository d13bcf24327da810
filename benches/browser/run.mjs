// The browser import benchmark: the engine's import path (wasm, built from
// crates/import-bench by `trunk build benches/browser/index.html`) against
// PapaParse, uDSV and SheetJS in the same headless Chromium, on the same
// bytes; then the same work natively (crates/read/examples/import_throughput.rs).
// Prints one table of MB/s and ratios, and with KPI_BENCH_JSON set writes the
// figures there as JSON. Run by `cargo xtask bench`, which builds the page
// first; not part of `cargo xtask test` (benchmarks never gate the tests).
//
// Environment: KPI_BENCH_DIST (the built page, default target/bench-dist),
// KPI_CHROMIUM (the browser binary), KPI_BENCH_DATA (where the generated
// workbook is written, default target/bench-data), KPI_BENCH_SIZES (CSV sizes
// in MB, default "10,100"), KPI_BENCH_RUNS (runs per measurement, best
// counts; default 3), KPI_BENCH_NATIVE=0 to skip the native run,
// KPI_BENCH_JSON (a file to write the figures to).

import { spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";

import { launchChromium, serveFiles } from "../../tests/support/browser.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const DIST = resolve(process.env.KPI_BENCH_DIST ?? join(ROOT, "target/bench-dist"));
const BROWSER = process.env.KPI_CHROMIUM ?? "/usr/bin/chromium";
const DATA = resolve(process.env.KPI_BENCH_DATA ?? join(ROOT, "target/bench-data"));
const SIZES = (process.env.KPI_BENCH_SIZES ?? "10,100").split(",").map(Number).filter((n) => n > 0);
const RUNS = Number(process.env.KPI_BENCH_RUNS ?? 3);
const NATIVE = process.env.KPI_BENCH_NATIVE !== "0";
// The workbook is built from the CSV of this size.
const XLSX_FROM_MB = 10;
const XLSX_NAME = `figures-${XLSX_FROM_MB}mb.xlsx`;

const require = createRequire(import.meta.url);
const version = (name) => require(`${name}/package.json`).version;
const VENDOR = {
  "/vendor/papaparse.min.js": join(ROOT, "node_modules/papaparse/papaparse.min.js"),
  "/vendor/udsv.min.js": join(ROOT, "node_modules/udsv/dist/uDSV.iife.min.js"),
  "/vendor/xlsx.full.min.js": join(ROOT, "node_modules/xlsx/dist/xlsx.full.min.js"),
};

// The built page at "/", the two comparison libraries under /vendor/, and
// POST /save/NAME, which writes the request body to DATA/NAME (how the page
// hands back the workbook it builds, for the native run).
async function save(req, res, path) {
  if (req.method !== "POST" || !path.startsWith("/save/")) return false;
  const name = path.slice("/save/".length);
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bad name ${name}`);
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  await mkdir(DATA, { recursive: true });
  await writeFile(join(DATA, name), Buffer.concat(chunks));
  res.writeHead(204).end();
  return true;
}

// --- In the page --------------------------------------------------------
// These functions run in Chromium (page.evaluate serialises them), so they
// may only use what the page has: wasmBindings, Papa, uDSV, XLSX.

// Shared by both page functions: the best of `runs` runs of `work` (which
// returns the rows it read), with a full garbage collection before each
// (when exposed) so that one run's leftovers are not charged to the next;
// with `phases`, also the phase times the best run recorded.
const PAGE_HELPERS = `
window.bestOf = (runs, work, phases) => {
  let best = { ms: Infinity };
  for (let i = 0; i < runs; i++) {
    if (typeof gc === "function") gc();
    const started = performance.now();
    const rows = work();
    const ms = performance.now() - started;
    if (ms < best.ms) best = { ms, rows, phases: phases ? Array.from(phases()) : undefined };
  }
  return best;
};
`;

async function pageCsv({ megabytes, runs }) {
  const bindings = window.wasmBindings;
  const bytes = new TextEncoder().encode(bindings.generate_csv(megabytes));
  const ours = bestOf(runs, () => bindings.import_csv(bytes), bindings.last_phases);
  // The heap's peak over one more import, the bytes copied in included.
  if (typeof gc === "function") gc();
  bindings.reset_heap_peak();
  bindings.import_csv(bytes);
  const heapPeak = bindings.heap_growth();
  const theirs = bestOf(runs, () => {
    const text = new TextDecoder().decode(bytes);
    const parsed = Papa.parse(text, { dynamicTyping: true, skipEmptyLines: true });
    return parsed.data.length - 1;
  });
  // uDSV's typed rows: the schema inferred from the text, then typedArrs
  // (the header row feeds the schema and is not returned).
  const udsv = bestOf(runs, () => {
    const text = new TextDecoder().decode(bytes);
    const parser = uDSV.initParser(uDSV.inferSchema(text));
    return parser.typedArrs(text).length;
  });
  return { bytes: bytes.length, ours, theirs, udsv, heapPeak };
}

async function pageXlsx({ megabytes, runs, name }) {
  const bindings = window.wasmBindings;
  // The workbook holds the CSV's rows, numbers as numbers (so it looks like
  // a spreadsheet export, not text in cells), compressed as Excel saves
  // (SheetJS stores the parts uncompressed unless asked, 5x the size).
  const rows = Papa.parse(bindings.generate_csv(megabytes), {
    dynamicTyping: true,
    skipEmptyLines: true,
  }).data;
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "Figures");
  const bytes = new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx", compression: true }));
  const saved = await fetch(`/save/${name}`, { method: "POST", body: bytes });
  if (!saved.ok) throw new Error(`saving the workbook: ${saved.status}`);
  const ours = bestOf(runs, () => bindings.import_xlsx(bytes), bindings.last_phases);
  const theirs = bestOf(runs, () => {
    const read = XLSX.read(bytes, { type: "array" });
    const sheet = read.Sheets[read.SheetNames[0]];
    return XLSX.utils.sheet_to_json(sheet, { header: 1 }).length - 1;
  });
  return { bytes: bytes.length, ours, theirs };
}

// Full recomputes of the synthetic team `cargo bench --bench score` times
// natively; the median of `runs`, after one run not counted.
async function pageRecompute({ agents, perDimension, runs }) {
  const times = window.wasmBindings.recompute(agents, perDimension, runs + 1).slice(1);
  const sorted = Array.from(times).sort((a, b) => a - b);
  return { agents, indicators: 5 * perDimension, runs, median_ms: sorted[Math.floor(sorted.length / 2)] };
}

// --- In node ------------------------------------------------------------

const { server, origin } = await serveFiles(DIST, {
  handle: save,
  map: (path) => (VENDOR[path] ? { file: VENDOR[path] } : path),
});
const browser = await launchChromium(BROWSER, ["--js-flags=--expose-gc"]);
const browserVersion = browser.version();

// Each measurement gets a fresh page, so a wasm memory grown by 100 MB (it
// never shrinks) or a crash does not affect the next one.
async function inPage(work, args) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  try {
    const loaded = await page.goto(origin + "/");
    if (!loaded?.ok()) throw new Error(`the page did not load: ${loaded?.status()}`);
    await page.waitForFunction(() => window.wasmBindings?.import_csv, null, { timeout: 60_000 });
    await page.addScriptTag({ url: "/vendor/papaparse.min.js" });
    await page.addScriptTag({ url: "/vendor/udsv.min.js" });
    await page.addScriptTag({ url: "/vendor/xlsx.full.min.js" });
    await page.addScriptTag({ content: PAGE_HELPERS });
    return await page.evaluate(work, args);
  } catch (err) {
    const detail = [err.message.split("\n")[0], ...errors].join("; ");
    throw new Error(detail);
  } finally {
    await context.close().catch(() => {});
  }
}

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
// "12 ms = decode 1 + split 5 + ..." for the phase times an import recorded;
// what the page timed beyond them is copying the bytes into wasm memory.
const phases = (names, ours) => {
  const laps = ours.phases ?? [];
  const inside = laps.reduce((a, b) => a + b, 0);
  const parts = names.map((name, i) => `${name} ${(laps[i] ?? NaN).toFixed(0)}`);
  return `${ours.ms.toFixed(0)} ms = copy-in ${(ours.ms - inside).toFixed(0)} + ${parts.join(" + ")}`;
};
const log = (line) => console.log(line);

log(`Chromium ${browserVersion} (headless, playwright-core ${version("playwright-core")}), ` +
  `PapaParse ${version("papaparse")}, uDSV ${version("udsv")}, SheetJS ${version("xlsx")}, ` +
  `node ${process.version}; ` +
  `best of ${RUNS} runs`);

const csv = [];
const notes = [];
for (const requested of SIZES) {
  // On failure (memory, most likely), halve once and say so.
  for (const megabytes of [requested, Math.floor(requested / 2)]) {
    if (megabytes < 1) break;
    log(`browser: CSV ${megabytes} MB ...`);
    try {
      const result = await inPage(pageCsv, { megabytes, runs: RUNS });
      csv.push({ megabytes, ...result });
      log(`  ours ${phases(["decode", "split", "type", "free"], result.ours)} (${result.ours.rows} rows); ` +
        `PapaParse ${result.theirs.ms.toFixed(0)} ms (${result.theirs.rows} rows); ` +
        `uDSV ${result.udsv.ms.toFixed(0)} ms (${result.udsv.rows} rows); ` +
        `our heap's peak ${(result.heapPeak / 1e6).toFixed(1)} MB, ${(result.heapPeak / result.bytes).toFixed(2)}x the file`);
      break;
    } catch (err) {
      notes.push(`CSV ${megabytes} MB failed in the page (${err.message})` +
        (megabytes === requested ? `; trying ${Math.floor(requested / 2)} MB` : ""));
      log(`  ${notes.at(-1)}`);
    }
  }
}

let xlsx = null;
log(`browser: XLSX built by SheetJS from the ${XLSX_FROM_MB} MB CSV ...`);
try {
  xlsx = await inPage(pageXlsx, { megabytes: XLSX_FROM_MB, runs: RUNS, name: XLSX_NAME });
  log(`  ${(xlsx.bytes / 1e6).toFixed(1)} MB workbook saved to ${relative(ROOT, join(DATA, XLSX_NAME))}; ` +
    `ours ${phases(["open", "read", "type", "free"], xlsx.ours)} (${xlsx.ours.rows} rows); ` +
    `SheetJS ${xlsx.theirs.ms.toFixed(0)} ms (${xlsx.theirs.rows} rows)`);
} catch (err) {
  notes.push(`XLSX failed in the page (${err.message})`);
  log(`  ${notes.at(-1)}`);
}
const recompute = [];
for (const [agents, perDimension] of [[1_000, 6], [10_000, 8]]) {
  log(`browser: full recompute, ${agents} agents x ${5 * perDimension} indicators ...`);
  try {
    const result = await inPage(pageRecompute, { agents, perDimension, runs: 10 });
    recompute.push(result);
    log(`  median ${result.median_ms.toFixed(1)} ms of ${result.runs} runs`);
  } catch (err) {
    notes.push(`the recompute of ${agents} agents failed in the page (${err.message})`);
    log(`  ${notes.at(-1)}`);
  }
}
await browser.close();
server.close();

// The native run, after the browser has closed, so the two never share the
// CPU. It prints its own lines, then one JSON line.
let native = { csv: [], xlsx: null };
if (NATIVE) {
  const args = ["run", "--release", "--quiet", "--package", "kpi-read", "--example", "import_throughput", "--",
    ...csv.map((c) => String(c.megabytes)), "--runs", String(RUNS)];
  if (xlsx) args.push("--xlsx", join(DATA, XLSX_NAME));
  log(`native: cargo ${args.join(" ")}`);
  try {
    native = JSON.parse(await runNative(args)).native;
  } catch (err) {
    notes.push(`the native run failed (${err.message}); its columns are empty`);
  }
}

// Runs the native example, echoing its lines; resolves to its JSON line.
function runNative(args) {
  return new Promise((ok, fail) => {
    const child = spawn("cargo", args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    let shown = 0;
    child.stdout.on("data", (chunk) => {
      text += chunk;
      // Echo each complete line but the JSON one.
      const end = text.lastIndexOf("\n") + 1;
      for (const l of text.slice(shown, end).split("\n")) {
        if (l && !l.startsWith("{")) log(`  ${l}`);
      }
      shown = Math.max(shown, end);
    });
    child.on("error", fail);
    child.on("close", (code) => {
      const json = text.trim().split("\n").filter((line) => line.startsWith("{")).at(-1);
      if (code === 0 && json) ok(json);
      else fail(new Error(`exit code ${code}`));
    });
  });
}

// --- The table ----------------------------------------------------------

const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const rows = [];
const checks = [];
for (const c of csv) {
  const n = native.csv.find((m) => m.megabytes === c.megabytes)?.result;
  const ours = mbps(c.bytes, c.ours.ms);
  const theirs = mbps(c.bytes, c.theirs.ms);
  rows.push([`CSV ${c.megabytes} MB`, fmt(n?.mb_per_s), fmt(ours), `${fmt(theirs)} (PapaParse)`,
    fmt(ours / theirs, 2), fmt(n ? ours / n.mb_per_s : NaN, 2)]);
  const udsv = mbps(c.bytes, c.udsv.ms);
  rows.push([`CSV ${c.megabytes} MB`, "", "", `${fmt(udsv)} (uDSV typedArrs)`, fmt(ours / udsv, 2), ""]);
  checks.push([`CSV ${c.megabytes} MB`, c.ours.rows, c.theirs.rows, n?.rows]);
  checks.push([`CSV ${c.megabytes} MB (uDSV)`, c.ours.rows, c.udsv.rows, n?.rows]);
  if (n && n.bytes !== c.bytes) notes.push(`CSV ${c.megabytes} MB: native and page sizes differ (${n.bytes} vs ${c.bytes})`);
}
if (xlsx) {
  const n = native.xlsx?.result;
  const ours = mbps(xlsx.bytes, xlsx.ours.ms);
  const theirs = mbps(xlsx.bytes, xlsx.theirs.ms);
  const label = `XLSX ${fmt(xlsx.bytes / 1e6)} MB (${xlsx.ours.rows} rows)`;
  rows.push([label, fmt(n?.mb_per_s), fmt(ours), `${fmt(theirs)} (SheetJS)`,
    fmt(ours / theirs, 2), fmt(n ? ours / n.mb_per_s : NaN, 2)]);
  checks.push(["XLSX", xlsx.ours.rows, xlsx.theirs.rows, n?.rows]);
  const rps = (rows, ms) => Math.round(rows / (ms / 1000)).toLocaleString("en-US");
  notes.push(`XLSX in rows/s: native ${n ? rps(n.rows, n.ms) : "-"}, ours in Chromium ` +
    `${rps(xlsx.ours.rows, xlsx.ours.ms)}, SheetJS ${rps(xlsx.theirs.rows, xlsx.theirs.ms)}`);
}

const header = ["input", "native MB/s", "ours in Chromium MB/s", "peer in Chromium MB/s",
  "ours / theirs", "Chromium / native"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
log("");
log(`Import throughput, MB/s of the file (10^6 bytes/s); Chromium ${browserVersion}`);
log(line(header));
log("|" + widths.map((w, i) => (i === 0 ? ":-" : "--") + "-".repeat(w - 1) + (i === 0 ? "-" : ":")).join("|") + "|");
for (const r of rows) log(line(r));
log("");
log("Work timed: ours = bytes -> text (UTF-8 decode) -> table -> typed figures for the scheme " +
  "(percentages, thousands separators and m:ss durations converted); PapaParse = TextDecoder + " +
  "Papa.parse(dynamicTyping), which leaves '45%', '\"12,003\"' and '3:05' as strings; uDSV = " +
  "TextDecoder + inferSchema + typedArrs (numbers in plain form only, the same strings left); " +
  "SheetJS = XLSX.read + sheet_to_json(header: 1).");
for (const [what, ours, theirs, nat] of checks) {
  if (ours !== theirs || (nat !== undefined && nat !== ours)) {
    notes.push(`${what}: row counts differ (ours ${ours}, theirs ${theirs}, native ${nat ?? "-"})`);
  }
}
for (const note of notes) log(`note: ${note}`);

// The figures for `cargo xtask bench`, which prints them with the rest.
if (process.env.KPI_BENCH_JSON) {
  const figures = {
    browser: browserVersion,
    peers: { papaparse: version("papaparse"), udsv: version("udsv"), sheetjs: version("xlsx") },
    runs: RUNS,
    csv: csv.map((c) => {
      const n = native.csv.find((m) => m.megabytes === c.megabytes)?.result;
      return {
        megabytes: c.megabytes, bytes: c.bytes, rows: c.ours.rows,
        ours_ms: c.ours.ms, papaparse_ms: c.theirs.ms, udsv_ms: c.udsv.ms, heap_peak_bytes: c.heapPeak,
        native_mb_per_s: n?.mb_per_s ?? null,
      };
    }),
    xlsx: xlsx && {
      bytes: xlsx.bytes, rows: xlsx.ours.rows, ours_ms: xlsx.ours.ms, sheetjs_ms: xlsx.theirs.ms,
      native_mb_per_s: native.xlsx?.result?.mb_per_s ?? null,
    },
    recompute,
    notes,
  };
  await writeFile(process.env.KPI_BENCH_JSON, JSON.stringify(figures, null, 2) + "\n");
}

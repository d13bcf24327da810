// Trunk's post-build hook (Trunk.toml [[hooks]]): runs on the staged site
// before it becomes dist/, in `trunk build` and `trunk serve` alike.
//
// 1. The Content-Security-Policy: Trunk writes an inline loader script whose
//    text changes with every build, so its sha256 is computed here and the
//    policy is put in a <meta> tag before any script. No 'unsafe-inline'.
// 2. The page's chunks (xtask/src/split.rs): their folder, with the loader
//    the page's script imports, is copied in from where the split wrote
//    it, after checking that the loader imports this build's page script.
// 3. The service worker: sw.js gets the list of every built file (hashed
//    names included) and a version made from their contents, so a new build
//    is a new cache, taken on the next load.

import { createHash } from "node:crypto";
import { cp, readFile, readdir, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("post_build.mjs: TRUNK_STAGING_DIR is not set (run by Trunk)");
  process.exit(1);
}
// Only the app has a policy and a service worker to write: the benchmark
// page (benches/browser/index.html) is built with the same Trunk.toml.
const htmlFile = process.env.TRUNK_HTML_FILE;
if (htmlFile && resolve(htmlFile) !== resolve(import.meta.dirname, "../index.html")) {
  console.log(`post_build.mjs: ${htmlFile} is not the app; nothing to write`);
  process.exit(0);
}
const debug = process.env.TRUNK_PROFILE === "debug";

const indexPath = join(staging, "index.html");
let html = await readFile(indexPath, "utf8");

const hashes = [];
for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash("sha256").update(match[1], "utf8").digest("base64")}'`);
}
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
  // Stylesheets only from the page; style *attributes* are allowed, because
  // plotters' legends measure their labels with a styled <span> (a style
  // attribute cannot run script; every other label is measured on its
  // canvas, src/app/chart_backend.rs).
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  // Charts and downloads are data: and blob: URLs the page makes itself.
  "img-src 'self' data: blob:",
  // `trunk serve` reloads the page over a websocket; a release build talks
  // to nothing but its own origin.
  debug ? "connect-src 'self' ws: data: blob:" : "connect-src 'self' data: blob:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join("; ");
if (html.includes('http-equiv="Content-Security-Policy"')) {
  console.error("post_build.mjs: index.html already has a policy");
  process.exit(1);
}
html = html.replace(
  /<meta charset="utf-8"\s*\/?>/,
  (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
);
if (!html.includes("Content-Security-Policy")) {
  console.error("post_build.mjs: no <meta charset> to put the policy after");
  process.exit(1);
}

// The loader the page's script imports, and the chunks beside it, are
// copied from where the split wrote them ($KPI_SPLIT_OUT, set by xtask).
const pageScripts = (await readdir(staging)).filter((name) => /^kpi-scorecard-[0-9a-f]+\.js$/.test(name));
if (pageScripts.length !== 1) {
  console.error(`post_build.mjs: expected one page script kpi-scorecard-HASH.js, found ${pageScripts.length}`);
  process.exit(1);
}
const pageScript = await readFile(join(staging, pageScripts[0]), "utf8");
const chunkDir = pageScript.match(/from ["']\.\/(kpi-split-[0-9a-f]+)\/__wasm_split\.js["']/)?.[1];
const splitOut = process.env.KPI_SPLIT_OUT;
if (!chunkDir || !splitOut) {
  console.error(
    "post_build.mjs: the page was not split into chunks (build it with `cargo xtask dist` or `cargo xtask serve`, see xtask/src/split.rs)",
  );
  process.exit(1);
}
const loader = await readFile(join(splitOut, chunkDir, "__wasm_split.js"), "utf8").catch(() => "");
if (!loader.includes(`from "../${pageScripts[0]}"`)) {
  console.error(`post_build.mjs: ${join(splitOut, chunkDir)} holds no loader importing ${pageScripts[0]}`);
  process.exit(1);
}
await cp(join(splitOut, chunkDir), join(staging, chunkDir), { recursive: true });
await writeFile(indexPath, html);

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}

const swPath = join(staging, "sw.js");
const template = await readFile(swPath, "utf8");
if (!template.includes("/* __FILES__ */")) {
  console.error("post_build.mjs: sw.js is not the template (already filled?)");
  process.exit(1);
}
const version = createHash("sha256");
const precache = ["./"];
for (const path of (await files(staging)).sort()) {
  const name = relative(staging, path).split(sep).join("/");
  if (name === "sw.js") continue;
  precache.push(`./${name}`);
  version.update(name).update(await readFile(path));
}
const sw = template
  .replace("__VERSION__", version.digest("hex").slice(0, 16))
  .replace("/* __FILES__ */", precache.map((file) => JSON.stringify(file)).join(", "));
await writeFile(swPath, sw);
console.log(
  `post_build.mjs: CSP with ${hashes.length} script hash(es); chunks in ${chunkDir}; sw.js precaches ${precache.length} files`,
);

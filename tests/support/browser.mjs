// What the Node scripts that drive a built page in headless Chromium share:
// the end-to-end tests (tests/e2e) and the browser benchmarks
// (benches/browser). A plain static file server and one way to start the
// browser, so a fix to either reaches every script.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

// Serves the files under `root` on a free local port, `index.html` for a
// directory, nothing else: no rewrites, so a page that asks for a wrong
// URL gets a 404, as on a real static host. Two hooks widen it:
// - `handle(req, res, path)` answers a request itself when it returns true
//   (in-memory files, uploads);
// - `map(path)` turns the asked path into the path under `root` to send,
//   or `{ file }` for a file elsewhere (a vendored library).
// Resolves to { server, origin }, `origin` without a trailing slash.
export async function serveFiles(root, { handle = async () => false, map = (path) => path } = {}) {
  const server = createServer(async (req, res) => {
    const asked = decodeURIComponent(new URL(req.url, "http://x").pathname);
    try {
      if (await handle(req, res, asked)) return;
      const mapped = map(asked);
      let file = mapped.file;
      if (!file) {
        file = normalize(join(root, mapped.endsWith("/") ? mapped + "index.html" : mapped));
        if (!file.startsWith(root)) {
          res.writeHead(403).end();
          return;
        }
      }
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

// A `handle` hook for `serveFiles` that serves `body` as CSV at `at`: the
// figures a benchmark generated, without writing them to disk.
export function inMemory(at, body, type = "text/csv") {
  return async (_req, res, path) => {
    if (path !== at) return false;
    res.writeHead(200, { "content-type": type }).end(body);
    return true;
  };
}

// Debian's headless Chromium at `executablePath`, quiet: no sandbox (CI
// runs as root), no GPU, nothing fetched in the background that could
// disturb a timing or a request check. `extraArgs` add flags.
export function launchChromium(executablePath, extraArgs = []) {
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}

// A plain static server for the built app (dist/), shared by the app
// benchmarks: each file under `dist` by its path, `index.html` for a
// directory, and the extra in-memory files given by path (the benchmark's
// generated figures). Listens on a free local port.

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
};

// Resolves to { server, origin } once listening; `extra` maps a path such
// as "/figures.csv" to { type, body }.
export async function serveDist(dist, extra = {}) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (extra[path]) {
      res.writeHead(200, { "content-type": extra[path].type }).end(extra[path].body);
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}/` };
}

// The offline cache. `xtask/post_build.mjs` writes the built copy, with
// VERSION and FILES filled in from the hashed file names of the build; this
// template is never served as it is (its FILES is empty).
const VERSION = "__VERSION__";
const FILES = [/* __FILES__ */];
const CACHE = `kpi-scorecard-${VERSION}`;

// Every file of this version, fetched afresh (not from the HTTP cache), then
// this version takes over at once: the page that is open keeps running what
// it loaded, and the next load is the new version.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("kpi-scorecard-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// The page's own files from the cache, the rest from the network. A page
// load (any URL under this scope: the areas are fragments) is index.html.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const key = request.mode === "navigate" ? "./index.html" : request;
      const hit = await cache.match(key, { ignoreSearch: true });
      return hit ?? fetch(request);
    }),
  );
});

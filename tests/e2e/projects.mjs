// End-to-end tests of projects and storage: reloads, two tabs, a full
// quota, unreadable and version 1 items, files, share links, offline.
// Run by run.mjs, which passes its helpers.

import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

const V1 = ["scheme", "dataset", "mappings", "view", "settings"];

export function projectTests({ page, tab, check, text, noProblems, origin, SUB_PATH, SHOTS, FIXTURES }) {
  const url = origin + SUB_PATH;

  // The names in the project list.
  const names = (p) => p.getByTestId("project-name").allTextContents().then((all) => all.map((n) => n.trim()));

  async function projects(p) {
    await p.getByTestId("nav-projects").click();
    await p.getByTestId("project-list").waitFor({ timeout: 10_000 });
    return names(p);
  }

  async function importSample(p) {
    await p.getByTestId("nav-data").click();
    await p.getByTestId("sample-try").click();
    await p.getByTestId("preview").waitFor({ timeout: 10_000 });
    await p.getByTestId("import-button").click();
    await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });
  }

  // What storage holds under a key, out of its envelope.
  const body = (p, key) =>
    p.evaluate((key) => {
      const text = localStorage.getItem(key);
      return text === null ? null : JSON.parse(text).body;
    }, key);

  async function waitForValue(p, testId, value, timeout = 1_500) {
    await p.waitForFunction(
      ([id, v]) => document.querySelector(`[data-testid="${id}"]`)?.value === v,
      [testId, value],
      { timeout },
    );
  }

  return [
    ["projects: a preset starts a project, each keeps its figures, and a reload keeps every project", async () => {
      const p = await page();
      await p.goto(url + "#/scheme");
      await importSample(p);
      await p.getByTestId("nav-scheme").click();
      await p.getByTestId("preset-select").selectOption("cs-department");
      await p.getByTestId("preset-load").click();
      await p.getByTestId("nav-data").click();
      await p.getByTestId("sample-try").click();
      await p.getByTestId("preview").waitFor({ timeout: 10_000 });
      await p.getByTestId("import-button").click();
      await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });
      await p.getByTestId("nav-scorecards").click();
      await p.getByTestId("team-row").first().waitFor({ timeout: 10_000 });
      const rows = await p.getByTestId("team-row").count();
      check(rows === 14, `the new preset's own 14 agents, each with a total: ${rows}`);
      const list = await projects(p);
      check(list.length === 2, `two projects: ${list}`);
      await p.screenshot({ path: join(SHOTS, "projects-en.png"), fullPage: true });
      await p.reload();
      check(JSON.stringify(await projects(p)) === JSON.stringify(list), "every project after a reload");
      check((await text(p, "current-project")).includes(list[1]), "the open project stays open");
      await p.getByTestId("lang-zh").click();
      await p.screenshot({ path: join(SHOTS, "projects-zh.png"), fullPage: true });
      await p.setViewportSize({ width: 390, height: 844 });
      await p.screenshot({ path: join(SHOTS, "projects-zh-390.png"), fullPage: true });
      noProblems(p);
      await p.context().close();
    }],

    ["storage: version 1 items open as they are, and two unreadable items keep two copies", async () => {
      const p = await page();
      await p.goto(url);
      const items = {};
      for (const name of V1) items[`kpi-scorecard.${name}`] = await readFile(join(FIXTURES, `kpi-scorecard.${name}`), "utf8");
      await p.evaluate((items) => {
        localStorage.clear();
        for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
      }, items);
      await p.reload();
      await p.getByTestId("nav-data").click();
      await p.waitForFunction(
        () => document.querySelector('[data-testid="dataset-summary"]')?.textContent.startsWith("客服 6 位"),
        null,
        { timeout: 10_000 },
      );
      check((await projects(p)).length === 1, "one project");
      check((await p.getByTestId("storage-problem").count()) === 0, "nothing unreadable");
      // Two broken schemes in a row: each is kept.
      for (const broken of ["{broken one", "{broken two"]) {
        await p.evaluate((broken) => localStorage.setItem("kpi-scorecard.scheme", broken), broken);
        await p.reload();
        await p.getByTestId("storage-problem").first().waitFor({ timeout: 10_000 });
      }
      const kept = await p.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith("kpi-scorecard.scheme.unreadable."))
          .map((k) => localStorage.getItem(k))
          .sort(),
      );
      check(JSON.stringify(kept) === JSON.stringify(["{broken one", "{broken two"]), `two copies: ${kept}`);
      await p.getByTestId("nav-projects").click();
      check((await p.getByTestId("aside").count()) === 2, "both listed");
      const [download] = await Promise.all([p.waitForEvent("download"), p.getByTestId("aside-download").first().click()]);
      check((await readFile(await download.path(), "utf8")).startsWith("{broken"), "a copy downloads");
      await p.context().close();
    }],

    ["storage: when it is full, the old figures stay, the user is told, and saving resumes", async () => {
      const p = await page();
      await p.goto(url + "#/data");
      await importSample(p);
      const saved = await p.evaluate(() => localStorage.getItem("kpi-scorecard.dataset"));
      // Fill storage to the last few characters.
      await p.evaluate(() => {
        let chunk = "x".repeat(1 << 20);
        for (let n = 0; chunk.length > 8; ) {
          try {
            localStorage.setItem(`filler${n}`, chunk);
            n += 1;
          } catch {
            chunk = chunk.slice(0, chunk.length >> 1);
          }
        }
      });
      // An edit and an import.
      await p.getByTestId("nav-scheme").click();
      await p.getByTestId("scheme-name-en").fill("Edited when full");
      await p.getByTestId("nav-data").click();
      const rows = ["agent,calls,qa"];
      for (let i = 0; i < 60; i++) rows.push(`agent number ${i},${100 + i},${50 + (i % 50)}`);
      await p.getByTestId("paste-input").fill(rows.join("\n"));
      await p.getByTestId("paste-read").click();
      await p.getByTestId("preview").waitFor({ timeout: 10_000 });
      await p.getByTestId("import-button").click();
      await p.waitForFunction(() => document.querySelector('[data-testid="dataset-summary"]')?.textContent.startsWith("Agents: 60"));
      const notices = (await p.getByTestId("storage-problem").allTextContents()).join(" | ");
      check(notices.includes("Not saved: the figures of project"), `told: ${notices}`);
      check(notices.includes("Not saved: the scheme of project"), `told: ${notices}`);
      check((await p.evaluate(() => localStorage.getItem("kpi-scorecard.dataset"))) === saved, "old figures intact");
      await p.screenshot({ path: join(SHOTS, "storage-full-en.png"), fullPage: true });

      // After a reload: the figures saved before, and a word about it.
      await p.reload();
      await p.getByTestId("nav-data").click();
      await p.waitForFunction(() => document.querySelector('[data-testid="dataset-summary"]')?.textContent.startsWith("Agents: 6"));
      const after = (await p.getByTestId("storage-problem").allTextContents()).join(" | ");
      check(after.includes("could not be saved before the page closed"), `said after reload: ${after}`);

      // Space returns; the next change saves, and so does showing the tab.
      await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("filler")).forEach((k) => localStorage.removeItem(k)));
      await p.getByTestId("nav-scheme").click();
      await p.getByTestId("scheme-name-en").fill("Edited with room");
      await p.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid="storage-problem"]')].every((n) => !n.textContent.includes("Not saved")),
      );
      await p.reload();
      await p.getByTestId("nav-scheme").click();
      check((await p.getByTestId("scheme-name-en").inputValue()) === "Edited with room", "saved once there was room");
      await p.context().close();
    }],

    ["two tabs: each sees the other's edits within a second, in both orders, and nothing is lost", async () => {
      const a = await page();
      await a.goto(url + "#/scheme");
      await a.getByTestId("scheme-name-en").waitFor();
      const b = await tab(a);
      await b.goto(url + "#/scheme");
      await b.getByTestId("scheme-name-en").waitFor();
      await a.getByTestId("scheme-name-en").fill("Edited in A");
      await waitForValue(b, "scheme-name-en", "Edited in A");
      await b.getByTestId("scheme-name-en").fill("Edited in B after A");
      await waitForValue(a, "scheme-name-en", "Edited in B after A");
      // Figures too.
      await importSample(b);
      await a.getByTestId("nav-data").click();
      await a.waitForFunction(() => document.querySelector('[data-testid="dataset-summary"]')?.textContent.startsWith("Agents: 6"), null, { timeout: 3_000 });
      for (const p of [a, b]) await p.reload();
      for (const p of [a, b]) {
        await p.getByTestId("nav-scheme").click();
        check((await p.getByTestId("scheme-name-en").inputValue()) === "Edited in B after A", "both edits kept");
      }

      // Another tab writes while B misses its notice (A is closed, so no
      // tab answers the write), then B edits: B's work is kept as a copy,
      // the other tab's stays in place.
      await a.close();
      const scheme = await body(b, "kpi-scorecard.scheme");
      await b.evaluate((scheme) => {
        const stored = JSON.parse(localStorage.getItem("kpi-scorecard.scheme"));
        scheme.name.en = "Written by another tab";
        const newer = { format: "kpi-stored", version: 2, rev: stored.rev + 1, time: Date.now(), body: scheme };
        localStorage.setItem("kpi-scorecard.scheme", JSON.stringify(newer));
      }, scheme);
      await b.getByTestId("scheme-name-en").fill("B's own edit");
      await b.getByTestId("storage-problem").first().waitFor({ timeout: 3_000 });
      const notice = await text(b, "storage-problem");
      check(notice.includes("was changed in another tab"), notice);
      const list = await projects(b);
      check(list.length === 2, `the original and B's copy: ${list}`);
      check((await body(b, "kpi-scorecard.scheme")).name.en === "Written by another tab", "the other tab's version kept");
      await b.getByTestId("nav-scheme").click();
      check((await b.getByTestId("scheme-name-en").inputValue()) === "B's own edit", "B goes on with its edit");
      await b.screenshot({ path: join(SHOTS, "two-tabs-copy-en.png"), fullPage: true });
      await b.context().close();
    }],

    ["files: every project exported and opened in a fresh browser equals the original", async () => {
      const p = await page();
      await p.goto(url + "#/data");
      await importSample(p);
      await p.getByTestId("nav-projects").click();
      await p.getByTestId("project-new-from").selectOption("reception");
      await p.getByTestId("project-create").click();
      // With its sample team, in one click: the scorecards open.
      await p.getByTestId("team-row").first().waitFor({ timeout: 10_000 });
      await p.getByTestId("nav-projects").click();
      const [download] = await Promise.all([p.waitForEvent("download"), p.getByTestId("export-all").click()]);
      const file = await readFile(await download.path());
      const original = JSON.parse(file.toString("utf8"));
      check(original.format === "kpi-projects" && original.projects.length === 2, "two projects in the file");

      const q = await page();
      await q.goto(url + "#/projects");
      await q.getByTestId("project-file-input").setInputFiles({ name: "all.json", mimeType: "application/json", buffer: file });
      await q.getByTestId("file-opened").waitFor({ timeout: 10_000 });
      check((await names(q)).length === 3, "the first visit's project and the two opened");
      const [again] = await Promise.all([q.waitForEvent("download"), q.getByTestId("export-all").click()]);
      const reopened = JSON.parse(await readFile(await again.path(), "utf8"));
      const same = JSON.stringify(reopened.projects.slice(1)) === JSON.stringify(original.projects);
      check(same, "the opened projects equal the exported ones");

      // A damaged file opens nothing and says where.
      const broken = structuredClone(original);
      broken.projects[1].scheme.dimensions[0].weight = "heavy";
      await q.getByTestId("project-file-input").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
      await q.getByTestId("file-error").waitFor({ timeout: 10_000 });
      const error = await text(q, "file-error");
      check(error.includes("projects[1].scheme.dimensions[0].weight"), error);
      check((await names(q)).length === 3, "nothing added");
      await p.context().close();
      await q.context().close();
    }],

    ["share link: opened in a fresh browser, it offers the scheme; a cut one changes nothing", async () => {
      const p = await page();
      await p.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin });
      await p.goto(url + "#/scheme");
      await p.getByTestId("scheme-name-en").fill("Shared scheme");
      await p.getByTestId("nav-projects").click();
      await p.getByTestId("share-copy").click();
      await p.getByTestId("share-link").waitFor({ timeout: 10_000 });
      const link = await p.getByTestId("share-link").inputValue();
      check(link.startsWith(url + "#/share/1."), link);
      check(!link.includes("王芳"), "no figures in the link");

      const q = await page();
      await q.goto(link);
      await q.getByTestId("share-offer").waitFor({ timeout: 10_000 });
      check((await text(q, "share-offer-text")).includes("Shared scheme"), await text(q, "share-offer-text"));
      await q.getByTestId("share-add").click();
      await q.getByTestId("scheme-name-en").waitFor();
      check((await q.getByTestId("scheme-name-en").inputValue()) === "Shared scheme", "the shared scheme is open");
      check((await projects(q)).length === 2, "added beside the first visit's project");

      const r = await page();
      await r.goto(link.slice(0, link.length - 40));
      await r.getByTestId("share-offer").waitFor({ timeout: 10_000 });
      check((await text(r, "share-offer-text")).includes("damaged or cut short"), await text(r, "share-offer-text"));
      check((await r.getByTestId("share-add").count()) === 0, "nothing to add");
      check((await projects(r)).length === 1, "nothing changed");
      for (const x of [p, q, r]) await x.context().close();
    }],

    ["storage: a 100,000-row import survives a reload (kept in IndexedDB)", async () => {
      const p = await page();
      await p.goto(url + "#/data");
      const rows = ["agent,desk,calls,fcr_calls,excluded,repeat_pct,csat,surveys,qa,aht_s"];
      for (let i = 0; i < 100_000; i++) {
        rows.push(`agent${i},${i % 2 ? "VIP" : "normal"},${400 + (i % 300)},${300 + (i % 200)},${i % 20},${(i % 90) / 10},4.${i % 10},${20 + (i % 40)},${60 + (i % 40)},${200 + (i % 250)}`);
      }
      const csv = Buffer.from(rows.join("\n"));
      await p.getByTestId("file-input").setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: csv });
      await p.getByTestId("preview").waitFor({ timeout: 30_000 });
      await p.getByTestId("import-button").click();
      const summary = () => document.querySelector('[data-testid="dataset-summary"]')?.textContent.startsWith("Agents: 100000");
      await p.waitForFunction(summary, null, { timeout: 60_000 });
      // Written to IndexedDB; localStorage holds a reference.
      await p.waitForFunction(() => (localStorage.getItem("kpi-scorecard.dataset") ?? "").includes("kpi-dataset-ref"), null, { timeout: 30_000 });
      check(csv.length > 4_000_000, `bigger than localStorage holds: ${csv.length}`);
      await p.reload();
      await p.getByTestId("nav-data").click();
      await p.waitForFunction(summary, null, { timeout: 60_000 });
      await p.getByTestId("nav-projects").click();
      const size = await text(p, "project-size");
      check(size.endsWith("MB"), `its size is listed: ${size}`);
      noProblems(p);
      await p.context().close();
    }],

    ["a 30 MB file on one line is previewed cut short, never copied whole into the page", async () => {
      const p = await page();
      await p.goto(url + "#/data");
      // The longest gap between frames while it is read and previewed,
      // reported (speed is a benchmark's to judge, not a test's).
      await p.evaluate(() => {
        window.gap = 0;
        let last = performance.now();
        const tick = (now) => {
          window.gap = Math.max(window.gap, now - last);
          last = now;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const line = Buffer.alloc(30 * 1024 * 1024, "x");
      line.write("agent,", 0);
      // From a file on disk: a buffer would be decoded from base64 inside
      // the page by Playwright, blocking it for seconds itself.
      const path = join(SHOTS, "one-line.csv");
      await writeFile(path, line);
      await p.getByTestId("file-input").setInputFiles(path);
      await p.getByTestId("preview").waitFor({ timeout: 60_000 });
      const header = await p.locator('[data-testid="preview-table"] thead th').nth(2).textContent();
      check(header.length <= 81 && header.endsWith("…"), `cut short: ${header.length} characters`);
      const html = await p.evaluate(() => document.documentElement.outerHTML.length);
      check(html < 1_000_000, `the page holds ${html} characters, not the 30 MB header`);
      console.log(`     longest frame gap while reading and previewing 30 MB on one line: ${Math.round(await p.evaluate(() => window.gap))} ms`);
      noProblems(p);
      await p.context().close();
      await rm(path);
    }],

    ["offline: after one visit the page, the import worker and every area work with no network", async () => {
      const p = await page("en-US", { serviceWorkers: "allow" });
      await p.goto(url + "#/scheme");
      await p.evaluate(() => navigator.serviceWorker.ready);
      const sw = await (await p.request.get(url + "sw.js")).text();
      check(sw.startsWith("// The offline cache") && !sw.includes("__FILES__") && sw.includes("import-worker"), "sw.js is the built worker script");
      await p.context().setOffline(true);
      p.problems = [];
      await p.reload();
      await p.getByTestId("app-name").waitFor({ timeout: 10_000 });
      await p.getByTestId("nav-data").click();
      await p.getByTestId("paste-input").fill("agent,calls\nAnn,12\n");
      await p.getByTestId("paste-read").click();
      await p.getByTestId("preview").waitFor({ timeout: 10_000 });
      await p.getByTestId("import-button").click();
      await p.getByTestId("dataset-summary").waitFor({ timeout: 10_000 });
      await p.getByTestId("nav-scorecards").click();
      await p.getByTestId("area-scorecards").waitFor();
      await p.getByTestId("nav-projects").click();
      await p.getByTestId("project-list").waitFor();
      const manifest = await p.evaluate(() => document.querySelector('link[rel="manifest"]').href);
      check(manifest.startsWith(url), `manifest under the sub-path: ${manifest}`);
      await p.context().setOffline(false);
      await p.context().close();
    }],
  ];
}

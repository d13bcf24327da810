// End-to-end tests of what a client sees in a demo: axe-core on every area
// in both languages, no sideways scrolling at 390 px, the team table's
// summary columns in view at 1280 px, a card scrolled into view, units in
// the reader's language. Run by run.mjs, which passes its helpers.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const AXE = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PRESETS = ["cs-department", "ecommerce", "reception", "call-centre", "credit-card"];

export function layoutTests({ page, check, text, noProblems, origin, SUB_PATH, SHOTS, join }) {
  const url = origin + SUB_PATH;

  // A new project from `preset` with its sample team, at the given size:
  // the scorecards open by themselves.
  async function demo(preset, { locale = "en-US", width = 1280, height = 900 } = {}) {
    const p = await page(locale, { viewport: { width, height } });
    await p.goto(url + "#/projects");
    await p.getByTestId("project-list").waitFor({ timeout: 10_000 });
    await p.getByTestId("project-new-from").selectOption(preset);
    await p.getByTestId("project-create").click();
    await p.getByTestId("team-row").first().waitFor({ timeout: 20_000 });
    return p;
  }

  // axe-core's violations of impact serious or critical. Evaluated through
  // the driver, which the page's Content-Security-Policy does not govern.
  async function axe(p, where) {
    await p.evaluate(AXE);
    const found = await p.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    });
    check(found.length === 0, `axe-core on ${where}:\n  ${found.join("\n  ")}`);
  }

  // The page never scrolls sideways; what is wider scrolls in its own box.
  async function fitsWidth(p, where) {
    const [page, viewport] = await p.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ]);
    check(page <= viewport, `${where}: the page is ${page} px wide in a ${viewport} px window`);
  }

  async function area(p, name) {
    await p.getByTestId(`nav-${name}`).click();
    await p.getByTestId(`area-${name}`).waitFor({ timeout: 10_000 });
    await p.waitForTimeout(200);
  }

  // Every area in the state a demo shows it: a card open, an indicator
  // open in the designer, the sample team previewed in Data.
  async function eachArea(p, visit) {
    await p.getByTestId("open-card").last().click();
    await p.getByTestId("card-table").waitFor({ timeout: 10_000 });
    await visit("scorecards with a card open");
    await area(p, "scheme");
    await p.getByTestId("indicator-0-0-edit").click();
    await p.getByTestId("curve-canvas").waitFor({ timeout: 5_000 });
    await visit("scheme with an indicator open");
    await area(p, "data");
    await p.getByTestId("sample-try").click();
    await p.getByTestId("preview").waitFor({ timeout: 10_000 });
    await visit("data with a preview");
    await area(p, "projects");
    await visit("projects");
  }

  return [
    ["layout: axe-core finds nothing serious on any area, in English and Chinese, wide and narrow", async () => {
      for (const [locale, width] of [["en-US", 1280], ["zh-CN", 1280], ["en-US", 390]]) {
        const p = await demo("credit-card", { locale, width, height: width < 500 ? 844 : 900 });
        await eachArea(p, (where) => axe(p, `${where} (${locale}, ${width} px)`));
        noProblems(p);
        await p.context().close();
      }
    }],
    ["layout: at 390 px no area of any preset scrolls sideways", async () => {
      for (const preset of PRESETS) {
        for (const locale of preset === "credit-card" ? ["en-US", "zh-CN"] : ["en-US"]) {
          const p = await demo(preset, { locale, width: 390, height: 844 });
          await fitsWidth(p, `${preset} scorecards (${locale})`);
          await eachArea(p, (where) => fitsWidth(p, `${preset} ${where} (${locale})`));
          if (preset === "cs-department") {
            await area(p, "scorecards");
            await p.screenshot({ path: join(SHOTS, `phone-scorecards-${locale}.png`) });
          }
          noProblems(p);
          await p.context().close();
        }
      }
    }],
    ["layout: at 1280 px the team table shows rank, agent, total, grade, weakest indicator and bonus, and why a total is missing", async () => {
      for (const locale of ["en-US", "zh-CN"]) {
        const p = await demo("credit-card", { locale });
        const hidden = await p.evaluate(() => {
          const box = document.querySelector('[data-testid="team-table"]').parentElement.getBoundingClientRect();
          const row = document.querySelector('[data-testid="team-row"]');
          const cells = ["team-rank", "open-card", "team-total", "team-grade", "team-weakest", "team-bonus"];
          return cells.filter((id) => {
            const r = row.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
            return !r || r.left < box.left || r.right > box.right + 0.5;
          });
        });
        check(hidden.length === 0, `${locale}: out of view at 1280 px: ${hidden}`);
        // 孙凯 has no total: the reason reads in full, in the table.
        await p.getByTestId("filter-incomplete").check();
        await p.getByTestId("team-incomplete").first().waitFor({ timeout: 5_000 });
        const reason = await p.evaluate(() => {
          const flag = document.querySelector('[data-testid="team-incomplete"]');
          const cell = flag.closest("td");
          const box = document.querySelector('[data-testid="team-table"]').parentElement.getBoundingClientRect();
          const r = flag.getBoundingClientRect();
          return {
            text: flag.textContent,
            cut: cell.scrollWidth > cell.clientWidth + 1,
            inView: r.left >= box.left && r.right <= box.right + 0.5,
            agent: document.querySelector('[data-testid="open-card"]').getBoundingClientRect().width,
          };
        });
        const expected = locale === "en-US" ? "No total: missing Script compliance" : "无总分：缺少服务话术合规率";
        check(reason.text === expected, `reason: ${reason.text}`);
        check(!reason.cut && reason.inView, `${locale}: the reason is cut or out of view: ${JSON.stringify(reason)}`);
        check(reason.agent < 120, `${locale}: the reason no longer widens the agent column (${reason.agent} px)`);
        await p.screenshot({ path: join(SHOTS, `laptop-incomplete-${locale}.png`) });
        noProblems(p);
        await p.context().close();
      }
    }],
    ["layout: a card opened from the last row is scrolled into view, with units in the reader's language", async () => {
      const p = await demo("ecommerce", { locale: "zh-CN" });
      await p.getByTestId("open-card").last().click();
      await p.getByTestId("card-table").waitFor({ timeout: 10_000 });
      await p.waitForTimeout(300);
      const view = await p.evaluate(() => {
        const card = document.querySelector('[data-testid="agent-card"]').getBoundingClientRect();
        const table = document.querySelector('[data-testid="card-table"]').getBoundingClientRect();
        return { top: card.top, tableTop: table.top, height: window.innerHeight };
      });
      check(view.top >= -1 && view.top < 50, `the card's top is at ${view.top} px`);
      check(view.tableTop < view.height, `the card's table starts below the window (${view.tableTop} px)`);
      const card = await text(p, "card-table");
      check(card.includes("2.6分钟") && card.includes("≤ 1分钟"), `units in Chinese: ${card.slice(0, 300)}`);
      check(!/yuan|min|days/.test(card), `no English units left: ${card.slice(0, 300)}`);
      await p.getByTestId("lang-en").click();
      const english = await text(p, "card-table");
      check(english.includes("2.6 min") && english.includes("≤ 1 min"), `units in English: ${english.slice(0, 300)}`);
      noProblems(p);
      await p.context().close();
    }],
    ["layout: a long weighting's name stays inside the Try weights panel", async () => {
      const p = await demo("call-centre");
      const panel = p.getByTestId("weights-panel");
      await panel.getByTestId("profile-select").selectOption("mature-business");
      const [select, box] = await Promise.all([
        panel.getByTestId("profile-select").boundingBox(),
        panel.boundingBox(),
      ]);
      check(select.x + select.width <= box.x + box.width, `the select ends at ${select.x + select.width}, the panel at ${box.x + box.width}`);
      noProblems(p);
      await p.context().close();
    }],
    ["layout: the README's screenshots, in English and Chinese", async () => {
      // Copied by hand to docs/ when the layout changes.
      const shot = (p, name) => p.screenshot({ path: join(SHOTS, `readme-${name}.png`) });
      for (const [locale, tag] of [["en-US", "en"], ["zh-CN", "zh"]]) {
        const p = await demo("cs-department", { locale, width: 1400, height: 1000 });
        await shot(p, `scorecards-${tag}`);
        await p.getByTestId("open-card").nth(2).click();
        await p.getByTestId("card-table").waitFor({ timeout: 10_000 });
        await p.waitForTimeout(300);
        await shot(p, `card-${tag}`);
        await area(p, "scheme");
        await p.getByTestId("indicator-0-1-edit").click();
        await p.getByTestId("curve-canvas").waitFor({ timeout: 5_000 });
        await p.getByTestId("dimension-0").scrollIntoViewIfNeeded();
        await shot(p, `scheme-${tag}`);
        await area(p, "data");
        await p.getByTestId("sample-try").click();
        await p.getByTestId("preview").waitFor({ timeout: 10_000 });
        await shot(p, `data-${tag}`);
        await area(p, "projects");
        await shot(p, `projects-${tag}`);
        noProblems(p);
        await p.context().close();
        const phone = await demo("credit-card", { locale, width: 390, height: 844 });
        await shot(phone, `phone-${tag}`);
        await phone.context().close();
      }
    }],
  ];
}

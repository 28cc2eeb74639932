/**
 * Security: hostile samples through every panel in real Chromium. Nothing may execute (a canary
 * the payloads would set), nothing may load from elsewhere (CSP violations, refused requests),
 * hostile text must show as text, and the page must stay responsive.
 */
import { describe, expect, it } from "vitest";
import { blocked, openPanel, useBrowser, type PanelPage } from "./support/browser";
import { HOSTILE, hostileOverview, hostilePair, hostileText, MEGABYTE_LINES, PWN } from "./support/hostile";

const browser = useBrowser();

/** Nothing ran, nothing loaded, and the page answers within a deadline. */
async function assertSafe(panel: PanelPage): Promise<void> {
  // Hover and click every element once: event-handler payloads need an event to fire.
  await panel.page.evaluate(() => {
    for (const el of Array.from(document.querySelectorAll("body *")).slice(0, 3000)) {
      for (const type of ["mouseover", "focus", "load", "error"]) el.dispatchEvent(new Event(type));
    }
  });
  const started = Date.now();
  const pwned = await panel.page.evaluate(() => (window as unknown as { __pwned: boolean }).__pwned);
  expect(Date.now() - started, "the page stopped answering").toBeLessThan(5000);
  expect(pwned, "a payload executed").toBe(false);
  expect(
    (await panel.problems()).filter((p) => !p.startsWith("console:")),
    "CSP violations or page errors",
  ).toEqual([]);
  expect(blocked, "requests to other origins").toEqual([]);
  // No element the payloads would create exists: they are text.
  // (document.querySelectorAll, not a Playwright locator: those pierce the components' shadow roots.)
  const created = await panel.page.evaluate(
    () =>
      document.querySelectorAll(
        "main script, main img, main iframe, main a[href], main link, main meta, body style",
      ).length,
  );
  expect(created).toBe(0);
}

describe("hostile corpus", () => {
  it("diff panel: markup and TeX attacks render as text or KaTeX errors", async () => {
    const panel = await openPanel(browser(), "diff", "dark");
    const text = hostileText();
    await panel.post({
      type: "diff/pair",
      pair: hostilePair(text, text.replace("click", "clack")),
      position: { index: 0, total: 1 },
      request: { uri: "file:///x.pns", problemId: "p", sampleIndex: 1 },
    });
    await panel.page.waitForFunction(() => document.body.dataset.rendered !== undefined);
    await assertSafe(panel);
    const shown = await panel.page.textContent('section[aria-label="rejected"]');
    expect(shown).toContain(`<script>${PWN}</script>`);
    expect(await panel.page.textContent("h1")).toBe(`Problem <script>${PWN}</script>`);
    // KaTeX with trust:false shows \href and friends as errors, never as links.
    expect(await panel.page.locator(".katex a, a[href^='javascript']").count()).toBe(0);
    await panel.screenshot("hostile-diff", false);
    await panel.page.close();
  });

  it("diff panel: megabyte lines render and the page stays responsive", async () => {
    const panel = await openPanel(browser(), "diff", "dark");
    for (const [i, line] of MEGABYTE_LINES.entries()) {
      const started = Date.now();
      await panel.post({
        type: "diff/pair",
        pair: hostilePair(line, `${line.slice(0, 1000)} changed ${line.slice(1000)}`),
        position: { index: i, total: 4 },
        request: { uri: "file:///x.pns", problemId: "p", sampleIndex: i },
      });
      await panel.page.waitForFunction(
        (n) => document.querySelector(".pair-head .muted")?.textContent?.startsWith(`pair ${n + 1} `),
        i,
        { timeout: 10_000 },
      );
      expect(Date.now() - started, `megabyte line ${i} took too long`).toBeLessThan(10_000);
    }
    await assertSafe(panel);
    await panel.page.close();
  });

  it("overview panel: hostile ids, metadata, codes and component names", async () => {
    const panel = await openPanel(browser(), "overview", "light");
    await panel.post({ type: "overview/data", data: hostileOverview() });
    await panel.page.waitForSelector("table.rows tbody tr");
    await assertSafe(panel);
    expect(await panel.page.textContent("table.rows")).toContain(`<script>${PWN}</script>`);
    // Typing a hostile regex is an error message, not an exception.
    await panel.page.locator("#filter-search input").fill("/(a+)+$(/");
    await panel.page.waitForSelector(".status.error");
    await assertSafe(panel);
    await panel.page.close();
  });

  it("curves panel: hostile run labels, metric names and logged samples", async () => {
    const panel = await openPanel(browser(), "curves", "dark");
    const id = `/runs/<img src=x onerror="${PWN}">`;
    await panel.post({
      type: "curves/runs",
      runs: [{ id, label: `<script>${PWN}</script>`, hasSamples: true, state: `<b onmouseover="${PWN}">` }],
    });
    await panel.post({
      type: "curves/rows",
      run: id,
      rows: Array.from({ length: 50 }, (_, i) => ({
        step: i,
        values: {
          [`<img src=x onerror="${PWN}">`]: i,
          reward: Math.sin(i),
          loss: i === 7 ? null : 1 / (i + 1),
        },
      })),
    });
    await panel.post({
      type: "curves/samples",
      run: id,
      step: 3,
      samples: HOSTILE.map((t) => ({
        step: 3,
        kind: "pair" as const,
        prompt: t,
        chosen: t,
        rejected: MEGABYTE_LINES[0].slice(0, 200_000),
        margin: -1,
        extra: { [`<script>${PWN}</script>`]: t },
      })),
    });
    await panel.page.waitForSelector("section.samples");
    await panel.post({ type: "curves/error", message: `<img src=x onerror="${PWN}">` });
    await assertSafe(panel);
    expect(await panel.page.textContent(".legend")).toContain(`<script>${PWN}</script>`);
    await panel.page.close();
  });
});

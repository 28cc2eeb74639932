/** The pair panel in headless Chromium with real data from the demo dataset (via the language server). */
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PanelPair } from "../../server/src/protocol/panels";
import { ARTIFACTS, ensureBundles, launch, openPanel, type Browser } from "./support/browser";
import { demoData, DEMO_URI, type DemoData } from "./support/demoData";

let browser: Browser;
let demo: DemoData;
let pair: PanelPair;
const request = { uri: DEMO_URI, problemId: "fractions-1", sampleIndex: 1 };

beforeAll(async () => {
  ensureBundles();
  mkdirSync(ARTIFACTS, { recursive: true });
  [browser, demo] = await Promise.all([launch(), demoData()]);
  pair = (await demo.pair({ problemId: "fractions-1", sampleIndex: 1 }))!;
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function shown(theme: "light" | "dark" | "hc" = "dark") {
  const panel = await openPanel(browser, "diff", theme);
  await panel.post({ type: "diff/pair", pair, position: { index: 0, total: 3 }, request });
  await panel.page.waitForSelector("body[data-rendered='fractions-1/1']");
  return panel;
}

describe("diff panel", () => {
  it.each(["light", "dark", "hc"] as const)(
    "shows problem, gold, both sides with rendered math (%s)",
    async (theme) => {
      const panel = await shown(theme);
      const page = panel.page;
      expect(await page.textContent("h1")).toBe("Problem fractions-1");
      // Math is KaTeX output with MathML for screen readers, not raw TeX.
      expect(await page.locator(".problem .katex math").count()).toBeGreaterThan(0);
      expect(await page.locator('section[aria-label="rejected"] .katex').count()).toBeGreaterThan(2);
      // The changed formula is an atom: one inserted element on the right, with a label for screen readers.
      const inserted = await page.$$eval('section[aria-label="rejected"] .ins', (els) =>
        els.map((e) => e.getAttribute("aria-label") ?? e.textContent),
      );
      expect(inserted.some((t) => t?.includes("\\frac{7}{2}"))).toBe(true);
      await panel.screenshot(`diff-${theme}`);
      expect(await panel.problems()).toEqual([]);
      await page.close();
    },
  );

  it("marks the first divergent step and the first false claim with labels, not colour alone", async () => {
    const panel = await shown();
    const labels = await panel.page.$$eval('section[aria-label="rejected"] .marker-label', (els) =>
      els.map((e) => e.textContent),
    );
    expect(labels).toEqual(["↳ first divergent step", "⚠ first false arithmetic", "▣ final answer"]);
    const slip = await panel.page.textContent('section[aria-label="rejected"] mark.marker-slip');
    expect(slip).toContain("first false arithmetic");
    expect(await panel.page.textContent(".notes")).toContain("\\frac{18}{4} = \\frac{7}{2}");
    const decoration = await panel.page.$eval(
      'section[aria-label="rejected"] mark.marker-slip',
      (e) => getComputedStyle(e).textDecorationStyle,
    );
    expect(decoration).toBe("wavy");
    await panel.page.close();
  });

  it("shows both verdicts and the reward breakdown", async () => {
    const panel = await shown();
    const verdicts = await panel.page.$$eval(".verdicts > div", (els) =>
      els.map((e) => [e.getAttribute("data-verdict"), e.textContent]),
    );
    expect(verdicts.map((v) => v[0])).toEqual(["equal", "different"]);
    expect(verdicts[0][1]).toContain("Chosen (positive)");
    expect(verdicts[1][1]).toContain("differs from the gold answer");
    expect(verdicts[1][1]).toContain("exact-rational");
    const rows = await panel.page.$$eval(".breakdown tbody tr", (els) =>
      els.map((e) => e.getAttribute("data-component")).filter(Boolean),
    );
    expect(rows).toEqual(expect.arrayContaining(["format", "accuracy", "localCot"]));
    await panel.page.close();
  });

  it("sends each triage key to the host and opens the shortcut sheet on ?", async () => {
    const panel = await shown();
    for (const key of ["j", "k", "a", "r", "s", "f", "d"]) await panel.page.keyboard.press(key);
    await panel.page.waitForFunction(
      () => (window as unknown as { __posted: unknown[] }).__posted.length >= 8,
    );
    const posted = (await panel.posted()).slice(1);
    expect(posted.map((m) => (m.type === "diff/triage" ? `triage:${m.action as string}` : m.type))).toEqual([
      "diff/navigate",
      "diff/navigate",
      "triage:accept",
      "triage:reject",
      "triage:swap",
      "triage:flag",
      "diff/openDiffEditor",
    ]);
    expect(posted[2].request).toEqual(request);
    await panel.page.keyboard.press("?");
    await panel.page.waitForSelector("dialog.shortcuts[open]");
    expect(await panel.page.textContent("dialog.shortcuts")).toContain("swap roles");
    await panel.screenshot("diff-shortcuts");
    await panel.page.keyboard.press("Escape");
    await panel.page.waitForSelector("dialog.shortcuts:not([open])", { state: "attached" });
    await panel.post({ type: "diff/applied", ok: true, message: "fractions-1 negative #2: status=accepted" });
    await panel.page.waitForFunction(() =>
      document.querySelector(".status")?.textContent?.includes("status=accepted"),
    );
    await panel.page.close();
  });

  it("comes back after a reload from the saved state, before the host replays", async () => {
    const first = await shown();
    const saved = await first.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    await first.page.close();
    const panel = await openPanel(browser, "diff", "dark", saved);
    await panel.page.waitForSelector("body[data-rendered='fractions-1/1']");
    await panel.page.close();
  });
});

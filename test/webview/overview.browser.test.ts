/** The overview panel in headless Chromium with the demo dataset's real scores and findings. */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { OverviewData } from "../../server/src/protocol/panels";
import { openPanel, useBrowser } from "./support/browser";
import { demoData } from "./support/demoData";

const browser = useBrowser();
let data: OverviewData;

beforeAll(async () => {
  const demo = await demoData();
  data = demo.overview;
  await demo.stop();
});

async function shown(theme: "light" | "dark" | "hc" = "dark") {
  const panel = await openPanel(browser(), "overview", theme);
  await panel.post({ type: "overview/data", data });
  await panel.page.waitForSelector("table.rows tbody tr");
  return panel;
}

const rendered = (page: Page) => page.evaluate(() => document.body.dataset.rendered);

/** Waits until the list shows `count` rows of the file; the error says what it showed instead. */
async function until(page: Page, count: number, what: string): Promise<void> {
  try {
    await page.waitForFunction((n) => document.body.dataset.rendered?.startsWith(`${n}/`), count, {
      timeout: 5000,
    });
  } catch (error) {
    throw new Error(`${what}: expected ${count} rows, the panel shows ${await rendered(page)}`, {
      cause: error,
    });
  }
}

describe("overview panel", () => {
  it.each(["light", "dark", "hc"] as const)(
    "shows counts, findings by code, histograms and rows (%s)",
    async (theme) => {
      const panel = await shown(theme);
      const counts = await panel.page.$$eval(".counts .count", (els) => els.map((e) => e.textContent));
      const positives = data.rows.filter((r) => r.role === "positive").length;
      expect(counts).toEqual([
        `${data.problems}problems`,
        `${positives}positives`,
        `${data.rows.length - positives}negatives`,
        expect.stringMatching(/^\d+findings$/),
      ]);
      const histograms = await panel.page.$$eval("[data-histogram]", (els) =>
        els.map((e) => e.getAttribute("data-histogram")),
      );
      expect(histograms[0]).toBe("composite");
      expect(histograms.length).toBeGreaterThanOrEqual(3);
      // Bars add up to the scored samples.
      const total = await panel.page.$$eval('[data-histogram="composite"] .bars .n', (els) =>
        els.reduce((a, e) => a + Number(e.textContent || 0), 0),
      );
      expect(total).toBe(data.rows.filter((r) => r.composite !== null).length);
      expect(await panel.page.locator("table.rows tbody tr").count()).toBe(data.rows.length);
      await panel.screenshot(`overview-${theme}`, false);
      expect(await panel.problems()).toEqual([]);
      await panel.page.close();
    },
  );

  it("filters by code, by histogram bar, by metadata and by regex; keeps focus while typing", async () => {
    const panel = await shown();
    const page = panel.page;
    const slips = data.rows.filter((r) => r.codes.includes("arithmetic-slip")).length;
    await page.click('.codes button[data-code="arithmetic-slip"]');
    await until(page, slips, "code filter");
    expect(await rendered(page)).toBe(`${slips}/${data.rows.length}`);
    await page.click('.codes button[data-code="arithmetic-slip"]');
    await until(page, data.rows.length, "code filter cleared");

    const search = page.locator("#filter-search input");
    await search.click();
    await search.pressSequentially("/^fractions-[12]$/");
    const expected = data.rows.filter((r) => /^fractions-[12]$/.test(r.problemId)).length;
    await until(page, expected, "regex search");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("filter-search");

    await page.click("#clear-filters");
    await until(page, data.rows.length, "clear filters");
    const meta = page.locator("#filter-meta input");
    await meta.fill("kind=plausible");
    const plausible = data.rows.filter((r) => r.meta.kind === "plausible").length;
    await until(page, plausible, "metadata filter");

    await page.click("#clear-filters");
    await page.click('[data-histogram="composite"] button[data-bin="9"]');
    const scores = data.rows.map((r) => r.composite).filter((c): c is number => c !== null);
    const [lo, hi] = [Math.min(0, ...scores), Math.max(1, ...scores)];
    const top = scores.filter((c) => c >= lo + (9 * (hi - lo)) / 10).length;
    await until(page, top, "histogram bar");
    await page.close();
  });

  it("sorts by a column, missing scores last", async () => {
    const panel = await shown();
    await panel.page.click('th button[data-sort="composite"]');
    await panel.page.waitForSelector('th[aria-sort="ascending"] button[data-sort="composite"]');
    const cells = await panel.page.$$eval("table.rows tbody tr td:nth-child(3)", (els) =>
      els.map((e) => e.textContent),
    );
    const numbers = cells.filter((c) => c !== "—").map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(cells.indexOf("—") === -1 || cells.slice(cells.indexOf("—")).every((c) => c === "—")).toBe(true);
    await panel.page.close();
  });

  it("jumps to a row's sample and sends bulk actions over exactly the filtered rows", async () => {
    const panel = await shown();
    const first = data.rows[0];
    await panel.page.click(`tr[data-row="${first.problemId}/${first.sampleIndex}"]`);
    const negative = data.rows.find((r) => r.role === "negative")!;
    await panel.page.click(`tr[data-row="${negative.problemId}/${negative.sampleIndex}"] button.compare`);
    await panel.page.click('.codes button[data-code="negative-correct"]');
    const expected = data.rows.filter((r) => r.codes.includes("negative-correct"));
    await until(panel.page, expected.length, "code filter");
    await panel.page.click("#bulk-apply");
    await panel.page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some(
        (m) => m.type === "overview/bulk",
      ),
    );
    const posted = await panel.posted();
    expect(posted.find((m) => m.type === "reveal")).toEqual({
      type: "reveal",
      uri: first.uri,
      line: first.range.start.line,
    });
    const bulk = posted.find((m) => m.type === "overview/bulk") as unknown as {
      action: string;
      targets: unknown[];
      description: string;
    };
    expect(bulk.action).toBe("flag");
    expect(bulk.targets).toEqual(
      expected.map((r) => ({ uri: r.uri, problemId: r.problemId, sampleIndex: r.sampleIndex })),
    );
    expect(bulk.description).toContain("code=negative-correct");
    await panel.page.close();
  });
});

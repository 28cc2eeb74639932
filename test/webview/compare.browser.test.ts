/** The comparison panel in headless Chromium: the CLI's table.json, checked by the host, shown as text. */
import { describe, expect, it } from "vitest";
import { parseCompareTable } from "../../client/src/panels/compare/compareTable";
import { TABLE_JSON } from "./support/compareTable";
import { openPanel, useBrowser } from "./support/browser";
import { HOSTILE } from "./support/hostile";

const browser = useBrowser();

describe("comparison panel", () => {
  it.each(["light", "dark", "hc"] as const)(
    "shows the table as table.md writes it, the best arm in bold (%s)",
    async (theme) => {
      const panel = await openPanel(browser(), "compare", theme);
      await panel.post({
        type: "compare/table",
        file: "/runs/table/table.json",
        table: parseCompareTable(JSON.stringify(TABLE_JSON)),
      });
      await panel.page.waitForSelector("table.compare tbody tr");
      const cells = await panel.page.$$eval("table.compare tr", (rows) =>
        rows.map((r) => Array.from(r.children, (c) => c.textContent)),
      );
      expect(cells).toEqual([
        ["backbone", "arm", "gsm8k", "math500", "average"],
        ["Qwen2.5-Math-7B", "baseline", "80.0 [78.0, 82.0]", "50.0 [46.0, 54.0]", "65.0 [63.0, 67.0]"],
        ["Qwen2.5-Math-7B", "+ PNS-DPO", "83.0 [81.0, 85.0]", "—", "—"],
      ]);
      const bold = await panel.page.$$eval("td.best", (els) => els.map((e) => e.textContent));
      expect(bold).toEqual(["50.0 [46.0, 54.0]", "65.0 [63.0, 67.0]", "83.0 [81.0, 85.0]"]);
      expect(await panel.page.textContent(".note")).toContain("code pns 0.1.0 (abc123)");
      expect(await panel.posted()).toEqual([{ type: "ready" }]);
      expect(await panel.problems()).toEqual([]);
      await panel.screenshot(`compare-${theme}`);
    },
  );

  it("shows hostile names and a broken file's error as inert text", async () => {
    const panel = await openPanel(browser(), "compare", "dark");
    const hostile = structuredClone(TABLE_JSON);
    const name = HOSTILE.slice(0, 8).join(" "); // within the host's 2,000-character cap
    hostile.rows[0].backbone = name;
    hostile.benchmarks[0] = HOSTILE[0];
    hostile.rows[0].benchmarks = {
      [HOSTILE[0]]: TABLE_JSON.rows[0].benchmarks.gsm8k,
    } as (typeof hostile.rows)[0]["benchmarks"];
    await panel.post({
      type: "compare/table",
      file: HOSTILE[1],
      table: parseCompareTable(JSON.stringify(hostile)),
    });
    await panel.page.waitForSelector("table.compare tbody tr");
    expect(await panel.page.textContent("table.compare tbody td")).toBe(name);
    await panel.post({ type: "compare/error", file: "x", message: `cannot show ${HOSTILE[2]}` });
    await panel.page.waitForSelector("p.error");
    expect(await panel.page.textContent("p.error")).toBe(`cannot show ${HOSTILE[2]}`);
    const pwned = await panel.page.evaluate(() => (window as unknown as { __pwned: boolean }).__pwned);
    expect(pwned).toBe(false);
    expect(
      await panel.page.evaluate(
        () => document.querySelectorAll("main script, main img, main iframe, main a[href]").length,
      ),
    ).toBe(0);
    expect((await panel.problems()).filter((p) => !p.startsWith("console:"))).toEqual([]);
  });
});

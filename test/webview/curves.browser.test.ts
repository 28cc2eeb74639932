/** The curves panel in headless Chromium: charts, legend, smoothing, pick-to-samples, exports, state. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, openPanel, useBrowser } from "./support/browser";
import { dpoRows, reverseRlRows } from "./support/curvesFixture";
import { RunReader } from "../../client/src/runDirectory/runReader";

const browser = useBrowser();

const runs = [
  {
    id: "/runs/20261126T054412Z-reverse-rl",
    label: "20261126T054412Z-reverse-rl",
    hasSamples: true,
    state: "running",
  },
  { id: "/runs/20261126T061200Z-dpo", label: "20261126T061200Z-dpo", hasSamples: false, state: "succeeded" },
];

async function loaded(theme: "light" | "dark" | "hc" = "dark") {
  const panel = await openPanel(browser(), "curves", theme);
  await panel.post({ type: "curves/runs", runs });
  await panel.post({ type: "curves/rows", run: runs[0].id, rows: reverseRlRows(200) });
  await panel.post({ type: "curves/rows", run: runs[1].id, rows: dpoRows(120) });
  await panel.page.waitForSelector('section.chart[data-metric="rewards/margins"] canvas');
  return panel;
}

describe("curves panel", () => {
  it.each(["light", "dark", "hc"] as const)(
    "draws every TRL metric as a chart, themed (%s)",
    async (theme) => {
      const panel = await loaded(theme);
      const metrics = await panel.page.$$eval("section.chart", (els) =>
        els.map((e) => e.getAttribute("data-metric")),
      );
      expect(metrics.slice(0, 3)).toEqual(["reward", "rewards/pns_reward/mean", "rewards/pns_accuracy/mean"]);
      for (const m of [
        "loss",
        "kl",
        "entropy",
        "completions/mean_length",
        "rewards/chosen",
        "rewards/margins",
        "rewards/accuracies",
        "learning_rate",
      ])
        expect(metrics).toContain(m);
      expect(metrics).not.toContain("epoch");
      expect(metrics).not.toContain("reward_std");
      const legend = await panel.page.$$eval(".legend button", (els) => els.map((e) => e.textContent));
      expect(legend).toEqual([
        "20261126T054412Z-reverse-rl (running) · samples",
        "20261126T061200Z-dpo (succeeded)",
      ]);
      await panel.screenshot(`curves-${theme}`);
      expect(await panel.problems()).toEqual([]);
      await panel.page.close();
    },
  );

  it("overlays runs on shared charts and follows appended rows", async () => {
    const panel = await loaded();
    const lossSeries = await panel.page.$$eval(
      'section.chart[data-metric="loss"] .u-legend .u-series',
      (els) => els.length,
    );
    // step + (raw, smoothed) per run at the default smoothing.
    expect(lossSeries).toBeGreaterThanOrEqual(3);
    const before = await panel.page.evaluate(() => document.body.dataset.rendered);
    await panel.post({
      type: "curves/rows",
      run: runs[0].id,
      rows: [{ step: 201, values: { reward: 0.9, loss: 0.001 } }],
    });
    await panel.page.waitForFunction((b) => document.body.dataset.rendered !== b, before);
    await panel.page.close();
  });

  it("toggles a run from the legend and keeps the choice in the saved state", async () => {
    const panel = await loaded();
    await panel.page.click('.legend button[data-run="/runs/20261126T061200Z-dpo"]');
    await panel.page.waitForSelector(
      '.legend button[data-run="/runs/20261126T061200Z-dpo"][aria-pressed="false"]',
    );
    const state = await panel.page.evaluate(
      () => (window as unknown as { __state: { hidden: string[] } }).__state,
    );
    expect(state.hidden).toEqual(["/runs/20261126T061200Z-dpo"]);
    await panel.page.waitForFunction(
      () => !document.querySelector('section.chart[data-metric="rewards/margins"]'),
    );
    await panel.page.close();
  });

  it("restores smoothing and hidden runs after a reload", async () => {
    const panel = await openPanel(browser(), "curves", "dark", {
      smoothing: 0.9,
      hidden: [runs[1].id],
      showAll: false,
      filter: "",
      follow: true,
      zoom: null,
    });
    expect(await panel.page.inputValue('input[type="range"]')).toBe("0.9");
    await panel.page.close();
  });

  it("asks the host for the samples behind a clicked point and shows them", async () => {
    const panel = await loaded();
    const over = await panel.page.$('section.chart[data-metric="reward"] .u-over');
    const box = (await over!.boundingBox())!;
    await panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await panel.page.mouse.down();
    await panel.page.mouse.up();
    await panel.page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some(
        (m) => m.type === "curves/openSamples",
      ),
    );
    const ask = (await panel.posted()).find((m) => m.type === "curves/openSamples")!;
    expect(ask.run).toBe(runs[0].id);
    expect(ask.metric).toBe("reward");
    expect(ask.step).toBeGreaterThan(80);
    expect(ask.step).toBeLessThan(120);
    await panel.post({
      type: "curves/samples",
      run: runs[0].id,
      step: ask.step as number,
      samples: [
        {
          step: ask.step as number,
          kind: "rollout",
          prompt: "What is 17·6?",
          completion: "17·6 = 112, so $\\boxed{112}$",
          reward: 0.12,
        },
      ],
    });
    await panel.page.waitForSelector("section.samples");
    expect(await panel.page.textContent("section.samples")).toContain("17·6 = 112");
    await panel.page.close();
  });

  it("exports CSV and PNG through the host", async () => {
    const panel = await loaded();
    await panel.page.click("#export-csv");
    await panel.page.click("#export-png");
    await panel.page.waitForFunction(
      () =>
        (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === "export")
          .length === 2,
    );
    const [csv, png] = (await panel.posted()).filter((m) => m.type === "export") as unknown as {
      format: string;
      data: string;
    }[];
    expect(csv.format).toBe("csv");
    expect(csv.data.split("\n")[0]).toMatch(/^run,step,reward,/);
    expect(csv.data.split("\n").length).toBe(1 + 200 + 120 + 1);
    expect(png.format).toBe("png");
    expect(png.data).toMatch(/^data:image\/png;base64,/);
    await panel.page.close();
  });
});

describe("curves panel with a tiny job run", () => {
  it.each(["light", "dark"] as const)(
    "shows the real metrics.jsonl of tiny reverse-RL and DPO runs, read by the host's RunReader (%s)",
    async (theme) => {
      const dirs = ["20261126T060637Z-reverse-rl", "20261126T054838Z-dpo"].map((d) =>
        path.join(ROOT, "test", "webview", "fixtures", "runs", d),
      );
      const panel = await openPanel(browser(), "curves", theme);
      const readers = dirs.map((d) => new RunReader(d));
      const infos = await Promise.all(
        readers.map(async (r) => ({
          id: r.dir,
          label: path.basename(r.dir),
          hasSamples: await r.hasSamples(),
          state: await r.state(),
        })),
      );
      await panel.post({ type: "curves/runs", runs: infos });
      for (const r of readers) {
        const update = await r.poll();
        expect(update.errors).toEqual([]);
        expect(update.rows.length).toBeGreaterThanOrEqual(4);
        await panel.post({ type: "curves/rows", run: r.dir, rows: update.rows });
      }
      await panel.page.waitForSelector('section.chart[data-metric="rewards/margins"] canvas');
      const metrics = await panel.page.$$eval("section.chart", (els) =>
        els.map((e) => e.getAttribute("data-metric")),
      );
      expect(metrics).toEqual(
        expect.arrayContaining(["rewards/pns_reward/mean", "loss", "rewards/accuracies", "learning_rate"]),
      );
      await panel.screenshot(`curves-tiny-run-${theme}`);
      expect(await panel.problems()).toEqual([]);
      await panel.page.close();
    },
  );
});

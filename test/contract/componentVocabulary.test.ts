/**
 * One vocabulary for the reward's components: every front end names them from the core's table
 * (server/src/core/reward/components.ts). Each check below goes red if a front end keeps its own
 * label or API name again.
 */
import { describe, expect, it } from "vitest";
import type { SampleReport } from "../../server/src/core/analysis/index";
import { defaultSettings } from "../../server/src/core/config/index";
import {
  API_COMPONENTS,
  COMPONENT_NAMES,
  componentLabel,
  compositeReward,
  formulaWeights,
  REWARD_COMPONENTS,
  remoteLabel,
  type ComponentScore,
  type FormatReport,
} from "../../server/src/core/reward/index";
import { combine } from "../../server/src/cli/rewardServer/composite";
import { parseRewardRequest } from "../../server/src/cli/rewardServer/items";
import { componentViews, summaryLine } from "../../server/src/lsp/breakdown";
import { scoreWithCache } from "../../server/src/scoring/cache/scoreWithCache";
import { noCache } from "../../server/src/scoring/cache/diskCache";
import { emptyUsage } from "../../server/src/scoring/accounting";
import { Limiter } from "../../server/src/scoring/limiter";
import { toComponentScore } from "../../server/src/scoring/remoteScorer";

const settings = defaultSettings();
const score = (name: ComponentScore["name"], value: number | null): ComponentScore => ({
  name,
  value,
  weight: 0,
  reason: `${name} reason`,
});
const wellFormed: FormatReport = { score: 1, malformed: false, violated: [], findings: [] };

/** A wrong, well-formed answer scored by every component: a plausibility mean over four. */
function everyComponent() {
  return compositeReward(
    {
      format: wellFormed,
      accuracy: score("accuracy", 1),
      localCot: score("localCot", 0.5),
      rewardModel: score("rewardModel", 0.8),
      judge: score("judge", 0.6),
    },
    { ...settings, rewardModel: {} as never, judge: {} as never },
  );
}

describe("the component table", () => {
  it("names every component once, with distinct API names and labels, weights in config order", () => {
    expect(new Set(COMPONENT_NAMES).size).toBe(REWARD_COMPONENTS.length);
    expect(new Set(API_COMPONENTS).size).toBe(REWARD_COMPONENTS.length);
    expect(new Set(REWARD_COMPONENTS.map((c) => c.label)).size).toBe(REWARD_COMPONENTS.length);
    // Every weighted component of the config is in the table, in the same order.
    expect(COMPONENT_NAMES.filter((n) => n !== "accuracy")).toEqual(Object.keys(settings.weights));
    // The composite reports exactly the table's components.
    expect(
      everyComponent()
        .components.map((c) => c.name)
        .sort(),
    ).toEqual([...COMPONENT_NAMES].sort());
  });
});

describe("every front end takes its names from the table", () => {
  it("the editor's summary line and breakdown views use the table's labels", () => {
    const result = everyComponent();
    const line = summaryLine({
      components: result.components,
      malformed: false,
      verdict: { gradable: true, equal: false, extracted: "5", gold: "4", rule: "exact" },
    });
    for (const c of REWARD_COMPONENTS.filter((c) => !["format", "accuracy"].includes(c.id))) {
      expect(line).toContain(`${c.label} `);
    }
    const report = { ...result, components: result.components } as unknown as SampleReport;
    const views = componentViews(report, Date.now());
    expect(views.map((v) => [v.name, v.label])).toEqual(
      result.components.map((c) => [c.name, componentLabel(c.name)]),
    );
  });

  it("the reward server answers with the table's API names", () => {
    const request = parseRewardRequest({ items: [{ prompt: "p", completion: "c", answer: "4" }] });
    expect([...request.components]).toEqual([...API_COMPONENTS]);
    expect(() => parseRewardRequest({ items: [], components: ["RM"] })).toThrow(
      `known: ${API_COMPONENTS.join(", ")}`,
    );
    const reward = combine(
      { problem: "What is 2+2?", response: "2+2 = 5, so \\boxed{5}", gold: "4" },
      {},
      {
        include: new Set(API_COMPONENTS),
        settings,
        expectedRemote: [],
        onRemoteFailure: "partial",
      },
    );
    const local = REWARD_COMPONENTS.filter((c) => !c.remote).map((c) => c.api);
    expect(Object.keys(reward.components).sort()).toEqual([...local].sort());
  });

  it("the scoring service's reasons start with the table's labels", async () => {
    expect(toComponentScore("judge", { unscored: "x" }).name).toBe("judge");
    const scored = toComponentScore("rewardModel", {
      score: 0.7,
      cached: false,
      provenance: { model: "m", endpoint: "e", scoredAt: new Date(0).toISOString() },
      rm: { raw: 1, transform: "sigmoid" },
    } as never);
    expect(scored.reason.startsWith(`${remoteLabel("rm")} 0.700`)).toBe(true);
    const aborted = new AbortController();
    aborted.abort();
    const [result] = await scoreWithCache(
      { component: "judge", cache: noCache, reads: new Limiter(1), usage: emptyUsage() },
      [{ problem: "p", response: "r", gold: "g" }],
      () => "key",
      () => ({ unscored: "never" }),
      aborted.signal,
      () => Promise.resolve([]),
    );
    expect(result).toMatchObject({
      unscored: expect.stringMatching(new RegExp(`^${remoteLabel("judge")}: `)),
    });
  });
});

describe("the weights shown are the weights the formula uses", () => {
  it("renormalises over the components present and matches the reason's terms", () => {
    const result = everyComponent();
    const weights = formulaWeights(result);
    const byName = new Map(result.components.map((c, i) => [c.name, weights[i]!]));
    expect([...byName.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const [, name, weight] of result.reason.matchAll(/(\w+) [\d.]+×([\d.]+)/g)) {
      expect(byName.get(name as ComponentScore["name"])).toBeCloseTo(Number(weight), 3);
    }
    const { format, localCot } = settings.weights;
    const local = compositeReward(
      { format: wellFormed, accuracy: score("accuracy", 1), localCot: score("localCot", 0.5) },
      settings,
    );
    const localWeights = formulaWeights(local);
    expect(localWeights[local.components.findIndex((c) => c.name === "format")]).toBeCloseTo(
      format / (format + localCot),
      12,
    );
  });

  it("shows no weight when the reward is not a weighted mean", () => {
    const correct = compositeReward(
      { format: wellFormed, accuracy: score("accuracy", 0), localCot: score("localCot", 0.5) },
      settings,
    );
    expect(formulaWeights(correct).every((w) => w === null)).toBe(true);
  });
});

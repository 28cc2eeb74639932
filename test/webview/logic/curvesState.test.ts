import { describe, expect, it } from "vitest";
import { emptyCurves, joinRuns, reduceCurves } from "../../../webview/src/logic/curvesState";
import { chartSpecs, samplesOrderFor } from "../../../webview/src/logic/metricCharts";

const runs = [
  { id: "/r/a", label: "a", hasSamples: false },
  { id: "/r/b", label: "b", hasSamples: true },
];

describe("reduceCurves", () => {
  it("appends rows per run, aligning columns and merging rows of one step", () => {
    let s = reduceCurves(emptyCurves(), { type: "curves/runs", runs });
    s = reduceCurves(s, {
      type: "curves/rows",
      run: "/r/a",
      rows: [
        { step: 1, values: { loss: 1 } },
        { step: 2, values: { loss: 0.5 } },
      ],
    });
    s = reduceCurves(s, {
      type: "curves/rows",
      run: "/r/a",
      rows: [
        { step: 2, values: { eval_loss: 0.7 } },
        { step: 3, values: { loss: 0.2, reward: 0.4 } },
      ],
    });
    const a = s.runs.get("/r/a")!;
    expect(a.steps).toEqual([1, 2, 3]);
    expect(a.columns.get("loss")).toEqual([1, 0.5, 0.2]);
    expect(a.columns.get("eval_loss")).toEqual([null, 0.7, null]);
    expect(a.columns.get("reward")).toEqual([null, null, 0.4]);
    expect(s.metrics).toEqual(["loss", "eval_loss", "reward"]);
  });

  it("places an out-of-order step where it belongs", () => {
    let s = reduceCurves(emptyCurves(), { type: "curves/runs", runs });
    s = reduceCurves(s, {
      type: "curves/rows",
      run: "/r/b",
      rows: [
        { step: 1, values: { x: 1 } },
        { step: 5, values: { x: 5 } },
        { step: 3, values: { x: 3 } },
      ],
    });
    expect(s.runs.get("/r/b")!.steps).toEqual([1, 3, 5]);
    expect(s.runs.get("/r/b")!.columns.get("x")).toEqual([1, 3, 5]);
  });

  it("drops a run's rows on reset (a rewritten metrics.jsonl) and ignores unknown runs", () => {
    let s = reduceCurves(emptyCurves(), { type: "curves/runs", runs });
    s = reduceCurves(s, { type: "curves/rows", run: "/r/a", rows: [{ step: 1, values: { loss: 1 } }] });
    s = reduceCurves(s, {
      type: "curves/rows",
      run: "/r/a",
      rows: [{ step: 7, values: { loss: 2 } }],
      reset: true,
    });
    expect(s.runs.get("/r/a")!.steps).toEqual([7]);
    const before = s.version;
    expect(reduceCurves(s, { type: "curves/rows", run: "/nope", rows: [] }).version).toBe(before);
  });

  it("keeps a run's data when the run list is re-sent with new states", () => {
    let s = reduceCurves(emptyCurves(), { type: "curves/runs", runs });
    s = reduceCurves(s, { type: "curves/rows", run: "/r/a", rows: [{ step: 1, values: { loss: 1 } }] });
    s = reduceCurves(s, { type: "curves/runs", runs: [{ ...runs[0], state: "succeeded" }] });
    expect(s.runs.get("/r/a")!.info.state).toBe("succeeded");
    expect(s.runs.get("/r/a")!.steps).toEqual([1]);
    expect(s.runs.has("/r/b")).toBe(false);
  });
});

describe("joinRuns", () => {
  it("shares x when the steps agree", () => {
    const steps = [1, 2];
    const j = joinRuns([
      { steps, values: [1, 2] },
      { steps: [1, 2], values: [3, 4] },
    ]);
    expect(j).toEqual({
      x: [1, 2],
      ys: [
        [1, 2],
        [3, 4],
      ],
    });
  });
  it("spreads runs with different steps onto their union", () => {
    const j = joinRuns([
      { steps: [1, 3], values: [1, 3] },
      { steps: [2, 3], values: [20, 30] },
    ]);
    expect(j).toEqual({
      x: [1, 2, 3],
      ys: [
        [1, null, 3],
        [null, 20, 30],
      ],
    });
  });
});

describe("chartSpecs", () => {
  it("orders TRL metrics: reward first, learning rate last; the rest only with All metrics", () => {
    const metrics = [
      "learning_rate",
      "grad_norm",
      "loss",
      "rewards/pns_format/mean",
      "reward",
      "rewards/margins",
      "epoch",
      "reward_std",
      "kl",
    ];
    expect(chartSpecs(metrics, false).map((s) => s.metric)).toEqual([
      "reward",
      "rewards/pns_format/mean",
      "loss",
      "kl",
      "rewards/margins",
      "learning_rate",
    ]);
    expect(
      chartSpecs(metrics, true)
        .map((s) => s.metric)
        .slice(-2),
    ).toEqual(["grad_norm", "reward_std"]);
    expect(chartSpecs(metrics, true).map((s) => s.metric)).not.toContain("epoch");
    expect(chartSpecs(["loss"], false)[0].title).toBe("Loss · loss");
  });
  it("orders the samples of DPO curves by margin", () => {
    expect(samplesOrderFor("rewards/margins")).toBe("lowest-margin");
    expect(samplesOrderFor("reward")).toBe("lowest-reward");
  });
});

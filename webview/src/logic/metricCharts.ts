/**
 * Which metrics get a chart, in what order, under what title. TRL's names (docs/jobs.md): the
 * reward and its components first, then loss, KL, entropy, length, DPO rewards, learning rate;
 * anything else after, alphabetically. By default only those known charts show (a GRPO run logs
 * 40 metrics); "All metrics" adds the rest, `/std` companions included. Bookkeeping keys never.
 */
const ORDER: [RegExp, string][] = [
  [/^reward$/, "Reward"],
  [/^rewards\/pns_reward\/mean$/, "Composite reward (PNS)"],
  [/^rewards\/[^/]+\/mean$/, "Reward component"],
  [/^loss$/, "Loss"],
  [/^kl$|^objective\/kl$/, "KL"],
  [/^entropy$/, "Entropy"],
  [/^completions\/mean_length$|^completion_length$/, "Completion length"],
  [/^rewards\/chosen$/, "DPO reward (chosen)"],
  [/^rewards\/rejected$/, "DPO reward (rejected)"],
  [/^rewards\/margins$/, "DPO margin"],
  [/^rewards\/accuracies$/, "DPO accuracy"],
  [/^learning_rate$/, "Learning rate"],
];

const HIDDEN =
  /^(time|elapsed|epoch|step|total_flos|train_runtime|train_samples_per_second|train_steps_per_second|train_loss)$/;
const COMPANION = /(\/std|_std)$/;

export interface ChartSpec {
  metric: string;
  title: string;
}

export function chartSpecs(metrics: string[], showAll: boolean): ChartSpec[] {
  const ranked = metrics
    .filter((m) => !HIDDEN.test(m) && (showAll || !COMPANION.test(m)))
    .map((metric) => {
      const rank = ORDER.findIndex(([re]) => re.test(metric));
      const title = rank >= 0 && ORDER[rank][1] !== "Reward component" ? ORDER[rank][1] : metric;
      return { metric, title, rank: rank < 0 ? ORDER.length : rank };
    })
    .filter((r) => showAll || r.rank < ORDER.length);
  ranked.sort((a, b) => a.rank - b.rank || a.metric.localeCompare(b.metric));
  return ranked.map(({ metric, title }) => ({
    metric,
    title: title === metric ? metric : `${title} · ${metric}`,
  }));
}

/** Metrics where a lower value at a point is "worse" and the samples behind it sort ascending. */
export function samplesOrderFor(metric: string): "lowest-margin" | "lowest-reward" {
  return metric.startsWith("rewards/margins") ||
    metric.startsWith("rewards/accuracies") ||
    metric.startsWith("rewards/chosen") ||
    metric.startsWith("rewards/rejected")
    ? "lowest-margin"
    : "lowest-reward";
}

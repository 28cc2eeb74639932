/** Deterministic training logs shaped like TRL's (docs/jobs.md): a reverse-RL run and a DPO run. */
import type { MetricRow } from "../../../webview/src/shared/protocol";
import { seededRandom } from "../../../bench/seededRandom.mjs";

export function reverseRlRows(steps: number, seed = 1): MetricRow[] {
  const r = seededRandom(seed); // screenshots and counts do not change between runs
  return Array.from({ length: steps }, (_, i) => {
    const t = i / Math.max(1, steps - 1);
    const noise = (s: number): number => (r() - 0.5) * s;
    const reward = 0.2 + 0.55 * (1 - Math.exp(-3 * t)) + noise(0.12);
    return {
      step: i + 1,
      values: {
        reward,
        reward_std: 0.2 + noise(0.05),
        "rewards/pns_reward/mean": reward,
        "rewards/pns_format/mean": 0.7 + 0.28 * t + noise(0.08),
        "rewards/pns_accuracy/mean": 0.5 + 0.45 * t + noise(0.1),
        "rewards/pns_rewardModel/mean": 0.3 + 0.4 * t + noise(0.1),
        loss: 0.02 * Math.exp(-t) + noise(0.004),
        kl: 0.002 + 0.03 * t + noise(0.004),
        entropy: 1.2 - 0.5 * t + noise(0.05),
        "completions/mean_length": 210 + 90 * t + noise(20),
        learning_rate: 1e-6 * (1 - t),
        epoch: t,
        elapsed: i * 3.2,
      },
    };
  });
}

export function dpoRows(steps: number, seed = 2): MetricRow[] {
  const r = seededRandom(seed);
  return Array.from({ length: steps }, (_, i) => {
    const t = i / Math.max(1, steps - 1);
    const noise = (s: number): number => (r() - 0.5) * s;
    const margin = 2.5 * (1 - Math.exp(-2.5 * t)) + noise(0.3);
    return {
      step: (i + 1) * 2,
      values: {
        loss: 0.69 * Math.exp(-1.8 * t) + 0.05 + noise(0.05),
        "rewards/chosen": 0.4 * t + noise(0.1),
        "rewards/rejected": -margin + 0.4 * t + noise(0.1),
        "rewards/margins": margin,
        "rewards/accuracies": Math.min(1, 0.5 + 0.5 * t + noise(0.1)),
        entropy: 1.1 - 0.2 * t + noise(0.04),
        learning_rate: 5e-7,
      },
    };
  });
}

/**
 * `samples.jsonl` in a run directory (docs/webviews.md): the samples a job logged per step. Picks
 * the ones behind a point: that step's lines (or the nearest logged step), worst first (lowest
 * margin for pairs, lowest reward for rollouts), at most `limit`.
 */
import type { LoggedSample } from "../../../webview/src/shared/protocol";

export function parseSampleLine(line: string): LoggedSample | undefined {
  if (!line.trim()) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.step !== "number" || typeof r.prompt !== "string") return undefined;
  const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);
  const num = (x: unknown): number | undefined =>
    typeof x === "number" && Number.isFinite(x) ? x : undefined;
  const kind = r.kind === "pair" || (r.chosen !== undefined && r.rejected !== undefined) ? "pair" : "rollout";
  const known = new Set(["step", "kind", "prompt", "completion", "chosen", "rejected", "reward", "margin"]);
  const extra: Record<string, string | number | boolean | null> = {};
  for (const [k, x] of Object.entries(r)) {
    if (known.has(k)) continue;
    if (x === null || typeof x === "string" || typeof x === "number" || typeof x === "boolean") extra[k] = x;
  }
  return {
    step: r.step,
    kind,
    prompt: r.prompt,
    completion: str(r.completion),
    chosen: str(r.chosen),
    rejected: str(r.rejected),
    reward: num(r.reward),
    margin: num(r.margin),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

export interface PickedSamples {
  step: number;
  samples: LoggedSample[];
  note?: string;
}

export function pickSamples(all: LoggedSample[], step: number, limit = 20): PickedSamples {
  if (all.length === 0) return { step, samples: [], note: "samples.jsonl has no readable lines." };
  let at = step;
  let here = all.filter((s) => s.step === step);
  if (here.length === 0) {
    at = all.reduce(
      (best, s) => (Math.abs(s.step - step) < Math.abs(best - step) ? s.step : best),
      all[0].step,
    );
    here = all.filter((s) => s.step === at);
  }
  const key = (s: LoggedSample): number => s.margin ?? s.reward ?? Infinity;
  const sorted = [...here].sort((a, b) => key(a) - key(b));
  const notes: string[] = [];
  if (at !== step) notes.push(`No samples were logged at step ${step}; showing step ${at}, the nearest.`);
  if (sorted.length > limit) notes.push(`Showing the ${limit} lowest of ${sorted.length}.`);
  return { step: at, samples: sorted.slice(0, limit), ...(notes.length ? { note: notes.join(" ") } : {}) };
}

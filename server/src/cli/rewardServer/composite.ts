/**
 * ADAPTER between the reward server and the reward engine's composite. It computes the local
 * components with the core (format rules, the grader, the arithmetic checks) and combines them
 * with the remote scores as docs/reward.md specifies: a malformed response gets
 * `penalties.malformed`, a correct answer `penalties.correct`, and a wrong, well-formed answer the
 * weighted mean of the plausibility components that scored, weights renormalised.
 *
 * PROVISIONAL: until `server/src/core/reward` exports its composite, this file holds the formula;
 * when it lands, `combine` must call it so the server and the editor cannot drift apart.
 */
import type { PnsSettings } from "../../core/config/index";
import { gradeResponse } from "../../core/grader/index";
import { checkArithmetic } from "../../core/reward/arithmetic/index";
import { checkFormat } from "../../core/reward/format/index";
import { type RemoteResult, type RemoteScores, isUnscored } from "../../scoring/types";
import type { ApiComponent, RewardItem } from "./items";

/** One item's answer in `results[]`. `reward` is null when the item cannot be scored fairly. */
export interface ItemReward {
  reward: number | null;
  /** Each computed component's value in [0,1]; null when it could not score this item. */
  components: Partial<Record<ApiComponent, number | null>>;
  reasons: string[];
  /** The components the reward was computed from. */
  used: ApiComponent[];
  /** Remote components that were asked for but failed, with why. */
  unscored?: Partial<Record<"rm" | "judge", string>>;
}

export interface CombineOptions {
  include: ReadonlySet<ApiComponent>;
  settings: PnsSettings;
  /** Remote components that are configured and requested: their failure matters. */
  expectedRemote: ReadonlyArray<"rm" | "judge">;
  /**
   * `null`: a wrong, well-formed answer whose expected remote component failed gets reward null
   * (TRL leaves it out of the mean) rather than a reward on a different scale from its group.
   * `partial`: the reward is computed from what scored, and `used` says which.
   */
  onRemoteFailure: "null" | "partial";
}

export function combine(item: RewardItem, remote: RemoteScores, options: CombineOptions): ItemReward {
  const { include, settings } = options;
  const components: ItemReward["components"] = {};
  const reasons: string[] = [];
  const unscored: NonNullable<ItemReward["unscored"]> = {};

  let malformed = false;
  if (include.has("format")) {
    const format = checkFormat(item.response, settings);
    components.format = format.score;
    malformed = format.malformed;
    reasons.push(
      format.violated.length === 0
        ? "format: every rule passes"
        : `format: ${format.findings.map((f) => `${f.code} (${f.message})`).join("; ")}`,
    );
  }

  let correct = false;
  let gradable = true;
  if (include.has("accuracy")) {
    const verdict = gradeResponse(item.gold!, item.response);
    gradable = verdict.gradable;
    correct = verdict.equal;
    components.accuracy = verdict.gradable ? (verdict.equal ? 0 : 1) : null;
    reasons.push(`accuracy: ${verdict.reason}`);
  }

  if (include.has("cot")) {
    const cot = checkArithmetic(item.response);
    if (cot.claims.length === 0) {
      components.cot = null;
      reasons.push("cot: no arithmetic claims to check");
    } else {
      components.cot = 1 - cot.falseClaims.length / cot.claims.length;
      reasons.push(
        cot.firstSlip
          ? `cot: ${cot.falseClaims.length} of ${cot.claims.length} arithmetic claims are false, first: ${cot.firstSlip.text}`
          : `cot: all ${cot.claims.length} arithmetic claims hold`,
      );
    }
  }

  for (const name of ["rm", "judge"] as const) {
    const result: RemoteResult | undefined = remote[name];
    if (!include.has(name) || result === undefined) continue;
    if (isUnscored(result)) {
      components[name] = null;
      unscored[name] = result.unscored;
      reasons.push(`${name}: unscored: ${result.unscored}`);
    } else {
      components[name] = result.score;
      reasons.push(`${name}: ${result.score.toFixed(3)}${result.cached ? " (cached)" : ""}`);
    }
  }

  const base = { components, reasons, ...(Object.keys(unscored).length > 0 ? { unscored } : {}) };
  if (malformed) return { ...base, reward: settings.penalties.malformed, used: ["format"] };
  if (!gradable) return { ...base, reward: null, used: [] };
  if (include.has("accuracy") && correct)
    return { ...base, reward: settings.penalties.correct, used: ["accuracy"] };

  if (options.onRemoteFailure === "null") {
    const failed = options.expectedRemote.filter((name) => include.has(name) && unscored[name] !== undefined);
    if (failed.length > 0) {
      reasons.push(`reward: null because ${failed.join(" and ")} did not score (onRemoteFailure = null)`);
      return { ...base, reward: null, used: [] };
    }
  }

  const weights: Record<"format" | "rm" | "judge" | "cot", number> = {
    format: settings.weights.format,
    rm: settings.weights.rewardModel,
    judge: settings.weights.judge,
    cot: settings.weights.localCot,
  };
  let sum = 0;
  let total = 0;
  const used: ApiComponent[] = include.has("accuracy") ? ["accuracy"] : [];
  for (const name of ["format", "rm", "judge", "cot"] as const) {
    const value = components[name];
    if (value === undefined || value === null || weights[name] <= 0) continue;
    sum += weights[name] * value;
    total += weights[name];
    used.push(name);
  }
  if (total === 0) {
    reasons.push("reward: no plausibility component scored");
    return { ...base, reward: null, used: [] };
  }
  return { ...base, reward: sum / total, used };
}

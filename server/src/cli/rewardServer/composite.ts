/**
 * One item's answer from the reward engine's own composite (`server/src/core/reward`), the same
 * function the editor and `pns score` use, so the reward in training is the reward in the editor.
 * This file only maps names and shapes to the HTTP API and applies the server's policy for remote
 * failures.
 */
import type { PnsSettings } from "../../core/config/index";
import { compositeFor, type LocalScore, localScore } from "../../core/reward/index";
import { apiName, type RemoteApiName } from "../../core/reward/components";
import type { ComponentScore } from "../../core/reward/types";
import { toComponentScore } from "../../scoring/remoteScorer";
import type { RemoteScores } from "../../scoring/types";
import type { ApiComponent, RewardItem } from "./items";

/** One item's answer in `results[]`. `reward` is null when the item cannot be scored fairly. */
export interface ItemReward {
  reward: number | null;
  /** Each requested component's value in [0,1]; null when it could not score this item. */
  components: Partial<Record<ApiComponent, number | null>>;
  reasons: string[];
  /** The components the reward was computed from. */
  used: ApiComponent[];
  /** Remote components that were asked for but failed, with why. */
  unscored?: Partial<Record<RemoteApiName, string>>;
  /**
   * False when the grader could not decide whether the answer equals the gold (no answer found,
   * notation it cannot read, values out of range, different units): such an answer never earns
   * the accuracy-inversion reward, and trainers log the share of these completions.
   */
  gradable: boolean;
  /** Why the answer was not gradable (the grader's reason); only when `gradable` is false. */
  ungradable_reason?: string;
}

export interface CombineOptions {
  /** Components to report (and, for remote ones, to call); the local ones always enter the reward. */
  include: ReadonlySet<ApiComponent>;
  settings: PnsSettings;
  /** Remote components that are configured and requested: their failure matters. */
  expectedRemote: ReadonlyArray<RemoteApiName>;
  /**
   * `null`: a wrong, well-formed answer whose expected remote component failed gets reward null
   * (TRL leaves it out of the mean) rather than a reward on a different scale from its group.
   * `partial`: the reward is computed from what scored, and `used` says which.
   */
  onRemoteFailure: "null" | "partial";
}

export function combine(
  item: RewardItem,
  remote: RemoteScores,
  options: CombineOptions,
  local: LocalScore = localScore(item.gold!, item.response, options.settings),
): ItemReward {
  const { include, settings } = options;
  const composite = compositeFor(local, settings, {
    ...(remote.rm ? { rewardModel: toComponentScore("rewardModel", remote.rm) } : {}),
    ...(remote.judge ? { judge: toComponentScore("judge", remote.judge) } : {}),
  });

  const components: ItemReward["components"] = {};
  const reasons: string[] = [];
  const unscored: NonNullable<ItemReward["unscored"]> = {};
  const report = (score: ComponentScore) => {
    const name = apiName(score.name);
    if (!include.has(name)) return;
    components[name] = score.value;
    // A remote component the server did not call: this answer's composite cannot use it.
    const skipped = (name === "rm" || name === "judge") && remote[name] === undefined;
    reasons.push(
      skipped && options.expectedRemote.includes(name)
        ? `${name}: not called: a ${composite.outcome} answer's reward does not use it`
        : `${name}: ${score.reason}`,
    );
    if ((name === "rm" || name === "judge") && score.value === null && remote[name] !== undefined) {
      unscored[name] = score.reason;
    }
  };
  composite.components.forEach(report);
  reasons.push(`reward: ${composite.reason}`);

  const gradability = local.verdict.gradable
    ? { gradable: true }
    : { gradable: false, ungradable_reason: local.verdict.reason };
  const base = {
    components,
    reasons,
    ...(Object.keys(unscored).length > 0 ? { unscored } : {}),
    ...gradability,
  };
  const used = composite.used.map((name) => apiName(name));
  if (
    options.onRemoteFailure === "null" &&
    composite.outcome === "plausibility" &&
    options.expectedRemote.some((name) => unscored[name] !== undefined)
  ) {
    const failed = options.expectedRemote.filter((name) => unscored[name] !== undefined);
    reasons.push(`reward: null because ${failed.join(" and ")} did not score (--on-remote-failure null)`);
    return { ...base, reward: null, used: [] };
  }
  return { ...base, reward: composite.composite, used };
}

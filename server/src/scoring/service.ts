import { remoteLabel } from "../core/reward/components";
import { type UsageTotals, emptyUsage } from "./accounting";
import { resolveApiKey } from "./apiKey";
import { type CacheEntry, type ScoreCache, noCache } from "./cache/diskCache";
import { cacheKey } from "./cache/key";
import { type CacheContext, scoreWithCache } from "./cache/scoreWithCache";
import { JudgeClient } from "./judge/client";
import { judgeScore, normaliseCriteria } from "./judge/parse";
import { promptVersion } from "./judge/prompt";
import { ALLOW_KEYS_VARIABLE, type KeyGrant, parseKeyGrants } from "./keyPolicy";
import { Limiter } from "./limiter";
import { redactUrl } from "./redact";
import { RewardModelClient } from "./rewardModel/client";
import { applyTransform, describeTransform } from "./rewardModel/transform";
import type {
  CallCounter,
  JudgeSettings,
  Provenance,
  RemoteComponent,
  RemoteResult,
  RemoteScores,
  RewardModelSettings,
  ScoreInput,
  ScoringLogger,
  SecretProvider,
} from "./types";

export interface ScoringServiceOptions {
  /** Absent: the judge is not configured and never asked for. */
  judge?: JudgeSettings;
  rewardModel?: RewardModelSettings;
  cache?: ScoreCache;
  /** Where `apiKeyEnv` names are looked up (process.env in the CLI, injected in tests). */
  env?: Record<string, string | undefined>;
  secrets?: SecretProvider;
  /**
   * Key variables the user allowed to further hosts (`--allow-key`); added to `PNS_ALLOW_KEYS`
   * from `env`. Never filled from a project config.
   */
  keyGrants?: readonly KeyGrant[];
  logger?: ScoringLogger;
}

/** Cache reads at once: enough to hide disk latency, few enough to stay far from EMFILE. */
const CACHE_READS = 64;

/**
 * The remote half of the reward: reward-model and judge scores with caching, limits, retries and
 * cancellation. `score` never throws for a remote failure: each input gets, per requested
 * component, either a score in [0,1] with provenance or `{ unscored: reason }`, so callers can
 * always finish the local components.
 */
export class ScoringService {
  private readonly cache: ScoreCache;
  private readonly totals: UsageTotals = { rm: emptyUsage(), judge: emptyUsage() };
  private readonly cacheLimiter = new Limiter(CACHE_READS);
  private readonly judge?: { client?: JudgeClient; error?: string; settings: JudgeSettings };
  private readonly rm?: { client?: RewardModelClient; error?: string; settings: RewardModelSettings };

  constructor(options: ScoringServiceOptions) {
    this.cache = options.cache ?? noCache;
    const env = options.env ?? {};
    const fromEnv = parseKeyGrants(env[ALLOW_KEYS_VARIABLE]);
    for (const error of fromEnv.errors) options.logger?.warn(error);
    const grants = [...fromEnv.grants, ...(options.keyGrants ?? [])];
    if (options.judge) {
      const settings = options.judge;
      try {
        const key = resolveApiKey("judge", settings, env, options.secrets, grants);
        this.judge = {
          settings,
          client: new JudgeClient(settings, key, new Limiter(settings.concurrency), this.totals.judge),
        };
      } catch (error) {
        this.judge = { settings, error: (error as Error).message };
        options.logger?.warn(`${remoteLabel("judge")} disabled: ${(error as Error).message}`);
      }
    }
    if (options.rewardModel) {
      const settings = options.rewardModel;
      try {
        const key = resolveApiKey("rm", settings, env, options.secrets, grants);
        this.rm = {
          settings,
          client: new RewardModelClient(settings, key, new Limiter(settings.concurrency), this.totals.rm),
        };
      } catch (error) {
        this.rm = { settings, error: (error as Error).message };
        options.logger?.warn(`${remoteLabel("rm")} disabled: ${(error as Error).message}`);
      }
    }
  }

  /** The remote components that have settings (they may still fail per item). */
  configured(): RemoteComponent[] {
    const list: RemoteComponent[] = [];
    if (this.rm) list.push("rm");
    if (this.judge) list.push("judge");
    return list;
  }

  /** A copy of the running totals: requests, retries, cache hits, tokens, cost. */
  usage(): UsageTotals {
    return { rm: { ...this.totals.rm }, judge: { ...this.totals.judge } };
  }

  /**
   * Scores every input with the requested components (default: all configured). Components that
   * are requested but not configured are left out of the result, not reported as failures.
   */
  async score(
    inputs: readonly ScoreInput[],
    components: readonly RemoteComponent[] = this.configured(),
    signal?: AbortSignal,
    counter?: CallCounter,
  ): Promise<RemoteScores[]> {
    const results: RemoteScores[] = inputs.map(() => ({}));
    const work: Array<Promise<void>> = [];
    if (this.rm && components.includes("rm")) {
      work.push(
        this.scoreRm(inputs, signal, counter).then((rm) => rm.forEach((r, i) => (results[i].rm = r))),
      );
    }
    if (this.judge && components.includes("judge")) {
      work.push(
        this.scoreJudge(inputs, signal, counter).then((judge) =>
          judge.forEach((r, i) => (results[i].judge = r)),
        ),
      );
    }
    await Promise.all(work);
    return results;
  }

  private async scoreRm(
    inputs: readonly ScoreInput[],
    signal?: AbortSignal,
    counter?: CallCounter,
  ): Promise<RemoteResult[]> {
    const rm = this.rm!;
    const usage = this.totals.rm;
    if (!rm.client) return this.allUnscored(inputs, `${remoteLabel("rm")}: ${rm.error}`, "rm");
    const client = rm.client;
    const s = rm.settings;
    const version = `rm:${s.api}/${s.inputFormat}`;
    const keyFor = (input: ScoreInput) =>
      cacheKey({
        component: "rm",
        problem: input.problem,
        gold: null,
        response: input.response,
        model: s.model,
        promptVersion: version,
        settings: {
          labelIndex: s.labelIndex,
          useActivation: s.useActivation,
          ...(s.inputFormat === "text"
            ? { textTemplate: s.textTemplate }
            : {
                promptTemplate: s.promptTemplate.text,
                systemPrompt: s.systemPrompt,
                separator: s.separator,
              }),
        },
      });
    const transform = describeTransform(s.transform);
    const fromEntry = (entry: CacheEntry, cached: boolean): RemoteResult => {
      const raw = entry.value.raw!;
      return {
        score: applyTransform(raw, s.transform),
        cached,
        provenance: entry.provenance,
        rm: { raw, transform },
      };
    };
    return scoreWithCache(this.cacheContext("rm"), inputs, keyFor, fromEntry, signal, async (misses) => {
      const outcomes = await client.scoreMany(misses, signal, counter);
      return outcomes.map((outcome) => {
        if (!outcome.ok) return { unscored: outcome.reason };
        usage.scored++;
        const provenance = this.provenance(
          "rm",
          s,
          version,
          outcome.scoredAt,
          outcome.tokens,
          outcome.costUsd,
        );
        return { schema: 1, component: "rm", value: { raw: outcome.raw }, provenance } satisfies CacheEntry;
      });
    });
  }

  private async scoreJudge(
    inputs: readonly ScoreInput[],
    signal?: AbortSignal,
    counter?: CallCounter,
  ): Promise<RemoteResult[]> {
    const judge = this.judge!;
    if (!judge.client) return this.allUnscored(inputs, `${remoteLabel("judge")}: ${judge.error}`, "judge");
    const client = judge.client;
    const s = judge.settings;
    const version = promptVersion(client.prompt);
    const usage = this.totals.judge;
    const keyFor = (input: ScoreInput) =>
      cacheKey({
        component: "judge",
        problem: input.problem,
        // The judge never sees the gold answer, so it cannot change the judgement.
        gold: null,
        response: input.response,
        model: s.model,
        promptVersion: version,
        settings: { temperature: s.temperature, maxTokens: s.maxTokens },
      });
    const fromEntry = (entry: CacheEntry, cached: boolean): RemoteResult => {
      const detail = entry.value.judge!;
      const criteria = normaliseCriteria(detail.rawCriteria);
      return {
        score: judgeScore(criteria),
        cached,
        provenance: entry.provenance,
        judge: { criteria, rawCriteria: detail.rawCriteria, rationale: detail.rationale },
      };
    };
    return scoreWithCache(this.cacheContext("judge"), inputs, keyFor, fromEntry, signal, (misses) =>
      Promise.all(
        misses.map(async (input) => {
          const outcome = await client.judge(input.problem, input.response, signal, counter);
          if (!outcome.ok) return { unscored: outcome.reason };
          usage.scored++;
          const provenance = this.provenance(
            "judge",
            s,
            version,
            outcome.scoredAt,
            outcome.tokens,
            outcome.costUsd,
          );
          const value = {
            judge: { rawCriteria: outcome.judgement.raw, rationale: outcome.judgement.rationale },
          };
          return { schema: 1, component: "judge", value, provenance } satisfies CacheEntry;
        }),
      ),
    );
  }

  private cacheContext(component: RemoteComponent): CacheContext {
    return { component, cache: this.cache, reads: this.cacheLimiter, usage: this.totals[component] };
  }

  private provenance(
    component: RemoteComponent,
    settings: JudgeSettings | RewardModelSettings,
    version: string,
    scoredAt: string,
    tokens: Provenance["tokens"],
    costUsd: number,
  ): Provenance {
    const endpoint = component === "rm" ? this.rm!.client!.url : settings.baseUrl;
    return {
      component,
      model: settings.model,
      endpoint: redactUrl(endpoint),
      promptVersion: version,
      scoredAt,
      ...(tokens ? { tokens } : {}),
      costUsd,
    };
  }

  private allUnscored(
    inputs: readonly ScoreInput[],
    reason: string,
    component: RemoteComponent,
  ): RemoteResult[] {
    this.totals[component].unscored += inputs.length;
    return inputs.map(() => ({ unscored: reason }));
  }
}

/**
 * The scoring service, its disk cache and the reward engine's scorer, assembled in one place for
 * the three mains (language server, `pns lint`/`pns score`, `pns serve-reward`): each says only
 * where its project lives and where warnings go, so the cache folder, the reward model's folder
 * and the endpoints are resolved the same way everywhere.
 */
import path from "node:path";
import type { PnsSettings } from "../core/config/index";
import type { RemoteComponentName, RemoteScorer } from "../core/reward/index";
import { DiskCache } from "./cache/diskCache";
import type { KeyGrant } from "./keyPolicy";
import { redactUrl } from "./redact";
import { createRemoteScorer } from "./remoteScorer";
import { ScoringService } from "./service";
import { scoringSettingsFrom } from "./settings";
import type { ScoringLogger, SecretProvider } from "./types";

export interface ScoringSetup {
  /** The project's settings: `judge`, `rewardModel`, `cacheDir`, limits. */
  settings: PnsSettings;
  /**
   * The project's folder (the config file's): `cacheDir` and `rewardModel.modelDir` are relative
   * to it. Undefined when there is none on disk (an untitled document): no disk cache then.
   */
  baseDir: string | undefined;
  /** False: no disk cache (`serve-reward --no-cache`). Default true. */
  cache?: boolean;
  /** Where `apiKeyEnv` names are looked up. */
  env: Record<string, string | undefined>;
  /** Stored keys (the editor's SecretStorage), handed out per endpoint. */
  secrets?: SecretProvider;
  /** Key variables the user allowed to further hosts (`--allow-key`). */
  keyGrants?: readonly KeyGrant[];
  /** Config and cache problems. */
  warn: (message: string) => void;
  /** The service's own warnings (endpoint disabled, key refused); default `warn`. */
  logger?: ScoringLogger;
  /** Requests per call to the service (the language server sends small batches to stay cancellable). */
  batchSize?: number;
}

/** A configured remote endpoint, its URL without credentials. */
export interface ScoringEndpoint {
  component: RemoteComponentName;
  endpoint: string;
}

export interface Scoring {
  service: ScoringService;
  /** The service behind the reward engine's `RemoteScorer` interface. */
  scorer: RemoteScorer;
  endpoints: ScoringEndpoint[];
}

export function createScoring(setup: ScoringSetup): Scoring {
  const { settings, baseDir, warn } = setup;
  const { judge, rewardModel } = scoringSettingsFrom(settings, { configDir: baseDir, warn });
  const cache =
    baseDir !== undefined && setup.cache !== false
      ? new DiskCache({ dir: path.resolve(baseDir, settings.cacheDir), onError: warn })
      : undefined;
  const service = new ScoringService({
    judge,
    rewardModel,
    cache,
    env: setup.env,
    secrets: setup.secrets,
    keyGrants: setup.keyGrants,
    logger: setup.logger ?? { warn },
  });
  const endpoints: ScoringEndpoint[] = [];
  if (judge) endpoints.push({ component: "judge", endpoint: redactUrl(judge.baseUrl) });
  if (rewardModel) endpoints.push({ component: "rewardModel", endpoint: redactUrl(rewardModel.baseUrl) });
  return { service, scorer: createRemoteScorer(service, setup.batchSize), endpoints };
}

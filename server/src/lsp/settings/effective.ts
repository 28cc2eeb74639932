/**
 * The settings one document is analysed with: editor behaviour (code lenses, caps, debounce) and
 * the engine settings (project file `pns.config.json`, then the `pns.engine.*` editor overrides).
 */
import { JUDGE_DEFAULTS, REWARD_MODEL_DEFAULTS } from "../../core/config/defaults";
import type { PnsSettings, RuleSeverity } from "../../core/config/settings";
import type { CheckedSettings } from "./read";

export type AutoScore = "off" | "edited" | "all";

export interface EditorSettings {
  maxDiagnostics: number;
  debounceMs: number;
  codeLens: { scores: boolean; compare: boolean; rescore: boolean };
  inlayHints: { finalAnswer: boolean };
  hoverBreakdown: boolean;
  remote: { enabled: boolean; autoScore: AutoScore };
  workspaceSymbolsMaxFiles: number;
  configFile: string;
}

export interface EffectiveSettings {
  editor: EditorSettings;
  engine: PnsSettings;
  /** Warnings met while reading them (wrong types, unreadable project file), for the user. */
  warnings: string[];
  /** Changes whenever anything that affects analysis changes: part of every cache key. */
  analysisKey: string;
}

export function toEditorSettings(checked: CheckedSettings): EditorSettings {
  const v = checked.values;
  return {
    maxDiagnostics: v.get("pns.diagnostics.maxPerFile") as number,
    debounceMs: v.get("pns.diagnostics.debounceMs") as number,
    codeLens: {
      scores: v.get("pns.codeLens.scores") as boolean,
      compare: v.get("pns.codeLens.compare") as boolean,
      rescore: v.get("pns.codeLens.rescore") as boolean,
    },
    inlayHints: { finalAnswer: v.get("pns.inlayHints.finalAnswer") as boolean },
    hoverBreakdown: v.get("pns.hover.breakdown") as boolean,
    remote: {
      enabled: v.get("pns.remote.enabled") as boolean,
      autoScore: v.get("pns.remote.autoScore") as AutoScore,
    },
    workspaceSymbolsMaxFiles: v.get("pns.workspaceSymbols.maxFiles") as number,
    configFile: v.get("pns.configFile") as string,
  };
}

/** Applies the `pns.engine.*` editor overrides on top of the project's engine settings. */
export function applyEngineOverrides(base: PnsSettings, checked: CheckedSettings): PnsSettings {
  const v = checked.values;
  const engine: PnsSettings = {
    ...base,
    rules: { ...base.rules, ...(v.get("pns.engine.rules") as Record<string, RuleSeverity>) },
    weights: {
      ...base.weights,
      ...pickKnown(base.weights, v.get("pns.engine.weights") as Record<string, number>),
    },
  };
  const threshold = v.get("pns.engine.implausibleThreshold") as number | null;
  if (threshold !== null) engine.implausibleThreshold = threshold;
  const judgeUrl = v.get("pns.engine.judge.baseUrl") as string;
  const judgeModel = v.get("pns.engine.judge.model") as string;
  if (judgeUrl && judgeModel) {
    engine.judge = { ...JUDGE_DEFAULTS, ...base.judge, baseUrl: judgeUrl, model: judgeModel };
  }
  const rmUrl = v.get("pns.engine.rewardModel.baseUrl") as string;
  const rmModel = v.get("pns.engine.rewardModel.model") as string;
  if (rmUrl && rmModel) {
    engine.rewardModel = {
      kind: REWARD_MODEL_DEFAULTS.kind,
      transform: { ...REWARD_MODEL_DEFAULTS.transform },
      ...base.rewardModel,
      baseUrl: rmUrl,
      model: rmModel,
    };
  }
  return engine;
}

function pickKnown<T extends object>(known: T, overrides: Record<string, number>): Partial<T> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(overrides)) if (name in known) out[name] = value;
  return out as Partial<T>;
}

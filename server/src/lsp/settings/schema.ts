/**
 * Every `pns.*` editor setting the language server reads: its type and its default. This table is
 * the server's side of the manifest contract: test/contract checks that `contributes.configuration`
 * in package.json declares exactly these keys (plus the client-only ones) with these defaults.
 *
 * Engine settings (weights, thresholds, endpoints) live in the project file `pns.config.json`; the
 * editor settings named `pns.engine.*` only override it, and `null` / `""` mean "not overridden".
 */

/** What a setting's value must be; a wrong type falls back to the default with a warning. */
export type SettingType =
  | { kind: "boolean" }
  | { kind: "number"; min?: number; max?: number; integer?: boolean; nullable?: boolean }
  | { kind: "string"; enum?: readonly string[] }
  | { kind: "severityMap" }
  | { kind: "weights" };

export interface SettingSpec {
  /** Full key, e.g. `pns.codeLens.scores`. */
  key: string;
  type: SettingType;
  default: unknown;
}

const SEVERITIES = ["error", "warning", "info", "hint", "off"] as const;
export const SEVERITY_VALUES: readonly string[] = SEVERITIES;

export const SERVER_SETTINGS: readonly SettingSpec[] = [
  { key: "pns.diagnostics.maxPerFile", type: { kind: "number", min: 1, integer: true }, default: 1000 },
  {
    key: "pns.diagnostics.debounceMs",
    type: { kind: "number", min: 0, max: 5000, integer: true },
    default: 150,
  },
  { key: "pns.codeLens.scores", type: { kind: "boolean" }, default: true },
  { key: "pns.codeLens.compare", type: { kind: "boolean" }, default: true },
  { key: "pns.codeLens.rescore", type: { kind: "boolean" }, default: true },
  { key: "pns.inlayHints.finalAnswer", type: { kind: "boolean" }, default: true },
  { key: "pns.hover.breakdown", type: { kind: "boolean" }, default: true },
  { key: "pns.remote.enabled", type: { kind: "boolean" }, default: true },
  {
    key: "pns.remote.autoScore",
    type: { kind: "string", enum: ["off", "edited", "all"] },
    default: "edited",
  },
  { key: "pns.workspaceSymbols.maxFiles", type: { kind: "number", min: 1, integer: true }, default: 2000 },
  { key: "pns.configFile", type: { kind: "string" }, default: "pns.config.json" },
  { key: "pns.engine.rules", type: { kind: "severityMap" }, default: {} },
  { key: "pns.engine.weights", type: { kind: "weights" }, default: {} },
  {
    key: "pns.engine.implausibleThreshold",
    type: { kind: "number", min: 0, max: 1, nullable: true },
    default: null,
  },
  { key: "pns.engine.judge.baseUrl", type: { kind: "string" }, default: "" },
  { key: "pns.engine.judge.model", type: { kind: "string" }, default: "" },
  { key: "pns.engine.rewardModel.baseUrl", type: { kind: "string" }, default: "" },
  { key: "pns.engine.rewardModel.model", type: { kind: "string" }, default: "" },
];

/** Settings only the VS Code client reads (not sent to or checked by the server). */
export const CLIENT_ONLY_SETTINGS: readonly string[] = [
  "pns.trace.server",
  "pns.server.path",
  "pns.server.maxRestarts",
  "pns.server.analysisWorkers",
  "pns.security.allowKeys",
];

import { defaultSettings, JUDGE_DEFAULTS, REWARD_MODEL_DEFAULTS } from "./defaults";
import type { PnsSettings } from "./settings";
import { CONFIG_SPEC, type ObjectSpec, type Spec } from "./spec";

/** A path into the JSON document: object keys and array indices. */
export type JsonPath = (string | number)[];

/** A problem with the configuration; the loader maps `path` to line:col in the file. */
export interface ConfigIssue {
  path: JsonPath;
  message: string;
  severity: "error" | "warning";
  /** Whether the issue is about the key itself (unknown key) rather than its value. */
  atKey?: boolean;
}

export interface ValidatedSettings {
  /** Usable settings: every invalid or missing value replaced by its default. */
  settings: PnsSettings;
  issues: ConfigIssue[];
}

/** `weights.format`, `rules["no-final-answer"]`, `formatRules.mixedLanguage.allowScripts[0]`. */
export function formatJsonPath(path: JsonPath): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

const typeName = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Edit distance, for "did you mean" hints on misspelt keys (keys are short). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length];
}

function suggestion(key: string, known: string[]): string {
  const best = known
    .map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${best.k}'?)` : "";
}

class Walker {
  readonly issues: ConfigIssue[] = [];

  error(path: JsonPath, message: string): void {
    this.issues.push({ path, message, severity: "error" });
  }

  /** Returns the validated value, or `fallback` when `raw` is invalid (after recording why). */
  value(spec: Spec, raw: unknown, fallback: unknown, path: JsonPath): unknown {
    switch (spec.kind) {
      case "number": {
        if (typeof raw !== "number" || !Number.isFinite(raw)) {
          this.error(path, `expected a number, got ${typeName(raw)}`);
          return fallback;
        }
        if (spec.integer && !Number.isInteger(raw)) this.error(path, `expected an integer, got ${raw}`);
        else if (spec.minimum !== undefined && raw < spec.minimum)
          this.error(path, `must be at least ${spec.minimum}, got ${raw}`);
        else if (spec.maximum !== undefined && raw > spec.maximum)
          this.error(path, `must be at most ${spec.maximum}, got ${raw}`);
        else return raw;
        return fallback;
      }
      case "boolean":
        if (typeof raw === "boolean") return raw;
        this.error(path, `expected true or false, got ${typeName(raw)}`);
        return fallback;
      case "string": {
        if (typeof raw !== "string") {
          this.error(path, `expected a string, got ${typeName(raw)}`);
          return fallback;
        }
        if (spec.minLength !== undefined && raw.length < spec.minLength) {
          this.error(path, "must not be empty");
          return fallback;
        }
        const problem = spec.check?.(raw);
        if (problem !== undefined) {
          this.error(path, problem);
          return fallback;
        }
        return raw;
      }
      case "enum":
        if (typeof raw === "string" && spec.values.includes(raw)) return raw;
        this.error(
          path,
          `expected one of ${spec.values.map((v) => `'${v}'`).join(", ")}, got ${JSON.stringify(raw)}`,
        );
        return fallback;
      case "array": {
        if (!Array.isArray(raw)) {
          this.error(path, `expected an array, got ${typeName(raw)}`);
          return fallback;
        }
        const out: unknown[] = [];
        raw.forEach((item, i) => {
          const marker = {};
          const v = this.value(spec.items, item, marker, [...path, i]);
          if (v !== marker) out.push(v);
        });
        return out;
      }
      case "record": {
        if (!isPlainObject(raw)) {
          this.error(path, `expected an object, got ${typeName(raw)}`);
          return fallback;
        }
        const out: Record<string, unknown> = {};
        const known = spec.knownKeys ? [...spec.knownKeys] : [];
        for (const [key, item] of Object.entries(raw)) {
          if (known.length > 0 && !known.includes(key)) {
            this.issues.push({
              path: [...path, key],
              message: `unknown code '${key}'${suggestion(key, known)}`,
              severity: "warning",
              atKey: true,
            });
          }
          const marker = {};
          const v = this.value(spec.value, item, marker, [...path, key]);
          if (v !== marker) out[key] = v;
        }
        return out;
      }
      case "object":
        return this.object(spec, raw, fallback, path);
    }
  }

  object(spec: ObjectSpec, raw: unknown, fallback: unknown, path: JsonPath): unknown {
    if (!isPlainObject(raw)) {
      this.error(path, `expected an object, got ${typeName(raw)}`);
      return fallback;
    }
    const base = isPlainObject(fallback) ? fallback : {};
    const out: Record<string, unknown> = { ...base };
    const known = Object.keys(spec.fields);
    for (const [key, item] of Object.entries(raw)) {
      const field = spec.fields[key];
      if (!field) {
        const hint = /^api_?key$/i.test(key)
          ? ": never put a key in the config file; set apiKeyEnv to the NAME of an environment variable"
          : suggestion(key, known);
        this.issues.push({
          path: [...path, key],
          message: `unknown key '${key}'${hint}`,
          severity: /^api_?key$/i.test(key) ? "error" : "warning",
          atKey: true,
        });
        continue;
      }
      out[key] = this.value(field, item, base[key], [...path, key]);
    }
    for (const key of spec.required ?? []) {
      if (!(key in raw)) this.error(path, `missing required key '${key}'`);
    }
    return out;
  }
}

/** Defaults for an optional endpoint section, so a present section is complete when valid. */
function sectionDefaults(key: string): Record<string, unknown> | undefined {
  if (key === "judge") return { ...JUDGE_DEFAULTS };
  if (key === "rewardModel")
    return { ...REWARD_MODEL_DEFAULTS, transform: { ...REWARD_MODEL_DEFAULTS.transform } };
  return undefined;
}

/**
 * Validates a parsed `pns.config.json` against the spec and merges it over the defaults. Never
 * throws: every problem becomes an issue with its JSON path, and the offending value keeps its default
 * (an endpoint section with errors is dropped, so no request goes to a half-configured endpoint).
 */
export function validateSettings(raw: unknown): ValidatedSettings {
  const walker = new Walker();
  const defaults = defaultSettings() as unknown as Record<string, unknown>;
  for (const key of ["judge", "rewardModel"]) {
    if (isPlainObject(raw) && key in raw) defaults[key] = sectionDefaults(key);
  }
  const merged = walker.object(CONFIG_SPEC, raw ?? {}, defaults, []) as Record<string, unknown>;
  delete merged.$schema;
  for (const key of ["judge", "rewardModel"]) {
    if (walker.issues.some((i) => i.severity === "error" && i.path[0] === key)) delete merged[key];
  }
  const settings = merged as unknown as PnsSettings;
  crossChecks(settings, walker);
  return { settings, issues: walker.issues };
}

function crossChecks(settings: PnsSettings, walker: Walker): void {
  const length = settings.formatRules.length;
  if (length.min > length.max) {
    walker.error(["formatRules", "length", "min"], `min (${length.min}) is greater than max (${length.max})`);
  }
  const w = settings.weights;
  if (w.format + w.rewardModel + w.judge + w.localCot <= 0) {
    walker.error(["weights"], "at least one weight must be positive");
  }
  const t = settings.rewardModel?.transform;
  if (t && t.scale === 0) walker.error(["rewardModel", "transform", "scale"], "scale must not be 0");
  const template = settings.rewardModel?.promptTemplate;
  if (template !== undefined && !template.includes("{problem}"))
    walker.error(["rewardModel", "promptTemplate"], "the template has no {problem} placeholder");
}

/**
 * Turns the raw `pns` section of `workspace/configuration` into checked values. A value of the
 * wrong type never crashes anything: the default is used and a warning names the key, the value
 * and what was expected.
 */
import { SERVER_SETTINGS, SEVERITY_VALUES, type SettingSpec, type SettingType } from "./schema";

/** Checked values by full key (`pns.codeLens.scores` → true), with the warnings found. */
export interface CheckedSettings {
  values: Map<string, unknown>;
  warnings: string[];
}

/** Reads `pns.a.b` from a `pns` section that VS Code nests (`{a: {b: …}}`) or flattens (`{"a.b": …}`). */
function lookup(section: unknown, key: string): unknown {
  const path = key.split(".").slice(1);
  let node: unknown = section;
  for (let i = 0; i < path.length; i++) {
    if (node === null || typeof node !== "object") return undefined;
    const record = node as Record<string, unknown>;
    const flat = path.slice(i).join(".");
    if (i < path.length - 1 && flat in record) return record[flat];
    node = record[path[i]];
  }
  return node;
}

function describe(type: SettingType): string {
  switch (type.kind) {
    case "boolean":
      return "true or false";
    case "number": {
      const bounds = [
        type.min !== undefined ? `≥ ${type.min}` : "",
        type.max !== undefined ? `≤ ${type.max}` : "",
      ]
        .filter(Boolean)
        .join(" and ");
      return `${type.integer ? "an integer" : "a number"}${bounds ? ` ${bounds}` : ""}${type.nullable ? " or null" : ""}`;
    }
    case "string":
      return type.enum ? `one of ${type.enum.map((v) => `"${v}"`).join(", ")}` : "a string";
    case "severityMap":
      return `an object mapping rule codes to ${SEVERITY_VALUES.join("/")}`;
    case "weights":
      return "an object mapping component names to non-negative numbers";
  }
}

function isValid(type: SettingType, value: unknown): boolean {
  switch (type.kind) {
    case "boolean":
      return typeof value === "boolean";
    case "number":
      if (value === null) return type.nullable === true;
      return (
        typeof value === "number" &&
        Number.isFinite(value) &&
        (!type.integer || Number.isInteger(value)) &&
        (type.min === undefined || value >= type.min) &&
        (type.max === undefined || value <= type.max)
      );
    case "string":
      return typeof value === "string" && (!type.enum || type.enum.includes(value));
    case "severityMap":
      return isPlainObject(value) && Object.values(value).every((v) => SEVERITY_VALUES.includes(v as string));
    case "weights":
      return (
        isPlainObject(value) &&
        Object.values(value).every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0)
      );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkOne(spec: SettingSpec, section: unknown, warnings: string[]): unknown {
  const value = lookup(section, spec.key);
  if (value === undefined) return spec.default;
  if (isValid(spec.type, value)) return value;
  warnings.push(
    `Setting ${spec.key} is ${JSON.stringify(value)}, expected ${describe(spec.type)}; using the default ${JSON.stringify(spec.default)}.`,
  );
  return spec.default;
}

/** Checks every known setting in a raw `pns` section (undefined or garbage means all defaults). */
export function checkSettings(section: unknown): CheckedSettings {
  const warnings: string[] = [];
  const values = new Map<string, unknown>();
  for (const spec of SERVER_SETTINGS) values.set(spec.key, checkOne(spec, section, warnings));
  return { values, warnings };
}

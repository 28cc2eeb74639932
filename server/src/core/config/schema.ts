import { defaultSettings, JUDGE_DEFAULTS, REWARD_MODEL_DEFAULTS } from "./defaults";
import type { Spec } from "./spec";
import { CONFIG_SPEC } from "./spec";

type JsonSchema = Record<string, unknown>;

function toSchema(spec: Spec, defaults: unknown): JsonSchema {
  const withDefault = (schema: JsonSchema): JsonSchema =>
    defaults === undefined ? schema : { ...schema, default: defaults };
  switch (spec.kind) {
    case "number":
      return withDefault({
        type: spec.integer ? "integer" : "number",
        description: spec.description,
        ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}),
        ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}),
      });
    case "boolean":
      return withDefault({ type: "boolean", description: spec.description });
    case "string":
      return withDefault({
        type: "string",
        description: spec.description,
        ...(spec.pattern !== undefined ? { pattern: spec.pattern } : {}),
        ...(spec.minLength !== undefined ? { minLength: spec.minLength } : {}),
      });
    case "enum":
      return withDefault({ type: "string", enum: [...spec.values], description: spec.description });
    case "array":
      return withDefault({
        type: "array",
        items: toSchema(spec.items, undefined),
        description: spec.description,
      });
    case "record": {
      const value = toSchema(spec.value, undefined);
      return {
        type: "object",
        description: spec.description,
        ...(spec.knownKeys ? { properties: Object.fromEntries(spec.knownKeys.map((k) => [k, value])) } : {}),
        additionalProperties: value,
      };
    }
    case "object": {
      const d = (defaults ?? {}) as Record<string, unknown>;
      return {
        type: "object",
        description: spec.description,
        properties: Object.fromEntries(Object.entries(spec.fields).map(([k, f]) => [k, toSchema(f, d[k])])),
        ...(spec.required ? { required: spec.required } : {}),
        additionalProperties: false,
      };
    }
  }
}

/** The draft-07 JSON Schema of `pns.config.json`, generated from the spec and the defaults. */
export function configJsonSchema(): JsonSchema {
  const defaults = {
    ...defaultSettings(),
    judge: JUDGE_DEFAULTS,
    rewardModel: REWARD_MODEL_DEFAULTS,
    rules: undefined,
  } as unknown;
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://pns-workbench.invalid/schemas/pns.config.schema.json",
    title: "PNS Workbench configuration",
    ...toSchema(CONFIG_SPEC, defaults),
  };
}

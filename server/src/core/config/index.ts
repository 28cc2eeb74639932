export type * from "./settings";
export { defaultSettings } from "./defaults";
export {
  validateSettings,
  formatJsonPath,
  type ConfigIssue,
  type JsonPath,
  type ValidatedSettings,
} from "./validate";
export { CONFIG_SPEC, FINDING_CODES, SEVERITIES, looksLikeApiKey } from "./spec";
export { configJsonSchema } from "./schema";

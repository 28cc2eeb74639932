import type { FormatRuleBase, FormatRules } from "../../config/settings";
import type { ResponseFinding } from "../types";
import type { ResponseText } from "./responseText";

/**
 * One format rule: a pure check of a response against its parameters. Each rule lives in its own
 * file; `index.ts` lists them. `codes` are every code the rule can emit (for docs and severities).
 */
export interface FormatRule<K extends keyof FormatRules = keyof FormatRules> {
  /** The key of the rule's parameters in `formatRules`. */
  key: K;
  codes: readonly string[];
  /** Codes that lower the format score but never make the response malformed. */
  softCodes?: readonly string[];
  description: string;
  check(response: ResponseText, params: FormatRules[K] & FormatRuleBase): ResponseFinding[];
}

import type { FindingSeverity, PnsSettings, RuleSeverity } from "../config/settings";
import { PARSE_CODES } from "../format/codes";
import { FORMAT_RULES } from "../reward/format/index";

/** Codes of the format rules: `rules.format` sets them all at once. Derived, so a new rule joins the group. */
const FORMAT_CODES = new Set(FORMAT_RULES.flatMap((rule) => rule.codes));

const PARSE = new Set(Object.keys(PARSE_CODES));

/** The configured severity of a code: its own entry, else its group's (`format`, `parse-error`), else the default. */
export function resolveSeverity(
  code: string,
  fallback: FindingSeverity,
  settings: PnsSettings,
): RuleSeverity {
  const rules = settings.rules;
  const own = rules[code];
  if (own) return own;
  if (FORMAT_CODES.has(code) && rules.format) return rules.format;
  if ((PARSE.has(code) || code === "parse-error") && rules["parse-error"]) return rules["parse-error"];
  return fallback;
}

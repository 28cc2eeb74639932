import type { FormatRules, PnsSettings } from "../../config/settings";
import type { ResponseFinding } from "../types";
import { endSharing, shareBytes } from "./codeUnits";
import { finalAnswerRule } from "./finalAnswer";
import { lengthRule } from "./length";
import { mixedLanguageRule } from "./mixedLanguage";
import { repetitionRule } from "./repetition";
import { ResponseText } from "./responseText";
import type { FormatRule } from "./rule";
import { stepsRule } from "./steps";
import { truncatedRule } from "./truncated";
import { unbalancedMathRule } from "./unbalancedMath";

export { ResponseText } from "./responseText";
export type { FormatRule } from "./rule";
export { findBoxes, scanMath, type Box, type MathScan } from "./scan";

/** Every format rule, in the order their findings are listed. */
export const FORMAT_RULES: readonly FormatRule[] = [
  finalAnswerRule,
  truncatedRule,
  repetitionRule,
  mixedLanguageRule,
  unbalancedMathRule,
  stepsRule,
  lengthRule,
] as FormatRule[];

/** The format compliance of one response. */
export interface FormatReport {
  /** Violations, each with its range in the response. */
  findings: ResponseFinding[];
  /** 1 − (weights of violated rules) / (weights of enabled rules), in [0, 1]. */
  score: number;
  /** A hard-penalty rule was violated: the response gets `penalties.malformed`. */
  malformed: boolean;
  /** The rules (by key) that were violated, for the score's reason. */
  violated: (keyof FormatRules)[];
}

/** A code is off when set to `off` directly or, without its own setting, via `format`. */
function isOff(code: string, settings: PnsSettings): boolean {
  return (settings.rules[code] ?? settings.rules.format) === "off";
}

/** A rule runs unless disabled or every one of its codes is off. */
function ruleActive(rule: FormatRule, settings: PnsSettings): boolean {
  if (!settings.formatRules[rule.key].enabled) return false;
  for (const code of rule.codes) if (!isOff(code, settings)) return true;
  return false;
}

/** Runs the configured format rules on one response. */
export function checkFormat(response: string | ResponseText, settings: PnsSettings): FormatReport {
  const text = typeof response === "string" ? new ResponseText(response) : response;
  shareBytes(text.text);
  try {
    return runRules(text, settings);
  } finally {
    endSharing();
  }
}

/** The rules in order, and the report: checkFormat without the byte sharing around it. */
function runRules(text: ResponseText, settings: PnsSettings): FormatReport {
  const findings: ResponseFinding[] = [];
  const violated: (keyof FormatRules)[] = [];
  let total = 0;
  let lost = 0;
  let malformed = false;
  for (const rule of FORMAT_RULES) {
    if (!ruleActive(rule, settings)) continue;
    const params = settings.formatRules[rule.key];
    total += params.weight;
    let found = rule.check(text, params);
    if (found.length === 0) continue; // most rules on most responses: no filtered copy
    // A code switched off individually neither reports nor counts.
    found = found.filter((f) => !isOff(f.code, settings));
    if (found.length === 0) continue;
    findings.push(...found);
    violated.push(rule.key);
    lost += params.weight;
    if (params.hardPenalty && found.some((f) => !rule.softCodes?.includes(f.code))) malformed = true;
  }
  const score = total > 0 ? Math.max(0, Math.min(1, 1 - lost / total)) : 1;
  return { findings, score, malformed, violated };
}

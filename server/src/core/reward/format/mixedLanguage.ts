import type { Script } from "../../config/settings";
import type { ResponseFinding } from "../types";
import { isAscii } from "./codeUnits";
import type { FormatRule } from "./rule";

/** UTF-16 code ranges of the scripts a math response in English should not switch into. */
const SCRIPTS: [Script, [number, number][]][] = [
  [
    "cjk",
    [
      [0x3000, 0x30ff],
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
      [0xf900, 0xfaff],
      [0xff00, 0xffef],
    ],
  ],
  [
    "hangul",
    [
      [0x1100, 0x11ff],
      [0x3130, 0x318f],
      [0xac00, 0xd7af],
    ],
  ],
  ["cyrillic", [[0x0400, 0x04ff]]],
  [
    "arabic",
    [
      [0x0600, 0x06ff],
      [0x0750, 0x077f],
    ],
  ],
  ["hebrew", [[0x0590, 0x05ff]]],
  ["devanagari", [[0x0900, 0x097f]]],
  ["thai", [[0x0e00, 0x0e7f]]],
];

function scriptOf(code: number): Script | undefined {
  // Everything below Cyrillic (Latin, Greek math letters, punctuation) is never foreign.
  if (code < 0x0400) return undefined;
  for (const [script, ranges] of SCRIPTS) {
    for (const [lo, hi] of ranges) if (code >= lo && code <= hi) return script;
  }
  return undefined;
}

const NAMES: Record<Script, string> = {
  cjk: "CJK",
  hangul: "Hangul",
  cyrillic: "Cyrillic",
  arabic: "Arabic",
  hebrew: "Hebrew",
  devanagari: "Devanagari",
  thai: "Thai",
};

const MAX_REPORTED = 5;

/** Spaces and punctuation that join words of one foreign run. */
const isJoiner = (c: number): boolean =>
  c === 32 ||
  c === 9 ||
  c === 44 ||
  c === 46 ||
  c === 59 ||
  c === 58 ||
  c === 33 ||
  c === 63 ||
  c === 39 ||
  c === 34 ||
  c === 40 ||
  c === 41 ||
  c === 45;

/**
 * Runs of a foreign script (CJK, Cyrillic, …) in the response: language switching, a common
 * failure of RL-trained generators. Greek letters are math, never foreign.
 */
export const mixedLanguageRule: FormatRule<"mixedLanguage"> = {
  key: "mixedLanguage",
  codes: ["mixed-language"],
  description: "No runs of foreign-script text (e.g. CJK or Cyrillic) in the response.",
  check(response, params) {
    const text = response.text;
    // Every foreign script lies outside ASCII, and nearly every response is ASCII: one native
    // check instead of a loop over its characters.
    if (isAscii(text)) return [];
    const findings: ResponseFinding[] = [];
    const allowed = new Set(params.allowScripts);
    for (let i = 0; i < text.length && findings.length < MAX_REPORTED; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x0400) continue;
      const script = scriptOf(code);
      if (!script || allowed.has(script)) continue;
      // Extend over the same script, letting spaces and punctuation join words of one run.
      const start = i;
      let end = i + 1;
      let count = 1;
      for (let k = end; k < text.length; k++) {
        const c = text.charCodeAt(k);
        if (scriptOf(c) === script) {
          count++;
          end = k + 1;
        } else if (!isJoiner(c)) break;
      }
      i = end - 1;
      if (count < params.minRunChars) continue;
      findings.push({
        code: "mixed-language",
        message: `${NAMES[script]} text in the response: '${text.slice(start, Math.min(end, start + 40))}'`,
        start,
        end,
        severity: "warning",
      });
    }
    return findings;
  },
};

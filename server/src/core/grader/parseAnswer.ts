// One answer string -> cleaned text + typed value, cached. Plain numbers skip the pipeline.
import { LimitExceeded } from "./bounds";
import { Lru } from "./cache";
import { goldChoice } from "./compare/text";
import { cleanAnswer } from "./normalize";
import { parseDecimal } from "../numbers/rational";
import { type Value, describe, parseValue } from "./values";

export interface ParsedAnswer {
  raw: string;
  /** The answer after string clean-up (what the parser read). */
  clean: string;
  /** False when clean-up itself stopped at a bound (then `clean` is only a preview). */
  cleaned: boolean;
  /** Null when the answer is over a bound; `error` then says which. */
  value: Value | null;
  kind: string;
  normalized: string;
  /** The choice letter when the answer reads as one ("C", "(C)"), else null; see goldChoice. */
  choice: string | null;
  error?: string;
}

const cache = new Lru<string, ParsedAnswer>(8192);
const PLAIN_NUMBER = /^-?\d{1,300}(?:\.\d{1,300})?$/;

function kindOf(v: Value): string {
  return v.kind === "set" && v.bare ? "list" : v.kind;
}

function build(raw: string): ParsedAnswer {
  const trimmed = raw.trim();
  if (PLAIN_NUMBER.test(trimmed)) {
    const dot = trimmed.indexOf(".");
    const text = trimmed.replace(/^-/, "");
    const v = parseDecimal(trimmed)!;
    const num = { t: "num" as const, v, decimals: dot < 0 ? 0 : trimmed.length - dot - 1, text };
    const expr = trimmed.startsWith("-") ? { t: "neg" as const, a: { ...num, v: { n: -v.n, d: v.d } } } : num;
    const value: Value = { kind: "number", expr, exact: v, decimal: dot >= 0 };
    // A plain number is never a choice letter.
    return {
      raw,
      clean: trimmed,
      cleaned: true,
      value,
      kind: "number",
      normalized: describe(value),
      choice: null,
    };
  }
  let clean = trimmed;
  let cleaned = false;
  try {
    clean = cleanAnswer(raw);
    cleaned = true;
    const value = parseValue(clean);
    return {
      raw,
      clean,
      cleaned,
      value,
      kind: kindOf(value),
      normalized: describe(value),
      choice: goldChoice(clean),
    };
  } catch (error) {
    // A bound, or (never expected) a grader bug: either way a verdict, not an exception.
    if (error instanceof Error) {
      const shown = cleaned ? clean : clean.slice(0, 200);
      return {
        raw,
        clean: shown,
        cleaned,
        value: null,
        kind: "unknown",
        normalized: clean.slice(0, 200),
        choice: goldChoice(shown),
        error: error instanceof LimitExceeded ? error.message : `grader error: ${error.message}`,
      };
    }
    throw error;
  }
}

/** Parses (or fetches from the cache) one answer string. Never throws for bounded reasons. */
export function parseAnswer(raw: string): ParsedAnswer {
  const hit = cache.get(raw);
  if (hit) return hit;
  const parsed = build(raw);
  // Huge strings are not cached: they would pin memory and never repeat.
  if (raw.length <= 512) cache.set(raw, parsed);
  return parsed;
}

/** Empties the parse cache (benchmarks measure cold parsing with it; tests isolate with it). */
export function clearAnswerCache(): void {
  cache.clear();
}

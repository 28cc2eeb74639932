import type { JudgeCriteria } from "../types";

/** The judge's reply after validation: criteria on the judge's 1-10 scale and a rationale. */
export interface ParsedJudgement {
  raw: JudgeCriteria;
  rationale: string;
}

export type JudgeParse = { ok: true; value: ParsedJudgement } | { ok: false; error: string };

const FIELDS: Array<[keyof JudgeCriteria, string]> = [
  ["relevance", "relevance"],
  ["coherence", "coherence"],
  ["instructionFollowing", "instruction_following"],
  ["reasoning", "reasoning_quality"],
];

export const SCALE_MIN = 1;
export const SCALE_MAX = 10;
const MAX_RATIONALE = 600;

/**
 * Finds the JSON object in a judge reply: the whole text, a ```json fenced block, or the span
 * from the first `{` to the last `}` (models like to add a sentence around it).
 */
function jsonCandidate(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return trimmed;
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(trimmed);
  if (fenced?.[1]?.trim().startsWith("{")) return fenced[1].trim();
  const start = trimmed.indexOf("{");
  const end = trimmed.lastIndexOf("}");
  return start >= 0 && end > start ? trimmed.slice(start, end + 1) : undefined;
}

/**
 * Validates a judge reply strictly: every criterion present, a number (or numeric string) within
 * 1-10; anything else is an error message that says what was wrong, never a guessed value.
 */
export function parseJudgeReply(text: string | null | undefined): JudgeParse {
  if (text == null || text.trim() === "") return { ok: false, error: "empty reply" };
  const candidate = jsonCandidate(text);
  if (candidate === undefined) return { ok: false, error: `no JSON object in reply: ${preview(text)}` };
  let data: unknown;
  try {
    data = JSON.parse(candidate);
  } catch (error) {
    return { ok: false, error: `invalid JSON (${(error as Error).message}): ${preview(candidate)}` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, error: "reply is not a JSON object" };
  }
  const record = data as Record<string, unknown>;
  const raw: Partial<JudgeCriteria> = {};
  for (const [field, key] of FIELDS) {
    const value = record[key];
    const number =
      typeof value === "number"
        ? value
        : typeof value === "string" && value.trim() !== ""
          ? Number(value)
          : NaN;
    if (!Number.isFinite(number)) return { ok: false, error: `"${key}" is missing or not a number` };
    if (number < SCALE_MIN || number > SCALE_MAX) {
      return { ok: false, error: `"${key}" is ${number}, outside ${SCALE_MIN}-${SCALE_MAX}` };
    }
    raw[field] = number;
  }
  const rationale =
    typeof record.rationale === "string" ? record.rationale.trim().slice(0, MAX_RATIONALE) : "";
  return { ok: true, value: { raw: raw as JudgeCriteria, rationale } };
}

/** Maps the 1-10 scale linearly onto [0,1]. */
export function normaliseCriteria(raw: JudgeCriteria): JudgeCriteria {
  const n = (v: number) => (v - SCALE_MIN) / (SCALE_MAX - SCALE_MIN);
  return {
    relevance: n(raw.relevance),
    coherence: n(raw.coherence),
    instructionFollowing: n(raw.instructionFollowing),
    reasoning: n(raw.reasoning),
  };
}

/** The judge score: the unweighted mean of the four normalised criteria. */
export function judgeScore(criteria: JudgeCriteria): number {
  return (criteria.relevance + criteria.coherence + criteria.instructionFollowing + criteria.reasoning) / 4;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

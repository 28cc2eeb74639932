import type { Severity } from "./ast";

/**
 * Every finding the reader and the parser can report, with its severity. The codes are stable:
 * users filter and suppress by them, and docs/format.md lists each one (a test checks that).
 */
export const PARSE_CODES = {
  "missing-header": "warning",
  "unsupported-version": "error",
  "misplaced-header": "error",
  "unknown-directive": "error",
  "text-before-problem": "error",
  "missing-id": "error",
  "invalid-id": "error",
  "duplicate-id": "error",
  "missing-answer": "error",
  "duplicate-answer": "error",
  "answer-after-sample": "warning",
  "text-after-answer": "error",
  "invalid-meta": "error",
  "duplicate-meta-key": "error",
  "empty-statement": "error",
  "empty-answer": "error",
  "empty-sample": "warning",
  "mixed-eol": "warning",
  bom: "info",
  "invalid-utf8": "error",
  "binary-file": "error",
} as const satisfies Record<string, Severity>;

export type ParseCode = keyof typeof PARSE_CODES;

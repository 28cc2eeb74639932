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
  "cr-at-line-end": "error",
  bom: "info",
  "invalid-utf8": "error",
  "binary-file": "error",
} as const satisfies Record<string, Severity>;

export type ParseCode = keyof typeof PARSE_CODES;

/**
 * Codes that mean some text did not read as written: rewriting the file would change what it
 * says (an unknown directive would come back escaped as text, text below a one-line answer would
 * join the answer) or drop text (a metadata token that is not `key=value`). `pns fmt` refuses
 * files with these. The other errors are about the data (a missing answer, a duplicate id) and
 * survive a rewrite unchanged; `pns lint` reports them.
 */
export const SYNTAX_CODES: ReadonlySet<ParseCode> = new Set<ParseCode>([
  "unsupported-version",
  "misplaced-header",
  "unknown-directive",
  "text-before-problem",
  "text-after-answer",
  "invalid-meta",
  "cr-at-line-end",
  "invalid-utf8",
  "binary-file",
]);

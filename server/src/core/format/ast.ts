/**
 * The `.pns` syntax tree. Every node carries the range of source text it came from, so the
 * language server can point at it; the serializer ignores ranges. See docs/format.md.
 *
 * Positions are zero-based line and UTF-16 character offsets, as in LSP, plus an absolute
 * UTF-16 offset into the source text for fast slicing.
 */

/** A point in the source. `offset` indexes the text as JavaScript sees it (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
  offset: number;
}

/** A half-open span of source text: `start` inclusive, `end` exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

/**
 * `key=value` metadata. Values are strings, always: `3.10` stays `3.10`, `no` stays `no`.
 * `range` covers the whole token; `valueRange` includes the quotes of a quoted value. On parsed
 * entries the three ranges are computed when read (a 40 MB file has hundreds of thousands of
 * entries, and plain ranges would be most of its tree): read them as fields; `JSON.stringify`
 * includes them, but a spread copy (`{ ...entry }`) or a `structuredClone` does not.
 */
export interface MetaEntry {
  key: string;
  value: string;
  range: Range;
  keyRange: Range;
  valueRange: Range;
}

/** A `@# …` comment line. `text` is what follows `@#` and one optional space. */
export interface Comment {
  text: string;
  range: Range;
}

/**
 * Verbatim multi-line text (problem statement, response, block answer). `text` never includes the
 * separator blank line and never contains `\r\n` (line ends are normalised to `\n`; the file's own
 * line end is kept in {@link PnsFile.eol}); a lone `\r` inside a line is text. `comments` holds `@#`
 * lines written inside the body: `beforeLine` is the index of the body line they precede (equal to
 * the line count when trailing). The range spans the body's lines and comments; an empty body
 * has an empty range at the end of its directive line.
 */
export interface Body {
  text: string;
  range: Range;
  comments: BodyComment[];
}

export interface BodyComment extends Comment {
  beforeLine: number;
}

export type Role = "positive" | "negative";

/** One response to a problem: a correct solution (positive) or a wrong one (negative). */
export interface Sample {
  kind: "sample";
  role: Role;
  meta: MetaEntry[];
  body: Body;
  /** Comments on the lines directly above the `@positive`/`@negative` directive. */
  leadingComments: Comment[];
  /** The whole sample: directive line through the end of its body. */
  range: Range;
  /** The `@positive` / `@negative` directive line. */
  headerRange: Range;
  /** The `@positive` / `@negative` word, `@` included. */
  roleRange: Range;
}

/** The gold answer: `@answer 72` on one line, or a block when it spans lines. */
export interface Answer {
  text: string;
  /**
   * True when written as a block (directive alone on its line, the answer below). The serializer
   * ignores it and picks the form from the text (inline when one line without surrounding spaces).
   */
  block: boolean;
  leadingComments: Comment[];
  range: Range;
  headerRange: Range;
  /** The answer text itself. */
  valueRange: Range;
  /** Comments interleaved in a block answer. */
  comments: BodyComment[];
}

export interface Problem {
  kind: "problem";
  id: string;
  meta: MetaEntry[];
  statement: Body;
  /** Absent when the file has no `@answer` for this problem (an error is reported). */
  answer?: Answer;
  /**
   * Further `@answer`s of the same problem (each reported as `duplicate-answer`): kept so that
   * nothing is lost, written back after the first. Absent when there are none.
   */
  duplicateAnswers?: Answer[];
  samples: Sample[];
  leadingComments: Comment[];
  range: Range;
  headerRange: Range;
  idRange: Range;
}

export type Severity = "error" | "warning" | "info";

/** A problem found while parsing. Codes are stable; see docs/format.md. */
export interface ParseDiagnostic {
  code: string;
  message: string;
  severity: Severity;
  range: Range;
}

export interface PnsFile {
  /** Format version from the `@pns N` header; 1 when the header is missing (with a warning). */
  version: number;
  /** Whether the source had a `@pns` header line. */
  hasHeader: boolean;
  /** Comments and blank lines between the header and the first problem, as comments. */
  headerComments: Comment[];
  problems: Problem[];
  /**
   * Comments at the end of the file, after a blank line that separates them from the last body
   * (comments right below the last body's text belong to that body).
   */
  trailingComments: Comment[];
  /** The source's dominant line end; the serializer writes it back. */
  eol: "\n" | "\r\n";
  /** Whether the source started with a UTF-8 byte order mark (U+FEFF). */
  bom: boolean;
  diagnostics: ParseDiagnostic[];
  /**
   * Text, an answer or samples written before the first `@problem` (each reported as
   * `text-before-problem`): kept, with id "", so that a round trip loses nothing. Never part of
   * `problems`; the serializer writes it back without a `@problem` line.
   */
  preamble?: Problem;
}

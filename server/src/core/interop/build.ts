import type {
  Answer,
  Body,
  BodyComment,
  Comment,
  MetaEntry,
  PnsFile,
  Problem,
  Range,
  Sample,
  Role,
} from "../format/ast";
import type { MetaPairs } from "./meta";

// Imported trees have no source text yet, so every node gets the empty range at the file start:
// the serializer ignores ranges, and the language server reparses the written file anyway.
const ZERO: Range = Object.freeze({
  start: Object.freeze({ line: 0, character: 0, offset: 0 }),
  end: Object.freeze({ line: 0, character: 0, offset: 0 }),
});

/** Comments inside a body, `line` being the index of the body line they precede. */
export interface LineComment {
  line: number;
  text: string;
}

export function comments(texts: readonly string[] = []): Comment[] {
  return texts.map((text) => ({ text, range: ZERO }));
}

function bodyComments(list: readonly LineComment[] = []): BodyComment[] {
  return list.map(({ line, text }) => ({ text, beforeLine: line, range: ZERO }));
}

export function metaEntries(pairs: MetaPairs): MetaEntry[] {
  return pairs.map(([key, value]) => ({ key, value, range: ZERO, keyRange: ZERO, valueRange: ZERO }));
}

export function body(text: string, inner?: readonly LineComment[]): Body {
  return { text, range: ZERO, comments: bodyComments(inner) };
}

/**
 * The canonical way to write an answer: inline when it is one line without surrounding spaces,
 * else a block (docs/format.md, canonical form rule 2).
 */
export function answer(text: string, leading?: readonly string[], inner?: readonly LineComment[]): Answer {
  const block = text.includes("\n") || text !== text.trim() || (inner?.length ?? 0) > 0;
  return {
    text,
    block,
    leadingComments: comments(leading),
    range: ZERO,
    headerRange: ZERO,
    valueRange: ZERO,
    comments: bodyComments(inner),
  };
}

export interface SampleSpec {
  role: Role;
  text: string;
  meta: MetaPairs;
  leadingComments?: readonly string[];
  comments?: readonly LineComment[];
}

export function sample(spec: SampleSpec): Sample {
  return {
    kind: "sample",
    role: spec.role,
    meta: metaEntries(spec.meta),
    body: body(spec.text, spec.comments),
    leadingComments: comments(spec.leadingComments),
    range: ZERO,
    headerRange: ZERO,
    roleRange: ZERO,
  };
}

export interface ProblemSpec {
  id: string;
  statement: string;
  answer: string | null;
  meta: MetaPairs;
  samples: SampleSpec[];
  leadingComments?: readonly string[];
  statementComments?: readonly LineComment[];
  answerLeadingComments?: readonly string[];
  answerComments?: readonly LineComment[];
}

export function problem(spec: ProblemSpec): Problem {
  return {
    kind: "problem",
    id: spec.id,
    meta: metaEntries(spec.meta),
    statement: body(spec.statement, spec.statementComments),
    ...(spec.answer === null
      ? {}
      : { answer: answer(spec.answer, spec.answerLeadingComments, spec.answerComments) }),
    samples: spec.samples.map(sample),
    leadingComments: comments(spec.leadingComments),
    range: ZERO,
    headerRange: ZERO,
    idRange: ZERO,
  };
}

/** A version-1 file with `\n` line ends and no BOM: what every importer writes. */
export function pnsFile(
  problems: Problem[],
  headerComments: readonly string[] = [],
  trailingComments: readonly string[] = [],
): PnsFile {
  return {
    version: 1,
    hasHeader: true,
    headerComments: comments(headerComments),
    problems,
    trailingComments: comments(trailingComments),
    eol: "\n",
    bom: false,
    diagnostics: [],
  };
}

import type { BodyComment, Comment, MetaEntry, PnsFile, Problem, Sample } from "../../format/ast";

/** A sample in the problem-centric JSONL; see docs/interop.md. */
export interface PnsJsonlSample {
  role: "positive" | "negative";
  text: string;
  meta: Record<string, string>;
  comments?: { before?: string[]; text?: { line: number; text: string }[] };
}

/** One problem per line: the lossless JSONL form of a `.pns` file (docs/interop.md). */
export interface PnsJsonlRow {
  id: string;
  problem: string;
  answer: string | null;
  meta: Record<string, string>;
  samples: PnsJsonlSample[];
  comments?: {
    before?: string[];
    problem?: { line: number; text: string }[];
    before_answer?: string[];
    answer?: { line: number; text: string }[];
  };
  file_comments?: string[];
  trailing_comments?: string[];
}

/**
 * The problem-centric rows of a file. Everything the canonical `.pns` form holds is carried,
 * comments included: the header comments ride on the first row and the trailing ones on the last.
 * (A file without problems has no row to carry them.) Line ends and a BOM are not carried; the
 * import writes `\n` and no BOM, the canonical form.
 */
export function* pnsJsonlRows(file: PnsFile): Generator<PnsJsonlRow> {
  const last = file.problems.length - 1;
  for (const [index, problem] of file.problems.entries()) {
    const row = problemRow(problem);
    if (index === 0 && file.headerComments.length > 0) row.file_comments = texts(file.headerComments);
    if (index === last && file.trailingComments.length > 0)
      row.trailing_comments = texts(file.trailingComments);
    yield row;
  }
}

function problemRow(problem: Problem): PnsJsonlRow {
  const row: PnsJsonlRow = {
    id: problem.id,
    problem: problem.statement.text,
    answer: problem.answer?.text ?? null,
    meta: metaObject(problem.meta),
    samples: problem.samples.map(sampleRow),
  };
  const comments = compact({
    before: texts(problem.leadingComments),
    problem: lines(problem.statement.comments),
    before_answer: texts(problem.answer?.leadingComments ?? []),
    answer: lines(problem.answer?.comments ?? []),
  });
  if (comments) row.comments = comments;
  return row;
}

function sampleRow(sample: Sample): PnsJsonlSample {
  const row: PnsJsonlSample = { role: sample.role, text: sample.body.text, meta: metaObject(sample.meta) };
  const comments = compact({ before: texts(sample.leadingComments), text: lines(sample.body.comments) });
  if (comments) row.comments = comments;
  return row;
}

function metaObject(meta: readonly MetaEntry[]): Record<string, string> {
  return Object.fromEntries(meta.map((entry) => [entry.key, entry.value]));
}

function texts(comments: readonly Comment[]): string[] {
  return comments.map((c) => c.text);
}

function lines(comments: readonly BodyComment[]): { line: number; text: string }[] {
  return comments.map((c) => ({ line: c.beforeLine, text: c.text }));
}

/** Drops empty lists; undefined when nothing is left, so rows without comments stay small. */
function compact<T extends Record<string, unknown[]>>(record: T): Partial<T> | undefined {
  const entries = Object.entries(record).filter(([, list]) => list.length > 0);
  return entries.length > 0 ? (Object.fromEntries(entries) as Partial<T>) : undefined;
}

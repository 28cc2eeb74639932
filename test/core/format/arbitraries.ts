// fast-check generators of `.pns` trees whose text is hostile to a line format: lines that look
// like directives, escapes and comments, LaTeX, code fences, blank lines, lone CRs, astral chars.
import fc from "fast-check";
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
} from "../../../server/src/core/format/ast";
import { isInlineAnswer } from "../../../server/src/core/format/index";

const ZERO: Range = {
  start: { line: 0, character: 0, offset: 0 },
  end: { line: 0, character: 0, offset: 0 },
};

/** Lines chosen to break naive line formats. */
const HOSTILE_LINES = [
  "@",
  "@@",
  "@@@x",
  "@#",
  "@# looks like a comment",
  "@@# escaped comment",
  "@pns 1",
  "@problem p1 source=x",
  "@answer 3",
  "@answer",
  "@positive",
  "@negative model=x",
  "@misc{knuth, title={TAOCP}}",
  "@ space",
  " @indented",
  "x@y",
  "\\boxed{72}",
  "$$\\frac{1}{2}$$",
  "\\(a+b\\) and \\[c\\]",
  "```python",
  "```",
  "# Heading",
  "{",
  "}}",
  "\\",
  "\\\\",
  "$",
  "",
  "",
  " ",
  "\t",
  "a\rb",
  "\r leading CR",
  "😀 astral 𝔸 𝟙",
  "é ü 中文",
  "\u00a0nbsp",
  "\ufeffzero-width no-break",
  "\u2028line separator",
  "lone \ud800 surrogate",
  'quote " and = sign',
];

/** A line never holds `\n`, and a `\r` at its very end would be read as part of a CRLF line end. */
export function sanitizeLine(line: string): string {
  let out = line.replace(/\n/g, " ");
  while (out.endsWith("\r")) out = out.slice(0, -1);
  return out;
}

export const lineArb: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_LINES) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("@", "@@", "@#", "$", "\\")
        .chain((p) => fc.string({ maxLength: 6 }).map((s) => p + s)),
    },
  )
  .map(sanitizeLine);

export const textArb: fc.Arbitrary<string> = fc
  .array(lineArb, { maxLength: 7 })
  .map((lines) => lines.join("\n"));

export function lineCount(text: string): number {
  return text === "" ? 0 : text.split("\n").length;
}

export const commentArb: fc.Arbitrary<Comment> = lineArb.map((text) => ({ text, range: ZERO }));

function bodyCommentsFor(text: string): fc.Arbitrary<BodyComment[]> {
  const lines = lineCount(text);
  return fc
    .array(fc.record({ text: lineArb, beforeLine: fc.nat({ max: lines }) }), { maxLength: 3 })
    .map((list) => list.map((c) => ({ ...c, range: ZERO })).sort((a, b) => a.beforeLine - b.beforeLine));
}

export const bodyArb: fc.Arbitrary<Body> = textArb.chain((text) =>
  fc
    .oneof(fc.constant<BodyComment[]>([]), bodyCommentsFor(text))
    .map((comments) => ({ text, range: ZERO, comments })),
);

const metaValueArb = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "a b",
    '"',
    '"quoted"',
    "a=b",
    "3.10",
    "no",
    "0.70",
    "é",
    "\\",
    "\n",
    "\r",
    "\t",
    "\u2028",
    "😀",
    "\ud800",
    "x\u0000y",
    "null",
  ),
  fc.string({ unit: "binary", maxLength: 10 }),
  fc.string({ maxLength: 10 }),
);

export const metaArb: fc.Arbitrary<MetaEntry[]> = fc
  .uniqueArray(fc.record({ key: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/), value: metaValueArb }), {
    selector: (e) => e.key,
    maxLength: 4,
  })
  .map((entries) => entries.map((e) => ({ ...e, range: ZERO, keyRange: ZERO, valueRange: ZERO })));

export const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,12}$/);

const answerArb: fc.Arbitrary<Answer> = fc
  .record({
    text: fc.oneof(fc.constantFrom("72", "3.10", "no", "\\frac{1}{2}", " 5 ", "", "@x"), textArb),
    comments: fc.oneof(
      fc.constant<BodyComment[]>([]),
      fc.constant<BodyComment[]>([]),
      bodyCommentsFor("a\nb"),
    ),
    leadingComments: fc.array(commentArb, { maxLength: 2 }),
  })
  .map(({ text, comments, leadingComments }) => {
    const fitted = comments.map((c) => ({ ...c, beforeLine: Math.min(c.beforeLine, lineCount(text)) }));
    const answer = { text, comments: fitted };
    return {
      ...answer,
      block: !isInlineAnswer(answer),
      leadingComments,
      range: ZERO,
      headerRange: ZERO,
      valueRange: ZERO,
    };
  });

const sampleArb: fc.Arbitrary<Sample> = fc
  .record({
    role: fc.constantFrom("positive" as const, "negative" as const),
    meta: metaArb,
    body: bodyArb,
    leadingComments: fc.array(commentArb, { maxLength: 2 }),
  })
  .map((s) => ({ kind: "sample" as const, ...s, range: ZERO, headerRange: ZERO, roleRange: ZERO }));

const problemArb = (id: string): fc.Arbitrary<Problem> =>
  fc
    .record({
      meta: metaArb,
      statement: bodyArb,
      answer: fc.option(answerArb, { nil: undefined, freq: 5 }),
      samples: fc.array(sampleArb, { maxLength: 4 }),
      leadingComments: fc.array(commentArb, { maxLength: 2 }),
    })
    .map(({ answer, ...rest }) => ({
      kind: "problem" as const,
      id,
      ...rest,
      ...(answer ? { answer } : {}),
      range: ZERO,
      headerRange: ZERO,
      idRange: ZERO,
    }));

export const fileArb: fc.Arbitrary<PnsFile> = fc
  .record({
    ids: fc.uniqueArray(idArb, { maxLength: 4 }),
    headerComments: fc.array(commentArb, { maxLength: 2 }),
    trailingComments: fc.oneof(fc.constant<Comment[]>([]), fc.array(commentArb, { maxLength: 2 })),
    eol: fc.constantFrom("\n" as const, "\r\n" as const),
    bom: fc.boolean(),
  })
  .chain(({ ids, ...rest }) =>
    fc
      .tuple(...ids.map(problemArb))
      .map((problems) => fitToFormat({ version: 1, hasHeader: true, ...rest, problems, diagnostics: [] })),
  );

/**
 * The one tree the text cannot tell apart: comments right below the last body of the file, when
 * that body ends in a blank line, read as the file's trailing comments (docs/format.md). Such
 * comments become trailing comments here, which is what the text means.
 */
function fitToFormat(file: PnsFile): PnsFile {
  if (file.trailingComments.length > 0) return file;
  const last = file.problems[file.problems.length - 1];
  if (!last) return file;
  const sample = last.samples[last.samples.length - 1];
  const body: { text: string; comments: BodyComment[] } | undefined = sample
    ? sample.body
    : last.answer
      ? isInlineAnswer(last.answer)
        ? undefined
        : last.answer
      : last.statement;
  if (!body || !body.text.endsWith("\n")) return file;
  const lines = lineCount(body.text);
  const trailing = body.comments.filter((c) => c.beforeLine >= lines);
  if (trailing.length === 0) return file;
  body.comments = body.comments.filter((c) => c.beforeLine < lines);
  if (last.answer && body === last.answer) last.answer.block = !isInlineAnswer(last.answer);
  file.trailingComments = trailing.map(({ text, range }) => ({ text, range }));
  return file;
}

const RANGE_KEYS = new Set(["range", "keyRange", "valueRange", "headerRange", "idRange", "roleRange"]);

/** The tree without ranges, diagnostics and `hasHeader`: what a round trip must keep. */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (RANGE_KEYS.has(key) || key === "diagnostics" || key === "hasHeader") continue;
      out[key] = plain(v);
    }
    return out;
  }
  return value;
}

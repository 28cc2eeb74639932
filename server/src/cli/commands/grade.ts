import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { type CliCommand, type CliIo, EXIT_DATA, EXIT_OK, UsageError } from "../command";
import {
  type AnswerExplanation,
  explainAnswer,
  type Verdict,
  gradeAnswer,
  gradeResponse,
} from "../../core/grader/index";
import { parseCommandArgs } from "../args";

const HELP = `Usage: pns grade <gold> <pred> [--json] [--answer] [--explain]
       pns grade --input <cases.jsonl|->

Compares answers with the PNS answer grader (see docs/grader.md).

One pair:
  pns grade '\\frac{1}{2}' 'The answer is $0.5$.'
  <pred> may be a whole response: the final answer is extracted first (\\boxed{}, "the answer
  is", GSM8K's ####, the last math span, the last number). Prints the verdict, what was
  extracted and where, how each side was normalised and the rule that decided.
  --json      print the verdict as one JSON object
  --answer    <pred> is already an answer: compare it without extraction
  --explain   also show, for each side, the answer compared, its normalised text and the LaTeX
              kernel's tokens of both (with --json: an "explain" object)
  A <gold> that is a whole solution (a \\boxed{} answer, several lines) has its answer extracted
  the same way.

Many pairs:
  -i, --input <file|->  JSON Lines, one {"gold": "...", "pred": "..."} per line (other fields
                        are ignored; - reads stdin). Writes one JSON line per input line, in
                        the same order: {"line", "equal", "gradable", "extracted", "kind",
                        "rule", "reason", "gold", "pred", "extraction"}. A line that is not such
                        an object (or is empty) gets {"line": N, "error": "..."} and grading
                        goes on.

Exit codes: 0 equal (one pair) or all lines graded; 1 not equal (one pair) or some lines were
bad; 2 usage or I/O error.
`;

/** What one JSONL output line carries: the verdict plus the input line number. */
function toJson(line: number | undefined, v: Verdict): Record<string, unknown> {
  return {
    ...(line === undefined ? {} : { line }),
    equal: v.equal,
    gradable: v.gradable,
    extracted: v.extracted,
    kind: v.kind,
    rule: v.rule,
    reason: v.reason,
    gold: v.gold,
    pred: v.pred,
    ...(v.extraction ? { extraction: v.extraction } : {}),
    ...(v.goldExtraction ? { goldExtraction: v.goldExtraction } : {}),
  };
}

/** Both sides as the kernel reads them: the answers compared, cleaned, and tokenized. */
function explanation(v: Verdict): { gold: AnswerExplanation; pred: AnswerExplanation | null } {
  return {
    gold: explainAnswer(v.goldExtraction ? v.goldExtraction.text : v.gold.raw),
    pred: v.extracted === null ? null : explainAnswer(v.extracted),
  };
}

function humanExplanation(v: Verdict): string {
  const { gold, pred } = explanation(v);
  const side = (name: string, e: AnswerExplanation | null): string[] =>
    e === null
      ? [`${name}: (no answer)`]
      : [
          `${name} answer:  ${e.answer}`,
          `${name} tokens:  ${e.tokens}`,
          `${name} clean:   ${e.clean}`,
          `${name} cleaned: ${e.cleanTokens}`,
          `${name} value:   ${e.kind}: ${e.normalized}`,
        ];
  return `${[...side("gold", gold), ...side("pred", pred)].join("\n")}\n`;
}

function human(v: Verdict): string {
  const verdict = !v.gradable ? "NOT GRADABLE" : v.equal ? "EQUAL" : "NOT EQUAL";
  const lines = [`${verdict}  (${v.kind}, rule: ${v.rule})`];
  if (v.extraction) {
    lines.push(
      `extracted: ${v.extraction.text}  [${v.extraction.method}, offsets ${v.extraction.start}-${v.extraction.end}]`,
    );
  }
  lines.push(`gold:      ${v.gold.raw}  ->  ${v.gold.normalized}`);
  lines.push(v.pred ? `pred:      ${v.pred.raw}  ->  ${v.pred.normalized}` : "pred:      (no answer)");
  lines.push(`reason:    ${v.reason}`);
  return `${lines.join("\n")}\n`;
}

/** Validates one parsed JSONL value; returns an error message or the pair. */
function pairOf(value: unknown): { gold: string; pred: string } | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a JSON object";
  const { gold, pred } = value as Record<string, unknown>;
  if (typeof gold !== "string")
    return `"gold" must be a string, got ${gold === undefined ? "nothing" : typeof gold}`;
  if (typeof pred !== "string")
    return `"pred" must be a string, got ${pred === undefined ? "nothing" : typeof pred}`;
  return { gold, pred };
}

/** Writes, honouring back-pressure so a huge input does not buffer all output in memory. */
function write(io: CliIo, text: string): Promise<void> {
  return io.stdout.write(text)
    ? Promise.resolve()
    : new Promise((resolve) => io.stdout.once("drain", resolve));
}

async function gradeStream(input: string, io: CliIo): Promise<number> {
  let stream: NodeJS.ReadableStream;
  if (input === "-") stream = io.stdin;
  else {
    const file = createReadStream(input, { encoding: "utf8" });
    await new Promise<void>((resolve, reject) => {
      file.once("open", () => resolve());
      file.once("error", (e) => reject(new UsageError(`cannot read ${input}: ${e.message}`)));
    });
    stream = file;
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  for await (const text of lines) {
    lineNo++;
    // Every input line gets its output line, so the two files stay aligned line by line.
    if (text.trim() === "") {
      bad++;
      await write(io, `${JSON.stringify({ line: lineNo, error: "empty line" })}\n`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      bad++;
      await write(
        io,
        `${JSON.stringify({ line: lineNo, error: `invalid JSON: ${(error as Error).message}` })}\n`,
      );
      continue;
    }
    const pair = pairOf(parsed);
    if (typeof pair === "string") {
      bad++;
      await write(io, `${JSON.stringify({ line: lineNo, error: pair })}\n`);
      continue;
    }
    await write(io, `${JSON.stringify(toJson(lineNo, gradeResponse(pair.gold, pair.pred)))}\n`);
  }
  if (bad > 0) io.stderr.write(`pns grade: ${bad} of ${lineNo} lines were not {"gold", "pred"} objects\n`);
  return bad > 0 ? EXIT_DATA : EXIT_OK;
}

export const gradeCommand: CliCommand = {
  name: "grade",
  summary: "Compare answers with the grader (one pair or a JSONL stream)",
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, {
      input: { type: "string", short: "i" },
      json: { type: "boolean" },
      answer: { type: "boolean" },
      explain: { type: "boolean" },
    });
    const { values, positionals } = parsed;
    if (values.input !== undefined) {
      if (positionals.length > 0) throw new UsageError("give either --input or <gold> <pred>, not both");
      return gradeStream(values.input, io);
    }
    if (positionals.length !== 2) {
      throw new UsageError(
        `expected <gold> <pred> or --input <file>, got ${positionals.length} arguments (see --help)`,
      );
    }
    const [gold, pred] = positionals as [string, string];
    const verdict = values.answer ? gradeAnswer(gold, pred) : gradeResponse(gold, pred);
    if (values.json) {
      const json = toJson(undefined, verdict);
      io.stdout.write(
        `${JSON.stringify(values.explain ? { ...json, explain: explanation(verdict) } : json)}\n`,
      );
    } else {
      io.stdout.write(human(verdict) + (values.explain ? humanExplanation(verdict) : ""));
    }
    return verdict.equal ? EXIT_OK : EXIT_DATA;
  },
};

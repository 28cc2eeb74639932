import type { LineComment, SampleSpec } from "../build";
import { type MetaPairs, META_KEY_PATTERN, metaValue } from "../meta";
import { normalizeEol } from "../text";
import { describe, fieldError, missingField, rowId, wrongType } from "./fields";
import type { ImportRow, JsonRow, RowIssue, Shape } from "./types";

/**
 * The project's own problem-centric JSONL (docs/interop.md): one row per problem,
 * `{id, problem, answer, meta, samples: [{role, text, meta}]}`, plus optional comment fields that
 * make it lossless: `pns export --format jsonl` then `pns import` gives back the canonical file.
 * Texts are taken exactly as written (only `\r\n` becomes `\n`).
 */
export const pnsJsonlShape: Shape = {
  name: "pns-jsonl",
  idPrefix: "pns",
  matches: (row) => typeof row.problem === "string" && Array.isArray(row.samples),
  convert(row) {
    if (!("problem" in row)) return missingField("problem", "PNS JSONL", "the problem text");
    if (typeof row.problem !== "string") return wrongType("problem", "a string", row.problem);
    if (row.problem.trim().length === 0) return fieldError("problem", "invalid-field", `"problem" is empty`);
    if (!("samples" in row)) return missingField("samples", "PNS JSONL", "a list of {role, text, meta}");
    if (!Array.isArray(row.samples)) return wrongType("samples", "a list", row.samples);
    const answer = row.answer ?? null;
    if (answer !== null && typeof answer !== "string") return wrongType("answer", "a string or null", answer);

    const issues: RowIssue[] = [];
    const meta = readMeta(row.meta, "meta");
    if (typeof meta === "string") return fieldError("meta", "invalid-field", meta);
    const samples: SampleSpec[] = [];
    for (const [index, item] of row.samples.entries()) {
      const sample = readSample(item, `samples[${index}]`);
      if (typeof sample === "string") return fieldError("samples", "invalid-field", sample);
      samples.push(sample);
    }
    const comments = readRowComments(row);
    if (typeof comments === "string") return fieldError(topField(comments), "invalid-field", comments);
    if (answer === null) {
      // `answer: null` faithfully describes a problem without @answer: written as such, warned.
      issues.push({
        severity: "warning",
        code: "missing-answer",
        field: "answer",
        message: "the problem has no answer",
      });
    }
    return {
      ok: true,
      issues,
      row: {
        id: rowId(row),
        statement: normalizeEol(row.problem),
        answer: answer === null ? null : normalizeEol(answer),
        answerFrom: answer === null ? "none" : "field",
        meta,
        samples,
        comments,
      },
    };
  },
};

function readMeta(value: unknown, path: string): MetaPairs | string {
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value))
    return `"${path}" must be an object, not ${describe(value)}`;
  const pairs: MetaPairs = [];
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!META_KEY_PATTERN.test(key))
      return `"${path}" key ${JSON.stringify(key)} is not a valid metadata key`;
    const text = metaValue(raw);
    if (text !== null) pairs.push([key, text]);
  }
  return pairs;
}

function readSample(value: unknown, path: string): SampleSpec | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `${path} must be a {role, text, meta} object, not ${describe(value)}`;
  }
  const item = value as Record<string, unknown>;
  if (item.role !== "positive" && item.role !== "negative") {
    return `${path}.role must be "positive" or "negative", not ${JSON.stringify(item.role) ?? "missing"}`;
  }
  if (typeof item.text !== "string") return `${path}.text must be a string, not ${describe(item.text)}`;
  const meta = readMeta(item.meta, `${path}.meta`);
  if (typeof meta === "string") return meta;
  const comments = readCommentObject(item.comments, `${path}.comments`, ["before", "text"]);
  if (typeof comments === "string") return comments;
  return {
    role: item.role,
    text: normalizeEol(item.text),
    meta,
    leadingComments: comments.before as string[] | undefined,
    comments: comments.text as LineComment[] | undefined,
  };
}

function readRowComments(row: JsonRow): ImportRow["comments"] | string {
  const inner = readCommentObject(row.comments, "comments", ["before", "problem", "before_answer", "answer"]);
  if (typeof inner === "string") return inner;
  const file = readStringList(row.file_comments, "file_comments");
  if (typeof file === "string") return file;
  const trailing = readStringList(row.trailing_comments, "trailing_comments");
  if (typeof trailing === "string") return trailing;
  return {
    leading: inner.before as string[] | undefined,
    statement: inner.problem as LineComment[] | undefined,
    answerLeading: inner.before_answer as string[] | undefined,
    answer: inner.answer as LineComment[] | undefined,
    file,
    trailing,
  };
}

/** Keys named `before*` hold comment lines; the others hold `{line, text}` comments inside a body. */
function readCommentObject(
  value: unknown,
  path: string,
  keys: readonly string[],
): Record<string, string[] | LineComment[] | undefined> | string {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    return `${path} must be an object, not ${describe(value)}`;
  const record = value as Record<string, unknown>;
  const out: Record<string, string[] | LineComment[] | undefined> = {};
  for (const key of Object.keys(record)) {
    if (!keys.includes(key)) return `${path}.${key} is not a known comment field (${keys.join(", ")})`;
    const list = key.startsWith("before")
      ? readStringList(record[key], `${path}.${key}`)
      : readLineComments(record[key], `${path}.${key}`);
    if (typeof list === "string") return list;
    out[key] = list;
  }
  return out;
}

function readStringList(value: unknown, path: string): string[] | undefined | string {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
    return `${path} must be a list of strings`;
  if (value.some((v) => /[\r\n]/.test(v)))
    return `${path}: a comment is one line; it cannot contain a line break`;
  return value;
}

function readLineComments(value: unknown, path: string): LineComment[] | undefined | string {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return `${path} must be a list of {line, text}`;
  const out: LineComment[] = [];
  for (const [index, item] of value.entries()) {
    const { line, text } = (item ?? {}) as { line?: unknown; text?: unknown };
    if (typeof line !== "number" || !Number.isInteger(line) || line < 0 || typeof text !== "string") {
      return `${path}[${index}] must be {line: a non-negative integer, text: a string}`;
    }
    if (/[\r\n]/.test(text))
      return `${path}[${index}]: a comment is one line; it cannot contain a line break`;
    out.push({ line, text });
  }
  return out;
}

/** The top-level field a message's path starts with (`comments.before …` → `comments`). */
function topField(message: string): string {
  return /^[A-Za-z_]+/.exec(message)?.[0] ?? "comments";
}

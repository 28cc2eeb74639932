import type { PnsFile, Problem } from "../format/ast";
import { answer, pnsFile, problem, sample, type SampleSpec } from "./build";
import { contentId, IdAllocator, sanitizeId } from "./ids";
import { describe } from "./shapes/fields";
import type { ImportOptions, ImportRow, JsonRow, RowIssue, Shape } from "./shapes/types";

/** A row issue with the 1-based input line it belongs to. */
export interface ImportIssue extends RowIssue {
  line: number;
}

export interface ImportStats {
  rows: number;
  badRows: number;
  problems: number;
  samples: number;
  /** Identical responses dropped from a grouped problem (same role, same text). */
  duplicateSamples: number;
}

interface Draft {
  /** Built as the rows come, so a large import holds one tree, not rows and a tree. */
  problem: Problem;
  line: number;
  answerFrom: ImportRow["answerFrom"];
  /** The line the current answer came from (for a conflicting-answer warning). */
  answerLine: number;
  answerReported: boolean;
  /** Grouped problems only: response text → roles seen (bit 1 positive, bit 2 negative) and first line. */
  seen?: Map<string, { roles: number; line: number }>;
}

const ANSWER_RANK = { none: 0, boxed: 1, field: 2 } as const;

/**
 * Warnings about a column rather than a row: every row of a dataset has the same columns, so
 * these are reported for the first row only, not thousands of times.
 */
const ONCE_PER_COLUMN = new Set(["skipped-column", "renamed-key", "multi-turn-prompt"]);

/**
 * Turns converted rows into a `.pns` tree, one row at a time, so a caller can stream a large file
 * through it and keep only the tree. Rows that share a group key (TRL pairs with the same prompt)
 * become one problem; ids are sanitized, derived from content when missing, and made unique in
 * input order (see ids.ts), so the same input always gives the same file.
 */
export class DatasetImporter {
  readonly stats: ImportStats = { rows: 0, badRows: 0, problems: 0, samples: 0, duplicateSamples: 0 };
  /** Problems not yet released ({@link release}), in input order. */
  private drafts: Draft[] = [];
  /** End-of-input issues of the problems released so far. */
  private readonly releasedIssues: ImportIssue[] = [];
  private readonly groups = new Map<string, Draft>();
  private readonly ids = new IdAllocator();
  private readonly fileComments: string[] = [];
  private readonly trailingComments: string[] = [];
  private readonly reportedColumns = new Set<string>();

  constructor(
    readonly shape: Shape,
    private readonly options: ImportOptions = {},
  ) {}

  /** Converts one parsed JSON line; returns what is wrong with it (errors and warnings). */
  add(value: unknown, line: number): RowIssue[] {
    this.stats.rows++;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.stats.badRows++;
      return [
        {
          severity: "error",
          code: "not-an-object",
          message: `expected a JSON object, not ${describe(value)}`,
        },
      ];
    }
    const result = this.shape.convert(value as JsonRow, this.options);
    if (!result.ok) {
      this.stats.badRows++;
      return [result.error];
    }
    const issues = result.issues.filter((issue) => this.firstReport(issue));
    const { row } = result;
    const group = row.groupKey === undefined ? undefined : this.groups.get(row.groupKey);
    if (group) this.merge(group, row, line, issues);
    else this.create(row, line, issues);
    if (row.comments?.file) this.fileComments.push(...row.comments.file);
    if (row.comments?.trailing) this.trailingComments.push(...row.comments.trailing);
    return issues;
  }

  /**
   * The problems that no later row can change, in input order, handed over once: those before the
   * first problem a later row may still add to (a grouped one). A shape without groups releases
   * each problem after its row, so a caller that writes them out holds one problem at a time.
   */
  release(): Problem[] {
    let ready = 0;
    while (ready < this.drafts.length && this.drafts[ready].seen === undefined) ready++;
    if (ready === 0) return [];
    const released = this.drafts.slice(0, ready);
    this.drafts = this.drafts.slice(ready);
    for (const draft of released) {
      const issue = endIssue(draft);
      if (issue) this.releasedIssues.push(issue);
    }
    return released.map((d) => d.problem);
  }

  /**
   * The tree of the problems not yet released (header and trailing comments: the whole input's),
   * plus the issues only known at the end (a grouped problem that never got an answer), those of
   * released problems first.
   */
  finish(): { file: PnsFile; issues: ImportIssue[] } {
    const issues = [...this.releasedIssues];
    for (const draft of this.drafts) {
      const issue = endIssue(draft);
      if (issue) issues.push(issue);
    }
    const file = pnsFile(
      this.drafts.map((d) => d.problem),
      this.fileComments,
      this.trailingComments,
    );
    return { file, issues };
  }

  private firstReport(issue: RowIssue): boolean {
    if (!ONCE_PER_COLUMN.has(issue.code)) return true;
    const key = `${issue.code}\u0000${issue.field ?? ""}`;
    if (this.reportedColumns.has(key)) return false;
    this.reportedColumns.add(key);
    issue.message += " (reported for the first row only)";
    return true;
  }

  private create(row: ImportRow, line: number, issues: RowIssue[]): void {
    const sanitized = row.id === undefined ? null : sanitizeId(row.id);
    if (row.id !== undefined && sanitized !== row.id) {
      issues.push({
        severity: "warning",
        code: "renamed-id",
        field: "id",
        message:
          sanitized === null
            ? `id ${JSON.stringify(row.id)} has no usable characters; using an id from the content`
            : `id ${JSON.stringify(row.id)} is written as "${sanitized}" (ids use [A-Za-z0-9_.:/-])`,
      });
    }
    const wanted = sanitized ?? contentId(this.shape.idPrefix, row.statement);
    const allocated = this.ids.allocate(wanted, line);
    const { id } = allocated;
    if (allocated.renamed) {
      issues.push({
        severity: "warning",
        code: "duplicate-id",
        field: row.id === undefined ? undefined : "id",
        message: `id "${wanted}" is already used by line ${allocated.takenOn}; this problem is "${id}"`,
      });
    }
    const draft: Draft = {
      problem: problem({
        id,
        statement: row.statement,
        answer: row.answer,
        meta: row.meta,
        samples: [],
        leadingComments: row.comments?.leading,
        statementComments: row.comments?.statement,
        answerLeadingComments: row.comments?.answerLeading,
        answerComments: row.comments?.answer,
      }),
      line,
      answerFrom: row.answerFrom,
      answerLine: line,
      answerReported: issues.some((issue) => issue.code === "missing-answer"),
      seen: row.groupKey === undefined ? undefined : new Map(),
    };
    this.drafts.push(draft);
    this.stats.problems++;
    if (row.groupKey !== undefined) this.groups.set(row.groupKey, draft);
    for (const sample of row.samples) this.addSample(draft, sample, line, issues);
  }

  private merge(draft: Draft, row: ImportRow, line: number, issues: RowIssue[]): void {
    const current = draft.problem.answer?.text ?? null;
    if (ANSWER_RANK[row.answerFrom] > ANSWER_RANK[draft.answerFrom] && row.answer !== null) {
      draft.problem.answer = answer(row.answer);
      draft.answerFrom = row.answerFrom;
      draft.answerLine = line;
    } else if (row.answerFrom === "field" && draft.answerFrom === "field" && row.answer !== current) {
      issues.push({
        severity: "warning",
        code: "conflicting-answer",
        field: "answer",
        message: `answer ${JSON.stringify(row.answer)} differs from ${JSON.stringify(current)} given for the same prompt on line ${draft.answerLine}; keeping the first`,
      });
    }
    for (const sample of row.samples) this.addSample(draft, sample, line, issues);
  }

  private addSample(draft: Draft, spec: SampleSpec, line: number, issues: RowIssue[]): void {
    if (draft.seen) {
      const bit = spec.role === "positive" ? 1 : 2;
      const seen = draft.seen.get(spec.text);
      if (seen && seen.roles & bit) {
        this.stats.duplicateSamples++;
        return;
      }
      if (seen) {
        seen.roles |= bit;
        issues.push({
          severity: "warning",
          code: "conflicting-roles",
          field: spec.role === "positive" ? "chosen" : "rejected",
          message: `the same response is ${spec.role === "positive" ? "rejected" : "chosen"} on line ${seen.line} for this prompt; kept on both sides`,
        });
      } else {
        draft.seen.set(spec.text, { roles: bit, line });
      }
    }
    draft.problem.samples.push(sample(spec));
    this.stats.samples++;
  }
}

/** A problem that never got an answer: a warning, not an error (the gold is optional in TRL's shape). */
function endIssue(draft: Draft): ImportIssue | undefined {
  if (draft.problem.answer !== undefined || draft.answerReported) return undefined;
  // The gap stays visible: the written file has no @answer, which the editor and `pns lint` flag.
  return {
    severity: "warning",
    code: "missing-answer",
    line: draft.line,
    message: `problem "${draft.problem.id}" has no gold answer: no "answer" or "gold" column and no \\boxed{} in a chosen response`,
  };
}

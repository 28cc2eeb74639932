import { lastBoxed } from "../boxed";
import { cleanText } from "../text";
import { answerColumn, columnsAsMeta, fieldError, missingField, rowId, wrongType } from "./fields";
import type { RowIssue, Shape } from "./types";

const CONSUMED = new Set(["id", "problem", "solution", "answer"]);

/**
 * MATH rows `{problem, solution, level?, type?}`: the solution becomes a positive sample
 * (`kind=reference`) and the gold answer is the content of its last brace-matched `\boxed{}`.
 * Rows that carry an `answer` column (as MATH-500 does) use it instead, since it is the curated
 * gold. `level`, `type` and any other columns become problem metadata.
 */
export const mathShape: Shape = {
  name: "math",
  idPrefix: "math",
  matches: (row) => typeof row.problem === "string" && typeof row.solution === "string",
  convert(row) {
    if (!("problem" in row)) return missingField("problem", "MATH", "the problem text");
    if (typeof row.problem !== "string") return wrongType("problem", "a string", row.problem);
    if (!("solution" in row))
      return missingField("solution", "MATH", "a worked solution with a final \\boxed{}");
    if (typeof row.solution !== "string") return wrongType("solution", "a string", row.solution);
    const statement = cleanText(row.problem);
    if (statement.length === 0) return fieldError("problem", "invalid-field", `"problem" is empty`);

    const issues: RowIssue[] = [];
    const solution = cleanText(row.solution);
    const column = answerColumn(row, ["answer"]);
    const boxed = column === undefined ? lastBoxed(solution) : null;
    const gold = column ?? (boxed !== null && boxed.length > 0 ? boxed : null);
    if (gold === null) {
      issues.push({
        severity: "error",
        code: "missing-answer",
        field: "solution",
        message: 'no \\boxed{} answer in "solution" and no "answer" column',
      });
    }
    return {
      ok: true,
      issues,
      row: {
        id: rowId(row),
        statement,
        answer: gold,
        answerFrom: column !== undefined ? "field" : gold !== null ? "boxed" : "none",
        meta: columnsAsMeta(row, "math", CONSUMED, issues),
        samples:
          solution.length > 0 ? [{ role: "positive", text: solution, meta: [["kind", "reference"]] }] : [],
      },
    };
  },
};

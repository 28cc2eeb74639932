import { cleanText } from "../text";
import { columnsAsMeta, fieldError, missingField, rowId, wrongType } from "./fields";
import type { RowIssue, Shape } from "./types";

const CONSUMED = new Set(["id", "question", "answer"]);

/** GSM8K's calculator annotations, e.g. `<<48/2=24>>` after `48/2 = 24`. */
const CALCULATOR = /<<[^<>\n]*>>/g;

/**
 * GSM8K rows `{question, answer}`: the answer column is a worked solution followed by a line
 * `#### <gold>`. The gold is what follows the last `####`; the solution before it becomes a
 * positive sample (`kind=reference`). Calculator annotations stay verbatim unless asked to strip
 * them: the import is lossless by default, and the annotations are what the source dataset says.
 */
export const gsm8kShape: Shape = {
  name: "gsm8k",
  idPrefix: "gsm8k",
  matches: (row) => typeof row.question === "string" && typeof row.answer === "string",
  convert(row, options) {
    if (!("question" in row)) return missingField("question", "GSM8K", "the problem text");
    if (typeof row.question !== "string") return wrongType("question", "a string", row.question);
    if (!("answer" in row)) return missingField("answer", "GSM8K", "the solution ending in `#### <gold>`");
    if (typeof row.answer !== "string") return wrongType("answer", "a string", row.answer);
    const statement = cleanText(row.question);
    if (statement.length === 0) return fieldError("question", "invalid-field", `"question" is empty`);

    const issues: RowIssue[] = [];
    const marker = row.answer.lastIndexOf("####");
    let gold: string | null = null;
    let solution = row.answer;
    if (marker >= 0) {
      gold = cleanText(row.answer.slice(marker + 4)).trim();
      solution = row.answer.slice(0, marker);
    }
    if (gold === null || gold.length === 0) {
      issues.push({
        severity: "error",
        code: "missing-answer",
        field: "answer",
        message: marker < 0 ? 'no "#### <gold>" line in "answer"' : 'nothing after "####" in "answer"',
      });
      gold = null;
    }
    if (options.stripCalculator) solution = solution.replace(CALCULATOR, "");
    solution = cleanText(solution);

    return {
      ok: true,
      issues,
      row: {
        id: rowId(row),
        statement,
        answer: gold,
        answerFrom: gold === null ? "none" : "field",
        meta: columnsAsMeta(row, "gsm8k", CONSUMED, issues),
        samples:
          solution.length > 0 ? [{ role: "positive", text: solution, meta: [["kind", "reference"]] }] : [],
      },
    };
  },
};

import { lastBoxed } from "../boxed";
import { addMeta, type MetaPairs, metaValue } from "../meta";
import { cleanText } from "../text";
import { answerColumn, fieldError, missingField, rowId } from "./fields";
import { commonPrefix, type Message, readMessages, responseText } from "./messages";
import type { JsonRow, RowIssue, RowResult, Shape } from "./types";

/**
 * TRL preference rows `{prompt, chosen, rejected}`, as plain strings or in TRL's conversational
 * form (lists of `{role, content}`), including the "implicit prompt" form where `chosen` and
 * `rejected` are whole conversations that share the prompt as a common prefix.
 *
 * The problem is the prompt's last user message; a system message is kept as the `system`
 * metadata key. Chosen becomes a positive sample, rejected a negative one; the importer groups
 * rows by prompt so one problem collects all its pairs. The gold answer comes from an `answer` or
 * `gold` column, else from the chosen response's last `\boxed{}`.
 */
export const trlShape: Shape = {
  name: "trl",
  idPrefix: "trl",
  matches: (row) => "chosen" in row && "rejected" in row,
  convert(row) {
    if (!("chosen" in row)) return missingField("chosen", "TRL preference", "the preferred response");
    if (!("rejected" in row)) return missingField("rejected", "TRL preference", "the dispreferred response");
    const parts = splitRow(row);
    if ("error" in parts) return parts.error;
    const { prompt, chosen, rejected } = parts;

    const issues: RowIssue[] = [];
    const system = prompt
      .filter((m) => m.role === "system")
      .map((m) => m.content)
      .join("\n\n");
    const lastUser = prompt.map((m) => m.role).lastIndexOf("user");
    if (lastUser < 0) return fieldError("prompt", "missing-field", "the prompt has no user message");
    const dropped = prompt.filter((m, i) => m.role !== "system" && i !== lastUser).length;
    if (dropped > 0) {
      issues.push({
        severity: "warning",
        code: "multi-turn-prompt",
        field: "prompt",
        message: `only the last user message becomes the problem; ${dropped} other turn(s) are not imported`,
      });
    }
    const statement = cleanText(prompt[lastUser].content);
    if (statement.length === 0)
      return fieldError("prompt", "invalid-field", "the prompt's user message is empty");

    const column = answerColumn(row, ["answer", "gold"]);
    const boxed = column === undefined ? lastBoxed(chosen) : null;
    const gold = column ?? (boxed !== null && boxed.length > 0 ? boxed : null);

    const meta: MetaPairs = [];
    addMeta(meta, "source", metaValue(row.source) ?? "trl");
    if (system.length > 0) addMeta(meta, "system", system);
    return {
      ok: true,
      issues,
      row: {
        id: rowId(row),
        statement,
        answer: gold,
        answerFrom: column !== undefined ? "field" : gold !== null ? "boxed" : "none",
        meta,
        samples: [
          { role: "positive", text: chosen, meta: [] },
          { role: "negative", text: rejected, meta: [] },
        ],
        groupKey: JSON.stringify([system, statement]),
      },
    };
  },
};

type RowParts = { prompt: Message[]; chosen: string; rejected: string } | { error: RowResult };

/** Separates prompt and responses, for the explicit-prompt and the implicit-prompt forms. */
function splitRow(row: JsonRow): RowParts {
  if ("prompt" in row) {
    const prompt =
      typeof row.prompt === "string"
        ? [{ role: "user", content: row.prompt }]
        : readMessages(row.prompt, "prompt");
    if (typeof prompt === "string") return { error: fieldError("prompt", "invalid-field", prompt) };
    const chosen = response(row.chosen, "chosen");
    if (typeof chosen !== "string") return chosen;
    const rejected = response(row.rejected, "rejected");
    if (typeof rejected !== "string") return rejected;
    return { prompt, chosen, rejected };
  }
  // Implicit prompt: both sides are conversations; their common prefix is the prompt.
  if (typeof row.chosen === "string" || typeof row.rejected === "string") {
    return { error: missingField("prompt", "TRL preference", "the prompt, a string or a list of messages") };
  }
  const chosen = readMessages(row.chosen, "chosen");
  if (typeof chosen === "string") return { error: fieldError("chosen", "invalid-field", chosen) };
  const rejected = readMessages(row.rejected, "rejected");
  if (typeof rejected === "string") return { error: fieldError("rejected", "invalid-field", rejected) };
  const shared = commonPrefix(chosen, rejected);
  if (shared === 0) {
    return { error: missingField("prompt", "TRL preference", "no prompt column and no shared prompt turns") };
  }
  return {
    prompt: chosen.slice(0, shared),
    chosen: responseText(chosen.slice(shared)),
    rejected: responseText(rejected.slice(shared)),
  };
}

function response(value: unknown, field: string): string | { error: RowResult } {
  if (typeof value === "string") return cleanText(value);
  const messages = readMessages(value, field);
  if (typeof messages === "string") return { error: fieldError(field, "invalid-field", messages) };
  return responseText(messages);
}

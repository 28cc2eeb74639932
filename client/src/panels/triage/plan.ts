/**
 * Which lines a triage or bulk action rewrites or deletes, computed from the document's lines and
 * the samples' directive lines (LSP ranges from the language server). Pure, so the whole decision
 * is unit-tested; the panels turn the result into one WorkspaceEdit (one undo step).
 */
import type { BulkAction, TriageAction } from "../../../../webview/src/shared/protocol";
import { setMeta, swapRole, TRIAGE_STATUS } from "./directive";

export interface LineReplace {
  line: number;
  text: string;
}

/** `[from, to)` whole lines to delete. */
export interface LineDelete {
  from: number;
  to: number;
}

export interface Plan {
  replace: LineReplace[];
  delete: LineDelete[];
}

export class StaleDocumentError extends Error {}

function directive(lineAt: (line: number) => string, line: number): string {
  const text = lineAt(line);
  if (!/^@(positive|negative)(?=$|[ \t])/.test(text))
    throw new StaleDocumentError(
      `line ${line + 1} is not a sample directive any more (the file changed): try again`,
    );
  return text;
}

/** One pair's triage: status on the rejected sample, or both roles swapped. */
export function triagePlan(
  action: TriageAction,
  lineAt: (line: number) => string,
  rejectedLine: number,
  chosenLine: number,
): Plan {
  if (action === "swap") {
    return {
      replace: [rejectedLine, chosenLine].map((line) => ({ line, text: swapRole(directive(lineAt, line))! })),
      delete: [],
    };
  }
  return {
    replace: [
      { line: rejectedLine, text: setMeta(directive(lineAt, rejectedLine), "status", TRIAGE_STATUS[action]) },
    ],
    delete: [],
  };
}

/**
 * A bulk action over samples given by their `[startLine, endLine]` (inclusive). Deleting a sample
 * also deletes the blank separator line after it, so the file keeps its canonical spacing.
 */
export function bulkPlan(
  action: BulkAction,
  lineAt: (line: number) => string,
  lineCount: number,
  samples: { startLine: number; endLine: number }[],
): Plan {
  if (action !== "drop") {
    const status = TRIAGE_STATUS[action];
    return {
      replace: samples.map((s) => ({
        line: s.startLine,
        text: setMeta(directive(lineAt, s.startLine), "status", status),
      })),
      delete: [],
    };
  }
  const ranges = samples
    .map((s) => {
      directive(lineAt, s.startLine);
      let to = s.endLine + 1;
      if (to < lineCount && lineAt(to).trim() === "") to++;
      return { from: s.startLine, to };
    })
    .sort((a, b) => a.from - b.from);
  const merged: LineDelete[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push({ ...r });
  }
  return { replace: [], delete: merged };
}

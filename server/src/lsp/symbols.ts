/** Document symbols: each problem with its gold answer and samples as children (the outline). */
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import type { Problem } from "../core/format/ast";
import type { ServerContext } from "./context";
import type { PnsDocument } from "./document/pnsDocument";
import { toLspRange } from "./ranges";

function metaSummary(meta: { key: string; value: string }[], keys: string[]): string {
  return keys
    .map((key) => meta.find((m) => m.key === key))
    .filter((m) => m !== undefined)
    .map((m) => `${m.key}=${m.value}`)
    .join(" ");
}

function problemSymbol(problem: Problem, baseLine: number): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  if (problem.answer) {
    children.push({
      name: `answer: ${problem.answer.text.split("\n")[0] || "(empty)"}`,
      kind: SymbolKind.Constant,
      range: toLspRange(problem.answer.range, baseLine),
      selectionRange: toLspRange(problem.answer.valueRange, baseLine),
    });
  }
  problem.samples.forEach((sample, index) => {
    children.push({
      name: `${sample.role} #${index + 1}`,
      detail: metaSummary(sample.meta, ["id", "model", "kind", "status"]),
      kind: sample.role === "positive" ? SymbolKind.Field : SymbolKind.Event,
      range: toLspRange(sample.range, baseLine),
      selectionRange: toLspRange(sample.roleRange, baseLine),
    });
  });
  return {
    name: problem.id || "(no id)",
    detail: metaSummary(problem.meta, ["source", "split", "level"]),
    kind: SymbolKind.Module,
    range: toLspRange(problem.range, baseLine),
    selectionRange: toLspRange(problem.id ? problem.idRange : problem.headerRange, baseLine),
    children,
  };
}

/**
 * Problems the outline lists at most. A file of 1,000,000 problems made 3,000,000 symbols: a
 * reply longer than a JavaScript string can be (the server failed), and no outline a person can
 * use. Past the bound one last symbol says how many problems are not listed; Go to Symbol in
 * Workspace still finds any problem by its id. Folding stops at the same problem (folding.ts).
 */
export const MAX_OUTLINE_PROBLEMS = 20_000;

export function documentSymbols(document: PnsDocument): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const segments = document.segments;
  for (let i = 0; i < segments.length; i++) {
    if (symbols.length >= MAX_OUTLINE_PROBLEMS) {
      symbols.push(notListed(document, i));
      break;
    }
    const baseLine = segments[i].startLine;
    for (const problem of document.parsed(i).problems) symbols.push(problemSymbol(problem, baseLine));
  }
  return symbols;
}

/** The last symbol of a bounded outline: the segments from `from` on, not listed. */
function notListed(document: PnsDocument, from: number): DocumentSymbol {
  const segments = document.segments;
  const last = segments[segments.length - 1];
  const start = { line: segments[from].startLine, character: 0 };
  const remaining = segments.length - from;
  return {
    name: `… ${remaining.toLocaleString("en-US")} more problems not listed`,
    detail: `the outline lists the first ${MAX_OUTLINE_PROBLEMS.toLocaleString("en-US")}; Go to Symbol in Workspace finds any problem by id`,
    kind: SymbolKind.Namespace,
    range: { start, end: { line: last.startLine + last.lineBreaks, character: 0 } },
    selectionRange: { start, end: start },
  };
}

export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? documentSymbols(document) : null;
  });
}

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

export function documentSymbols(document: PnsDocument): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (let i = 0; i < document.segments.length; i++) {
    const baseLine = document.segments[i].startLine;
    for (const problem of document.parsed(i).problems) symbols.push(problemSymbol(problem, baseLine));
  }
  return symbols;
}

export function registerSymbols(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? documentSymbols(document) : null;
  });
}

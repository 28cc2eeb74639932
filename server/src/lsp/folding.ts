/** Folding ranges: problems, the gold answer block, samples, and runs of comment lines. */
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import type { Range } from "../core/format/ast";
import type { ServerContext } from "./context";
import { lastLine, type PnsDocument } from "./document/pnsDocument";
import { MAX_OUTLINE_PROBLEMS } from "./symbols";

function fold(range: Range, baseLine: number, out: FoldingRange[], kind?: FoldingRangeKind): void {
  const start = range.start.line + baseLine;
  const end = lastLine(range) + baseLine;
  if (end > start)
    out.push(kind ? { startLine: start, endLine: end, kind } : { startLine: start, endLine: end });
}

export function foldingRanges(document: PnsDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  // As many problems as the outline lists (symbols.ts): beyond, parsing every problem on each
  // request costs seconds, and an editor shows a few thousand folding regions at most.
  const segments = Math.min(document.segments.length, MAX_OUTLINE_PROBLEMS + 1);
  for (let i = 0; i < segments; i++) {
    const baseLine = document.segments[i].startLine;
    const parsed = document.parsed(i);
    for (const problem of parsed.problems) {
      fold(problem.range, baseLine, out);
      const leading = problem.leadingComments;
      if (leading.length > 1) {
        out.push({
          startLine: leading[0].range.start.line + baseLine,
          endLine: leading[leading.length - 1].range.start.line + baseLine,
          kind: FoldingRangeKind.Comment,
        });
      }
      if (problem.answer?.block) fold(problem.answer.range, baseLine, out);
      for (const sample of problem.samples) fold(sample.range, baseLine, out);
    }
    const header = parsed.file.headerComments;
    if (i === 0 && header.length > 1) {
      out.push({
        startLine: header[0].range.start.line,
        endLine: header[header.length - 1].range.start.line,
        kind: FoldingRangeKind.Comment,
      });
    }
  }
  return out;
}

export function registerFolding(ctx: ServerContext): void {
  ctx.connection.onFoldingRanges((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? foldingRanges(document) : null;
  });
}

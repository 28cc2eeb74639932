/**
 * Selection ranges (expand selection): word → metadata value or entry → directive line → body →
 * sample or answer → problem → whole file.
 */
import type { Position, Range as LspRange, SelectionRange } from "vscode-languageserver";
import type { MetaEntry, Problem, Range } from "../core/format/ast";
import type { ServerContext } from "./context";
import type { PnsDocument } from "./document/pnsDocument";
import { rangeContains, toLspRange } from "./ranges";

function same(a: LspRange, b: LspRange): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** Builds the chain from outermost to innermost, dropping repeats. */
function chain(ranges: LspRange[]): SelectionRange | undefined {
  let parent: SelectionRange | undefined;
  for (const range of ranges) {
    if (parent && same(parent.range, range)) continue;
    parent = parent ? { range, parent } : { range };
  }
  return parent;
}

function wordAt(line: string, character: number): [number, number] | undefined {
  const isWord = (c: string | undefined): boolean => c !== undefined && /[^\s=@"]/.test(c);
  let start = character;
  let end = character;
  while (start > 0 && isWord(line[start - 1])) start--;
  while (end < line.length && isWord(line[end])) end++;
  return end > start ? [start, end] : undefined;
}

function metaRanges(meta: MetaEntry[], base: number, position: Position): LspRange[] {
  const entry = meta.find((m) => rangeContains(m.range, base, position));
  if (!entry) return [];
  const out = [toLspRange(entry.range, base)];
  if (rangeContains(entry.valueRange, base, position)) out.push(toLspRange(entry.valueRange, base));
  else if (rangeContains(entry.keyRange, base, position)) out.push(toLspRange(entry.keyRange, base));
  return out;
}

function problemChain(problem: Problem, base: number, position: Position): LspRange[] {
  const out: LspRange[] = [toLspRange(problem.range, base)];
  const inside = (range: Range): boolean => rangeContains(range, base, position);
  if (inside(problem.headerRange)) {
    out.push(toLspRange(problem.headerRange, base));
    if (inside(problem.idRange)) out.push(toLspRange(problem.idRange, base));
    out.push(...metaRanges(problem.meta, base, position));
    return out;
  }
  if (inside(problem.statement.range)) out.push(toLspRange(problem.statement.range, base));
  if (problem.answer && inside(problem.answer.range)) {
    out.push(toLspRange(problem.answer.range, base));
    if (inside(problem.answer.valueRange)) out.push(toLspRange(problem.answer.valueRange, base));
  }
  const sample = problem.samples.find((s) => inside(s.range));
  if (sample) {
    out.push(toLspRange(sample.range, base));
    if (inside(sample.headerRange)) {
      out.push(toLspRange(sample.headerRange, base));
      if (inside(sample.roleRange)) out.push(toLspRange(sample.roleRange, base));
      out.push(...metaRanges(sample.meta, base, position));
    } else if (inside(sample.body.range)) out.push(toLspRange(sample.body.range, base));
  }
  return out;
}

export function selectionRange(document: PnsDocument, position: Position): SelectionRange {
  const lastSegment = document.segments[document.segments.length - 1];
  const endLine = lastSegment.startLine + lastSegment.lineBreaks;
  const ranges: LspRange[] = [{ start: { line: 0, character: 0 }, end: { line: endLine, character: 0 } }];
  const at = document.problemAtLine(position.line);
  if (at) ranges.push(...problemChain(at.problem, at.segment.startLine, position));
  const line = document.text.lineText(position.line);
  const word = wordAt(line, position.character);
  if (word)
    ranges.push({
      start: { line: position.line, character: word[0] },
      end: { line: position.line, character: word[1] },
    });
  return chain(ranges) ?? { range: ranges[0] };
}

export function registerSelectionRanges(ctx: ServerContext): void {
  ctx.connection.onSelectionRanges((params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? params.positions.map((p) => selectionRange(document, p)) : null;
  });
}

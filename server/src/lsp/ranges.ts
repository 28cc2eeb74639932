/** Maps the core's segment-relative ranges to absolute LSP ranges (segments start at line starts). */
import type { Position as LspPosition, Range as LspRange } from "vscode-languageserver";
import type { Range } from "../core/format/ast";

export function toLspPosition(position: { line: number; character: number }, baseLine: number): LspPosition {
  return { line: position.line + baseLine, character: position.character };
}

export function toLspRange(range: Range, baseLine: number): LspRange {
  return { start: toLspPosition(range.start, baseLine), end: toLspPosition(range.end, baseLine) };
}

/** Whether `position` (absolute) lies in `range` (relative to `baseLine`), ends included. */
export function rangeContains(range: Range, baseLine: number, position: LspPosition): boolean {
  const line = position.line - baseLine;
  const { start, end } = range;
  if (line < start.line || line > end.line) return false;
  if (line === start.line && position.character < start.character) return false;
  if (line === end.line && position.character > end.character) return false;
  return true;
}

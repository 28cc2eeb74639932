/**
 * Inlay hints after each sample's final answer: the extracted value and ✓ or ✗ against the gold
 * (`pns.inlayHints.finalAnswer`). Only segments overlapping the requested range are analysed.
 */
import { InlayHintKind, type InlayHint, type Range } from "vscode-languageserver";
import { currentAnalysis } from "./documentAnalysis/current";
import type { ServerContext } from "./context";
import type { PnsDocument } from "./document/pnsDocument";
import { toLspPosition } from "./ranges";

export async function inlayHints(
  ctx: ServerContext,
  document: PnsDocument,
  range: Range,
): Promise<InlayHint[]> {
  const analysis = await currentAnalysis(ctx, document);
  if (!analysis.settings.editor.inlayHints.finalAnswer) return [];
  const hints: InlayHint[] = [];
  const first = document.text.indexAtLine(range.start.line);
  const last = document.text.indexAtLine(range.end.line);
  for (let i = first; i <= last; i++) {
    const base = document.segments[i].startLine;
    for (const v of analysis.cached(i).summaries) {
      if (!v.extractedRange) continue;
      const mark = v.mark;
      const shown =
        v.extracted && v.extracted.length > 24 ? `${v.extracted.slice(0, 23)}…` : (v.extracted ?? "");
      hints.push({
        position: toLspPosition(v.extractedRange.end, base),
        label: ` ${shown} ${mark}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: v.verdict,
      });
    }
  }
  return hints;
}

export function registerInlayHints(ctx: ServerContext): void {
  ctx.connection.languages.inlayHint.on(async (params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? inlayHints(ctx, document, params.range) : null;
  });
}

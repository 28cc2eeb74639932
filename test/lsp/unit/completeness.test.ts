/**
 * The completeness bookkeeping against a full walk: after any sequence of edits, every segment the
 * change log does not list is still analysed for the context, and the findings total kept from the
 * log equals the sum over every segment. A fake analysis (one finding per `x` in the text) stands
 * in for the core: only the bookkeeping is under test here.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AnalysisContext } from "../../../server/src/lsp/documentAnalysis/analyzeSegment";
import { CachedSegment } from "../../../server/src/lsp/documentAnalysis/cachedSegment";
import { DocumentAnalysis } from "../../../server/src/lsp/documentAnalysis/documentAnalysis";
import { PnsDocument } from "../../../server/src/lsp/document/pnsDocument";

const LINES = ["@pns 1", "@problem a", "@problem b", "@answer 4", "@positive", "@negative", "x", "xx y", ""];
const lineText = fc.constantFrom(...LINES);
const documentText = fc.array(lineText, { maxLength: 30 }).map((lines) => lines.join("\n"));
const insertion = fc.constantFrom("\n", "x", "@problem c\n", "\n\n", "", "@positive\nx\n", "@pns 1\n");

const context = { serial: 1 } as unknown as AnalysisContext;

/** Stands in for the core's analysis of a segment: one finding per `x`. */
function analyse(analysis: DocumentAnalysis, index: number): void {
  const { document } = analysis;
  // Both ways a segment gets its state: a parse here, or a worker's problem ids (in adopt).
  if (index % 2 === 0) document.parsed(index);
  const segment = document.segments[index];
  const range = { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 1, offset: 1 } };
  const items = [...segment.text]
    .filter((c) => c === "x")
    .map(() => ({ code: "x", severity: "info" as const, message: "x", range, fixes: [] }));
  analysis.adopt(index, context, CachedSegment.of(items, []).packed, []);
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}

/** What catchUp does: analyse what the log (or a full walk) says is missing, then mark complete. */
function catchUp(analysis: DocumentAnalysis): void {
  const { document, completeness } = analysis;
  const pending =
    completeness.pending(context) ??
    document.segments.map((_, i) => i).filter((i) => !analysis.isAnalyzed(i, context));
  for (const i of pending) analyse(analysis, i);
  document.segments.forEach((_, i) => expect(analysis.isAnalyzed(i, context)).toBe(true));
  completeness.markComplete(context);
  const sum = (document.text.getText().match(/x/g) ?? []).length;
  expect(completeness.knownTotal(context)).toBe(sum);
}

describe("analysis completeness bookkeeping", () => {
  it("lists every segment an edit or a forget may have changed, and keeps the findings total", () => {
    fc.assert(
      fc.property(
        documentText,
        fc.array(fc.tuple(fc.nat(), fc.nat(8), insertion, fc.nat(), fc.boolean()), { maxLength: 10 }),
        (initial, edits) => {
          let model = initial;
          const document = new PnsDocument("file:///t.pns", 1, initial);
          const analysis = new DocumentAnalysis(document);
          catchUp(analysis);
          for (const [at, length, inserted, forget, pull] of edits) {
            const from = at % (model.length + 1);
            const to = Math.min(model.length, from + length);
            document.applyChange({
              range: { start: position(model, from), end: position(model, to) },
              text: inserted,
            });
            model = model.slice(0, from) + inserted + model.slice(to);
            expect(analysis.completeness.knownTotal(context)).toBeUndefined();
            if (forget % 3 === 0) analysis.forget(forget % document.segments.length);
            // Several edits may come between two pulls.
            if (pull) catchUp(analysis);
          }
          catchUp(analysis);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("walks every segment for a context it has not checked", () => {
    const document = new PnsDocument("file:///t.pns", 1, "@pns 1\n\n@problem a\nx\n");
    const analysis = new DocumentAnalysis(document);
    catchUp(analysis);
    const other = { serial: 2 } as unknown as AnalysisContext;
    expect(analysis.completeness.pending(other)).toBeUndefined();
    expect(analysis.completeness.knownTotal(other)).toBeUndefined();
    document.applyChange({ text: "@pns 1\n" });
    expect(analysis.completeness.pending(context)).toBeUndefined();
  });
});

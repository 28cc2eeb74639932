/**
 * Code lenses above each sample, each kind switchable in settings: the composite with its
 * components (`pns.codeLens.scores`), "Compare with positive" on negatives (`pns.codeLens.compare`),
 * and "Re-score" (`pns.codeLens.rescore`). Only segments in the requested range are analysed when
 * the client sends one; otherwise the whole document is (yielding while it works).
 */
import { LSPErrorCodes, ResponseError, type CancellationToken, type CodeLens } from "vscode-languageserver";
import type { CompareWithPositiveArgs } from "../protocol/index";
import { fullAnalysis } from "./documentAnalysis/current";
import { score } from "./breakdown";
import { RESCORE_COMMAND, type RescoreCommandArgs } from "./commands";
import type { ServerContext } from "./context";
import type { PnsDocument } from "./document/pnsDocument";
import { toLspRange } from "./ranges";

/** The review panel; it offers VS Code's own diff editor (`pns.compareWithPositive`) as the raw view. */
export const COMPARE_COMMAND = "pns.openSampleDiff";

export async function codeLenses(
  ctx: ServerContext,
  document: PnsDocument,
  token?: CancellationToken,
): Promise<CodeLens[]> {
  const analysis = await fullAnalysis(ctx, document, token);
  // Cancelled while a big file was being analysed: say so (the client asks again when it needs to).
  if (!analysis) throw new ResponseError(LSPErrorCodes.RequestCancelled, "code lens request cancelled");
  const { codeLens: enabled } = analysis.settings.editor;
  if (!enabled.scores && !enabled.compare && !enabled.rescore) return [];
  const lenses: CodeLens[] = [];
  for (let i = 0; i < document.segments.length; i++) {
    const base = document.segments[i].startLine;
    const problem = document.parsed(i).problems[0];
    if (!problem) continue;
    const hasPositive = problem.samples.some((s) => s.role === "positive");
    for (const report of analysis.cached(i).summaries) {
      const sample = problem.samples[report.sampleIndex];
      if (!sample) continue;
      const range = toLspRange(sample.headerRange, base);
      if (enabled.scores) {
        lenses.push({
          range,
          command: { title: `${score(report.composite)} · ${report.line}`, command: "" },
        });
      }
      if (enabled.compare && sample.role === "negative" && hasPositive) {
        const args: CompareWithPositiveArgs = {
          uri: document.uri,
          problemId: problem.id,
          sampleIndex: report.sampleIndex,
        };
        lenses.push({
          range,
          command: { title: "Compare with positive", command: COMPARE_COMMAND, arguments: [args] },
        });
      }
      if (enabled.rescore) {
        const args: RescoreCommandArgs = {
          uri: document.uri,
          problemId: problem.id,
          sampleIndex: report.sampleIndex,
        };
        lenses.push({ range, command: { title: "Re-score", command: RESCORE_COMMAND, arguments: [args] } });
      }
    }
  }
  return lenses;
}

export function registerCodeLens(ctx: ServerContext): void {
  ctx.connection.onCodeLens(async (params, token) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? codeLenses(ctx, document, token) : null;
  });
}

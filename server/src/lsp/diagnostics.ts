/**
 * Diagnostics, pull model first (`textDocument/diagnostic`), push (`publishDiagnostics`, debounced)
 * for clients without it. Findings are kept per segment with relative ranges; building the list
 * shifts them to absolute lines, adds the file-level findings (`duplicate-id`, `mixed-eol`,
 * `cr-at-line-end`: a segment's parse cannot see the other segments; documentAnalysis/fileChecks.ts),
 * and caps the count: findings of recently edited problems always make it in, then file order,
 * then one info diagnostic saying how many were left out.
 */
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type DocumentDiagnosticReport,
} from "vscode-languageserver";
import type { DocumentAnalysis } from "./documentAnalysis/documentAnalysis";
import type { AnalysisContext } from "./documentAnalysis/analyzeSegment";
import { BackgroundAnalysis } from "./documentAnalysis/background";
import { fileFindings } from "./documentAnalysis/fileChecks";
import type { AnalysisWorkers } from "./documentAnalysis/pool";
import type { FindingItem, ItemSeverity } from "./documentAnalysis/findings";
import type { ServerContext } from "./context";
import type { PnsDocument } from "./document/pnsDocument";
import { toLspRange } from "./ranges";
import type { Debouncer } from "./scheduler";

export const DIAGNOSTIC_SOURCE = "pns";

const SEVERITY: Record<ItemSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toDiagnostic(item: FindingItem, baseLine: number): Diagnostic {
  return {
    range: toLspRange(item.range, baseLine),
    severity: SEVERITY[item.severity],
    code: item.code,
    source: DIAGNOSTIC_SOURCE,
    message: item.message,
  };
}

/**
 * The diagnostics to send: findings of recently edited problems first, then file order, at most
 * `max`, then one info diagnostic saying how many were left out. With `progress` short of total
 * (a big file still analysed in the background) only analysed segments contribute, and one info
 * diagnostic says how far the analysis got. Per segment this only reads cached state.
 */
export function buildDiagnostics(
  analysis: DocumentAnalysis,
  context: AnalysisContext,
  max: number,
  progress?: { analysed: number; total: number },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  let total = 0;
  const complete = !progress || progress.analysed >= progress.total;
  const document = analysis.document;
  const fileLevel = complete ? fileFindings(document, context, analysis.crAtLineEnds) : undefined;
  const segments = document.segments;
  // Known without a walk after a keystroke (see completeness.ts): then the walk stops at the cap.
  const counted = complete ? analysis.completeness.knownTotal(context) : undefined;
  if (counted !== undefined) {
    total = counted;
    for (const extra of fileLevel!.values()) total += extra.length;
  }
  const push = (index: number): void => {
    const segment = segments[index];
    const cached =
      analysis.resultAt(index, context) ?? (complete ? analysis.cached(index, context) : undefined);
    if (!cached) return;
    const extra = fileLevel?.get(index);
    if (counted === undefined) total += cached.itemCount + (extra?.length ?? 0);
    for (let k = 0; k < cached.itemCount && out.length < max; k++)
      out.push(toDiagnostic(cached.item(k), segment.startLine));
    if (extra)
      for (const item of extra) if (out.length < max) out.push(toDiagnostic(item, segment.startLine));
  };
  const recent = new Set<number>();
  for (const segment of document.recentlyEdited) {
    const index = document.text.indexAtOffset(segment.start);
    if (segments[index] === segment) recent.add(index);
  }
  for (const index of recent) push(index);
  for (let i = 0; i < segments.length; i++) {
    if (counted !== undefined && out.length >= max) break;
    if (!recent.has(i)) push(i);
  }
  const dropped = total - out.length;
  if (!complete) {
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      code: "analysis-in-progress",
      source: DIAGNOSTIC_SOURCE,
      message: `Analysing: ${progress.analysed} of ${progress.total} parts of the file done; findings of the rest follow.`,
    });
  }
  if (dropped > 0) {
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      code: "diagnostics-capped",
      source: DIAGNOSTIC_SOURCE,
      message: `${dropped} more findings are not shown (pns.diagnostics.maxPerFile is ${max}); run \`pns lint\` to see them all.`,
    });
  }
  return out;
}

/** Re-sends or asks the client to re-pull diagnostics (after settings or remote scores change). */
export interface DiagnosticsRefresher {
  refresh(): void;
}

export function registerDiagnostics(
  ctx: ServerContext,
  scheduler: Debouncer,
  analysisWorkers?: AnalysisWorkers,
): DiagnosticsRefresher {
  const { connection, documents } = ctx;
  const background = new BackgroundAnalysis(
    (settings) => ctx.remote.lookupFor(settings),
    () => {
      if (ctx.support.pullDiagnostics && ctx.support.diagnosticRefresh)
        void connection.languages.diagnostics.refresh();
    },
    (error) => connection.console.error(`pns: analysis failed: ${String(error)}`),
    analysisWorkers && { ...analysisWorkers, log: (message) => connection.console.log(message) },
  );
  documents.onDidClose((_uri, document) => {
    if (document) background.stop(ctx.analyses.of(document));
  });

  async function compute(
    document: PnsDocument,
  ): Promise<{ items: Diagnostic[]; resultId: string } | undefined> {
    const settings = await ctx.settings.get(document.uri);
    const analysis = ctx.analyses.of(document);
    const context = await analysis.analyzeAll(settings, ctx.remote.lookupFor(settings));
    if (!context) return undefined;
    return {
      items: buildDiagnostics(analysis, context, settings.editor.maxDiagnostics),
      resultId: `${document.version}:${context.serial}:${analysis.remoteRevision}`,
    };
  }

  // Handlers are registered before `initialize` tells us what the client supports: each checks then.
  {
    connection.languages.diagnostics.on(async (params): Promise<DocumentDiagnosticReport> => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const settings = await ctx.settings.get(document.uri);
      const analysis = ctx.analyses.of(document);
      const progress = background.catchUp(analysis, settings);
      const { context } = progress;
      const resultId = `${document.version}:${context.serial}:${analysis.remoteRevision}:${progress.analysed}`;
      if (params.previousResultId === resultId)
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      return {
        kind: DocumentDiagnosticReportKind.Full,
        resultId,
        items: buildDiagnostics(analysis, context, settings.editor.maxDiagnostics, progress),
      };
    });
  }
  {
    const publish = async (document: PnsDocument): Promise<void> => {
      const result = await compute(document);
      if (!result || documents.get(document.uri) !== document) return;
      await connection.sendDiagnostics({
        uri: document.uri,
        version: document.version,
        diagnostics: result.items,
      });
    };
    // The first publish of a document is immediate; later ones wait for typing to pause.
    const published = new Set<string>();
    documents.onDidChange((document) => {
      if (ctx.support.pullDiagnostics) return;
      void ctx.settings.get(document.uri).then((settings) => {
        const delay = published.has(document.uri) ? settings.editor.debounceMs : 0;
        published.add(document.uri);
        scheduler.schedule(document.uri, delay, () => publish(document));
      });
    });
    documents.onDidClose((uri) => {
      if (ctx.support.pullDiagnostics) return;
      published.delete(uri);
      scheduler.cancel(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    });
  }

  return {
    refresh(): void {
      if (ctx.support.pullDiagnostics) {
        if (ctx.support.diagnosticRefresh) void connection.languages.diagnostics.refresh();
      } else {
        for (const document of documents.all()) {
          void compute(document).then((result) => {
            if (result)
              void connection.sendDiagnostics({
                uri: document.uri,
                version: document.version,
                diagnostics: result.items,
              });
          });
        }
      }
    },
  };
}

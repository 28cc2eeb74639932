/**
 * Diagnostics, pull model first (`textDocument/diagnostic`), push (`publishDiagnostics`, debounced)
 * for clients without it. Findings are kept per segment with relative ranges; building the list
 * shifts them to absolute lines, adds the cross-problem `duplicate-id` check (a segment's parse
 * cannot see other problems), and caps the count: findings of recently edited problems always make
 * it in, then file order, then one info diagnostic saying how many were left out.
 */
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type DocumentDiagnosticReport,
} from "vscode-languageserver";
import { analyzeDocument, segmentAnalysis } from "./analysis/documentAnalysis";
import type { AnalysisContext } from "./analysis/analyzeSegment";
import type { FindingItem, ItemSeverity } from "./analysis/findings";
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

/** Data attached to each diagnostic, read back by code actions. */
export interface DiagnosticData {
  problemId?: string;
  sampleIndex?: number;
  /** Index of the finding in its segment's list, to find its fixes. */
  item: number;
}

function toDiagnostic(
  item: FindingItem,
  itemIndex: number,
  baseLine: number,
  problemId: string | undefined,
): Diagnostic {
  const data: DiagnosticData = { item: itemIndex, problemId, sampleIndex: item.sampleIndex };
  return {
    range: toLspRange(item.range, baseLine),
    severity: SEVERITY[item.severity],
    code: item.code,
    source: DIAGNOSTIC_SOURCE,
    message: item.message,
    data,
  };
}

/** Later definitions of an id defined in an earlier segment. */
function duplicateIds(document: PnsDocument, context: AnalysisContext): Map<number, FindingItem[]> {
  const out = new Map<number, FindingItem[]>();
  const severity =
    context.settings.engine.rules["duplicate-id"] ?? context.settings.engine.rules["parse-error"] ?? "error";
  if (severity === "off") return out;
  const first = new Map<string, number>();
  for (let i = 0; i < document.segments.length; i++) {
    for (const problem of document.parsed(i).problems) {
      if (!problem.id) continue;
      const line = first.get(problem.id);
      if (line === undefined) {
        first.set(problem.id, document.segments[i].startLine + problem.idRange.start.line);
        continue;
      }
      const items = out.get(i) ?? [];
      items.push({
        code: "duplicate-id",
        severity,
        message: `duplicate problem id '${problem.id}' (first defined at line ${line + 1})`,
        range: problem.idRange,
        fixes: [],
      });
      out.set(i, items);
    }
  }
  return out;
}

export function buildDiagnostics(document: PnsDocument, context: AnalysisContext, max: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  let dropped = 0;
  const duplicates = duplicateIds(document, context);
  const emitted = new Set<number>();
  const emit = (index: number): void => {
    if (emitted.has(index)) return;
    emitted.add(index);
    const segment = document.segments[index];
    const problemId = document.parsed(index).problems[0]?.id;
    const items = segmentAnalysis(document, index, context).items;
    const extra = duplicates.get(index) ?? [];
    const room = max - out.length;
    if (items.length + extra.length > room) dropped += items.length + extra.length - Math.max(0, room);
    for (let k = 0; k < items.length && out.length < max; k++) {
      out.push(toDiagnostic(items[k], k, segment.startLine, problemId));
    }
    for (const item of extra)
      if (out.length < max) out.push(toDiagnostic(item, -1, segment.startLine, problemId));
  };
  for (const segment of document.recentlyEdited) {
    const index = document.text.indexAtOffset(segment.start);
    if (document.segments[index] === segment) emit(index);
  }
  for (let i = 0; i < document.segments.length; i++) emit(i);
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

export function registerDiagnostics(ctx: ServerContext, scheduler: Debouncer): DiagnosticsRefresher {
  const { connection, documents } = ctx;

  async function compute(
    document: PnsDocument,
  ): Promise<{ items: Diagnostic[]; resultId: string } | undefined> {
    const settings = await ctx.settings.get(document.uri);
    const context = await analyzeDocument(document, settings, ctx.remote.store);
    if (!context) return undefined;
    return {
      items: buildDiagnostics(document, context, settings.editor.maxDiagnostics),
      resultId: `${document.version}:${context.serial}:${document.remoteRevision}`,
    };
  }

  // Handlers are registered before `initialize` tells us what the client supports: each checks then.
  {
    connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const settings = await ctx.settings.get(document.uri);
      const context = await analyzeDocument(document, settings, ctx.remote.store, token);
      if (!context) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      const resultId = `${document.version}:${context.serial}:${document.remoteRevision}`;
      if (params.previousResultId === resultId)
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      return {
        kind: DocumentDiagnosticReportKind.Full,
        resultId,
        items: buildDiagnostics(document, context, settings.editor.maxDiagnostics),
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

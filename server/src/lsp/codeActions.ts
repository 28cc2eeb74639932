/**
 * Code actions. Quick fixes come from the core's findings (wrap the final answer in `\boxed{}`,
 * move a false negative to the positives, disable a rule for a sample); the LSP layer adds
 * "disable this rule for the file" (a `@# pns-disable` header comment), and, anywhere in a sample,
 * swap its role, delete it, and re-score it.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Range as LspRange,
  type TextEdit,
} from "vscode-languageserver";
import type { Sample } from "../core/format/ast";
import { analyzeSegment, type SegmentAnalysis } from "./documentAnalysis/analyzeSegment";
import { currentAnalysis } from "./documentAnalysis/current";
import { RESCORE_COMMAND, type RescoreCommandArgs } from "./commands";
import type { ServerContext } from "./context";
import { DIAGNOSTIC_SOURCE } from "./diagnostics";
import { lastLine, type PnsDocument, type SampleAt } from "./document/pnsDocument";
import { toLspRange } from "./ranges";

const sameRange = (a: LspRange, b: LspRange): boolean =>
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;

/** Where a new file-level suppression comment goes: after the header line and header comments. */
function fileSuppressionEdit(document: PnsDocument, code: string): TextEdit {
  const header = document.parsed(0).file;
  const comments = header.headerComments;
  const line =
    comments.length > 0 ? comments[comments.length - 1].range.start.line + 1 : header.hasHeader ? 1 : 0;
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `@# pns-disable ${code}\n`,
  };
}

function quickFixes(
  document: PnsDocument,
  diagnostics: Diagnostic[],
  segment: (index: number) => SegmentAnalysis,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const suppressed = new Set<string>();
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== "string") continue;
    const index = document.text.indexAtLine(diagnostic.range.start.line);
    const base = document.segments[index].startLine;
    const item = segment(index).items.find(
      (i) => i.code === diagnostic.code && sameRange(toLspRange(i.range, base), diagnostic.range),
    );
    for (const fix of item?.fixes ?? []) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true,
        edit: {
          changes: {
            [document.uri]: fix.edits.map((e) => ({ range: toLspRange(e.range, base), newText: e.newText })),
          },
        },
      });
    }
    if (!suppressed.has(diagnostic.code) && diagnostic.code !== "diagnostics-capped") {
      suppressed.add(diagnostic.code);
      actions.push({
        title: `Disable ${diagnostic.code} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [document.uri]: [fileSuppressionEdit(document, diagnostic.code)] } },
      });
    }
  }
  return actions;
}

/** The lines a sample occupies, with its leading comments, up to the next sibling (or the segment end). */
function sampleDeletion(at: SampleAt): LspRange {
  const base = at.segment.startLine;
  const samples = at.problem.samples;
  const first = (s: Sample): number => (s.leadingComments[0]?.range.start.line ?? s.range.start.line) + base;
  const start = first(at.sample);
  const next = samples[at.sampleIndex + 1];
  const end = next
    ? first(next)
    : Math.max(lastLine(at.problem.range) + base + 1, at.segment.startLine + at.segment.lineBreaks);
  return { start: { line: start, character: 0 }, end: { line: end, character: 0 } };
}

function sampleActions(document: PnsDocument, at: SampleAt): CodeAction[] {
  const base = at.segment.startLine;
  const { sample, problem, sampleIndex } = at;
  const to = sample.role === "negative" ? "positive" : "negative";
  const rescore: RescoreCommandArgs = { uri: document.uri, problemId: problem.id, sampleIndex };
  return [
    {
      title: `Make this sample @${to}`,
      kind: CodeActionKind.RefactorRewrite,
      edit: {
        changes: { [document.uri]: [{ range: toLspRange(sample.roleRange, base), newText: `@${to}` }] },
      },
    },
    {
      title: `Delete ${sample.role} #${sampleIndex + 1} of ${problem.id}`,
      kind: CodeActionKind.Refactor,
      edit: { changes: { [document.uri]: [{ range: sampleDeletion(at), newText: "" }] } },
    },
    {
      title: `Re-score ${sample.role} #${sampleIndex + 1}`,
      kind: CodeActionKind.Source,
      command: { title: "Re-score", command: RESCORE_COMMAND, arguments: [rescore] },
    },
  ];
}

export async function codeActions(
  ctx: ServerContext,
  document: PnsDocument,
  params: CodeActionParams,
): Promise<CodeAction[]> {
  const analysis = await currentAnalysis(ctx, document);
  // Cached analyses carry no fixes: analyse the segments in question again, with them.
  const withFixes = new Map<number, SegmentAnalysis>();
  const segment = (index: number): SegmentAnalysis => {
    let value = withFixes.get(index);
    if (!value) {
      value = analyzeSegment(document.parsed(index), analysis.context, { withFixes: true });
      withFixes.set(index, value);
    }
    return value;
  };
  const actions = quickFixes(document, params.context.diagnostics, segment);
  const at = document.sampleAtLine(params.range.start.line);
  if (at) actions.push(...sampleActions(document, at));
  const only = params.context.only;
  return only
    ? actions.filter((a) => only.some((kind) => a.kind === kind || a.kind?.startsWith(`${kind}.`)))
    : actions;
}

export function registerCodeActions(ctx: ServerContext): void {
  ctx.connection.onCodeAction(async (params) => {
    const document = ctx.documents.get(params.textDocument.uri);
    return document ? codeActions(ctx, document, params) : null;
  });
}

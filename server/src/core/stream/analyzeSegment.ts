import { analyzeProblem, type AnalyzeOptions } from "../analysis/problem";
import { resolveSeverity } from "../analysis/severity";
import { isSuppressed, type Suppressed } from "../analysis/suppress";
import type { FileAnalysis, Finding, SampleReport } from "../analysis/types";
import type { PnsSettings } from "../config/settings";
import type { RemoteScoreLookup } from "../reward/remote";
import type { ParseDiagnostic, Problem } from "../format/ast";
import type { TextSegment } from "./problemSplitter";
import type { ParsedSegment } from "./streamParser";
import { shiftRange } from "./shift";

export interface SegmentAnalysisOptions {
  /** The whole text's line end (`StreamParser.eol`). */
  eol: "\n" | "\r\n";
  /** Codes suppressed for the whole file, from the header segment's comments. */
  fileSuppressed: Suppressed | undefined;
  grade?: AnalyzeOptions["grade"];
}

/**
 * What `analyzeFile` gives for the part of the file that is this segment, in file coordinates:
 * its parse findings (severity from the settings, file suppressions applied), then each
 * problem's findings, in file order; and its samples' reports. Findings carry no quick fixes
 * (the command line prints none).
 */
export function analyzeSegment(
  parsed: ParsedSegment,
  settings: PnsSettings,
  options: SegmentAnalysisOptions,
  remote?: RemoteScoreLookup,
): FileAnalysis {
  const problems = analyzeSegmentProblems(parsed.file.problems, parsed.segment, settings, options, remote);
  return withParseFindings(parsed.diagnostics, problems, settings, options);
}

/**
 * The problems' part of {@link analyzeSegment}: their findings (in file coordinates, in problem
 * order, not yet sorted) and their samples' reports. An analysis worker computes this part.
 */
export function analyzeSegmentProblems(
  problems: readonly Problem[],
  segment: TextSegment,
  settings: PnsSettings,
  options: SegmentAnalysisOptions,
  remote?: RemoteScoreLookup,
): FileAnalysis {
  const findings: Finding[] = [];
  const samples: SampleReport[] = [];
  const { startLine, start } = segment;
  const problemOptions: AnalyzeOptions = {
    eol: options.eol,
    fileSuppressed: options.fileSuppressed,
    withFixes: false,
  };
  if (options.grade) problemOptions.grade = options.grade;
  for (const problem of problems) {
    const result = analyzeProblem(problem, settings, remote, problemOptions);
    for (const f of result.findings) findings.push({ ...f, range: shiftRange(f.range, startLine, start) });
    for (const s of result.samples) samples.push(shiftReport(s, startLine, start));
  }
  return { findings, samples };
}

/**
 * The rest of {@link analyzeSegment}: the segment's parse findings (severity from the settings,
 * file suppressions applied), then the problems' findings, in file order.
 */
export function withParseFindings(
  diagnostics: readonly ParseDiagnostic[],
  problems: FileAnalysis,
  settings: PnsSettings,
  options: SegmentAnalysisOptions,
): FileAnalysis {
  const findings: Finding[] = [];
  for (const d of diagnostics) {
    const severity = resolveSeverity(d.code, d.severity, settings);
    if (severity === "off" || isSuppressed(d.code, options.fileSuppressed)) continue;
    findings.push({ code: d.code, severity, message: d.message, range: d.range });
  }
  for (const f of problems.findings) findings.push(f);
  findings.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { findings, samples: problems.samples };
}

function shiftReport(report: SampleReport, line: number, offset: number): SampleReport {
  const { verdict, firstSlip } = report;
  return {
    ...report,
    range: shiftRange(report.range, line, offset),
    verdict: verdict.extractedRange
      ? { ...verdict, extractedRange: shiftRange(verdict.extractedRange, line, offset) }
      : verdict,
    ...(firstSlip
      ? { firstSlip: { text: firstSlip.text, range: shiftRange(firstSlip.range, line, offset) } }
      : {}),
  };
}

import type { PnsSettings } from "../config/settings";
import type { PnsFile } from "../format/ast";
import type { RemoteScoreLookup } from "../reward/remote";
import { analyzeProblem, type AnalyzeOptions } from "./problem";
import { resolveSeverity } from "./severity";
import { fileSuppressions, isSuppressed } from "./suppress";
import type { FileAnalysis, Finding } from "./types";

export type * from "./types";
export { analyzeProblem, type AnalyzeOptions } from "./problem";
export { AnalysisCache, hashString, type SampleLocal } from "./cache";
export { approximateBytes, ByteBoundedMap } from "./byteBudget";
export { BodyPositions } from "./positions";
export { resolveSeverity } from "./severity";
export { remoteRequest, remoteRequests, sameRequest } from "./remoteRequests";
export { fileSuppressions, sampleSuppressions, isSuppressed, type Suppressed } from "./suppress";
export { findDuplicates, fingerprint, jaccard, type Fingerprint } from "./duplicates";

/**
 * Every finding of a parsed file (parse diagnostics, format rules, accuracy, arithmetic,
 * plausibility, duplicates) and every sample's reward report. Pure; `remote` supplies reward-model
 * and judge scores already computed elsewhere. Findings are in file order.
 */
export function analyzeFile(
  file: PnsFile,
  settings: PnsSettings,
  remote?: RemoteScoreLookup,
  options: Omit<AnalyzeOptions, "eol" | "fileSuppressed"> & {
    /** Called after each problem, for progress bars on long files. */
    onProblem?: (done: number, total: number) => void;
  } = {},
): FileAnalysis {
  const fileSuppressed = fileSuppressions(file);
  const findings: Finding[] = [];
  for (const d of file.diagnostics) {
    const severity = resolveSeverity(d.code, d.severity, settings);
    if (severity === "off" || isSuppressed(d.code, fileSuppressed)) continue;
    findings.push({ code: d.code, severity, message: d.message, range: d.range });
  }
  const samples: FileAnalysis["samples"] = [];
  const problemOptions: AnalyzeOptions = { eol: file.eol, fileSuppressed };
  if (options.cache) problemOptions.cache = options.cache;
  if (options.grade) problemOptions.grade = options.grade;
  file.problems.forEach((problem, i) => {
    const result = analyzeProblem(problem, settings, remote, problemOptions);
    for (const f of result.findings) findings.push(f);
    for (const s of result.samples) samples.push(s);
    options.onProblem?.(i + 1, file.problems.length);
  });
  findings.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { findings, samples };
}

import type { MetaEntry, PnsFile, Problem, Range, Sample } from "../format/ast";
import { gradeAnswer } from "../grader/index";

/** One parsed input of `pns merge`, with the name its locations are reported under. */
export interface MergeInput {
  name: string;
  file: PnsFile;
}

/** A place in an input: 1-based line and column, as editors print them. */
export interface MergeLocation {
  name: string;
  line: number;
  column: number;
}

export interface MergeIssue {
  severity: "error" | "warning";
  code: "conflicting-answer" | "conflicting-problem" | "conflicting-meta" | "conflicting-roles";
  message: string;
  /** The first occurrence, then the one that disagrees with it. */
  locations: MergeLocation[];
}

export interface MergeCounts {
  files: number;
  problemsIn: number;
  problems: number;
  /** Problems found in more than one input and joined into one. */
  joinedProblems: number;
  samplesIn: number;
  samples: number;
  /** Samples dropped because the same role and text (whitespace collapsed) was already there. */
  duplicateSamples: number;
}

export interface MergeResult {
  /** The merged tree; write it only when `issues` has no error. */
  file: PnsFile;
  issues: MergeIssue[];
  counts: MergeCounts;
}

/** A sample's text for deduplication: runs of whitespace collapsed, ends trimmed. */
export function normalisedText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const at = (name: string, range: Range): MergeLocation => ({
  name,
  line: range.start.line + 1,
  column: range.start.character + 1,
});

interface Joined {
  problem: Problem;
  /** Where each part of the kept problem came from. */
  source: string;
  samples: Map<string, { sample: Sample; source: string }>;
}

/**
 * Joins `.pns` files (docs/interop.md, `pns merge`): problems by id, in order of first appearance;
 * samples deduplicated by role and normalised text, the first occurrence kept. Policy for what
 * differs between inputs:
 * - gold answers that differ (as text and by the grader) or problem statements that differ
 *   (whitespace collapsed): errors, with both locations; the caller writes nothing;
 * - a gold answer missing in one input: taken from the one that has it;
 * - metadata (problem and kept sample): the union of keys; on a key with two values the first
 *   input's value stays and a warning names both; a dropped duplicate sample's extra keys are added
 *   to the kept one, so no metadata is lost;
 * - the same text as a positive in one input and a negative in another: both kept, with a warning;
 * - comments: the first input's header comments; every input's trailing comments, in order; each
 *   kept problem's and sample's own comments.
 */
export function mergeFiles(inputs: readonly MergeInput[]): MergeResult {
  const issues: MergeIssue[] = [];
  const joined = new Map<string, Joined>();
  const counts: MergeCounts = {
    files: inputs.length,
    problemsIn: 0,
    problems: 0,
    joinedProblems: 0,
    samplesIn: 0,
    samples: 0,
    duplicateSamples: 0,
  };
  for (const { name, file } of inputs) {
    for (const problem of file.problems) {
      counts.problemsIn++;
      counts.samplesIn += problem.samples.length;
      const existing = joined.get(problem.id);
      if (!existing) {
        const copy: Problem = { ...problem, meta: [...problem.meta], samples: [] };
        const entry: Joined = { problem: copy, source: name, samples: new Map() };
        joined.set(problem.id, entry);
        addSamples(entry, problem.samples, name, issues, counts);
        continue;
      }
      counts.joinedProblems++;
      joinProblem(existing, problem, name, issues);
      addSamples(existing, problem.samples, name, issues, counts);
    }
  }
  const problems = [...joined.values()].map((entry) => {
    entry.problem.samples = [...entry.samples.values()].map((s) => s.sample);
    return entry.problem;
  });
  counts.problems = problems.length;
  counts.samples = problems.reduce((n, p) => n + p.samples.length, 0);
  const first = inputs[0]?.file;
  const file: PnsFile = {
    version: first?.version ?? 1,
    hasHeader: true,
    headerComments: first?.headerComments ?? [],
    problems,
    trailingComments: inputs.flatMap((input) => input.file.trailingComments),
    eol: "\n",
    bom: false,
    diagnostics: [],
  };
  return { file, issues, counts };
}

function joinProblem(entry: Joined, problem: Problem, name: string, issues: MergeIssue[]): void {
  const kept = entry.problem;
  if (normalisedText(kept.statement.text) !== normalisedText(problem.statement.text)) {
    issues.push({
      severity: "error",
      code: "conflicting-problem",
      message: `problem '${problem.id}' has a different statement: is the same id used for two problems?`,
      locations: [at(entry.source, kept.statement.range), at(name, problem.statement.range)],
    });
  }
  if (problem.answer) {
    if (!kept.answer) kept.answer = problem.answer;
    else if (!sameGold(kept.answer.text, problem.answer.text)) {
      issues.push({
        severity: "error",
        code: "conflicting-answer",
        message: `problem '${problem.id}' has two different gold answers: '${kept.answer.text.trim()}' and '${problem.answer.text.trim()}'`,
        locations: [at(entry.source, kept.answer.valueRange), at(name, problem.answer.valueRange)],
      });
    }
  }
  kept.meta = mergeMeta(kept.meta, problem.meta, `problem '${problem.id}'`, entry.source, name, issues);
}

function sameGold(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const verdict = gradeAnswer(a, b);
  return verdict.gradable && verdict.equal;
}

function addSamples(
  entry: Joined,
  samples: readonly Sample[],
  name: string,
  issues: MergeIssue[],
  counts: MergeCounts,
): void {
  for (const sample of samples) {
    const text = normalisedText(sample.body.text);
    const key = `${sample.role}\u0000${text}`;
    const kept = entry.samples.get(key);
    if (kept) {
      counts.duplicateSamples++;
      const what = `a ${sample.role} of problem '${entry.problem.id}'`;
      kept.sample.meta = mergeMeta(kept.sample.meta, sample.meta, what, kept.source, name, issues);
      continue;
    }
    const other = entry.samples.get(`${sample.role === "positive" ? "negative" : "positive"}\u0000${text}`);
    if (other) {
      issues.push({
        severity: "warning",
        code: "conflicting-roles",
        message: `the same response is a ${other.sample.role} and a ${sample.role} of problem '${entry.problem.id}': both kept`,
        locations: [at(other.source, other.sample.headerRange), at(name, sample.headerRange)],
      });
    }
    entry.samples.set(key, { sample: { ...sample, meta: [...sample.meta] }, source: name });
  }
}

/** The union of two metadata lists; the first value of a key stays, a second one is reported. */
function mergeMeta(
  kept: MetaEntry[],
  added: readonly MetaEntry[],
  what: string,
  keptName: string,
  addedName: string,
  issues: MergeIssue[],
): MetaEntry[] {
  const out = [...kept];
  for (const entry of added) {
    const existing = out.find((e) => e.key === entry.key);
    if (!existing) out.push(entry);
    else if (existing.value !== entry.value) {
      issues.push({
        severity: "warning",
        code: "conflicting-meta",
        message: `${what}: ${entry.key}=${existing.value} kept, ${entry.key}=${entry.value} dropped`,
        locations: [at(keptName, existing.valueRange), at(addedName, entry.valueRange)],
      });
    }
  }
  return out;
}

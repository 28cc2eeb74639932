/**
 * A problem's remote-scoring requests: what the judge and the reward model are asked about each
 * sample. Built here once, so the editor's queue, its staleness check, the CLI and the analysis's
 * score lookup all key a score by the same text.
 */
import type { Problem } from "../format/ast";
import type { RemoteScoreRequest } from "../reward/remote";

/** The request for one sample of a problem (the gold answer trimmed, as the grader reads it). */
export function remoteRequest(problem: Problem, sampleIndex: number): RemoteScoreRequest {
  return {
    problemId: problem.id,
    sampleIndex,
    problem: problem.statement.text,
    gold: problem.answer?.text.trim() ?? "",
    response: problem.samples[sampleIndex].body.text,
  };
}

/** The requests for every sample of these problems, in file order. */
export function remoteRequests(problems: readonly Problem[]): RemoteScoreRequest[] {
  const out: RemoteScoreRequest[] = [];
  for (const problem of problems) {
    for (let i = 0; i < problem.samples.length; i++) out.push(remoteRequest(problem, i));
  }
  return out;
}

/** Whether a request still asks about exactly this problem's text. */
export function sameRequest(a: RemoteScoreRequest, b: RemoteScoreRequest): boolean {
  return a.response === b.response && a.problem === b.problem && a.gold === b.gold;
}

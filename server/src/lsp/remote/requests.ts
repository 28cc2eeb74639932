/** The remote-scoring requests of a document's samples, and whether one still matches the text. */
import type { RemoteScoreRequest } from "../../core/reward/remote";
import type { PnsDocument } from "../document/pnsDocument";

export function requestsOfSegment(document: PnsDocument, index: number): RemoteScoreRequest[] {
  const out: RemoteScoreRequest[] = [];
  for (const problem of document.parsed(index).problems) {
    const gold = problem.answer?.text.trim() ?? "";
    problem.samples.forEach((sample, sampleIndex) => {
      out.push({
        problemId: problem.id,
        sampleIndex,
        problem: problem.statement.text,
        gold,
        response: sample.body.text,
      });
    });
  }
  return out;
}

/** Whether the document still holds exactly the text this request would score. */
export function stillCurrent(document: PnsDocument, request: RemoteScoreRequest): boolean {
  const found = document.findProblem(request.problemId);
  if (!found) return false;
  const { problem } = found;
  const sample = problem.samples[request.sampleIndex];
  return (
    sample !== undefined &&
    sample.body.text === request.response &&
    problem.statement.text === request.problem &&
    (problem.answer?.text.trim() ?? "") === request.gold
  );
}
